import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { describeSubsidyLine } from './domain/compute-subsidy';
import { type SettlementWindow } from './domain/settlement-window';
import type { SubsidyLineRecord } from './subsidy-line.entity';
import { SubsidyRunService } from './subsidy-run.service';
import { SubsidyLineConnection, SubsidyLineType, SubsidyRun } from './subsidy.type';

function toLineView(record: SubsidyLineRecord, window: Pick<SettlementWindow, 'start' | 'end'>): SubsidyLineType {
  return {
    id: record.id,
    loanId: record.loanId,
    contractNo: record.contractNo,
    bank: { code: record.bankCode },
    household: { id: record.householdId },
    townshipCode: record.townshipCode,
    interestPaid: record.interestPaid,
    overdueInterestPaid: record.overdueInterestPaid,
    subsidyRatio: record.subsidyRatio,
    subsidy: record.subsidy,
    reason: record.reason,
    notes: record.notes,
    detail: describeSubsidyLine({
      window,
      subsidizedAmount: record.subsidizedAmount,
      annualRate: record.annualRate,
      ratio: record.subsidyRatio,
      interestPaid: record.interestPaid,
      overduePaid: record.overdueInterestPaid,
      eligible: record.eligibleInterest,
      subsidy: record.subsidy,
      paymentsInWindow: record.paymentsInWindow,
      removedByCap: record.removedByCap,
      notes: record.notes,
      otherFlags: record.flagCodes,
    }),
  };
}

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
    return toPage(rows.map((row) => toLineView(row, window)), size, (line) => line.id);
  }
}
