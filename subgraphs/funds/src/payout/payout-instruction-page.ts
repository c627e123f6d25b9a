/**
 * A batch's instructions in pages (the console's table of a batch of up to 5,000 lines): in line
 * order, keyset on the subsidy line (a line is in a batch at most once), optionally one status.
 */
import Decimal from 'decimal.js';
import { Arg, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { badInput } from '../../../../common/errors/hub-error';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { PayoutInstructionRecord } from './payout-instruction.entity';
import { toPayoutInstruction } from './payout.mapper';
import { PayoutBatch, PayoutInstruction } from './payout.type';

export const INSTRUCTION_STATUSES = ['PENDING', 'PAID', 'FAILED'] as const;

@ObjectType('PayoutInstructionConnection')
export class PayoutInstructionConnection extends ConnectionType(PayoutInstruction) {}

type InstructionRow = PayoutInstructionRecord & { contractNo: string; accountNumberSealed: Buffer; piiKeyId: string };

export class PayoutInstructionPages {
  constructor(private readonly dataSource: DataSource) {}

  async page(batchId: string, size: number, afterLineId: string | null, status: string | null): Promise<InstructionRow[]> {
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT i.*, l.contract_no, a.account_number_sealed, a.pii_key_id FROM funds.payout_instructions i
       JOIN funds.subsidy_lines l ON l.id = i.subsidy_line_id JOIN funds.one_card_accounts a ON a.id = i.account_id
       WHERE i.batch_id = $1 AND ($2::bigint IS NULL OR i.subsidy_line_id > $2::bigint) AND ($3::text IS NULL OR i.status = $3)
       ORDER BY i.subsidy_line_id LIMIT $4`,
      [batchId, afterLineId, status, size + 1],
    );
    return rows.map((r) => ({
      id: r.id,
      batchId: r.batch_id,
      subsidyLineId: r.subsidy_line_id,
      householdId: r.household_id,
      accountId: r.account_id,
      amount: new Decimal(r.amount),
      status: r.status,
      failureReason: r.failure_reason,
      bankReference: r.bank_reference,
      settledAt: r.settled_at,
      contractNo: r.contract_no,
      accountNumberSealed: r.account_number_sealed,
      piiKeyId: r.pii_key_id,
    }));
  }
}

@Resolver(() => PayoutBatch)
export class PayoutInstructionPageResolver {
  constructor(
    private readonly pages: PayoutInstructionPages,
    private readonly pii: PiiProtector,
  ) {}

  /** The batch was read through payoutBatches or a mutation, which checked the caller. */
  @FieldResolver(() => PayoutInstructionConnection, { description: "The batch's instructions in pages, in line order (status: PENDING, PAID or FAILED only)." })
  async instructionPage(
    @Root() batch: PayoutBatch,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('status', () => String, { nullable: true }) status: string | null,
  ): Promise<PayoutInstructionConnection> {
    const size = pageSize(first);
    if (status != null && !(INSTRUCTION_STATUSES as readonly string[]).includes(status)) {
      throw badInput(`status is one of ${INSTRUCTION_STATUSES.join(', ')}`, 'status');
    }
    const rows = await this.pages.page(batch.id, size, decodeCursor(after, /^\d+$/), status ?? null);
    const page = toPage(rows, size, (row) => row.subsidyLineId);
    return { nodes: page.nodes.map((row) => toPayoutInstruction(row, this.pii)), pageInfo: page.pageInfo };
  }
}
