/** The names of the regulator's counties (GB/T 2260 codes from the token), one query for all of them. */
import { gql } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';

function namesQuery(counties: string[]) {
  const variables = counties.map((_, i) => `$c${i}: String!`).join(', ');
  const fields = counties.map((_, i) => `n${i}: region(code: $c${i}) { code name }`).join('\n');
  return gql(`query ConsoleRegulatorCountyNames(${variables}) {\n${fields}\n}`);
}

const NO_COUNTIES = gql`
  query ConsoleRegulatorNoCounties {
    __typename
  }
`;

/** "楚雄市" for "532301" once the hub answered; the code itself until then (or when it knows no name). */
export function useCountyNames(counties: string[]): (code: string) => string {
  const document = useMemo(() => (counties.length > 0 ? namesQuery(counties) : NO_COUNTIES), [counties.join(',')]);
  const { data } = useQuery<Record<string, { code: string; name: string } | null>>(document, {
    variables: Object.fromEntries(counties.map((c, i) => [`c${i}`, c])),
    skip: counties.length === 0,
    fetchPolicy: 'cache-first',
  });
  return (code) => data?.[`n${counties.indexOf(code)}`]?.name ?? code;
}
