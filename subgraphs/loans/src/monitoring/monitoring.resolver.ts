import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { badInput, forbidden } from '../../../../common/graphql/errors';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { HubDecimal } from '../../../../common/money';
import type { MonthlyStatisticsRecord } from './monthly-statistics.entity';
import { MonitoringAccessError, MonitoringInputError, MonitoringService } from './monitoring.service';

@ObjectType('MonthlyBankStatistics', { description: 'One county, lending bank and month: aggregates only, no household or person.' })
class BankMonthView {
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

@ObjectType('MonthlyCountyStatistics', { description: "A county's month over all its lending banks, with the coverage of its listed households (应贷尽贷)." })
class CountyMonthView {
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

  @Field(() => [BankMonthView])
  banks: BankMonthView[];
}

function countyMonths(rows: MonthlyStatisticsRecord[]): CountyMonthView[] {
  const groups = new Map<string, MonthlyStatisticsRecord[]>();
  for (const row of rows) {
    const key = `${row.countyCode} ${row.month}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((banks) => {
    const borrowers = banks.reduce((n, b) => n + b.borrowers, 0);
    const balance = banks.reduce((sum, b) => sum.plus(b.balance), new HubDecimal(0));
    const npl = banks.reduce((sum, b) => sum.plus(b.nplBalance), new HubDecimal(0));
    const eligible = banks[0].eligibleHouseholds;
    return {
      countyCode: banks[0].countyCode,
      month: banks[0].month,
      borrowers,
      eligibleHouseholds: eligible,
      coverage: eligible ? new HubDecimal(borrowers).div(eligible).toDecimalPlaces(4) : null,
      newLoans: banks.reduce((n, b) => n + b.newLoans, 0),
      balance,
      nplRate: balance.isZero() ? new HubDecimal(0) : npl.div(balance).toDecimalPlaces(6),
      banks,
    };
  });
}

@Resolver()
export class MonitoringResolver {
  constructor(private readonly monitoring: MonitoringService) {}

  @Query(() => [CountyMonthView], {
    description: 'Monthly statistics per county (regulators and admins: every county when countyCode is omitted; bureaus their own; a bank its own rows). XLSX: GET /downloads/monitoring/{county}/{from}/{to}.xlsx',
  })
  async monthlyStatistics(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String, { nullable: true }) countyCode: string | null,
    @Arg('from', () => String, { description: "'2025-01'" }) from: string,
    @Arg('to', () => String) to: string,
  ): Promise<CountyMonthView[]> {
    if (countyCode != null && !COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    try {
      return countyMonths(await this.monitoring.list(context.caller, { countyCode, from, to }));
    } catch (error) {
      if (error instanceof MonitoringAccessError) throw forbidden(error.message);
      if (error instanceof MonitoringInputError) throw badInput(error.message, error.field);
      throw error;
    }
  }
}

