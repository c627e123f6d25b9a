import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('SubsidySettlementRule', { description: "A region's interest settlement day for the subsidy, from a date on." })
export class SubsidySettlementRule {
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
export class SubsidySettlementWindow {
  @Field()
  start: string;

  @Field()
  end: string;

  @Field(() => Int)
  days: number;
}
