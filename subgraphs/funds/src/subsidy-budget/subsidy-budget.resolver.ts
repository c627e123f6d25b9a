import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { SubsidyBudgetInput } from './subsidy-budget.input';
import { toSubsidyBudget } from './subsidy-budget.mapper';
import { SubsidyBudgetService } from './subsidy-budget.service';
import { SubsidyBudget } from './subsidy-budget.type';

@Resolver(() => SubsidyBudget)
export class SubsidyBudgetResolver {
  constructor(private readonly budgets: SubsidyBudgetService) {}

  @Query(() => SubsidyBudget, {
    description: "A county's subsidy budget for a year: allocated, committed by approved batches, available (finance bureau, bureau, admins).",
  })
  async subsidyBudget(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('year', () => Int) year: number,
  ): Promise<SubsidyBudget> {
    return toSubsidyBudget(await this.budgets.position(context.caller, countyCode, year));
  }

  @Mutation(() => SubsidyBudget, {
    description:
      "Records the finance bureau's allocation of a year's subsidy budget (its county's finance bureau, or an admin); the same reference again is recorded once.",
  })
  async recordSubsidyBudget(@Ctx() context: SubgraphContext, @Arg('input', () => SubsidyBudgetInput) input: SubsidyBudgetInput): Promise<SubsidyBudget> {
    return toSubsidyBudget(await this.budgets.record(context.caller, input));
  }
}
