import { Field, Int, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../../../../common/graphql/decimal.scalar';
import type { DepositTerm } from '../domain/deposit-rates';
import { DepositTermType } from '../risk-fund.type';

@ObjectType('DepositRate', { description: "A deposit rate as posted: the PBoC benchmark (issuer PBOC) or a bank's own posted rate, from a date on." })
export class DepositRate {
  @Field({ description: "'PBOC' or a bank code." })
  issuer: string;

  @Field(() => DepositTermType)
  term: DepositTerm;

  @Field()
  effectiveFrom: string;

  @Field(() => DecimalScalar, { description: 'Annual, as a fraction (0.0035 = 0.35 %).' })
  rate: Decimal;

  @Field()
  source: string;

  @Field()
  recordedBy: string;

  @Field()
  recordedAt: Date;
}

@ObjectType('BankNplTarget', { description: "A bank's own annual NPL target for all its loans (自身各项贷款不良率年度目标)." })
export class BankNplTarget {
  @Field()
  bankCode: string;

  @Field(() => Int)
  year: number;

  @Field(() => DecimalScalar, { description: 'As a fraction (0.015 = 1.5 %).' })
  target: Decimal;

  @Field()
  source: string;

  @Field()
  recordedBy: string;

  @Field()
  recordedAt: Date;
}

@ObjectType('HolidayArrangement', { description: 'One block of days off as the State Council notice states it, with the weekend days worked instead.' })
export class HolidayArrangementType {
  @Field()
  name: string;

  @Field()
  source: string;

  @Field({ description: 'First day off, included.' })
  from: string;

  @Field({ description: 'Last day off, included.' })
  to: string;

  @Field(() => Int, { description: "The notice's own count, checked against from … to." })
  days: number;

  @Field(() => [String], { description: 'Saturdays or Sundays worked instead (调休上班).' })
  makeUpWorkdays: readonly string[];
}

@ObjectType('HolidayYear', { description: "A year's official holiday arrangement: working-day deadlines count over it." })
export class HolidayYearType {
  @Field(() => Int)
  year: number;

  @Field(() => [HolidayArrangementType])
  arrangements: HolidayArrangementType[];

  @Field()
  recordedBy: string;

  @Field()
  recordedAt: Date;
}
