import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { Bank } from '../federation/bank.reference';
import { Household } from '../federation/household.reference';

@ObjectType('SubsidyLine', {
  description:
    "A loan's interest subsidy (贴息) for the quarter: at most one per loan in a run; or an adjustment line, which pays (or, negative, records as overpaid) the difference a correction of an earlier quarter found.",
})
export class SubsidyLineType {
  @Field(() => ID, { description: 'The line (what an adjustment line names in adjustsLineId).' })
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

  @Field(() => DecimalScalar, {
    description: 'The loan’s subsidy, to the fen; an adjustment line: the difference (negative: an overpayment found later, never a payment).',
  })
  subsidy: Decimal;

  @Field(() => DecimalScalar, {
    description:
      "Netted against the household's overpayments in this run: on a payable line, withheld from it; on an overpayment, recovered of it (only ever the same household's lines).",
  })
  netted: Decimal;

  @Field(() => DecimalScalar, { description: 'What this line pays: subsidy − netted (0.00 for an overpayment).' })
  payable: Decimal;

  @Field(() => DecimalScalar, { description: 'An overpayment: what is left to recover from the household after netting (0.00 otherwise).' })
  receivable: Decimal;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it is zero or reduced: FLAGGED, OFF_LIST_AT_CONTRACT, CONVERTED_TO_FARMER_LOAN, NO_INTEREST_PAID, OVERDUE_INTEREST_EXCLUDED, ABOVE_SUBSIDIZED_PRINCIPAL, ABOVE_CONTRACT_RATE.',
  })
  reason: string | null;

  @Field(() => [String], { description: 'Every reason that applies.' })
  notes: string[];

  @Field({ description: 'The figures behind the line.' })
  detail: string;

  @Field(() => String, {
    nullable: true,
    description: "An adjustment line: the earlier quarter whose approved subsidy it corrects ('2025Q3'); null for the quarter's own line.",
  })
  adjustsQuarter: string | null;

  @Field(() => ID, { nullable: true, description: 'An adjustment line: the line of that quarter it corrects (null when the loan had none there).' })
  adjustsLineId: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'An adjustment line: the line of the correction (that quarter recomputed) it brings the payment to (null when the correction dropped the loan: 0).',
  })
  correctionLineId: string | null;
}

@ObjectType('SubsidyLineConnection')
export class SubsidyLineConnection extends ConnectionType(SubsidyLineType) {}

@ObjectType('SubsidyRunChange', { description: 'A loan whose line a recomputation changed, against the run it replaces or corrects.' })
export class SubsidyRunChange {
  @Field(() => ID)
  loanId: string;

  @Field()
  contractNo: string;

  @Field(() => DecimalScalar, { description: 'The line of the run before (0 when the loan had none).' })
  previousSubsidy: Decimal;

  @Field(() => DecimalScalar)
  subsidy: Decimal;

  @Field(() => DecimalScalar, { description: 'subsidy − previousSubsidy.' })
  difference: Decimal;

  @Field(() => String, { nullable: true })
  previousReason: string | null;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType('SubsidyRun', {
  description:
    "One computation of a county's interest subsidy for a quarter, frozen once computed. A recomputation on request is a new run (the next revision): it supersedes the last while none of that run's money is approved, otherwise it is a CORRECTION, never paid, whose differences the next quarter's run carries as adjustment lines.",
})
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

  @Field({
    description:
      "COMPUTING; COMPUTED (the quarter's run, the one paid); SUPERSEDED (replaced by a recomputation before any of its money was approved: never paid); CORRECTION (a recomputation after money was approved: never paid, its differences go into the next quarter's run).",
  })
  status: string;

  @Field(() => Int, { description: '1 for the first computation, one more for each recomputation.' })
  revision: number;

  @Field(() => ID, { nullable: true, description: 'The run this one supersedes or corrects.' })
  supersedesRunId: string | null;

  @Field(() => Int)
  lineCount: number;

  @Field(() => DecimalScalar)
  totalInterest: Decimal;

  @Field(() => DecimalScalar, {
    description:
      "What the run pays: exactly the sum of its lines' payable amounts (each payable line less what was netted against the same household's overpayments, never below zero per household). Overpayments are not counted in it: see totalReceivable.",
  })
  totalSubsidy: Decimal;

  @Field(() => DecimalScalar, {
    description:
      "Withheld from payable lines to recover the same households' overpayments found later: in this run, and receivables left open by earlier runs.",
  })
  totalNetted: Decimal;

  @Field(() => DecimalScalar, {
    description: 'Of totalNetted, what was withheld to recover receivables earlier runs left open (overpaymentReceivables: each netting in its history).',
  })
  totalRecovered: Decimal;

  @Field(() => DecimalScalar, {
    description: 'Overpayments left to recover after netting (households whose lines in the run did not cover what they were overpaid): see receivables.',
  })
  totalReceivable: Decimal;

  @Field(() => Date, { nullable: true })
  computedAt: Date | null;
}

@ObjectType('SubsidyReceivable', {
  description:
    "An overpayment (a correction of an earlier, paid quarter gave less than was paid) that the household's lines in the run did not cover: money to recover from the household, never a negative payment.",
})
export class SubsidyReceivable {
  @Field(() => ID, { description: 'The adjustment line that records the overpayment.' })
  lineId: string;

  @Field(() => ID)
  loanId: string;

  @Field()
  contractNo: string;

  @Field(() => Household, { nullable: true })
  household: Household;

  @Field({ description: "The quarter that was overpaid ('2025Q3')." })
  adjustsQuarter: string;

  @Field(() => DecimalScalar, { description: 'What was paid too much.' })
  overpaid: Decimal;

  @Field(() => DecimalScalar, { description: "Recovered of it in this run, from the household's own lines." })
  netted: Decimal;

  @Field(() => DecimalScalar, { description: 'overpaid − netted: left to recover.' })
  receivable: Decimal;
}
