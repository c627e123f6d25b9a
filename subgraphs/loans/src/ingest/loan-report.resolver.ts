import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { MAX_RECORDS_PER_MESSAGE } from '../../../../contracts/bank-connector/protocol';
import { BANK_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { LoanStatus } from '../loan/loan-status';
import { type LoanIngestService, UnknownBankError } from './loan-ingest.service';
import type { RejectionLogService } from './rejection-log.service';

@InputType('InterestPaymentInput')
class InterestPaymentInput {
  @Field()
  settlementDate: string;

  @Field()
  periodStart: string;

  @Field({ description: 'Yuan, decimal string.' })
  interestPaid: string;

  @Field({ description: 'Yuan, decimal string.' })
  overdueInterestPaid: string;
}

/** The same record as the connector's LoanRecordWire; checked field by field by the same parser. */
@InputType('LoanRecordInput')
class LoanRecordInput {
  @Field()
  contractNo: string;

  @Field(() => Int)
  recordVersion: number;

  @Field(() => String, { nullable: true })
  householdId: string | null;

  @Field()
  borrowerResidentId: string;

  @Field()
  countyCode: string;

  @Field()
  townshipCode: string;

  @Field({ description: 'Yuan, decimal string ("50000.00").' })
  amount: string;

  @Field({ description: 'Fraction, decimal string ("0.0345").' })
  annualRate: string;

  @Field(() => Int)
  termMonths: number;

  @Field()
  contractDate: string;

  @Field()
  maturityDate: string;

  @Field()
  purposeCategory: string;

  @Field(() => LoanStatus)
  status: LoanStatus;

  @Field()
  statusDate: string;

  @Field()
  outstandingPrincipal: string;

  @Field(() => String, { nullable: true })
  previousContractNo: string | null;

  @Field(() => Int, { defaultValue: 0 })
  renewalCount: number;

  @Field({ defaultValue: false })
  insured: boolean;

  @Field({ defaultValue: false })
  convertedToFarmerLoan: boolean;

  @Field(() => [InterestPaymentInput], { defaultValue: [] })
  interestPayments: InterestPaymentInput[];
}

@ObjectType('LoanRecordRejection', { description: 'A loan record the hub could not store, and why.' })
class LoanRecordRejectionView {
  @Field(() => Int, { nullable: true, description: 'Position in the reported batch (null in the log).' })
  index: number | null;

  @Field()
  bankCode: string;

  @Field({ description: "'' when unreadable." })
  contractNo: string;

  @Field(() => Int)
  recordVersion: number;

  @Field({
    description:
      'MALFORMED_RECORD, NOT_ON_LIST, HOUSEHOLD_CHANGED, REGION_NOT_ON_LIST (the county or township is not the household\'s on this bank\'s list), IMPOSSIBLE_TRANSITION, RECORD_VERSION_CONFLICT (this contract and version were received before with other content).',
  })
  code: string;

  @Field(() => String, { nullable: true })
  field: string | null;

  @Field()
  message: string;

  @Field(() => Date, { nullable: true })
  receivedAt: Date | null;
}

@ObjectType('LoanRecordRejectionConnection')
class LoanRecordRejectionConnection extends ConnectionType(LoanRecordRejectionView) {}

@ObjectType('ReportLoansResult')
class ReportLoansResult {
  @Field(() => Int)
  received: number;

  @Field(() => Int, { description: 'Records that created or advanced a loan.' })
  applied: number;

  @Field(() => Int, { description: 'Records already applied (the same version with the same content, or an older version): nothing changed.' })
  duplicates: number;

  @Field(() => [LoanRecordRejectionView])
  rejected: LoanRecordRejectionView[];
}

@Resolver()
export class LoanReportResolver {
  constructor(
    private readonly ingest: LoanIngestService,
    private readonly rejections: RejectionLogService,
  ) {}

  @Mutation(() => ReportLoansResult, { description: `A bank reports its loan records (at most ${MAX_RECORDS_PER_MESSAGE} per call). Idempotent by (bank, contract, record version): the same key with other content is rejected (RECORD_VERSION_CONFLICT); bad records are rejected one by one, the rest land.` })
  async reportLoans(@Ctx() context: SubgraphContext, @Arg('records', () => [LoanRecordInput]) records: LoanRecordInput[]): Promise<ReportLoansResult> {
    const { caller } = context;
    if (caller.role !== 'bank' || !caller.bank) throw forbidden('only a bank reports loans, for itself');
    if (records.length > MAX_RECORDS_PER_MESSAGE) throw badInput(`at most ${MAX_RECORDS_PER_MESSAGE} records per call, got ${records.length}`, 'records');
    let result;
    try {
      result = await this.ingest.apply(caller.bank, records, 'REPORT');
    } catch (error) {
      if (error instanceof UnknownBankError) throw forbidden(`${error.message}: ask the hub's administrator to register it`);
      throw error;
    }
    return { ...result, rejected: result.rejected.map((r) => ({ ...r, bankCode: caller.bank!, receivedAt: null })) };
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
    return toPage(
      rows.map((r) => ({ index: null, bankCode: r.bankCode, contractNo: r.contractNo, recordVersion: r.recordVersion, code: r.code, field: r.field, message: r.message, receivedAt: r.receivedAt, id: r.id })),
      size,
      (r) => r.id,
    );
  }
}
