import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { SubsidyRunService } from './subsidy-run.service';
import { toSubsidyLine } from './subsidy.mapper';
import { SubsidyLineConnection, SubsidyRun } from './subsidy.type';

@Resolver(() => SubsidyRun)
export class SubsidyRunResolver {
  constructor(private readonly runs: SubsidyRunService) {}

  @Query(() => SubsidyRun, { nullable: true, description: "A county's subsidy for a quarter (its finance bureau, its bureau, admins); null until the quarterly job has opened it." })
  async subsidyRun(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string, @Arg('quarter', () => String, { description: "'2025Q3'" }) quarter: string): Promise<SubsidyRun | null> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.runs.run(context.caller, countyCode, quarter);
  }

  @FieldResolver(() => SubsidyLineConnection, { description: 'The lines, in pages.' })
  async lines(
    @Root() run: SubsidyRun,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('payableOnly', () => Boolean, { nullable: true, description: 'Only lines with a subsidy above 0.' }) payableOnly: boolean | null,
  ): Promise<SubsidyLineConnection> {
    const size = pageSize(first);
    const rows = await this.runs.lines(run.id, size, decodeCursor(after, /^\d+$/), payableOnly === true);
    const window = { start: run.windowStart, end: run.windowEnd };
    return toPage(rows.map((row) => toSubsidyLine(row, window)), size, (line) => line.id);
  }
}
