/**
 * A batch's instructions in pages (the console's table of a batch of up to 5,000 lines): in line
 * order, keyset on the subsidy line, optionally one status; the batches of an answer in one
 * statement (PayoutService.instructionPages).
 */
import { Arg, Ctx, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader } from '../../../../common/loaders';
import { badInput } from '../../../../common/errors/hub-error';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { PayoutService } from './payout.service';
import { toPayoutInstruction } from './payout.mapper';
import { PayoutBatch, PayoutInstruction } from './payout.type';

export const INSTRUCTION_STATUSES = ['PENDING', 'PAID', 'FAILED'] as const;

@ObjectType('PayoutInstructionConnection')
export class PayoutInstructionConnection extends ConnectionType(PayoutInstruction) {}

@Resolver(() => PayoutBatch)
export class PayoutInstructionPageResolver {
  constructor(
    private readonly payouts: PayoutService,
    private readonly pii: PiiProtector,
  ) {}

  /** The batch was read through payoutBatches or a mutation, which checked the caller. */
  @FieldResolver(() => PayoutInstructionConnection, { description: "The batch's instructions in pages, in line order (status: PENDING, PAID or FAILED only)." })
  async instructionPage(
    @Root() batch: PayoutBatch,
    @Ctx() context: SubgraphContext,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('status', () => String, { nullable: true }) status: string | null,
  ): Promise<PayoutInstructionConnection> {
    const size = pageSize(first);
    if (status != null && !(INSTRUCTION_STATUSES as readonly string[]).includes(status)) {
      throw badInput(`status is one of ${INSTRUCTION_STATUSES.join(', ')}`, 'status');
    }
    const afterLineId = decodeCursor(after, /^\d+$/);
    // The batches of one answer share these arguments: one statement pages them all.
    const loader = context.loaders.get(`payout-instruction-pages:${size}:${afterLineId}:${status}`, () =>
      groupLoader(
        (ids: readonly string[]) => this.payouts.instructionPages(ids, size, afterLineId, status ?? null),
        (row) => row.batchId,
      ),
    );
    const page = toPage(await loader.load(batch.id), size, (row) => row.subsidyLineId);
    return { nodes: page.nodes.map((row) => toPayoutInstruction(row, this.pii)), pageInfo: page.pageInfo };
  }
}
