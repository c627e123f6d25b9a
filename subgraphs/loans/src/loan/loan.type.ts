import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { LoanStatus } from './loan-status';

registerEnumType(LoanStatus, { name: 'LoanStatus', description: 'Loan status as the bank reports it.' });

@ObjectType('LoanFlag', { description: 'A policy rule a loan breaks, with the policy text it comes from.' })
export class LoanFlagType {
  @Field({ description: 'Stable rule code, e.g. RATE_ABOVE_CAP.' })
  code: string;

  @Field()
  message: string;

  @Field()
  messageZh: string;

  @Field({ description: 'The seed policy text and section.' })
  source: string;
}

@ObjectType('LoanStatusEvent', { description: 'One status change as the bank reported it.' })
export class LoanStatusEvent {
  loanId: string;

  @Field(() => Int)
  recordVersion: number;

  @Field(() => LoanStatus, { nullable: true })
  fromStatus: LoanStatus | null;

  @Field(() => LoanStatus)
  toStatus: LoanStatus;

  @Field({ description: 'YYYY-MM-DD' })
  statusDate: string;

  @Field({ description: 'PULL or REPORT.' })
  source: string;

  @Field(() => Date)
  recordedAt: Date;
}

@ObjectType('InterestPayment', { description: 'Interest paid for one quarterly settlement (结息).' })
export class InterestPayment {
  loanId: string;

  @Field()
  settlementDate: string;

  @Field()
  periodStart: string;

  @Field(() => DecimalScalar)
  interestPaid: Decimal;

  @Field(() => DecimalScalar, { description: 'Penalty interest: never subsidized.' })
  overdueInterestPaid: Decimal;
}

@ObjectType('Loan', { description: '脱贫人口小额信贷: one loan contract.' })
export class Loan {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Contract number, unique per bank.' })
  contractNo: string;

  @Field(() => ID)
  householdId: string;

  bankCode: string;

  @Field()
  countyCode: string;

  @Field()
  townshipCode: string;

  @Field(() => DecimalScalar, { description: 'Principal, CNY.' })
  amount: Decimal;

  @Field(() => DecimalScalar, { description: 'Annual rate as a fraction (0.0345 = 3.45%).' })
  annualRate: Decimal;

  @Field(() => Int)
  termMonths: number;

  @Field({ description: 'YYYY-MM-DD' })
  contractDate: string;

  @Field({ description: 'YYYY-MM-DD' })
  maturityDate: string;

  @Field(() => LoanStatus)
  status: LoanStatus;

  @Field({ description: 'YYYY-MM-DD the current status began.' })
  statusDate: string;

  @Field(() => Int, { description: "The bank's record version last applied." })
  recordVersion: number;

  @Field({ description: "Borrower's resident ID, masked (the full value is never stored here, only a keyed hash)." })
  borrowerIdMasked: string;

  @Field(() => DecimalScalar, {
    description: 'The part of the principal that earns subsidy and compensation: 0 when the loan is flagged, never above 50,000 per household.',
  })
  subsidizedAmount: Decimal;

  @Field(() => DecimalScalar)
  outstandingPrincipal: Decimal;

  @Field({ description: 'PLANTING, BREEDING, … as the bank classifies it.' })
  purposeCategory: string;

  @Field(() => String, { nullable: true, description: 'The contract a renewal or extension continues.' })
  previousContractNo: string | null;

  @Field(() => Int)
  renewalCount: number;

  @Field()
  insured: boolean;

  @Field()
  convertedToFarmerLoan: boolean;

  @Field(() => [LoanFlagType], {
    description: 'Policy rules the loan breaks (empty: compliant). A flagged loan is stored but gets no subsidy or compensation.',
  })
  flags: LoanFlagType[];

  @Field(() => String, { nullable: true, description: 'The policy version it was checked against.' })
  policyVersionId: string | null;

  @Field(() => String, { nullable: true, description: 'The LPR fixing (effective date) its rate was checked against.' })
  lprEffectiveDate: string | null;
}

@ObjectType('LoanConnection')
export class LoanConnection extends ConnectionType(Loan) {}
