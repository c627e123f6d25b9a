import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { Bank } from '../federation/bank.reference';
import { Household } from '../federation/household.reference';

@ObjectType('SubsidyLine', { description: "A loan's interest subsidy (贴息) for the quarter: at most one per loan and quarter." })
export class SubsidyLineType {
  id: string;

  @Field(() => ID)
  loanId: string;

  @Field()
  contractNo: string;

  @Field(() => Bank, { description: 'The lending bank.' })
  bank: Bank;

  @Field(() => Household, { nullable: true, description: 'The borrowing household, if the caller may see it (resolved by the households subgraph).' })
  household: Household;

  @Field()
  townshipCode: string;

  @Field(() => DecimalScalar, { description: 'Normal interest the bank settled in the window.' })
  interestPaid: Decimal;

  @Field(() => DecimalScalar, { description: 'Penalty interest settled in the window: never subsidized.' })
  overdueInterestPaid: Decimal;

  @Field(() => DecimalScalar)
  subsidyRatio: Decimal;

  @Field(() => DecimalScalar, { description: 'What finance pays for this loan, to the fen.' })
  subsidy: Decimal;

  @Field(() => String, { nullable: true, description: 'Why it is zero or reduced: FLAGGED, OFF_LIST_AT_CONTRACT, CONVERTED_TO_FARMER_LOAN, NO_INTEREST_PAID, OVERDUE_INTEREST_EXCLUDED, ABOVE_SUBSIDIZED_PRINCIPAL, ABOVE_CONTRACT_RATE.' })
  reason: string | null;

  @Field(() => [String], { description: 'Every reason that applies.' })
  notes: string[];

  @Field({ description: 'The figures behind the line.' })
  detail: string;
}

@ObjectType('SubsidyLineConnection')
export class SubsidyLineConnection extends ConnectionType(SubsidyLineType) {}

@ObjectType('SubsidyRun', { description: "A county's interest subsidy for one quarter: computed once, then frozen." })
export class SubsidyRun {
  @Field(() => ID)
  id: string;

  @Field()
  countyCode: string;

  @Field({ description: "'2025Q3'" })
  quarter: string;

  @Field({ description: 'First day of the settlement window (the 21st of the previous quarter’s last month).' })
  windowStart: string;

  @Field({ description: 'Last day (the settlement day).' })
  windowEnd: string;

  @Field({ description: 'COMPUTING or COMPUTED.' })
  status: string;

  @Field(() => Int)
  lineCount: number;

  @Field(() => DecimalScalar)
  totalInterest: Decimal;

  @Field(() => DecimalScalar, { description: 'Exactly the sum of the lines.' })
  totalSubsidy: Decimal;

  @Field(() => Date, { nullable: true })
  computedAt: Date | null;
}
