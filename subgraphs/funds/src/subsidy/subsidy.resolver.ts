import Decimal from 'decimal.js';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BANK_CODE, COUNTY_CODE, TOWNSHIP_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { groupLoader, rowLoader } from '../../../../common/loaders';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { SubsidyRunService } from './subsidy-run.service';
import { toSubsidyLine } from './subsidy.mapper';
import { SubsidyLineConnection, SubsidyReceivable, SubsidyRun, SubsidyRunChange } from './subsidy.type';

@Resolver(() => SubsidyRun)
export class SubsidyRunResolver {
  constructor(private readonly runs: SubsidyRunService) {}

  @Query(() => SubsidyRun, {
    nullable: true,
    description: "A county's subsidy for a quarter (its finance bureau, its bureau, admins); null until the quarterly job has opened it.",
  })
  async subsidyRun(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String, { description: "'2025Q3'" }) quarter: string,
  ): Promise<SubsidyRun | null> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.runs.run(context.caller, countyCode, quarter);
  }

  @Query(() => [SubsidyRun], {
    description:
      "Every run of a county's quarter, first revision first: the first computation and each recomputation (superseded, correction or the one paid).",
  })
  async subsidyRuns(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String, { description: "'2025Q3'" }) quarter: string,
  ): Promise<SubsidyRun[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.runs.revisions(context.caller, countyCode, quarter);
  }

  @Mutation(() => SubsidyRun, {
    description:
      "The county's finance bureau (or an admin) has the quarter computed once its settlement day has passed (SUBSIDY_QUARTER_NOT_DUE before): the worker computes it from the loans side's facts; returned COMPUTING (poll subsidyRun), or as it is when computed already.",
  })
  async computeSubsidyQuarter(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String, { description: "'2025Q3'" }) quarter: string,
  ): Promise<SubsidyRun> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.runs.requestCompute(context.caller, countyCode, quarter);
  }

  @Mutation(() => SubsidyRun, {
    description:
      "Recomputes a computed quarter as a new run (the next revision, COMPUTING until the worker is done): it supersedes the last run if none of that run's money is approved (its DRAFT batches go, the new run is batched), otherwise it ends CORRECTION and its differences become adjustment lines of the next quarter's run. `changes` shows what differs.",
  })
  async recomputeSubsidyQuarter(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String, { description: "'2025Q3'" }) quarter: string,
  ): Promise<SubsidyRun> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.runs.requestRecompute(context.caller, countyCode, quarter);
  }

  @FieldResolver(() => [SubsidyRunChange], {
    description: 'A recomputation: every loan whose line differs from the run it supersedes or corrects (empty for a first run).',
  })
  async changes(@Root() run: SubsidyRun): Promise<SubsidyRunChange[]> {
    return this.runs.changes(run);
  }

  @FieldResolver(() => DecimalScalar, {
    description:
      'The money of this run approved for payment: the totals of its batches past DRAFT (APPROVED, SENT or CLOSED, whatever the banks answered); 0.00 while none is. A subsidy notice (贴息公示) is posted before this is above zero.',
  })
  approvedAmount(@Root() run: SubsidyRun, @Ctx() context: SubgraphContext): Promise<Decimal> {
    const loader = context.loaders.get('run-approved-amount', () =>
      rowLoader(
        (ids: readonly string[]) => this.runs.approvedAmounts(ids),
        (row) => row.runId,
      ),
    );
    return loader.load(run.id).then((row) => row?.amount ?? new Decimal(0));
  }

  @FieldResolver(() => [SubsidyReceivable], {
    description: "The run's overpayments left to recover after netting against the same households' lines (their sum is totalReceivable).",
  })
  async receivables(@Root() run: SubsidyRun, @Ctx() context: SubgraphContext): Promise<SubsidyReceivable[]> {
    // One statement for every run of the answer (subsidyRuns lists a quarter's revisions).
    const loader = context.loaders.get('run-receivables', () =>
      groupLoader(
        (ids: readonly string[]) => this.runs.receivables(ids),
        (r) => r.runId,
      ),
    );
    return (await loader.load(run.id)).map((r) => ({ ...r, household: { id: r.householdId } }));
  }

  @FieldResolver(() => SubsidyLineConnection, { description: 'The lines, in pages.' })
  async lines(
    @Root() run: SubsidyRun,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('payableOnly', () => Boolean, { nullable: true, description: 'Only lines that pay something (subsidy − netted above 0).' })
    payableOnly: boolean | null,
    @Arg('bankCode', () => String, { nullable: true, description: 'Only the lines of loans of this lending bank.' }) bankCode: string | null,
    @Arg('townshipCode', () => String, { nullable: true, description: "Only the lines of this township's households." }) townshipCode: string | null,
    @Arg('reason', () => String, {
      nullable: true,
      description: 'Only lines with this reason (FLAGGED, NO_INTEREST_PAID, …); NONE: only lines with no reason (the full subsidy).',
    })
    reason: string | null,
  ): Promise<SubsidyLineConnection> {
    const size = pageSize(first);
    if (bankCode != null && !BANK_CODE.test(bankCode)) throw badInput(`"${bankCode}" is not a bank code`, 'bankCode');
    if (townshipCode != null && !TOWNSHIP_CODE.test(townshipCode)) throw badInput(`"${townshipCode}" is not a township code`, 'townshipCode');
    if (reason != null && !/^[A-Z_]{1,32}$/.test(reason)) throw badInput(`"${reason}" is not a line reason`, 'reason');
    const rows = await this.runs.lines(run.id, size, decodeCursor(after, /^\d+$/), { onlyPayable: payableOnly === true, bankCode, townshipCode, reason });
    const window = { start: run.windowStart, end: run.windowEnd };
    return toPage(
      rows.map((row) => toSubsidyLine(row, window)),
      size,
      (line) => line.id,
    );
  }
}
