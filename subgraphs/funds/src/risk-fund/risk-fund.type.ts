import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { Bank } from '../federation/bank.reference';
import type { DepositTerm } from './domain/deposit-rates';

export enum DepositTermType {
  DEMAND = 'DEMAND',
  THREE_MONTHS = 'THREE_MONTHS',
  SIX_MONTHS = 'SIX_MONTHS',
  ONE_YEAR = 'ONE_YEAR',
  TWO_YEARS = 'TWO_YEARS',
  THREE_YEARS = 'THREE_YEARS',
}
registerEnumType(DepositTermType, { name: 'DepositTerm', description: 'The term of a deposit rate: demand (活期) or a fixed term.' });

export enum RiskFundMovementKind {
  DEPOSIT = 'DEPOSIT',
  TOP_UP = 'TOP_UP',
  INTEREST = 'INTEREST',
}
registerEnumType(RiskFundMovementKind, { name: 'RiskFundMovementKind', description: "Money into a county's risk fund at a bank." });

@ObjectType('RiskFundRules', { description: "A region's risk-compensation fund rules from a date on." })
export class RiskFundRulesType {
  @Field(() => ID)
  id: string;

  @Field({ description: "'' national, 2-digit province, 4-digit prefecture, 6-digit county." })
  regionCode: string;

  @Field()
  effectiveFrom: string;

  @Field(() => String, { nullable: true, description: 'Exclusive; null while in force.' })
  effectiveTo: string | null;

  @Field()
  name: string;

  @Field()
  source: string;

  @Field(() => DecimalScalar, { description: 'The bank lends at most this many times the fund.' })
  leverageMultiple: Decimal;

  @Field(() => DecimalScalar)
  fundShare: Decimal;

  @Field(() => DecimalScalar)
  bankShare: Decimal;

  @Field({ description: 'Insurance pays first, the rest is shared.' })
  insuranceFirst: boolean;

  @Field(() => DecimalScalar, { nullable: true })
  nplTriggerRate: Decimal | null;

  @Field(() => DecimalScalar, { description: "Of a household's subsidized principal, at most this is compensated." })
  compensablePrincipalCap: Decimal;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The bank may pause lending when its NPL exceeds its own target by more than this; null: no pause rule.',
  })
  pauseLendingMargin: Decimal | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'An extended loan is compensable only while NPL exceeds the target by more than this (004 第十七条(四)); null: the extension suffices.',
  })
  extendedLoanNplMargin: Decimal | null;

  @Field(() => [String], { description: 'Document kinds every claim carries (004 第十八条).' })
  claimDocumentsPerClaim: string[];

  @Field(() => [String], { description: 'Document kinds every claimed loan carries.' })
  claimDocumentsPerLoan: string[];

  @Field({ description: 'The whole rules document (decimals as strings), as recorded.' })
  rulesJson: string;
}

@ObjectType('RiskFundInterestCheck')
export class RiskFundInterestCheck {
  @Field({ description: "Whose posted rate the rules' basis stood at: PBOC (benchmark) or the bank." })
  basisIssuer: string;

  @Field(() => DepositTermType)
  basisTerm: DepositTerm;

  @Field({ description: 'The posting used: in force from this day.' })
  basisEffectiveFrom: string;

  @Field(() => DecimalScalar)
  basisRate: string;

  @Field(() => DecimalScalar, { description: 'basis × (1 + markup).' })
  rate: string;

  @Field(() => DecimalScalar, { description: 'Σ daily balances × rate / 360, to the fen.' })
  expected: string;

  @Field(() => DecimalScalar, { description: 'Credited − expected.' })
  difference: string;
}

@ObjectType('RiskFundMovement')
export class RiskFundMovement {
  @Field(() => ID, { description: 'The ledger entry.' })
  entryId: string;

  @Field(() => DecimalScalar, { description: 'The fund after the movement.' })
  balance: string;

  @Field(() => RiskFundInterestCheck, { nullable: true })
  interestCheck: RiskFundInterestCheck | null;
}

@ObjectType('RiskFundPosition', { description: "A bank's lending against the county's fund, as last assessed (daily)." })
export class RiskFundPosition {
  @Field(() => Bank)
  bank: Bank;

  @Field()
  assessedOn: string;

  @Field({ description: 'The rule version the assessment followed.' })
  rulesVersionId: string;

  @Field(() => DecimalScalar, { description: "The bank's outstanding loans in the county." })
  loanBalance: Decimal;

  @Field(() => DecimalScalar)
  nplBalance: Decimal;

  @Field(() => DecimalScalar)
  fundBalance: Decimal;

  @Field(() => DecimalScalar, { description: 'The leverage multiple × the fund.' })
  lendingLimit: Decimal;

  @Field({ description: 'Loans above the limit.' })
  breach: boolean;

  @Field(() => DecimalScalar, { description: 'What restores the ratio (0 without a breach).' })
  topUpDue: Decimal;

  @Field(() => String, { nullable: true, description: 'Counted from the first day of the breach (breachSince).' })
  topUpDeadline: string | null;

  @Field(() => String, { nullable: true, description: 'The first day of the breach still going on; null without a breach.' })
  breachSince: string | null;

  @Field({ description: 'The breach goes on past its top-up deadline.' })
  topUpOverdue: boolean;

  @Field(() => DecimalScalar)
  nplRate: Decimal;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "The bank's own NPL target for the year the pause rule used (recordBankNplTarget); null when none is recorded.",
  })
  nplTarget: Decimal | null;

  @Field(() => Boolean, { nullable: true, description: 'NPL at or above the compensation trigger; null when the rules set none.' })
  triggerReached: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'NPL above target + margin: the bank may pause lending; null without such a rule or target.' })
  pauseLending: boolean | null;
}
