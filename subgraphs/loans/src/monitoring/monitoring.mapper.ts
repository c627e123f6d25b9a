import { HubDecimal } from '../../../../common/money';
import type { MonthlyStatisticsRecord } from './monthly-statistics.entity';
import type { MonthlyTownshipStatisticsRecord } from './monthly-township-statistics.entity';
import type { MonthlyBankStatistics, MonthlyCountyStatistics, MonthlyTownshipStatistics } from './monitoring.type';

/**
 * The stored rows are per county, bank and month; the schema shows a county's month with its banks
 * inside, so the county figures are summed here from the bank rows (coverage uses the roster count
 * every row of the month carries).
 */
export function toMonthlyCountyStatistics(rows: MonthlyStatisticsRecord[]): MonthlyCountyStatistics[] {
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
      banks: banks.map(toMonthlyBankStatistics),
    };
  });
}

export function toMonthlyTownshipStatistics(row: MonthlyTownshipStatisticsRecord): MonthlyTownshipStatistics {
  return {
    townshipCode: row.townshipCode,
    month: row.month,
    borrowers: row.borrowers,
    eligibleHouseholds: row.eligibleHouseholds,
    coverage: row.eligibleHouseholds ? new HubDecimal(row.borrowers).div(row.eligibleHouseholds).toDecimalPlaces(4) : null,
  };
}

function toMonthlyBankStatistics(row: MonthlyStatisticsRecord): MonthlyBankStatistics {
  return {
    countyCode: row.countyCode,
    bankCode: row.bankCode,
    month: row.month,
    borrowers: row.borrowers,
    borrowerChange: row.borrowerChange,
    abnormalSwing: row.abnormalSwing,
    newLoans: row.newLoans,
    newAmount: row.newAmount,
    balance: row.balance,
    overdueBalance: row.overdueBalance,
    nplBalance: row.nplBalance,
    nplRate: row.nplRate,
    nplTolerancePp: row.nplTolerancePp,
    maturing3mCount: row.maturing3mCount,
    maturing3mAmount: row.maturing3mAmount,
    maturing6mCount: row.maturing6mCount,
    maturing6mAmount: row.maturing6mAmount,
  };
}
