import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import type { ReceivableStatus } from './domain/receivable-recovery';
import { ReceivableRepaymentInput, ReceivableWriteOffInput } from './subsidy-receivable.input';
import { SubsidyReceivableService, type ReceivableView } from './subsidy-receivable.service';
import { OverpaymentReceivable, OverpaymentReceivableConnection } from './subsidy-receivable.type';

const toReceivable = (view: ReceivableView): OverpaymentReceivable => ({
  id: view.id,
  countyCode: view.countyCode,
  household: { id: view.householdId },
  runId: view.runId,
  quarter: view.quarter,
  amount: view.amount,
  open: view.open,
  status: view.status,
  createdAt: view.createdAt,
  history: view.history.map((e) => ({
    id: e.id,
    kind: e.kind,
    amount: e.amount,
    runId: e.runId,
    quarter: e.quarter,
    reference: e.reference,
    paidOn: e.paidOn,
    reason: e.reason,
    recordedBy: e.recordedBy,
    recordedAt: e.recordedAt,
    counts: e.counts,
  })),
});

@Resolver(() => OverpaymentReceivable)
export class SubsidyReceivableResolver {
  constructor(private readonly receivables: SubsidyReceivableService) {}

  @Query(() => OverpaymentReceivableConnection, {
    description: "A county's subsidy receivables, oldest first, each with its history (its finance bureau, its bureau, admins); status OPEN unless asked.",
  })
  async overpaymentReceivables(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('householdId', () => ID, { nullable: true }) householdId: string | null,
    @Arg('status', () => String, { nullable: true, description: 'OPEN (the default), SETTLED, WRITTEN_OFF, VOID.' }) status: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<OverpaymentReceivableConnection> {
    const size = pageSize(first);
    const rows = await this.receivables.list(
      context.caller,
      countyCode,
      { householdId, status: status as ReceivableStatus | null },
      size,
      decodeCursor(after, /^[0-9a-f-]{36}$/),
    );
    return toPage(rows.map(toReceivable), size, (r) => r.id);
  }

  @Mutation(() => OverpaymentReceivable, {
    description:
      "Records that a household paid a subsidy receivable (or part of it) back: a person of the county's finance bureau; the same reference again is the same repayment.",
  })
  async recordReceivableRepayment(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => ReceivableRepaymentInput) input: ReceivableRepaymentInput,
  ): Promise<OverpaymentReceivable> {
    return toReceivable(await this.receivables.repay(context.caller, input));
  }

  @Mutation(() => OverpaymentReceivable, {
    description: "Writes off what is open of a subsidy receivable by decision, with the reason: a person of the county's finance bureau (policy decides when).",
  })
  async writeOffReceivable(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => ReceivableWriteOffInput) input: ReceivableWriteOffInput,
  ): Promise<OverpaymentReceivable> {
    return toReceivable(await this.receivables.writeOff(context.caller, input));
  }
}
