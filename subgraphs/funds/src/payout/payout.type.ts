import { Field, ID, Int, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { Bank } from '../federation/bank.reference';
import { Household } from '../federation/household.reference';

@ObjectType('PayoutInstruction', { description: 'One subsidy payment into one 一卡通 account.' })
export class PayoutInstruction {
  @Field(() => ID, { description: 'The instruction id the bank pays at most once.' })
  id: string;

  batchId: string;

  @Field()
  contractNo: string;

  @Field(() => Household, { nullable: true })
  household: Household;

  @Field({ description: 'Masked (first 6 + last 4).' })
  accountNumber: string;

  @Field(() => DecimalScalar)
  amount: Decimal;

  @Field({ description: 'PENDING, PAID or FAILED.' })
  status: string;

  @Field(() => String, { nullable: true, description: 'ACCOUNT_CLOSED, ACCOUNT_FROZEN, NAME_MISMATCH, ACCOUNT_NOT_FOUND.' })
  failureReason: string | null;

  @Field(() => String, { nullable: true })
  bankReference: string | null;
}

@ObjectType('PayoutBatch', { description: 'The quarter’s payments through one issuing bank: DRAFT → APPROVED → SENT → CLOSED.' })
export class PayoutBatch {
  @Field(() => ID)
  id: string;

  @Field()
  countyCode: string;

  @Field()
  quarter: string;

  @Field(() => Bank, { description: 'The bank that issued the accounts.' })
  bank: Bank;

  @Field()
  status: string;

  @Field(() => Int)
  lineCount: number;

  @Field(() => DecimalScalar)
  totalAmount: Decimal;

  @Field(() => DecimalScalar)
  paidAmount: Decimal;

  @Field(() => DecimalScalar)
  failedAmount: Decimal;

  @Field({ description: 'Who prepared the batch (scheduler when the quarterly job did).' })
  preparedBy: string;

  @Field()
  preparedAt: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'The maker of record (制单人): the person who prepared it, or, for a batch the scheduler drafted, the person of the finance bureau who confirmed it (null until then: it cannot be approved yet).',
  })
  confirmedBy: string | null;

  @Field(() => Date, { nullable: true })
  confirmedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Who approved it: another person of the finance bureau than its maker.' })
  approvedBy: string | null;

  @Field(() => Date, { nullable: true })
  approvedAt: Date | null;

  @Field(() => Int)
  attempts: number;

  @Field(() => String, { nullable: true })
  lastError: string | null;
}

@ObjectType('WaitingPayoutLine', { description: 'A payable subsidy line that cannot be paid yet, and why.' })
export class WaitingPayoutLine {
  @Field()
  contractNo: string;

  @Field(() => Household, { nullable: true })
  household: Household;

  @Field(() => DecimalScalar)
  amount: Decimal;

  @Field({ description: 'NO_ACCOUNT, ACCOUNT_CLOSED, ACCOUNT_FROZEN or ACCOUNT_NOT_FIXED.' })
  reason: string;

  @Field()
  detail: string;
}

@ObjectType('PayoutPreparation')
export class PayoutPreparation {
  @Field(() => [PayoutBatch], { description: 'The DRAFT batches created now (empty when nothing new is payable).' })
  batches: PayoutBatch[];

  @Field(() => [WaitingPayoutLine])
  waiting: WaitingPayoutLine[];
}
