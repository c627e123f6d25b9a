import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../../../common/graphql/pagination';

@ObjectType('LoanRecordRejection', { description: 'A loan record the hub could not store, and why.' })
export class LoanRecordRejection {
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
      "MALFORMED_RECORD, INVALID_RESIDENT_ID (the borrower's ID has a wrong check character or birth date), NOT_ON_LIST, HOUSEHOLD_CHANGED, REGION_NOT_ON_LIST (the county or township is not the household's on this bank's list), IMPOSSIBLE_TRANSITION, RECORD_VERSION_CONFLICT (this contract and version were received before with other content), DATE_IN_FUTURE (a contract, status or settlement date later than today, Asia/Shanghai), SETTLEMENT_OUTSIDE_LOAN (a settlement before the contract date, or after the maturity or the closing status date), PREVIOUS_CONTRACT_UNKNOWN (previousContractNo is not a loan of this household the bank reported).",
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
export class LoanRecordRejectionConnection extends ConnectionType(LoanRecordRejection) {}

@ObjectType('ReportLoansResult')
export class ReportLoansResult {
  @Field(() => Int)
  received: number;

  @Field(() => Int, { description: 'Records that created or advanced a loan.' })
  applied: number;

  @Field(() => Int, { description: 'Records already applied (the same version with the same content, or an older version): nothing changed.' })
  duplicates: number;

  @Field(() => [LoanRecordRejection])
  rejected: LoanRecordRejection[];
}
