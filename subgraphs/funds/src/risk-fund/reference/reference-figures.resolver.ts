import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { BANK_CODE } from '../../../../../common/codes';
import { DecimalScalar } from '../../../../../common/graphql/decimal.scalar';
import { badInput } from '../../../../../common/graphql/errors';
import type { SubgraphContext } from '../../../../../common/graphql/subgraph-context';
import type { DepositTerm } from '../domain/deposit-rates';
import { asGraphQLError, DepositTermView } from '../risk-fund.resolver';
import { ReferenceFiguresService } from './reference-figures.service';

@ObjectType('DepositRate', { description: 'A deposit rate as posted: the PBoC benchmark (issuer PBOC) or a bank\'s own posted rate, from a date on.' })
class DepositRateView {
  @Field({ description: "'PBOC' or a bank code." })
  issuer: string;

  @Field(() => DepositTermView)
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

@InputType('DepositRateInput')
class DepositRateInputView {
  @Field({ description: "'PBOC' (admins) or a bank code (that bank, or admins)." })
  issuer: string;

  @Field(() => DepositTermView)
  term: DepositTerm;

  @Field({ description: 'YYYY-MM-DD the posting takes effect.' })
  effectiveFrom: string;

  @Field({ description: 'Annual, as a fraction with at most 6 decimals: "0.0005" for 0.05 %.' })
  rate: string;

  @Field({ description: 'Where it was published (the notice, the bank\'s rate board).' })
  source: string;
}

@ObjectType('BankNplTarget', { description: "A bank's own annual NPL target for all its loans (自身各项贷款不良率年度目标)." })
class NplTargetView {
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

@InputType('BankNplTargetInput')
class NplTargetInputView {
  @Field()
  bankCode: string;

  @Field(() => Int)
  year: number;

  @Field({ description: 'As a fraction with at most 6 decimals: "0.015" for 1.5 %.' })
  target: string;

  @Field({ description: "Where it is set (the bank's annual plan, the county's agreement)." })
  source: string;
}

@ObjectType('HolidayArrangement', { description: 'One block of days off as the State Council notice states it, with the weekend days worked instead.' })
class HolidayArrangementView {
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

@InputType('HolidayArrangementInput')
class HolidayArrangementInputView {
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

@ObjectType('HolidayYear', { description: "A year's official holiday arrangement: working-day deadlines count over it." })
class HolidayYearView {
  @Field(() => Int)
  year: number;

  @Field(() => [HolidayArrangementView])
  arrangements: HolidayArrangementView[];

  @Field()
  recordedBy: string;

  @Field()
  recordedAt: Date;
}

@Resolver()
export class ReferenceFiguresResolver {
  constructor(private readonly figures: ReferenceFiguresService) {}

  @Query(() => [DepositRateView], { description: "Posted deposit rates by issuer and term, each oldest first: the PBoC benchmark and, given a bank, that bank's own." })
  async depositRates(@Arg('bankCode', () => String, { nullable: true }) bankCode: string | null): Promise<DepositRateView[]> {
    // An omitted argument arrives as undefined, not null.
    if (bankCode != null && !BANK_CODE.test(bankCode)) throw badInput(`"${bankCode}" is not a bank code`, 'bankCode');
    return this.figures.depositRates(bankCode ? ['PBOC', bankCode] : ['PBOC']).catch(asGraphQLError);
  }

  @Mutation(() => DepositRateView, { description: 'Records a posted deposit rate from a date on; recording the same posting again corrects it (the earlier record stays).' })
  async recordDepositRate(@Ctx() context: SubgraphContext, @Arg('input', () => DepositRateInputView) input: DepositRateInputView): Promise<DepositRateView> {
    return this.figures.recordDepositRate(context.caller, input).catch(asGraphQLError);
  }

  @Query(() => [NplTargetView], { description: "A bank's NPL targets, newest year first (the bank itself, county officials, regulators, admins)." })
  async bankNplTargets(@Ctx() context: SubgraphContext, @Arg('bankCode', () => String) bankCode: string): Promise<NplTargetView[]> {
    if (!BANK_CODE.test(bankCode)) throw badInput(`"${bankCode}" is not a bank code`, 'bankCode');
    return this.figures.nplTargetsOf(context.caller, bankCode).catch(asGraphQLError);
  }

  @Mutation(() => NplTargetView, { description: "Records a bank's own NPL target for a year (the bank, or admins); a later record corrects it." })
  async recordBankNplTarget(@Ctx() context: SubgraphContext, @Arg('input', () => NplTargetInputView) input: NplTargetInputView): Promise<NplTargetView> {
    return this.figures.recordNplTarget(context.caller, input).catch(asGraphQLError);
  }

  @Query(() => [HolidayYearView], { description: 'The years whose official holiday arrangement is recorded, oldest first; a working-day deadline in any other year stays open until it is.' })
  async holidayArrangements(): Promise<HolidayYearView[]> {
    return this.figures.holidayYears().catch(asGraphQLError);
  }

  @Mutation(() => HolidayYearView, { description: "Records a year's arrangement as the State Council's notice gives it, every festival (admins); recording a year again corrects it." })
  async recordHolidayArrangements(
    @Ctx() context: SubgraphContext,
    @Arg('year', () => Int) year: number,
    @Arg('arrangements', () => [HolidayArrangementInputView]) arrangements: HolidayArrangementInputView[],
  ): Promise<HolidayYearView> {
    return this.figures.recordHolidayArrangements(context.caller, year, arrangements).catch(asGraphQLError);
  }
}
