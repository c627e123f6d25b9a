import { Field, Int, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { ConnectionType } from '../../../../common/graphql/pagination';

@ObjectType('LprFixing', { description: 'A monthly LPR publication (贷款市场报价利率); rates as fractions.' })
export class LprFixingType {
  @Field()
  effectiveDate: string;

  @Field(() => DecimalScalar)
  oneYear: Decimal;

  @Field(() => DecimalScalar)
  fiveYearPlus: Decimal;

  @Field()
  source: string;
}

@ObjectType('LprFixingConnection')
export class LprFixingConnection extends ConnectionType(LprFixingType) {}

@ObjectType('LoanPolicyVersion', { description: "A region's loan policy from a date ('' = national, then province, prefecture, county prefixes)." })
export class LoanPolicyVersionType {
  @Field()
  id: string;

  @Field()
  regionCode: string;

  @Field()
  name: string;

  @Field()
  source: string;

  @Field()
  effectiveFrom: string;

  @Field(() => String, { nullable: true })
  effectiveTo: string | null;

  @Field({ description: 'The rules as stored (JSON, decimals as strings).' })
  rulesJson: string;
}

@ObjectType('RecordLprFixingsResult')
export class RecordLprFixingsResult {
  @Field(() => Int)
  added: number;

  @Field(() => Int)
  unchanged: number;
}
