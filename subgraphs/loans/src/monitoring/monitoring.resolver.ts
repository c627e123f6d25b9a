import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { MonitoringService } from './monitoring.service';
import { MonthlyCountyStatistics } from './monitoring.type';
import { toMonthlyCountyStatistics } from './monitoring.mapper';

@Resolver()
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
    const filter = { countyCode, from, to };
    // list() checks the range and the caller first; the townships follow the same filter (one statement each).
    const rows = await this.monitoring.list(context.caller, filter);
    return toMonthlyCountyStatistics(rows, await this.monitoring.townships(context.caller, filter));
  }
}
