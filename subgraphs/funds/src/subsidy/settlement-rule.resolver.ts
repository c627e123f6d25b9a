import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { SettlementRuleService } from './settlement-rule.service';
import { SubsidySettlementRule, SubsidySettlementWindow } from './settlement-rule.type';
import { SubsidySettlementRuleInput } from './settlement-rule.input';

@Resolver()
export class SettlementRuleResolver {
  constructor(private readonly rules: SettlementRuleService) {}

  @Query(() => [SubsidySettlementRule], {
    description: 'The settlement rules that can apply to a county (its province, prefecture and its own), oldest first.',
  })
  async subsidySettlementRules(@Arg('countyCode', () => String) countyCode: string): Promise<SubsidySettlementRule[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.rules.rulesFor(countyCode);
  }

  @Query(() => SubsidySettlementWindow, {
    description: "The window a county's quarter will cover under the rules recorded now (a computed quarter keeps its own).",
  })
  async subsidySettlementWindow(
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String) quarter: string,
  ): Promise<SubsidySettlementWindow> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.rules.windowFor(countyCode, quarter);
  }

  @Mutation(() => SubsidySettlementRule, {
    description: "Records a region's settlement day from a date on (admins; a finance bureau for its own county). Rules are never changed: record a later one.",
  })
  async recordSubsidySettlementRule(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => SubsidySettlementRuleInput) input: SubsidySettlementRuleInput,
  ): Promise<SubsidySettlementRule> {
    return this.rules.record(context.caller, input);
  }
}
