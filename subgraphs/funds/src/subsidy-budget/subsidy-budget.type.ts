import type Decimal from 'decimal.js';
import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';

@ObjectType('SubsidyBudgetAllocation', {
  description: "One allocation of a year's subsidy budget by the county's finance bureau (BUDGET_ALLOCATED on the ledger).",
})
export class SubsidyBudgetAllocation {
  @Field({ description: 'The budget document’s number the allocation was recorded under.' })
  reference: string;

  @Field(() => DecimalScalar)
  amount: Decimal;

  @Field({ description: 'YYYY-MM-DD' })
  effectiveDate: string;

  @Field({ description: 'Who recorded it.' })
  recordedBy: string;

  @Field()
  recordedAt: Date;
}

@ObjectType('SubsidyBudget', { description: "A county's interest-subsidy budget for one year (财政贴息资金): what approved payout batches draw from." })
export class SubsidyBudget {
  @Field()
  countyCode: string;

  @Field(() => Int)
  year: number;

  @Field(() => DecimalScalar, { description: 'Allocated for the year.' })
  allocated: Decimal;

  @Field(() => DecimalScalar, { description: 'Drawn by approved payout batches of the year’s quarters, less the failed lines returned.' })
  committed: Decimal;

  @Field(() => DecimalScalar, { description: 'allocated − committed: what approvals may still draw.' })
  available: Decimal;

  @Field(() => [SubsidyBudgetAllocation], { description: 'Oldest first.' })
  allocations: SubsidyBudgetAllocation[];
}
