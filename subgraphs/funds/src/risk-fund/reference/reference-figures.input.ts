import { Field, InputType, Int } from 'type-graphql';
import type { DepositTerm } from '../domain/deposit-rates';
import { DepositTermType } from '../risk-fund.type';

@InputType('DepositRateInput')
export class DepositRateInput {
  @Field({ description: "'PBOC' (admins) or a bank code (that bank, or admins)." })
  issuer: string;

  @Field(() => DepositTermType)
  term: DepositTerm;

  @Field({ description: 'YYYY-MM-DD the posting takes effect.' })
  effectiveFrom: string;

  @Field({ description: 'Annual, as a fraction with at most 6 decimals: "0.0005" for 0.05 %.' })
  rate: string;

  @Field({ description: "Where it was published (the notice, the bank's rate board)." })
  source: string;
}

@InputType('BankNplTargetInput')
export class BankNplTargetInput {
  @Field()
  bankCode: string;

  @Field(() => Int)
  year: number;

  @Field({ description: 'As a fraction with at most 6 decimals: "0.015" for 1.5 %.' })
  target: string;

  @Field({ description: "Where it is set (the bank's annual plan, the county's agreement)." })
  source: string;
}

@InputType('HolidayArrangementInput')
export class HolidayArrangementInput {
  @Field()
  name: string;

  @Field()
  source: string;

  @Field()
  from: string;

  @Field()
  to: string;

  @Field(() => Int)
  days: number;

  @Field(() => [String], { defaultValue: [] })
  makeUpWorkdays: string[];
}
