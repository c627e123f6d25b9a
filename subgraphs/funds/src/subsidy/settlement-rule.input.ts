import { Field, InputType, Int } from 'type-graphql';

@InputType('SubsidySettlementRuleInput')
export class SubsidySettlementRuleInput {
  @Field()
  regionCode: string;

  @Field({ description: 'YYYY-MM-DD: the rule applies to quarters ending on or after it.' })
  effectiveFrom: string;

  @Field(() => Int)
  settlementDay: number;

  @Field()
  source: string;
}
