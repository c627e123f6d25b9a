import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/graphql/errors';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import type { DataSource } from 'typeorm';
import { ROSTER_FIELDS, normalizeHeader } from './domain/roster-fields';
import { assertCountyWriter } from './roster-access';
import { RosterHeaderMappingRecord } from './header-mapping.entity';

@Resolver()
export class HeaderMappingResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Mutation(() => Boolean, { description: "Registers a county's own column header for a roster field (e.g. 镇 → township). Applies to later imports." })
  async setRosterHeaderMapping(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('header', () => String) header: string,
    @Arg('field', () => String, { description: `One of: ${ROSTER_FIELDS.join(', ')}` }) field: string,
  ): Promise<boolean> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    if (!(ROSTER_FIELDS as readonly string[]).includes(field)) throw badInput(`field must be one of ${ROSTER_FIELDS.join(', ')}`, 'field');
    const normalized = normalizeHeader(header);
    if (normalized.length === 0 || normalized.length > 64) throw badInput('header must be 1-64 characters', 'header');
    assertCountyWriter(context.caller, countyCode);
    await this.dataSource.getRepository(RosterHeaderMappingRecord).upsert({ countyCode, header: normalized, field }, ['countyCode', 'header']);
    return true;
  }
}
