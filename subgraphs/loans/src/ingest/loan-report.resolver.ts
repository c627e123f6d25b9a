import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { MAX_RECORDS_PER_MESSAGE } from '../../../../contracts/bank-connector/protocol';
import { BANK_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { type LoanIngestService } from './loan-ingest.service';
import type { RejectionLogService } from './rejection-log.service';
import { LoanRecordRejectionConnection, ReportLoansResult } from './loan-report.type';
import { LoanRecordInput } from './loan-report.input';
import { toLoggedRejection, toReportLoansResult } from './loan-report.mapper';

@Resolver()
export class LoanReportResolver {
  constructor(
    private readonly ingest: LoanIngestService,
    private readonly rejections: RejectionLogService,
  ) {}

  @Mutation(() => ReportLoansResult, {
    description: `A bank reports its loan records (at most ${MAX_RECORDS_PER_MESSAGE} per call). Idempotent by (bank, contract, record version): the same key with other content is rejected (RECORD_VERSION_CONFLICT); bad records are rejected one by one, the rest land.`,
  })
  async reportLoans(@Ctx() context: SubgraphContext, @Arg('records', () => [LoanRecordInput]) records: LoanRecordInput[]): Promise<ReportLoansResult> {
    const { caller } = context;
    if (caller.role !== 'bank' || !caller.bank) throw forbidden('only a bank reports loans, for itself');
    if (records.length > MAX_RECORDS_PER_MESSAGE) throw badInput(`at most ${MAX_RECORDS_PER_MESSAGE} records per call, got ${records.length}`, 'records');
    const result = await this.ingest.apply(caller.bank, records, 'REPORT');
    return toReportLoansResult(result, caller.bank);
  }

  @Query(() => LoanRecordRejectionConnection, { description: 'Loan records the hub rejected, newest first (a bank sees its own; admins all).' })
  async loanRecordRejections(
    @Ctx() context: SubgraphContext,
    @Arg('bankCode', () => String, { nullable: true }) bankCode: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<LoanRecordRejectionConnection> {
    const { caller } = context;
    if (caller.role !== 'bank' && caller.role !== 'admin') throw forbidden('rejected records are shown to the bank that sent them and to admins');
    if (bankCode != null && !BANK_CODE.test(bankCode)) throw badInput(`"${bankCode}" is not a bank code`, 'bankCode');
    const bank = caller.role === 'bank' ? caller.bank : bankCode;
    const size = pageSize(first);
    const before = decodeCursor(after, /^\d+$/);
    const rows = await this.rejections.list(bank, size + 1, before);
    return toPage(rows.map(toLoggedRejection), size, (r) => r.id);
  }
}
