/** The regions under a county or a township (its townships, its villages), for the pages' place filters; cached per parent. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';

export interface RegionName {
  code: string;
  name: string;
}

const SUB_REGIONS = gql`
  query ConsoleSubRegions($parent: String) {
    regions(parentCode: $parent) {
      code
      name
    }
  }
`;

/** The regions directly under `parent` (none asked while it is unset). */
export function useSubRegions(parent: string | undefined): { regions: RegionName[]; loading: boolean } {
  const { data, loading } = useQuery<{ regions: RegionName[] }>(SUB_REGIONS, { variables: { parent }, skip: !parent, fetchPolicy: 'cache-first' });
  return { regions: data?.regions ?? [], loading };
}
