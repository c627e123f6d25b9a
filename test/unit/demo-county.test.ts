/**
 * The demo county's loans carry the interest their banks were paid, so the demo shows a payable
 * quarterly subsidy: every performing loan paid at each quarterly settlement day (the 20th of
 * March, June, September, December) from its contract date, before maturity, up to the day the
 * demo banks last reported.
 */
import { buildDemoCounty, DEMO_REPORTED_AS_OF } from '../../demo/demo-county';
import type { RegionRow } from '../../subgraphs/households/src/region/region-registry';

const regions: RegionRow[] = [
  { code: '532301', name: '楚雄市', level: 'county', parentCode: null, countyCode: '532301' },
  { code: '532301101', name: '鹿城镇', level: 'township', parentCode: '532301', countyCode: '532301' },
  { code: '532301101001', name: '测试村', level: 'village', parentCode: '532301101', countyCode: '532301' },
];

describe('the demo county’s interest payments', () => {
  const demo = buildDemoCounty(regions, { households: 200 });
  const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  it('a performing loan paid at every settlement day after its contract, before maturity, up to the report day; the others paid nothing', () => {
    const performing = demo.loans.filter((l) => l.status === 'DISBURSED');
    expect(performing.length).toBe(93); // of 122 loans for 200 households, this seed
    for (const loan of demo.loans) {
      if (loan.status !== 'DISBURSED') {
        expect(loan.interestPayments).toEqual([]);
        continue;
      }
      expect(loan.interestPayments.length).toBeGreaterThan(0);
      loan.interestPayments.forEach((payment, k) => {
        expect(payment.settlementDate).toMatch(/^\d{4}-(03|06|09|12)-20$/);
        expect(payment.settlementDate <= DEMO_REPORTED_AS_OF && payment.settlementDate < loan.maturityDate).toBe(true);
        // Contiguous periods: the first from the disbursement day, each next from the day after the last settlement.
        expect(payment.periodStart).toBe(k === 0 ? loan.contractDate : dayAfter(loan.interestPayments[k - 1].settlementDate));
      });
    }
    // The same seed, the same county: loading it twice changes nothing.
    expect(buildDemoCounty(regions, { households: 200 }).loans).toEqual(demo.loans);
  });

  it('charges principal × rate / 360 a day, both ends of the period included, to the fen', () => {
    const loan = demo.loans.find((l) => l.contractNo === 'ABC-532301-20250117-00005')!;
    expect(loan).toMatchObject({ amount: '42000.00', annualRate: '0.03', contractDate: '2025-01-17', maturityDate: '2026-01-17' });
    // 42,000.00 × 3 % / 360 = 3.50 a day. 2025-01-17 … 03-20 is 15 + 28 + 20 = 63 days: 220.50;
    // 03-21 … 06-20 is 11 + 30 + 31 + 20 = 92 days: 322.00; the loan matures before the 2026-03 settlement.
    expect(loan.interestPayments.map((p) => [p.periodStart, p.settlementDate, p.interestPaid])).toEqual([
      ['2025-01-17', '2025-03-20', '220.50'],
      ['2025-03-21', '2025-06-20', '322.00'],
      ['2025-06-21', '2025-09-20', '322.00'],
      ['2025-09-21', '2025-12-20', '318.50'], // 10 + 31 + 30 + 20 = 91 days
    ]);
  });
});
