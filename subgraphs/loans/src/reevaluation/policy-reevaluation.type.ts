import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';

@ObjectType('PolicyReevaluation', { description: 'Stored loans judged again after a policy version or LPR fixings were recorded (the reevaluate-loans job).' })
export class PolicyReevaluation {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'The policy version recorded; null when LPR fixings were.' })
  policyVersionId: string | null;

  @Field(() => String, { nullable: true, description: 'The earliest LPR fixing recorded (YYYY-MM-DD); null when a policy version was.' })
  lprEffectiveDate: string | null;

  @Field({ description: "The counties covered: those whose code begins with it ('' for all)." })
  regionCode: string;

  @Field({ description: 'Loans contracted from this day (YYYY-MM-DD) …' })
  contractFrom: string;

  @Field(() => String, { nullable: true, description: '… to the day before this one (open when null).' })
  contractTo: string | null;

  @Field({ description: 'PENDING (queued), RUNNING or DONE.' })
  status: string;

  @Field(() => Int, { nullable: true, description: 'Loans covered, counted when the job started.' })
  loansTotal: number | null;

  @Field(() => Int, { description: 'Loans judged so far.' })
  loansChecked: number;

  @Field(() => Int, { description: 'Loans whose flags, subsidized amount or judging version changed.' })
  loansChanged: number;

  @Field(() => Date)
  requestedAt: Date;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;
}

@ObjectType('LoanFlagChange', {
  description: 'A stored loan judged again with another outcome: which version judged it, when, and its flags before and after.',
})
export class LoanFlagChange {
  loanId: string;

  @Field(() => Date, { description: 'When it was judged again.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'The policy version in force that judged it (null: none was).' })
  policyVersionId: string | null;

  @Field(() => ID, { description: 'The re-evaluation that judged it (policyReevaluations).' })
  reevaluationId: string;

  @Field(() => [String], { description: 'Flag codes before.' })
  from: string[];

  @Field(() => [String], { description: 'Flag codes after.' })
  to: string[];

  @Field(() => DecimalScalar)
  fromSubsidizedAmount: Decimal;

  @Field(() => DecimalScalar)
  toSubsidizedAmount: Decimal;
}
