import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/graphql/errors';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { SubsidyInputError } from './domain/settlement-window';
import { SettlementRuleAccessError, SettlementRuleService } from './settlement-rule.service';

@ObjectType('SubsidySettlementRule', { description: "A region's interest settlement day for the subsidy, from a date on." })
class SettlementRuleView {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Province (2 digits), prefecture (4) or county (6).' })
  regionCode: string;

  @Field()
  effectiveFrom: string;

  @Field(() => Int, { description: "Day of the quarter's last month banks settle interest on (1–28)." })
  settlementDay: number;

  @Field({ description: 'The notice the rule comes from.' })
  source: string;

  @Field()
  recordedBy: string;

  @Field()
  recordedAt: Date;
}

@ObjectType('SubsidySettlementWindow', { description: "The days whose settled interest a county's quarter pays for, both included." })
class SettlementWindowView {
  @Field()
  start: string;

  @Field()
  end: string;

  @Field(() => Int)
  days: number;
}

@InputType('SubsidySettlementRuleInput')
class SettlementRuleInputView {
  @Field()
  regionCode: string;

  @Field({ description: 'YYYY-MM-DD: the rule applies to quarters ending on or after it.' })
  effectiveFrom: string;

  @Field(() => Int)
  settlementDay: number;

  @Field()
  source: string;
}

@Resolver()
export class SettlementRuleResolver {
  constructor(private readonly rules: SettlementRuleService) {}

  @Query(() => [SettlementRuleView], { description: 'The settlement rules that can apply to a county (its province, prefecture and its own), oldest first.' })
  async subsidySettlementRules(@Arg('countyCode', () => String) countyCode: string): Promise<SettlementRuleView[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return this.rules.rulesFor(countyCode);
  }

  @Query(() => SettlementWindowView, { description: "The window a county's quarter will cover under the rules recorded now (a computed quarter keeps its own)." })
  async subsidySettlementWindow(@Arg('countyCode', () => String) countyCode: string, @Arg('quarter', () => String) quarter: string): Promise<SettlementWindowView> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    try {
      return await this.rules.windowFor(countyCode, quarter);
    } catch (error) {
      if (error instanceof SubsidyInputError) throw badInput(error.message, 'quarter');
      throw error;
    }
  }

  @Mutation(() => SettlementRuleView, { description: "Records a region's settlement day from a date on (admins; a finance bureau for its own county). Rules are never changed: record a later one." })
  async recordSubsidySettlementRule(@Ctx() context: SubgraphContext, @Arg('input', () => SettlementRuleInputView) input: SettlementRuleInputView): Promise<SettlementRuleView> {
    try {
      return await this.rules.record(context.caller, input);
    } catch (error) {
      if (error instanceof SettlementRuleAccessError) throw forbidden(error.message);
      if (error instanceof SubsidyInputError) throw badInput(error.message, error.field);
      throw error;
    }
  }
}
