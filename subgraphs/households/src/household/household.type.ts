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

  @Field({ description: '户主姓名, masked (surname + *).' })
  headName: string;

  @Field({ description: '户主证件号码, masked (first 3 and last 4).' })
  idNumber: string;

  @Field(() => String, { nullable: true, description: '联系电话, masked.' })
  phone: string | null;

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
}

@ObjectType('HouseholdConnection')
export class HouseholdConnection extends ConnectionType(Household) {}
