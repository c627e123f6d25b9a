import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { HouseholdCategory } from '../domain/household-category';

registerEnumType(HouseholdCategory, {
  name: 'HouseholdCategory',
  description: '户类型',
  valuesConfig: {
    LIFTED_OUT: { description: '脱贫户' },
    UNSTABLE_LIFTED: { description: '脱贫不稳定户' },
    EDGE_AT_RISK: { description: '边缘易致贫户' },
    SUDDEN_HARDSHIP: { description: '突发严重困难户' },
  },
});

@ObjectType('Household', { description: 'A household on a county roster (以户为单位). Personal data is masked.' })
@Directive('@key(fields: "id")')
export class Household {
  @Field(() => ID)
  id: string;

  @Field({ description: '户编号' })
  householdNo: string;

  /** Sealed personal data, opened only by the field resolvers (masked, or revealed and audited). */
  sealed: { keyId: string; envelope: Buffer };

  @Field()
  countyCode: string;

  @Field()
  townshipCode: string;

  @Field()
  villageCode: string;

  @Field(() => HouseholdCategory, { description: '户类型' })
  category: HouseholdCategory;

  @Field({ description: '是否监测对象' })
  isMonitored: boolean;

  @Field(() => Int, { nullable: true, description: '脱贫年度' })
  liftedOutYear: number | null;

  @Field(() => Int, { description: '家庭人口数' })
  memberCount: number;

  @Field(() => Boolean, { nullable: true, description: '风险是否消除' })
  riskEliminated: boolean | null;

  @Field({ description: 'False once a published roster no longer lists the household (its loans and accounts still refer to it).' })
  onRoster: boolean;
}

@ObjectType('HouseholdConnection')
export class HouseholdConnection extends ConnectionType(Household) {}
