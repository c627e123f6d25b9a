import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { BANK_CODE } from '../../../../../common/codes';
import { badInput } from '../../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../../common/graphql/subgraph-context';
import { ReferenceFiguresService } from './reference-figures.service';
import { BankNplTarget, DepositRate, HolidayYearType } from './reference-figures.type';
import { BankNplTargetInput, DepositRateInput, HolidayArrangementInput } from './reference-figures.input';

@Resolver()
export class ReferenceFiguresResolver {
  constructor(private readonly figures: ReferenceFiguresService) {}

  @Query(() => [DepositRate], {
    description: "Posted deposit rates by issuer and term, each oldest first: the PBoC benchmark and, given a bank, that bank's own.",
  })
  async depositRates(@Arg('bankCode', () => String, { nullable: true }) bankCode: string | null): Promise<DepositRate[]> {
    // An omitted argument arrives as undefined, not null.
    if (bankCode != null && !BANK_CODE.test(bankCode)) throw badInput(`"${bankCode}" is not a bank code`, 'bankCode');
    return this.figures.depositRates(bankCode ? ['PBOC', bankCode] : ['PBOC']);
  }

  @Mutation(() => DepositRate, {
    description: 'Records a posted deposit rate from a date on; recording the same posting again corrects it (the earlier record stays).',
  })
  async recordDepositRate(@Ctx() context: SubgraphContext, @Arg('input', () => DepositRateInput) input: DepositRateInput): Promise<DepositRate> {
    return this.figures.recordDepositRate(context.caller, input);
  }

  @Query(() => [BankNplTarget], { description: "A bank's NPL targets, newest year first (the bank itself, county officials, regulators, admins)." })
  async bankNplTargets(@Ctx() context: SubgraphContext, @Arg('bankCode', () => String) bankCode: string): Promise<BankNplTarget[]> {
    if (!BANK_CODE.test(bankCode)) throw badInput(`"${bankCode}" is not a bank code`, 'bankCode');
    return this.figures.nplTargetsOf(context.caller, bankCode);
  }

  @Mutation(() => BankNplTarget, { description: "Records a bank's own NPL target for a year (the bank, or admins); a later record corrects it." })
  async recordBankNplTarget(@Ctx() context: SubgraphContext, @Arg('input', () => BankNplTargetInput) input: BankNplTargetInput): Promise<BankNplTarget> {
    return this.figures.recordNplTarget(context.caller, input);
  }

  @Query(() => [HolidayYearType], {
    description: 'The years whose official holiday arrangement is recorded, oldest first; a working-day deadline in any other year stays open until it is.',
  })
  async holidayArrangements(): Promise<HolidayYearType[]> {
    return this.figures.holidayYears();
  }

  @Mutation(() => HolidayYearType, {
    description: "Records a year's arrangement as the State Council's notice gives it, every festival (admins); recording a year again corrects it.",
  })
  async recordHolidayArrangements(
    @Ctx() context: SubgraphContext,
    @Arg('year', () => Int) year: number,
    @Arg('arrangements', () => [HolidayArrangementInput]) arrangements: HolidayArrangementInput[],
  ): Promise<HolidayYearType> {
    return this.figures.recordHolidayArrangements(context.caller, year, arrangements);
  }
}
