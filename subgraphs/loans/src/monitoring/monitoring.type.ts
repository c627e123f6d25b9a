import { Field, Int, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';

@ObjectType('MonthlyBankStatistics', { description: 'One county, lending bank and month: aggregates only, no household or person.' })
export class MonthlyBankStatistics {
  @Field()
  countyCode: string;

  @Field()
  bankCode: string;

  @Field()
  month: string;

  @Field(() => Int)
  borrowers: number;

  @Field(() => Int, { nullable: true, description: 'Against the previous month.' })
  borrowerChange: number | null;

  @Field({ description: '±20 % or more (and at least 10 households) against the previous month.' })
  abnormalSwing: boolean;

  @Field(() => Int)
  newLoans: number;

  @Field(() => DecimalScalar)
  newAmount: Decimal;

  @Field(() => DecimalScalar)
  balance: Decimal;

  @Field(() => DecimalScalar)
  overdueBalance: Decimal;

  @Field(() => DecimalScalar)
  nplBalance: Decimal;

  @Field(() => DecimalScalar)
  nplRate: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: "Percentage points of product NPL tolerated above the bank's own target (the policy in force)." })
  nplTolerancePp: Decimal | null;

  @Field(() => Int)
  maturing3mCount: number;

  @Field(() => DecimalScalar)
  maturing3mAmount: Decimal;

  @Field(() => Int)
  maturing6mCount: number;

  @Field(() => DecimalScalar)
  maturing6mAmount: Decimal;
}

@ObjectType('MonthlyTownshipStatistics', {
  description: 'One township and month over all lending banks: the coverage of its listed households (应贷尽贷); counts only.',
})
export class MonthlyTownshipStatistics {
  @Field()
  townshipCode: string;

  @Field()
  month: string;

  @Field(() => Int, { description: 'Households with an outstanding loan at any bank.' })
  borrowers: number;

  @Field(() => Int, { nullable: true, description: "Households on the township's roster." })
  eligibleHouseholds: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'borrowers / eligible households.' })
  coverage: Decimal | null;
}

@ObjectType('MonthlyCountyStatistics', { description: "A county's month over all its lending banks, with the coverage of its listed households (应贷尽贷)." })
export class MonthlyCountyStatistics {
  @Field()
  countyCode: string;

  @Field()
  month: string;

  @Field(() => Int)
  borrowers: number;

  @Field(() => Int, { nullable: true, description: 'Households on the roster.' })
  eligibleHouseholds: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'borrowers / eligible households.' })
  coverage: Decimal | null;

  @Field(() => Int)
  newLoans: number;

  @Field(() => DecimalScalar)
  balance: Decimal;

  @Field(() => DecimalScalar)
  nplRate: Decimal;

  @Field(() => [MonthlyBankStatistics])
  banks: MonthlyBankStatistics[];

  // townships: resolved by MonitoringResolver when asked for (batched).
}
