/**
 * A bank's own payout batches: the instructions the hub sent it (it issued those 一卡通 accounts)
 * and what it answered, newest first, in pages. A bank sees its own; admins any bank's. County
 * officials read them by county and quarter (payoutBatches).
 */
import { Arg, Ctx, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { BANK_CODE, UUID_PATTERN } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { formatQuarter, parseQuarter } from '../subsidy/domain/settlement-window';
import { PayoutBatchRecord } from './payout-batch.entity';
import { toPayoutBatch } from './payout.mapper';
import { PayoutError } from './payout.service';
import { PayoutBatch } from './payout.type';

@ObjectType('PayoutBatchConnection')
export class PayoutBatchConnection extends ConnectionType(PayoutBatch) {}

/** `createdAt|id` of the last batch of a page. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f-]{36}$/;

/** The bank itself, or an admin: nobody else reads a bank's batches across counties. */
export function assertBankReader(caller: Caller, bankCode: string): void {
  if (caller.role === 'admin' || (caller.role === 'bank' && caller.bank === bankCode)) return;
  throw new PayoutError(
    'FORBIDDEN',
    `a bank's payout batches are shown to that bank and admins: not ${bankCode}'s to you`,
    'bankCode',
    `银行的贴息发放批次仅本行和管理员可查看：${bankCode} 不是本行`,
  );
}

export async function bankBatches(
  dataSource: DataSource,
  caller: Caller,
  bankCode: string,
  quarter: string | null,
  size: number,
  after: string | null,
): Promise<PayoutBatchRecord[]> {
  if (!BANK_CODE.test(bankCode)) throw badInput(`"${bankCode}" is not a bank code`, 'bankCode');
  assertBankReader(caller, bankCode);
  const [at, id] = after ? after.split('|') : [null, null];
  // Keyset on the creation instant to the millisecond (what the cursor carries), then the id; one statement.
  const query = dataSource
    .getRepository(PayoutBatchRecord)
    .createQueryBuilder('b')
    .where('b.bank_code = :bankCode', { bankCode })
    .orderBy("date_trunc('milliseconds', b.created_at)", 'DESC')
    .addOrderBy('b.id', 'DESC')
    .take(size + 1);
  if (quarter != null) query.andWhere('b.quarter = :quarter', { quarter: formatQuarter(parseQuarter(quarter)) });
  if (at) query.andWhere("(date_trunc('milliseconds', b.created_at), b.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))", { at, id });
  return query.getMany();
}

@Resolver()
export class BankPayoutBatchesResolver {
  constructor(private readonly dataSource: DataSource) {}

  @Query(() => PayoutBatchConnection, {
    description:
      "A bank's payout batches (the accounts it issued), newest first, in pages, each with its instructions and the bank's answers (the bank itself and admins).",
  })
  async bankPayoutBatches(
    @Ctx() context: SubgraphContext,
    @Arg('bankCode', () => String) bankCode: string,
    @Arg('quarter', () => String, { nullable: true, description: "'2025Q3'; every quarter when omitted." }) quarter: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<PayoutBatchConnection> {
    const size = pageSize(first);
    const rows = await bankBatches(this.dataSource, context.caller, bankCode, quarter, size, decodeCursor(after, CURSOR));
    const page = toPage(rows, size, (b) => `${b.createdAt.toISOString()}|${b.id}`);
    return { nodes: page.nodes.map(toPayoutBatch), pageInfo: page.pageInfo };
  }

  @Query(() => PayoutBatch, { nullable: true, description: "One payout batch of the caller's bank (admins: any); null when there is none such." })
  async bankPayoutBatch(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<PayoutBatch | null> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a batch id`, 'id');
    const { caller } = context;
    if (caller.role !== 'admin' && caller.role !== 'bank')
      throw new PayoutError(
        'FORBIDDEN',
        'a payout batch by id is shown to the bank it was sent to and admins (county officials: payoutBatches)',
        'id',
        '按编号查询发放批次仅限收到该批次的银行和管理员（县级部门请按县和季度查询）',
      );
    const batch = await this.dataSource.getRepository(PayoutBatchRecord).findOneBy({ id });
    // Another bank's batch is answered as none: its existence is not the caller's to learn.
    if (!batch || (caller.role === 'bank' && batch.bankCode !== caller.bank)) return null;
    return toPayoutBatch(batch);
  }
}
