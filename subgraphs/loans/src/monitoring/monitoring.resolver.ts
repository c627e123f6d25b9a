import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { MonitoringService } from './monitoring.service';
import { groupLoader } from '../../../../common/loaders';
import { MonthlyCountyStatistics, MonthlyTownshipStatistics } from './monitoring.type';
import { toMonthlyCountyStatistics, toMonthlyTownshipStatistics } from './monitoring.mapper';

@Resolver(() => MonthlyCountyStatistics)
export class MonitoringResolver {
  constructor(private readonly monitoring: MonitoringService) {}

  @Query(() => [MonthlyCountyStatistics], {
    description:
      'Monthly statistics per county (regulators and admins: every county when countyCode is omitted; bureaus their own; a bank its own rows). XLSX: GET /downloads/monitoring/{county}/{from}/{to}.xlsx',
  })
  async monthlyStatistics(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String, { nullable: true }) countyCode: string | null,
    @Arg('from', () => String, { description: "'2025-01'" }) from: string,
    @Arg('to', () => String) to: string,
  ): Promise<MonthlyCountyStatistics[]> {
    if (countyCode != null && !COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return toMonthlyCountyStatistics(await this.monitoring.list(context.caller, { countyCode, from, to }));
  }

  @FieldResolver(() => [MonthlyTownshipStatistics], {
    description: "Each township's coverage, by code (none for a bank: a township's borrowers are every bank's).",
  })
  async townships(@Root() county: MonthlyCountyStatistics, @Ctx() context: SubgraphContext): Promise<MonthlyTownshipStatistics[]> {
    // Only read when asked for, every county-month of the answer in one statement (list() scoped them already).
    const loader = context.loaders.get('monthly-townships', () =>
      groupLoader(
        (keys: readonly string[]) => this.monitoring.townshipsOf(context.caller, keys),
        (t) => `${t.countyCode} ${t.month}`,
      ),
    );
    return (await loader.load(`${county.countyCode} ${county.month}`)).map(toMonthlyTownshipStatistics);
  }
}
