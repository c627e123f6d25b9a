import { Field, ID, InputType } from 'type-graphql';
import { LoanStatus } from './loan-status';

@InputType('LoanFilter', { description: 'All given conditions must hold.' })
export class LoanFilter {
  @Field(() => String, { nullable: true })
  bankCode?: string | null;

  @Field(() => String, { nullable: true })
  countyCode?: string | null;

  @Field(() => String, { nullable: true })
  townshipCode?: string | null;

  @Field(() => ID, { nullable: true })
  householdId?: string | null;

  @Field(() => LoanStatus, { nullable: true })
  status?: LoanStatus | null;

  @Field(() => String, { nullable: true, description: 'Only loans carrying this policy flag (e.g. RATE_ABOVE_CAP).' })
  flag?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only flagged loans; false: only compliant ones.' })
  flagged?: boolean | null;
}
