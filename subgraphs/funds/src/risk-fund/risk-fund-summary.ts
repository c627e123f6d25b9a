/**
 * A county's risk fund over all its banks, as regulators read it (aggregates only: no bank's own
 * row, which stays with the county and the bank): the banks' latest assessments summed, how many
 * breach the leverage rule, what top-ups are due and overdue, and how many banks may pause lending.
 */
import type Decimal from 'decimal.js';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { HubDecimal } from '../../../../common/money';
import type { RiskFundAssessmentRecord } from './risk-fund-assessment.entity';
import { toRiskFundPosition } from './risk-fund.mapper';

@ObjectType('RiskFundCountySummary', { description: "A county's risk fund over all its banks' latest assessments: aggregates only, no bank's own row." })
export class RiskFundCountySummary {
  @Field()
  countyCode: string;

  @Field(() => String, { nullable: true, description: 'The latest assessment summed (null: none yet).' })
  assessedOn: string | null;

  @Field(() => Int, { description: 'Banks assessed.' })
  banks: number;

  @Field(() => DecimalScalar)
  loanBalance: Decimal;

  @Field(() => DecimalScalar)
  fundBalance: Decimal;

  @Field(() => DecimalScalar, { description: "Σ each bank's limit (its rules' multiple × its fund)." })
  lendingLimit: Decimal;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'loanBalance ÷ fundBalance, to 2 decimals (null without a fund): held against the rules’ multiple.',
  })
  leverage: Decimal | null;

  @Field(() => Int, { description: 'Banks whose loans exceed their limit.' })
  breaches: number;

  @Field(() => DecimalScalar, { description: 'Σ the top-ups that restore the ratio.' })
  topUpDue: Decimal;

  @Field(() => Int, { description: 'Banks whose breach goes on past its top-up deadline.' })
  topUpsOverdue: number;

  @Field(() => DecimalScalar, { description: 'Of topUpDue, what is overdue.' })
  topUpOverdueAmount: Decimal;

  @Field(() => String, { nullable: true, description: 'The earliest top-up deadline of a breach still open.' })
  nextTopUpDeadline: string | null;

  @Field(() => Int, { description: 'Banks at or above the compensation trigger.' })
  triggerReached: number;

  @Field(() => Int, { description: 'Banks whose NPL is above target + margin: they may pause lending.' })
  pausedLending: number;
}

/** Sums the banks' latest assessments per county, every county asked for in order (none assessed: zeros). */
export function summarizeRiskFunds(countyCodes: readonly string[], latest: readonly RiskFundAssessmentRecord[]): RiskFundCountySummary[] {
  return countyCodes.map((countyCode) => {
    const positions = latest.filter((r) => r.countyCode === countyCode).map(toRiskFundPosition);
    const sum = (pick: (p: (typeof positions)[number]) => Decimal) => positions.reduce((s, p) => s.plus(pick(p)), new HubDecimal(0));
    const loanBalance = sum((p) => p.loanBalance);
    const fundBalance = sum((p) => p.fundBalance);
    const overdue = positions.filter((p) => p.breach && p.topUpOverdue);
    const deadlines = positions.filter((p) => p.breach && p.topUpDeadline).map((p) => p.topUpDeadline!);
    return {
      countyCode,
      assessedOn:
        positions
          .map((p) => p.assessedOn)
          .sort()
          .pop() ?? null,
      banks: positions.length,
      loanBalance,
      fundBalance,
      lendingLimit: sum((p) => p.lendingLimit),
      leverage: fundBalance.isZero() ? null : loanBalance.div(fundBalance).toDecimalPlaces(2),
      breaches: positions.filter((p) => p.breach).length,
      topUpDue: sum((p) => p.topUpDue),
      topUpsOverdue: overdue.length,
      topUpOverdueAmount: overdue.reduce((s, p) => s.plus(p.topUpDue), new HubDecimal(0)),
      nextTopUpDeadline: deadlines.sort()[0] ?? null,
      triggerReached: positions.filter((p) => p.triggerReached).length,
      pausedLending: positions.filter((p) => p.pauseLending).length,
    };
  });
}
