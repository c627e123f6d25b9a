/**
 * What the regulator's console pages read that the API lacked, through the gateway: each
 * township's coverage of its listed households (应贷尽贷) in the monthly statistics (and their
 * XLSX), and each county's risk fund summed over its banks (regulators see no bank's own
 * position). Figures are computed by hand from the demo county's loans and roster.
 */
import ExcelJS from 'exceljs';
import { buildDemoCounty, DEMO_COUNTY } from '../../demo/demo-county';
import { publishDemoRoster } from '../../demo/demo-roster';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { computeMonthlyStatistics } from '../../queues/src/jobs/monitoring-jobs';
import { assessRiskFunds } from '../../queues/src/jobs/risk-fund-jobs';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { registerBanks } from '../support/bank-directory';

const OUTSTANDING = ['DISBURSED', 'OVERDUE', 'NPL', 'EXTENDED'];

describe("the regulator's aggregates: coverage per township, the county's risk fund over its banks", () => {
  let hub: TestHub;
  let demo: ReturnType<typeof buildDemoCounty>;
  let regulator: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const regions = await loadCountyRegions(DEMO_COUNTY);
    demo = buildDemoCounty(regions, { households: 40 });
    await hub.apps.households.loadDemo(demo);
    expect((await publishDemoRoster(hub.apps.households, demo))?.number).toBe(1);
    await hub.apps.loans.loadDemo(demo);
    await registerBanks(hub.apps);
    await hub.apps.funds.loadDemo(demo);
    regulator = await hub.token({ role: 'regulator', counties: [DEMO_COUNTY] });
  }, 90_000);

  afterAll(async () => {
    await hub?.close();
  });

  it("gives each township's borrowers against its roster, every township of the roster (none for a bank), and the same in the XLSX", async () => {
    await computeMonthlyStatistics(hub.apps, '2025-08');
    const query = `query($c: String) { monthlyStatistics(countyCode: $c, from: "2025-08", to: "2025-08") { countyCode borrowers eligibleHouseholds
      townships { townshipCode month borrowers eligibleHouseholds coverage } } }`;
    const [county] = (await hub.data(regulator, query, { c: DEMO_COUNTY })).monthlyStatistics;

    // By hand: each township's households on the roster, and those of them with a loan still outstanding.
    const townships = [...new Set(demo.households.map((h) => h.townshipCode))].sort();
    const expected = townships.map((townshipCode) => {
      const listed = demo.households.filter((h) => h.townshipCode === townshipCode).length;
      const borrowers = new Set(demo.loans.filter((l) => l.townshipCode === townshipCode && OUTSTANDING.includes(l.status)).map((l) => l.householdId)).size;
      return { townshipCode, month: '2025-08', borrowers, eligibleHouseholds: listed, coverage: Math.round((borrowers / listed) * 10000) / 10000 };
    });
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.some((t) => t.borrowers === 0 || t.borrowers < t.eligibleHouseholds)).toBe(true);
    // Coverage is a Decimal to 4 places (at least two shown): compared as a number.
    expect(county.townships.map((t: any) => ({ ...t, coverage: Number(t.coverage) }))).toEqual(expected);
    expect(county.eligibleHouseholds).toBe(demo.households.length);
    expect(county.townships.reduce((n: number, t: any) => n + t.eligibleHouseholds, 0)).toBe(demo.households.length);

    // A rerun replaces the month's townships (no doubling).
    await computeMonthlyStatistics(hub.apps, '2025-08');
    expect((await hub.data(regulator, query, { c: DEMO_COUNTY })).monthlyStatistics[0].townships).toEqual(county.townships);
    // Every county-month of an answer reads its townships in one statement (a per-request loader); none when not asked for.
    await computeMonthlyStatistics(hub.apps, '2025-09');
    const range = `query { monthlyStatistics(from: "2025-08", to: "2025-09") { month townships { townshipCode borrowers } } }`;
    hub.resetStatements();
    const both = (await hub.data(regulator, range)).monthlyStatistics;
    expect(both.map((m: any) => m.month)).toEqual(['2025-08', '2025-09']);
    expect(both[1].townships).toEqual(county.townships.map((t: any) => ({ townshipCode: t.townshipCode, borrowers: t.borrowers })));
    expect(hub.statements.loans.filter((sql) => sql.includes('monthly_township_statistics'))).toHaveLength(1);
    hub.resetStatements();
    await hub.data(regulator, `query { monthlyStatistics(from: "2025-08", to: "2025-09") { month borrowers } }`);
    expect(hub.statements.loans.filter((sql) => sql.includes('monthly_township_statistics'))).toHaveLength(0);

    // A township's borrowers are every bank's: a bank sees its own county rows but no township.
    const bank = await hub.token({ role: 'bank', bank: demo.loans[0].bankCode });
    const banksView = (await hub.data(bank, query, { c: DEMO_COUNTY })).monthlyStatistics;
    expect(banksView).toHaveLength(1);
    expect(banksView[0].townships).toEqual([]);
    // The county's bureau sees them too.
    expect((await hub.data(await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] }), query, { c: DEMO_COUNTY })).monthlyStatistics[0].townships).toEqual(
      county.townships,
    );

    const xlsx = await fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/downloads/monitoring/${DEMO_COUNTY}/2025-08/2025-08.xlsx`, {
      headers: { authorization: `Bearer ${regulator}` },
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const sheet = workbook.getWorksheet('乡镇覆盖')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['月份', '乡(镇)代码', '贷款户数', '建档立卡户数', '覆盖率']);
    const rows = [];
    for (let r = 2; r <= sheet.rowCount; r++) rows.push((sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows).toEqual(county.townships.map((t: any) => [t.month, t.townshipCode, t.borrowers, t.eligibleHouseholds, Number(t.coverage)]));
  });

  it("sums each county's risk fund over its banks for regulators (leverage, top-ups due and overdue, paused lending), never a bank's own row", async () => {
    const finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY] });
    const positionsQuery = `query { riskFundPositions(countyCode: "${DEMO_COUNTY}") { bank { code } assessedOn loanBalance fundBalance lendingLimit breach topUpDue
      topUpDeadline topUpOverdue triggerReached pauseLending } }`;
    const summaryQuery = `query($c: [String!]!) { riskFundSummaries(countyCodes: $c) { countyCode assessedOn banks loanBalance fundBalance lendingLimit leverage
      breaches topUpDue topUpsOverdue topUpOverdueAmount nextTopUpDeadline triggerReached pausedLending } }`;
    // Before any assessment: the county is there, with nothing summed.
    expect((await hub.data(regulator, summaryQuery, { c: [DEMO_COUNTY] })).riskFundSummaries).toEqual([
      {
        countyCode: DEMO_COUNTY,
        assessedOn: null,
        banks: 0,
        loanBalance: '0.00',
        fundBalance: '0.00',
        lendingLimit: '0.00',
        leverage: null,
        breaches: 0,
        topUpDue: '0.00',
        topUpsOverdue: 0,
        topUpOverdueAmount: '0.00',
        nextTopUpDeadline: null,
        triggerReached: 0,
        pausedLending: 0,
      },
    ]);

    // One bank's fund is large enough, the others' far too small: they breach 1:10.
    const banks = [...new Set(demo.loans.map((l) => l.bankCode))].sort();
    expect(banks.length).toBeGreaterThan(1);
    const move = 'mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance } }';
    for (const [i, bankCode] of banks.entries()) {
      const amount = i === 0 ? '900000.00' : '1000.00';
      await hub.data(finance, move, {
        input: { countyCode: DEMO_COUNTY, bankCode, kind: 'DEPOSIT', amount, effectiveDate: '2025-07-01', reference: `REG-${bankCode}` },
      });
    }
    await assessRiskFunds(hub.apps, '2025-08-15');
    // Past the breach's deadline (the first month of the next quarter): overdue.
    await assessRiskFunds(hub.apps, '2025-11-03');
    const positions = (await hub.data(finance, positionsQuery)).riskFundPositions;
    expect(positions.filter((p: any) => p.breach).length).toBe(banks.length - 1);
    expect(positions.every((p: any) => !p.breach || p.topUpOverdue)).toBe(true);

    const [summary] = (await hub.data(regulator, summaryQuery, { c: [DEMO_COUNTY] })).riskFundSummaries;
    const cents = (values: string[]) => (values.reduce((n, v) => n + Math.round(Number(v) * 100), 0) / 100).toFixed(2);
    const loanBalance = cents(positions.map((p: any) => p.loanBalance));
    const fundBalance = cents(positions.map((p: any) => p.fundBalance));
    expect(summary).toEqual({
      countyCode: DEMO_COUNTY,
      assessedOn: '2025-11-03',
      banks: positions.length,
      loanBalance,
      fundBalance,
      lendingLimit: cents(positions.map((p: any) => p.lendingLimit)),
      leverage: (Math.round((Number(loanBalance) / Number(fundBalance)) * 100) / 100).toFixed(2),
      breaches: banks.length - 1,
      topUpDue: cents(positions.map((p: any) => p.topUpDue)),
      topUpsOverdue: banks.length - 1,
      topUpOverdueAmount: cents(positions.filter((p: any) => p.topUpOverdue).map((p: any) => p.topUpDue)),
      nextTopUpDeadline: positions.filter((p: any) => p.breach).map((p: any) => p.topUpDeadline)[0],
      triggerReached: positions.filter((p: any) => p.triggerReached).length,
      pausedLending: positions.filter((p: any) => p.pauseLending).length,
    });
    expect(Number(summary.topUpDue)).toBeGreaterThan(0);

    // Regulators still see no bank's own position; a bank, and another county's bureau, no county's sums.
    expect((await hub.query(regulator, positionsQuery)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const token of [await hub.token({ role: 'bank', bank: banks[0] }), await hub.token({ role: 'bureau', counties: ['532322'] })]) {
      expect((await hub.query(token, summaryQuery, { c: [DEMO_COUNTY] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await hub.data(await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] }), summaryQuery, { c: [DEMO_COUNTY] })).riskFundSummaries).toEqual([
      summary,
    ]);
    expect((await hub.query(regulator, summaryQuery, { c: ['5323'] })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'countyCodes' });
  });
});
