/**
 * The risk-compensation fund through the gateway: the rules in force per county and date (the
 * shipped Chuxiong and Wushan texts, and a county's own later version), and money into a county's
 * fund at a bank on the ledger, idempotent by its reference, scoped by role; the daily assessment
 * of each bank's loans (loans side) against its fund (funds side), with hand-computed figures;
 * claims from filing to payment; the regulators' monthly statistics (aggregates only).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { composeResidentId } from '../../common/domain/resident-id';
import { buildDemoCounty, DEMO_BANKS } from '../../demo/demo-county';
import { publishDemoRoster } from '../../demo/demo-roster';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import ExcelJS from 'exceljs';
import { computeMonthlyStatistics } from '../../queues/src/jobs/monitoring-jobs';
import { assessLendingRewards, assessRiskFunds, verifyRiskFundClaims } from '../../queues/src/jobs/risk-fund-jobs';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { shanghaiDate } from '../../common/domain/calendar-date';
import { reportedLoan, reportLoans } from '../support/subsidy-hub';

describe('risk-compensation fund and monitoring: rules as data, the fund on the ledger, claims, monthly statistics', () => {
  let hub: TestHub;
  const rulesQuery =
    'query($c: String!, $on: String) { riskFundRules(countyCode: $c, on: $on) { regionCode effectiveFrom effectiveTo fundShare bankShare insuranceFirst nplTriggerRate leverageMultiple } }';

  beforeAll(async () => {
    hub = await startTestHub();
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
  });

  /** Households new to the loans side, one per resident ID, listed with `bankCode` in `townshipCode` since 2021-06-01. */
  const listedHouseholds = async (bankCode: string, townshipCode: string, residentIds: string[]) => {
    const households = residentIds.map((residentId) => ({ householdId: randomUUID(), residentId }));
    const countyCode = townshipCode.slice(0, 6);
    await hub.apps.loans.loadDemo({
      banks: DEMO_BANKS,
      listed: households.map((h) => ({ bankCode, householdId: h.householdId, residentId: h.residentId, countyCode, townshipCode, listedFrom: '2021-06-01' })),
      loans: [],
    });
    return households;
  };

  it('finds the rules in force: Chuxiong 80/20 for its counties, Wushan insurance first then 70/30, none elsewhere', async () => {
    const bank = await hub.token({ role: 'bank', bank: 'ABC' });
    expect((await hub.data(bank, rulesQuery, { c: '532301', on: '2025-06-30' })).riskFundRules).toEqual({
      regionCode: '5323',
      effectiveFrom: '2017-09-29',
      effectiveTo: null,
      fundShare: '0.80',
      bankShare: '0.20',
      insuranceFirst: false,
      nplTriggerRate: '0.03',
      leverageMultiple: '10.00',
    });
    expect((await hub.data(bank, rulesQuery, { c: '500237', on: '2025-06-30' })).riskFundRules).toMatchObject({
      regionCode: '500237',
      fundShare: '0.70',
      bankShare: '0.30',
      insuranceFirst: true,
    });
    expect((await hub.data(bank, rulesQuery, { c: '110101', on: '2025-06-30' })).riskFundRules).toBeNull();
    // Before the 2017 measures took effect there were none.
    expect((await hub.data(bank, rulesQuery, { c: '532301', on: '2017-01-01' })).riskFundRules).toBeNull();
  });

  it("records a county's own version from a date on: admins only, checked field by field, the earlier one ending the day before", async () => {
    const admin = await hub.token({ role: 'admin' });
    const finance = await hub.token({ role: 'finance', counties: ['532301'] });
    const shipped = JSON.parse((await hub.data(admin, 'query { riskFundRuleVersions(countyCode: "532301") { rulesJson } }')).riskFundRuleVersions[0].rulesJson);
    const record = 'mutation($input: RiskFundRulesInput!) { recordRiskFundRules(input: $input) { id regionCode effectiveFrom effectiveTo fundShare } }';
    const input = (rules: unknown, effectiveFrom: string) => ({
      input: { regionCode: '532301', effectiveFrom, name: '楚雄市风险补偿金办法（测试）', source: '测试文件〔2026〕1号', rulesJson: JSON.stringify(rules) },
    });

    expect((await hub.query(finance, record, input({ ...shipped, fundShare: '0.75', bankShare: '0.25' }, '2026-01-01'))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const bad = await hub.query(admin, record, input({ ...shipped, fundShare: '0.75' }, '2026-01-01'));
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'RISK_FUND_INVALID_RULES', field: 'bankShare' } });
    const typo = await hub.query(admin, record, input({ ...shipped, fundshare: '0.75' }, '2026-01-01'));
    expect(typo.errors?.[0]).toMatchObject({ extensions: { code: 'RISK_FUND_INVALID_RULES', field: 'fundshare' } });

    const first = (await hub.data(admin, record, input({ ...shipped, fundShare: '0.75', bankShare: '0.25' }, '2026-01-01'))).recordRiskFundRules;
    expect(first).toEqual({ id: '532301-2026-01-01', regionCode: '532301', effectiveFrom: '2026-01-01', effectiveTo: null, fundShare: '0.75' });
    // From July on the county also tops up on Wushan's timetable (next month; after compensation, the next quarter's first month).
    const wushanTopUp = { onLendingGrowth: 'END_OF_NEXT_MONTH', afterCompensation: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER' };
    const second = (await hub.data(admin, record, input({ ...shipped, fundShare: '0.7', bankShare: '0.3', topUp: wushanTopUp }, '2026-07-01')))
      .recordRiskFundRules;
    expect(second.effectiveFrom).toBe('2026-07-01');

    // The county's own version wins over the prefecture's while in force; the first ended when the second began.
    const on = async (date: string) => (await hub.data(admin, rulesQuery, { c: '532301', on: date })).riskFundRules;
    expect(await on('2025-12-31')).toMatchObject({ regionCode: '5323', fundShare: '0.80' });
    expect(await on('2026-03-31')).toMatchObject({ regionCode: '532301', fundShare: '0.75', effectiveTo: '2026-07-01' });
    expect(await on('2026-07-01')).toMatchObject({ regionCode: '532301', fundShare: '0.70', effectiveTo: null });
    // The neighbouring county keeps the prefecture's rules.
    expect(await hub.data(admin, rulesQuery, { c: '532322', on: '2026-03-31' })).toEqual({
      riskFundRules: expect.objectContaining({ regionCode: '5323', fundShare: '0.80' }),
    });
    // A version that would start inside a later one is refused.
    const inside = await hub.query(admin, record, input({ ...shipped }, '2026-03-01'));
    expect(inside.errors?.[0].extensions?.code).toBe('RISK_FUND_INVALID_VERSIONS');
  });

  it("keeps the county's fund at each bank on the ledger: deposits, interest, a reference posted once, its finance bureau only", async () => {
    const finance = await hub.token({ role: 'finance', counties: ['532301'] });
    const otherFinance = await hub.token({ role: 'finance', counties: ['532322'] });
    const move = 'mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance } }';
    const input = (kind: string, amount: string, reference: string) => ({
      input: { countyCode: '532301', bankCode: 'YNRCC', kind, amount, effectiveDate: '2025-07-01', reference },
    });

    expect((await hub.data(finance, move, input('DEPOSIT', '500000.00', 'GK-2025-0701'))).recordRiskFundMovement.balance).toBe('500000.00');
    // The same transfer reported twice (a retry, a double click) is posted once.
    expect((await hub.data(finance, move, input('DEPOSIT', '500000.00', 'GK-2025-0701'))).recordRiskFundMovement.balance).toBe('500000.00');
    expect((await hub.data(finance, move, input('INTEREST', '1234.56', 'INT-2025Q3'))).recordRiskFundMovement.balance).toBe('501234.56');
    expect((await hub.data(finance, move, input('TOP_UP', '98765.44', 'GK-2025-0815'))).recordRiskFundMovement.balance).toBe('600000.00');
    // The bank credits the third quarter's interest: checked against Chuxiong's rule (the PBoC benchmark
    // of the same term + 10 %; the demand benchmark has been 0.35 % since 2015-10-24, shipped as data):
    // 600,000.00 for the 82 days 2025-07-01…09-20 × 0.385 % / 360 = 526.1666… → 526.17.
    const interest = `mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance
      interestCheck { basisIssuer basisTerm basisEffectiveFrom basisRate rate expected difference } } }`;
    const credited = (amount: string, reference: string) => ({
      input: {
        ...input('INTEREST', amount, reference).input,
        effectiveDate: '2025-09-21',
        interestCheck: { periodStart: '2025-07-01', periodEnd: '2025-09-20' },
      },
    });
    const basis = { basisIssuer: 'PBOC', basisTerm: 'DEMAND', basisEffectiveFrom: '2015-10-24', basisRate: '0.0035' };
    expect((await hub.data(finance, interest, credited('526.17', 'INT-2025-0921'))).recordRiskFundMovement).toEqual({
      balance: '600526.17',
      interestCheck: { ...basis, rate: '0.00385', expected: '526.17', difference: '0.00' },
    });
    // A bank crediting more than the rule gives is shown the difference (the entry is what the bank paid in).
    expect((await hub.data(finance, interest, credited('530.00', 'INT-2025-0921B'))).recordRiskFundMovement.interestCheck).toEqual({
      ...basis,
      rate: '0.00385',
      expected: '526.17',
      difference: '3.83',
    });

    expect((await hub.query(otherFinance, move, input('DEPOSIT', '1.00', 'GK-OTHER-1'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await hub.query(finance, move, input('DEPOSIT', '12.345', 'GK-BAD-1'));
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'amount' } });
    // The same reference with another amount is a different request under a used key: refused, nothing posted.
    const reused = await hub.query(finance, move, input('DEPOSIT', '1.00', 'GK-2025-0701'));
    expect(reused.errors?.[0]).toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'reference' } });
    // The same transfer entered again as a top-up is the same transfer: refused, not a second entry.
    const relabelled = await hub.query(finance, move, input('TOP_UP', '500000.00', 'GK-2025-0701'));
    expect(relabelled.errors?.[0]).toMatchObject({ extensions: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'reference' } });
    // A bank code with an underscore (as bank codes may have) opens its fund like any other.
    expect(
      (await hub.data(otherFinance, move, { input: { ...input('DEPOSIT', '1.00', 'GK-UNDERSCORE-1').input, countyCode: '532322', bankCode: 'CQ_RCB' } }))
        .recordRiskFundMovement.balance,
    ).toBe('1.00');
    const badDate = await hub.query(finance, move, { input: { ...input('DEPOSIT', '1.00', 'GK-BAD-2').input, effectiveDate: '2025-02-30' } });
    expect(badDate.errors?.[0]).toMatchObject({ extensions: { code: 'RISK_FUND_INVALID_INPUT' } });

    const accounts = 'query { fundAccounts(countyCode: "532301") { kind openedOn balance bank { code } } }';
    expect((await hub.data(finance, accounts)).fundAccounts).toEqual([
      { kind: 'RISK_COMPENSATION', openedOn: '2025-07-01', balance: '601056.17', bank: { code: 'YNRCC' } },
    ]);
    // Its statement: the latest entries first, each with the fund after it.
    const statement =
      'query($from: String, $first: Int) { fundAccounts(countyCode: "532301") { movements(from: $from, first: $first) { effectiveDate reasonCode amount balanceAfter } } }';
    expect((await hub.data(finance, statement, { first: 3 })).fundAccounts[0].movements).toEqual([
      { effectiveDate: '2025-09-21', reasonCode: 'FUND_INTEREST', amount: '530.00', balanceAfter: '601056.17' },
      { effectiveDate: '2025-09-21', reasonCode: 'FUND_INTEREST', amount: '526.17', balanceAfter: '600526.17' },
      { effectiveDate: '2025-07-01', reasonCode: 'FUND_DEPOSIT', amount: '98765.44', balanceAfter: '600000.00' },
    ]);
    expect((await hub.data(finance, statement, { from: '2025-07-02' })).fundAccounts[0].movements.map((m: any) => m.amount)).toEqual(['530.00', '526.17']);
    expect((await hub.query(finance, statement, { from: '2025-13-01' })).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
    // The bank sees the fund it holds; another bank sees none.
    expect((await hub.data(await hub.token({ role: 'bank', bank: 'YNRCC' }), accounts)).fundAccounts).toHaveLength(1);
    expect((await hub.data(await hub.token({ role: 'bank', bank: 'ABC' }), accounts)).fundAccounts).toEqual([]);
  });

  it("assesses each bank's loans against its fund daily: a leverage breach with its top-up, the NPL trigger, told once", async () => {
    const finance = await hub.token({ role: 'finance', counties: ['532301'] });
    const bank = await hub.token({ role: 'bank', bank: 'ABC' });
    const households = await listedHouseholds(
      'ABC',
      '532301101',
      [1, 2, 3].map((n) => composeResidentId('532301', `197${n}-05-0${n}`, 200 + n)),
    );
    // 24 months from 2025-01-10 at 3.45 %, as the subsidy tests' loans.
    const loan = (n: number, amount: string, status: string) =>
      reportedLoan(
        households[n],
        { contractNo: `ABC-RF-${n}`, recordVersion: 1, amount, interestPayments: [] },
        { status, statusDate: status === 'NPL' ? '2025-07-20' : '2025-01-10' },
      );
    // 100,000.00 outstanding at ABC, of which 10,000.00 non-performing.
    expect(await reportLoans(hub, [loan(0, '50000.00', 'DISBURSED'), loan(1, '40000.00', 'DISBURSED'), loan(2, '10000.00', 'NPL')])).toEqual({
      applied: 3,
      rejected: [],
    });
    await hub.data(finance, 'mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance } }', {
      input: { countyCode: '532301', bankCode: 'ABC', kind: 'DEPOSIT', amount: '9000.00', effectiveDate: '2025-07-01', reference: 'GK-ABC-0701' },
    });

    await assessRiskFunds(hub.apps, '2025-08-15');
    await assessRiskFunds(hub.apps, '2025-08-15'); // the same day again: replaced, not doubled, nobody told twice
    const positions =
      'query { riskFundPositions(countyCode: "532301") { bank { code } assessedOn rulesVersionId loanBalance nplBalance fundBalance lendingLimit breach topUpDue topUpDeadline nplRate triggerReached pauseLending } }';
    const abc = (await hub.data(finance, positions)).riskFundPositions.find((p: any) => p.bank.code === 'ABC');
    // Chuxiong 2017: loans ≤ 10 × fund. 10 × 9,000.00 = 90,000.00 < 100,000.00: breach; the fund must be
    // 100,000.00 / 10 = 10,000.00, so 1,000.00 is due by the end of the first month of the next quarter
    // (2025-10-31). NPL 10,000 / 100,000 = 10 % ≥ the 3 % trigger; Chuxiong has no pause rule.
    expect(abc).toEqual({
      bank: { code: 'ABC' },
      assessedOn: '2025-08-15',
      rulesVersionId: 'chuxiong-2017-risk-fund',
      loanBalance: '100000.00',
      nplBalance: '10000.00',
      fundBalance: '9000.00',
      lendingLimit: '90000.00',
      breach: true,
      topUpDue: '1000.00',
      topUpDeadline: '2025-10-31',
      nplRate: '0.10',
      triggerReached: true,
      pauseLending: null,
    });
    const notices = (await hub.data(finance, 'query { financeNotices(countyCode: "532301") { nodes { kind messageZh } } }')).financeNotices.nodes.filter(
      (n: any) => n.kind === 'RISK_FUND_ALERT',
    );
    expect(notices.map((n: any) => n.messageZh).sort()).toEqual([
      '不良率达到风险补偿启动条件：ABC（2025-08-15） 不良率 10.00%',
      '风险补偿金放大倍数超限：ABC（2025-08-15） 贷款余额 100000.00 元，超过上限 90000.00 元；应于 2025-10-31 前补足 1000.00 元',
    ]);

    // The bank sees its own position only; regulators see no per-bank rows here.
    expect((await hub.data(bank, positions)).riskFundPositions.map((p: any) => p.bank.code)).toEqual(['ABC']);
    expect((await hub.data(await hub.token({ role: 'bank', bank: 'PSBC' }), positions)).riskFundPositions).toEqual([]);
    expect((await hub.query(await hub.token({ role: 'regulator' }), positions)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Still short in November: the deadline stays where the breach of 08-15 put it (it does not move with
    // each assessment), and the top-up is now overdue; the county is told so.
    await assessRiskFunds(hub.apps, '2025-11-03');
    const overdue = 'query { riskFundPositions(countyCode: "532301") { bank { code } assessedOn breach breachSince topUpDue topUpDeadline topUpOverdue } }';
    expect((await hub.data(finance, overdue)).riskFundPositions.find((p: any) => p.bank.code === 'ABC')).toEqual({
      bank: { code: 'ABC' },
      assessedOn: '2025-11-03',
      breach: true,
      breachSince: '2025-08-15',
      topUpDue: '1000.00',
      topUpDeadline: '2025-10-31',
      topUpOverdue: true,
    });
    const told = (await hub.data(finance, 'query { financeNotices(countyCode: "532301") { nodes { messageZh } } }')).financeNotices.nodes.map(
      (n: any) => n.messageZh,
    );
    expect(told).toContain(
      '风险补偿金补足已逾期：ABC（2025-11-03） 贷款余额 100000.00 元，超过上限 90000.00 元（自 2025-08-15 起）；应于 2025-10-31 前补足，尚差 1000.00 元',
    );

    // A top-up of 1,000.00 restores the ratio at the next assessment.
    await hub.data(finance, 'mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance } }', {
      input: { countyCode: '532301', bankCode: 'ABC', kind: 'TOP_UP', amount: '1000.00', effectiveDate: '2025-11-04', reference: 'GK-ABC-1104' },
    });
    await assessRiskFunds(hub.apps, '2025-11-05');
    expect((await hub.data(finance, overdue)).riskFundPositions.find((p: any) => p.bank.code === 'ABC')).toMatchObject({
      assessedOn: '2025-11-05',
      breach: false,
      breachSince: null,
      topUpDue: '0.00',
      topUpDeadline: null,
      topUpOverdue: false,
    });
  });

  it('takes a bank’s claim from filing to payment: each loan checked, the fund’s share computed, reviewed, approved by another person, paid once, confidential', async () => {
    const bank = await hub.token({ role: 'bank', bank: 'ABC' });
    const finance = await hub.token({ role: 'finance', counties: ['532301'] });
    const file = 'mutation($input: RiskFundClaimInput!) { fileRiskFundClaim(input: $input) { id status } }';
    const loans = [
      {
        contractNo: 'ABC-RF-2',
        documents: [
          { kind: 'LOAN_RECEIPT', reference: '借据 ABC-RF-2' },
          { kind: 'EVIDENCE', reference: '不良贷款认定书 2025-07-20' },
          { kind: 'COLLECTION_NOTICE', reference: '催收 3 次' },
        ],
      },
      { contractNo: 'ABC-RF-0', documents: [{ kind: 'LOAN_RECEIPT', reference: '借据 ABC-RF-0' }] },
      { contractNo: 'ABC-NOPE', documents: [] }, // the county's rules (copied from Chuxiong's) require no document
    ];
    const bad = await hub.query(bank, file, {
      input: { countyCode: '532301', quarter: '2025Q3', loans: [{ contractNo: 'ABC-RF-2', documents: [{ kind: 'LOAN_RECEIPT', reference: ' ' }] }] },
    });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'loans[0].documents[0].reference' } });
    expect((await hub.query(finance, file, { input: { countyCode: '532301', quarter: '2025Q3', loans } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const filed = (await hub.data(bank, file, { input: { countyCode: '532301', quarter: '2025Q3', loans } })).fileRiskFundClaim;
    expect(filed.status).toBe('FILED');
    // The claim is dated for the test (filing stamps the real day): under the county's own version
    // from 2026-07-01, and inside the years the working-day calendar covers, whenever the test runs.
    await hub.dataSources.funds.query(`UPDATE funds.risk_fund_claims SET filed_on = '2026-09-30' WHERE id = $1`, [filed.id]);
    expect((await hub.query(bank, file, { input: { countyCode: '532301', quarter: '2025Q3', loans } })).errors?.[0].message).toContain('already has a claim');

    await verifyRiskFundClaims(hub.apps);
    await verifyRiskFundClaims(hub.apps); // checked once: the second run finds nothing filed
    const claimQuery = `query { riskFundClaims(countyCode: "532301") { id status rulesVersionId fundPays townshipReviewDue
      lines { contractNo refusal loss compensable fundPays bankBears notes documents { kind reference } } events { step actor } } }`;
    const [verified] = (await hub.data(finance, claimQuery)).riskFundClaims;
    // Filed 2026-09-30, under the county's own version from 2026-07-01 (fund 70 %): the NPL loan's unpaid
    // 10,000.00 → the fund pays 7,000.00, the bank bears 3,000.00; the performing loan and the unknown
    // contract are refused. Those rules set no working-day deadlines (copied from Chuxiong's).
    expect(verified).toMatchObject({ id: filed.id, status: 'VERIFIED', rulesVersionId: '532301-2026-07-01', fundPays: '7000.00', townshipReviewDue: null });
    expect(verified.lines).toEqual([
      {
        contractNo: 'ABC-RF-2',
        refusal: null,
        loss: '10000.00',
        compensable: '10000.00',
        fundPays: '7000.00',
        bankBears: '3000.00',
        notes: [],
        documents: loans[0].documents,
      },
      { contractNo: 'ABC-RF-0', refusal: 'NOT_NPL', loss: null, compensable: null, fundPays: null, bankBears: null, notes: [], documents: loans[1].documents },
      {
        contractNo: 'ABC-NOPE',
        refusal: 'NOT_FOUND',
        loss: null,
        compensable: null,
        fundPays: null,
        bankBears: null,
        notes: [],
        documents: loans[2].documents,
      },
    ]);

    // Confidential: another bank sees none of it, a regulator and another county's finance bureau nothing.
    expect((await hub.data(await hub.token({ role: 'bank', bank: 'PSBC' }), claimQuery)).riskFundClaims).toEqual([]);
    expect((await hub.query(await hub.token({ role: 'regulator' }), claimQuery)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(await hub.token({ role: 'finance', counties: ['532322'] }), claimQuery)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const reviewer = await hub.token({ role: 'bureau', counties: ['532301'], subject: 'bureau-reviewer' });
    const approver = await hub.token({ role: 'bureau', counties: ['532301'], subject: 'bureau-approver' });
    const step = (name: string) => `mutation($id: ID!) { ${name}(id: $id, accept: true, note: "材料齐全") { status } }`;
    expect((await hub.query(bank, step('reviewRiskFundClaim'), { id: filed.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.data(reviewer, step('reviewRiskFundClaim'), { id: filed.id })).reviewRiskFundClaim.status).toBe('TOWNSHIP_REVIEWED');
    expect((await hub.query(reviewer, step('approveRiskFundClaim'), { id: filed.id })).errors?.[0].extensions?.code).toBe('FORBIDDEN'); // four eyes
    expect((await hub.data(approver, step('approveRiskFundClaim'), { id: filed.id })).approveRiskFundClaim.status).toBe('APPROVED');

    // A loan is compensated once: listed again on the next quarter's claim while this one is live, it is refused.
    const again = (await hub.data(bank, file, { input: { countyCode: '532301', quarter: '2025Q4', loans: [loans[0]] } })).fileRiskFundClaim;
    // A bank whose NPL rate in the county has not reached the 3 % trigger (PSBC lends nothing here) is refused whole.
    const psbc = await hub.token({ role: 'bank', bank: 'PSBC' });
    const early = (await hub.data(psbc, file, { input: { countyCode: '532301', quarter: '2025Q3', loans: [{ contractNo: 'PSBC-1', documents: [] }] } }))
      .fileRiskFundClaim;
    await verifyRiskFundClaims(hub.apps);
    const byId = async (token: string, id: string) => (await hub.data(token, claimQuery)).riskFundClaims.find((c: any) => c.id === id);
    expect(await byId(bank, again.id)).toMatchObject({
      status: 'VERIFIED',
      fundPays: '0.00',
      lines: [expect.objectContaining({ contractNo: 'ABC-RF-2', refusal: 'ALREADY_CLAIMED' })],
    });
    const refused = (await hub.data(psbc, 'query { riskFundClaims(countyCode: "532301") { id status rejectionReason } }')).riskFundClaims;
    expect(refused).toEqual([
      { id: early.id, status: 'REJECTED', rejectionReason: expect.stringContaining("PSBC's NPL rate in 532301 is 0.00%, below the 3.00%") },
    ]);

    const pay = 'mutation($id: ID!) { payRiskFundClaim(id: $id) { status } }';
    expect((await hub.data(finance, pay, { id: filed.id })).payRiskFundClaim.status).toBe('PAID');
    expect((await hub.query(finance, pay, { id: filed.id })).errors?.[0].message).toContain('is PAID');
    // The fund at ABC held 10,000.00 (9,000.00 + the 1,000.00 top-up); 7,000.00 left it, once.
    const accounts = (await hub.data(finance, 'query { fundAccounts(countyCode: "532301") { balance bank { code } } }')).fundAccounts;
    expect(accounts.find((a: any) => a.bank.code === 'ABC').balance).toBe('3000.00');
    // The bank recovers 1,000.20 on the compensated loan: the fund bore 7,000.00 of the 10,000.00 loss,
    // so 1,000.20 × 0.7 = 700.14 goes back to it; the same transfer reported twice is recorded once.
    const recover = 'mutation($input: RiskFundRecoveryInput!) { reportRiskFundRecovery(input: $input) { recovered returnToFund returnDue late } }';
    const recovery = (contractNo: string, reference: string) => ({
      input: { claimId: filed.id, contractNo, amount: '1000.20', receivedOn: '2026-11-20', reference },
    });
    expect((await hub.data(bank, recover, recovery('ABC-RF-2', 'RET-0001'))).reportRiskFundRecovery).toEqual({
      recovered: '1000.20',
      returnToFund: '700.14',
      returnDue: null,
      late: false,
    });
    expect((await hub.data(bank, recover, recovery('ABC-RF-2', 'RET-0001'))).reportRiskFundRecovery.returnToFund).toBe('700.14');
    // The same reference with another amount is another report under a used reference: refused.
    const reused = await hub.query(bank, recover, { input: { ...recovery('ABC-RF-2', 'RET-0001').input, amount: '1000.21' } });
    expect(reused.errors?.[0]).toMatchObject({ extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'reference' } });
    expect((await hub.query(bank, recover, recovery('ABC-RF-0', 'RET-0002'))).errors?.[0]).toMatchObject({
      extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'contractNo' },
    });
    expect((await hub.query(await hub.token({ role: 'bank', bank: 'PSBC' }), recover, recovery('ABC-RF-2', 'RET-0003'))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const fundsAfter = (await hub.data(finance, 'query { fundAccounts(countyCode: "532301") { balance bank { code } } }')).fundAccounts;
    expect(fundsAfter.find((a: any) => a.bank.code === 'ABC').balance).toBe('3700.14');

    // The next round of the claim job takes the compensated loan off ABC's balance (账销案存): 90,000.00 left.
    expect((await verifyRiskFundClaims(hub.apps)).compensated).toBe(1);
    expect((await verifyRiskFundClaims(hub.apps)).compensated).toBe(0);
    // A recovery left without its entry's link (as after a crash between the commit and the posting):
    // the claim job posts it again under the same key — linked, and the fund still 3,700.14.
    await hub.dataSources.funds.query(`UPDATE funds.risk_fund_recoveries SET entry_id = NULL WHERE claim_id = $1`, [filed.id]);
    await verifyRiskFundClaims(hub.apps);
    const [{ linked }] = await hub.dataSources.funds.query(
      `SELECT count(*) FILTER (WHERE entry_id IS NOT NULL)::int AS linked FROM funds.risk_fund_recoveries WHERE claim_id = $1`,
      [filed.id],
    );
    expect(linked).toBe(1);
    const fundsSwept = (await hub.data(finance, 'query { fundAccounts(countyCode: "532301") { balance bank { code } } }')).fundAccounts;
    expect(fundsSwept.find((a: any) => a.bank.code === 'ABC').balance).toBe('3700.14');
    // The fund was drawn down by this claim: the top-up follows the after-compensation timetable, the
    // end of the next quarter's first month (not the end of next month), for 90,000.00 / 10 − 3,700.14.
    const today = shanghaiDate();
    await assessRiskFunds(hub.apps, today);
    const quarterEndMonth = Math.ceil(Number(today.slice(5, 7)) / 3) * 3;
    const deadline = new Date(Date.UTC(Number(today.slice(0, 4)), quarterEndMonth + 1, 0)).toISOString().slice(0, 10);
    const position = (await hub.data(finance, 'query { riskFundPositions(countyCode: "532301") { bank { code } breach topUpDue topUpDeadline } }'))
      .riskFundPositions;
    expect(position.find((p: any) => p.bank.code === 'ABC')).toEqual({ bank: { code: 'ABC' }, breach: true, topUpDue: '5299.86', topUpDeadline: deadline });

    const paid = await byId(bank, filed.id);
    expect(paid.events).toEqual([
      { step: 'FILED', actor: 'test-bank' },
      { step: 'VERIFIED', actor: 'hub' },
      { step: 'TOWNSHIP_REVIEWED', actor: 'bureau-reviewer' },
      { step: 'APPROVED', actor: 'bureau-approver' },
      { step: 'PAID', actor: 'test-finance' },
      { step: 'RECOVERY', actor: 'test-bank' },
    ]);
  });

  it('answers a claim step by a caller not allowed on the claim FORBIDDEN, saying nothing of its state, the same as for no claim; a malformed id RISK_FUND_INVALID_INPUT, to an admin no claim RISK_FUND_CLAIM_NOT_FOUND', async () => {
    const admin = await hub.token({ role: 'admin' });
    const claims = (await hub.data(admin, 'query { riskFundClaims(countyCode: "532301") { id status bank { code } } }')).riskFundClaims;
    // From the test before: ABC's paid claim and its VERIFIED one of 2025Q4, PSBC's REJECTED one.
    expect(claims.map((c: any) => `${c.bank.code} ${c.status}`).sort()).toEqual(['ABC PAID', 'ABC VERIFIED', 'PSBC REJECTED']);
    const stored = async () => ({
      claims: await hub.dataSources.funds.query('SELECT id, status, reviewed_by, approved_by, paid_entry_id FROM funds.risk_fund_claims ORDER BY id'),
      events: await hub.dataSources.funds.query('SELECT count(*)::int AS n FROM funds.risk_fund_claim_events'),
      entries: await hub.dataSources.funds.query('SELECT count(*)::int AS n FROM funds.journal_entries'),
    });
    const before = await stored();
    const steps = {
      reviewRiskFundClaim: 'mutation($id: ID!) { reviewRiskFundClaim(id: $id, accept: true, note: "材料齐全") { status } }',
      approveRiskFundClaim: 'mutation($id: ID!) { approveRiskFundClaim(id: $id, accept: false, note: "不予补偿") { status } }',
      payRiskFundClaim: 'mutation($id: ID!) { payRiskFundClaim(id: $id) { status } }',
    };
    const STATE = /FILED|VERIFIED|TOWNSHIP_REVIEWED|APPROVED|PAID|REJECTED|\b(filed|verified|reviewed|approved|paid|rejected)\b/i;
    const outsiders = { regulator: await hub.token({ role: 'regulator' }), otherBureau: await hub.token({ role: 'bureau', counties: ['532322'] }) };
    const nobody = randomUUID();
    for (const claim of claims) {
      // Bank B: a bank other than the one that filed the claim.
      const otherBank = await hub.token({ role: 'bank', bank: claim.bank.code === 'ABC' ? 'PSBC' : 'ABC' });
      for (const [name, mutation] of Object.entries(steps)) {
        for (const [who, token] of Object.entries({ ...outsiders, otherBank })) {
          const result = await hub.query(token, mutation, { id: claim.id });
          const missing = await hub.query(token, mutation, { id: nobody });
          expect({ name, who, status: claim.status, code: result.errors?.[0].extensions?.code }).toEqual({
            name,
            who,
            status: claim.status,
            code: 'FORBIDDEN',
          });
          expect(result.errors![0].message).not.toMatch(STATE);
          expect(result.errors![0].message).not.toContain('532301');
          // The answer for a claim that does not exist is the same (only the id differs).
          expect(missing.errors?.[0].extensions?.code).toBe('FORBIDDEN');
          expect(missing.errors![0].message.replace(nobody, '<id>')).toBe(result.errors![0].message.replace(claim.id, '<id>'));
        }
      }
    }
    // The county's bureau is allowed on its claims: it is told the state.
    const bureau = await hub.token({ role: 'bureau', counties: ['532301'] });
    const paid = claims.find((c: any) => c.status === 'PAID');
    expect((await hub.query(bureau, steps.reviewRiskFundClaim, { id: paid.id })).errors?.[0]).toMatchObject({
      message: expect.stringContaining('is PAID'),
      extensions: { code: 'RISK_FUND_CLAIM_WRONG_STATE' },
    });

    // A malformed claim id is bad input naming the argument, not an internal error; no claim for an admin likewise.
    const finance = await hub.token({ role: 'finance', counties: ['532301'] });
    for (const [name, token] of [
      ['reviewRiskFundClaim', bureau],
      ['approveRiskFundClaim', bureau],
      ['payRiskFundClaim', finance],
    ] as const) {
      const result = await hub.query(token, steps[name], { id: 'not-a-claim' });
      expect(result.errors?.[0]).toMatchObject({ message: '"not-a-claim" is not a claim id', extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'id' } });
      expect((await hub.query(admin, steps[name], { id: nobody })).errors?.[0]).toMatchObject({
        message: `no claim ${nobody}`,
        extensions: { code: 'RISK_FUND_CLAIM_NOT_FOUND', field: 'id' },
      });
    }
    const recovery = await hub.query(
      await hub.token({ role: 'bank', bank: 'ABC' }),
      'mutation($input: RiskFundRecoveryInput!) { reportRiskFundRecovery(input: $input) { recovered } }',
      {
        input: { claimId: '12345', contractNo: 'ABC-RF-2', amount: '1.00', receivedOn: '2026-11-21', reference: 'RET-BAD-ID' },
      },
    );
    expect(recovery.errors?.[0]).toMatchObject({ message: '"12345" is not a claim id', extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'claimId' } });
    expect(await stored()).toEqual(before);
  });

  it('Wushan: the 第十八条 documents, each loan on a ground of 004 第十七条 (an extended one judged against the bank’s own NPL target), insurance first, then the fund 70 % and the bank 30 %', async () => {
    const bank = await hub.token({ role: 'bank', bank: 'PSBC' });
    const households = await listedHouseholds(
      'PSBC',
      '500237101',
      [1, 2, 3, 4].map((n) => composeResidentId('500237', `198${n}-02-1${n}`, 300 + n)),
    );
    // 24 months from 2025-01-10 at 3.45 %, for planting.
    const loan = (n: number, amount: string, status = 'NPL', recordVersion = 1, statusDate = '2025-09-01') =>
      reportedLoan(
        households[n],
        { contractNo: `PSBC-WS-${n}`, recordVersion, amount, interestPayments: [] },
        { countyCode: '500237', townshipCode: '500237101', purposeCategory: 'PLANTING', status, statusDate },
      );
    // PSBC-WS-3 was extended (展期) in June and went non-performing in September.
    expect(
      await reportLoans(hub, [loan(0, '20000.00'), loan(1, '30000.00'), loan(2, '10000.00'), loan(3, '40000.00', 'EXTENDED', 1, '2025-06-01')], 'PSBC'),
    ).toEqual({
      applied: 4,
      rejected: [],
    });
    expect(await reportLoans(hub, [loan(3, '40000.00', 'NPL', 2)], 'PSBC')).toEqual({ applied: 1, rejected: [] });

    const file = 'mutation($input: RiskFundClaimInput!) { fileRiskFundClaim(input: $input) { id documents { kind reference } } }';
    const doc = (kind: string, reference: string) => ({ kind, reference });
    const perLoan = (n: number) => [doc('LOAN_RECEIPT', `借款借据 PSBC-WS-${n}`), doc('COLLECTION_NOTICE', `催收通知书 PSBC-WS-${n}`)];
    const claimDocuments = [doc('APPLICATION_REPORT', '巫山邮储〔2025〕补偿申请 1 号'), doc('APPLICATION_FORM', '划拨申请表 2025Q3')];
    const loans = [
      { contractNo: 'PSBC-WS-0', cause: 'DEATH_ILLNESS_DISABILITY', insurancePaid: '5000.00', documents: [...perLoan(0), doc('EVIDENCE', '死亡证明')] },
      { contractNo: 'PSBC-WS-1', cause: 'EXTENDED_STILL_UNPAID', documents: perLoan(1) },
      { contractNo: 'PSBC-WS-2', documents: perLoan(2) },
      { contractNo: 'PSBC-WS-3', cause: 'EXTENDED_STILL_UNPAID', documents: perLoan(3) },
    ];
    // 第十八条: the report and the form with the claim, a receipt copy and a collection notice with each loan; refused at filing, naming what is missing.
    const noReport = await hub.query(bank, file, { input: { countyCode: '500237', quarter: '2025Q3', documents: [claimDocuments[1]], loans } });
    expect(noReport.errors?.[0]).toMatchObject({
      message: expect.stringContaining('the claim lacks APPLICATION_REPORT'),
      extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'documents' },
    });
    const noNotice = await hub.query(bank, file, {
      input: { countyCode: '500237', quarter: '2025Q3', documents: claimDocuments, loans: [loans[0], { ...loans[1], documents: perLoan(1).slice(0, 1) }] },
    });
    expect(noNotice.errors?.[0]).toMatchObject({
      message: expect.stringContaining('contract PSBC-WS-1 lacks COLLECTION_NOTICE'),
      extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'loans[1].documents' },
    });
    const filed = (await hub.data(bank, file, { input: { countyCode: '500237', quarter: '2025Q3', documents: claimDocuments, loans } })).fileRiskFundClaim;
    expect(filed.documents).toEqual(claimDocuments);
    // Filed (for the test) on Friday 2025-09-26, before the National Day holiday.
    await hub.dataSources.funds.query(`UPDATE funds.risk_fund_claims SET filed_on = '2025-09-26' WHERE id = $1`, [filed.id]);
    await verifyRiskFundClaims(hub.apps);
    const claimsQuery =
      'query { riskFundClaims(countyCode: "500237") { id status rulesVersionId fundPays lines { contractNo cause refusal loss compensable fundPays bankBears notes } } }';
    const claim = (await hub.data(bank, claimsQuery)).riskFundClaims[0];
    // 20,000.00 unpaid, the insurer pays 5,000.00 first (第十一条), 15,000.00 is shared: the fund 70 % = 10,500.00,
    // the bank 30 % = 4,500.00; the loan said to be extended never was; the third gives no ground; the fourth was
    // extended, but PSBC has recorded no NPL target for 2025, so 第十七条(四) cannot be judged.
    const refused = (contractNo: string, cause: string | null, refusal: string) => ({
      contractNo,
      cause,
      refusal,
      loss: null,
      compensable: null,
      fundPays: null,
      bankBears: null,
      notes: [],
    });
    expect(claim).toEqual({
      id: filed.id,
      status: 'VERIFIED',
      rulesVersionId: 'wushan-2017-risk-fund',
      fundPays: '10500.00',
      lines: [
        {
          contractNo: 'PSBC-WS-0',
          cause: 'DEATH_ILLNESS_DISABILITY',
          refusal: null,
          loss: '20000.00',
          compensable: '15000.00',
          fundPays: '10500.00',
          bankBears: '4500.00',
          notes: ['INSURANCE_FIRST'],
        },
        refused('PSBC-WS-1', 'EXTENDED_STILL_UNPAID', 'NOT_EXTENDED'),
        refused('PSBC-WS-2', null, 'NO_CAUSE'),
        refused('PSBC-WS-3', 'EXTENDED_STILL_UNPAID', 'NPL_TARGET_UNKNOWN'),
      ],
    });

    // The bank records its own 2025 target (1.5 %); another bank may not record it for PSBC.
    const recordTarget = 'mutation($input: BankNplTargetInput!) { recordBankNplTarget(input: $input) { bankCode year target recordedBy } }';
    const target = { input: { bankCode: 'PSBC', year: 2025, target: '0.015', source: '中国邮政储蓄银行重庆分行 2025 年度经营计划' } };
    expect((await hub.query(await hub.token({ role: 'bank', bank: 'ABC' }), recordTarget, target)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.data(bank, recordTarget, target)).recordBankNplTarget).toEqual({
      bankCode: 'PSBC',
      year: 2025,
      target: '0.015',
      recordedBy: 'test-bank',
    });

    // Wushan sets 5 working days for the township's review (第十九条): left undone past that, the county is told, once.
    const [{ townshipReviewDue: due }] = (await hub.data(bank, 'query { riskFundClaims(countyCode: "500237") { townshipReviewDue } }')).riskFundClaims;
    // 5 working days from Friday 2025-09-26: Sunday 9-28 (a make-up working day), 9-29, 9-30, then 10-1…10-8 off, 10-9, 10-10.
    expect(due).toBe('2025-10-10');
    const dayAfter = new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await assessRiskFunds(hub.apps, due);
    await assessRiskFunds(hub.apps, dayAfter);
    await assessRiskFunds(hub.apps, dayAfter);
    const finance = await hub.token({ role: 'finance', counties: ['500237'] });
    const alerts = (await hub.data(finance, 'query { financeNotices(countyCode: "500237") { nodes { kind messageZh } } }')).financeNotices.nodes;
    expect(alerts.filter((n: any) => n.messageZh.startsWith('风险补偿申请'))).toEqual([
      { kind: 'RISK_FUND_ALERT', messageZh: `风险补偿申请乡镇初审已逾期：PSBC 2025Q3 申请应于 ${due} 前完成` },
    ]);
    // (PSBC also lends there without any fund: its leverage breach is told each day as well.)
    expect(alerts.filter((n: any) => n.messageZh.startsWith('风险补偿金放大倍数超限'))).toHaveLength(2);
    // 第十三条: all of PSBC's 100,000.00 here is non-performing, 100 % > its target 1.5 % + 2 pp: it may pause lending.
    const position = (await hub.data(finance, 'query { riskFundPositions(countyCode: "500237") { bank { code } nplRate nplTarget pauseLending } }'))
      .riskFundPositions;
    expect(position).toEqual([{ bank: { code: 'PSBC' }, nplRate: '1.00', nplTarget: '0.015', pauseLending: true }]);
    expect(alerts.filter((n: any) => n.messageZh.startsWith('不良率高出年度目标'))).toContainEqual({
      kind: 'RISK_FUND_ALERT',
      messageZh: `不良率高出年度目标超过规定幅度，银行可暂停放贷：PSBC（${due}） 不良率 100.00%，年度目标 1.50%`,
    });

    // Reviewed, then approved by the leading group (another person): from the approval run the 3 working days
    // for the confirmation and the payment voucher (第二十条). The approval is dated for the test (Friday
    // 2025-10-17) and its deadline cleared, as a deadline recorded before its year's arrangement would be:
    // the daily job counts it — Mon 10-20, Tue 10-21, Wed 10-22 — and tells the county once it has passed.
    const reviewer = await hub.token({ role: 'bureau', counties: ['500237'], subject: 'wushan-reviewer' });
    const approver = await hub.token({ role: 'bureau', counties: ['500237'], subject: 'wushan-approver' });
    const step = (name: string) => `mutation($id: ID!) { ${name}(id: $id, accept: true, note: "审定") { status confirmationDue } }`;
    expect((await hub.data(reviewer, step('reviewRiskFundClaim'), { id: filed.id })).reviewRiskFundClaim).toEqual({
      status: 'TOWNSHIP_REVIEWED',
      confirmationDue: null,
    });
    // (Approved today: its deadline depends on today's date and the years recorded, so only the step is checked here.)
    expect((await hub.data(approver, step('approveRiskFundClaim'), { id: filed.id })).approveRiskFundClaim.status).toBe('APPROVED');
    await hub.dataSources.funds.query(`UPDATE funds.risk_fund_claim_events SET at = '2025-10-17 10:00+08' WHERE claim_id = $1 AND step = 'APPROVED'`, [
      filed.id,
    ]);
    await hub.dataSources.funds.query(`UPDATE funds.risk_fund_claims SET confirmation_due = NULL WHERE id = $1`, [filed.id]);
    await assessRiskFunds(hub.apps, '2025-10-22');
    await assessRiskFunds(hub.apps, '2025-10-23');
    const confirmation = (await hub.data(finance, 'query { riskFundClaims(countyCode: "500237") { id confirmationDue } }')).riskFundClaims.find(
      (c: any) => c.id === filed.id,
    );
    expect(confirmation.confirmationDue).toBe('2025-10-22');
    const late = (await hub.data(finance, 'query { financeNotices(countyCode: "500237") { nodes { messageZh } } }')).financeNotices.nodes.filter((n: any) =>
      n.messageZh.startsWith('风险补偿申请补偿确认'),
    );
    expect(late).toEqual([{ messageZh: '风险补偿申请补偿确认已逾期：PSBC 2025Q3 申请应于 2025-10-22 前完成' }]);

    // With the target known, the extended loan is claimed again next quarter: 100 % > 3.5 %, so 第十七条(四) holds:
    // 40,000.00 unpaid, no insurance, the fund 70 % = 28,000.00.
    const next = (await hub.data(bank, file, { input: { countyCode: '500237', quarter: '2025Q4', documents: claimDocuments, loans: [loans[3]] } }))
      .fileRiskFundClaim;
    await hub.dataSources.funds.query(`UPDATE funds.risk_fund_claims SET filed_on = '2025-12-19' WHERE id = $1`, [next.id]);
    await verifyRiskFundClaims(hub.apps);
    const q4 = (await hub.data(bank, claimsQuery)).riskFundClaims.find((c: any) => c.id === next.id);
    expect(q4).toMatchObject({
      status: 'VERIFIED',
      fundPays: '28000.00',
      lines: [{ contractNo: 'PSBC-WS-3', refusal: null, loss: '40000.00', fundPays: '28000.00', bankBears: '12000.00' }],
    });
  });

  it('keeps the figures the rules refer to as data: banks’ posted deposit rates, their NPL targets, each year’s holiday arrangement', async () => {
    const admin = await hub.token({ role: 'admin' });
    const bank = await hub.token({ role: 'bank', bank: 'CQRCB' });
    const finance = await hub.token({ role: 'finance', counties: ['500237'] });
    // Wushan credits the fund at the bank's own demand rate (第十条): with none recorded the check cannot be made,
    // and the movement is refused, nothing posted.
    const move = `mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance interestCheck { basisIssuer basisEffectiveFrom basisRate rate expected difference } } }`;
    const movement = (kind: string, amount: string, reference: string, effectiveDate: string, interestCheck: unknown = null) => ({
      input: { countyCode: '500237', bankCode: 'CQRCB', kind, amount, effectiveDate, reference, interestCheck },
    });
    expect((await hub.data(finance, move, movement('DEPOSIT', '1000000.00', 'WS-GK-0101', '2025-03-21'))).recordRiskFundMovement.balance).toBe('1000000.00');
    const q2 = { periodStart: '2025-03-21', periodEnd: '2025-06-20' };
    const unknown = await hub.query(finance, move, movement('INTEREST', '12.64', 'WS-INT-2025Q2', '2025-06-21', q2));
    expect(unknown.errors?.[0]).toMatchObject({
      message: expect.stringContaining("no CQRCB's posted DEMAND deposit rate is recorded in force on 2025-06-20"),
      extensions: { code: 'RISK_FUND_FIGURE_NOT_RECORDED', field: 'interestCheck.term' },
    });
    const fund = 'query { fundAccounts(countyCode: "500237") { balance bank { code } } }';
    expect((await hub.data(finance, fund)).fundAccounts.find((a: any) => a.bank.code === 'CQRCB').balance).toBe('1000000.00');

    // The bank posts its rates (another bank may not post them for it); the later cut applies from its day.
    const post = 'mutation($input: DepositRateInput!) { recordDepositRate(input: $input) { issuer term effectiveFrom rate } }';
    const rate = (effectiveFrom: string, value: string) => ({
      input: { issuer: 'CQRCB', term: 'DEMAND', effectiveFrom, rate: value, source: '重庆农商行挂牌利率表' },
    });
    expect((await hub.query(await hub.token({ role: 'bank', bank: 'PSBC' }), post, rate('2024-07-25', '0.0015'))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await hub.query(bank, post, { input: { ...rate('2024-07-25', '0.35%').input } })).errors?.[0]).toMatchObject({
      extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'rate' },
    });
    expect((await hub.query(bank, post, { input: { ...rate('2024-07-25', '0.0015').input, issuer: 'PBOC' } })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await hub.data(bank, post, rate('2024-07-25', '0.0015'));
    expect((await hub.data(bank, post, rate('2025-05-20', '0.0005'))).recordDepositRate).toEqual({
      issuer: 'CQRCB',
      term: 'DEMAND',
      effectiveFrom: '2025-05-20',
      rate: '0.0005',
    });
    // A demand deposit earns the rate posted on the settlement day (2025-06-20: 0.05 %): 1,000,000.00 × 92 days
    // (2025-03-21…06-20) × 0.05 % / 360 = 127.777… → 127.78. The bank credited 127.78.
    const checked = (await hub.data(finance, move, movement('INTEREST', '127.78', 'WS-INT-2025Q2', '2025-06-21', q2))).recordRiskFundMovement;
    expect(checked).toEqual({
      balance: '1000127.78',
      interestCheck: { basisIssuer: 'CQRCB', basisEffectiveFrom: '2025-05-20', basisRate: '0.0005', rate: '0.0005', expected: '127.78', difference: '0.00' },
    });
    // Without a bank: the benchmark only (the shipped postings since 2015-10-24).
    expect((await hub.data(finance, 'query { depositRates { issuer term rate } }')).depositRates).toContainEqual({
      issuer: 'PBOC',
      term: 'ONE_YEAR',
      rate: '0.015',
    });
    expect((await hub.data(finance, 'query { depositRates { issuer } }')).depositRates.every((r: any) => r.issuer === 'PBOC')).toBe(true);
    const rates = (await hub.data(finance, 'query { depositRates(bankCode: "CQRCB") { issuer term effectiveFrom rate } }')).depositRates;
    expect(rates.filter((r: any) => r.term === 'DEMAND')).toEqual([
      { issuer: 'CQRCB', term: 'DEMAND', effectiveFrom: '2024-07-25', rate: '0.0015' },
      { issuer: 'CQRCB', term: 'DEMAND', effectiveFrom: '2025-05-20', rate: '0.0005' },
      { issuer: 'PBOC', term: 'DEMAND', effectiveFrom: '2015-10-24', rate: '0.0035' },
    ]);

    // NPL targets: a later record corrects the year's; a bank sees its own only.
    const recordTarget = 'mutation($input: BankNplTargetInput!) { recordBankNplTarget(input: $input) { target } }';
    await hub.data(bank, recordTarget, { input: { bankCode: 'CQRCB', year: 2026, target: '0.02', source: '年度计划' } });
    await hub.data(admin, recordTarget, { input: { bankCode: 'CQRCB', year: 2026, target: '0.018', source: '年度计划（更正）' } });
    const targets = 'query { bankNplTargets(bankCode: "CQRCB") { year target source } }';
    expect((await hub.data(await hub.token({ role: 'regulator' }), targets)).bankNplTargets).toEqual([
      { year: 2026, target: '0.018', source: '年度计划（更正）' },
    ]);
    expect((await hub.query(await hub.token({ role: 'bank', bank: 'ABC' }), targets)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(bank, recordTarget, { input: { bankCode: 'CQRCB', year: 2026, target: '2', source: 'x' } })).errors?.[0]).toMatchObject({
      extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'target' },
    });

    // A claim in a year no holiday arrangement is recorded for: its working-day deadline stays open (never
    // guessed) until an admin records the year, then the daily job fills it.
    const claimBank = await hub.token({ role: 'bank', bank: 'CQRCB' });
    const docs = [
      { kind: 'APPLICATION_REPORT', reference: 'R-1' },
      { kind: 'APPLICATION_FORM', reference: 'F-1' },
    ];
    const filed = (
      await hub.data(claimBank, 'mutation($input: RiskFundClaimInput!) { fileRiskFundClaim(input: $input) { id } }', {
        input: {
          countyCode: '500237',
          quarter: '2031Q1',
          documents: docs,
          loans: [
            {
              contractNo: 'CQRCB-NONE',
              cause: 'FORCE_MAJEURE',
              documents: [
                { kind: 'LOAN_RECEIPT', reference: 'L-1' },
                { kind: 'COLLECTION_NOTICE', reference: 'C-1' },
              ],
            },
          ],
        },
      })
    ).fileRiskFundClaim;
    await hub.dataSources.funds.query(`UPDATE funds.risk_fund_claims SET filed_on = '2031-03-14' WHERE id = $1`, [filed.id]); // a Friday
    await verifyRiskFundClaims(hub.apps);
    const dueOf = async () =>
      (await hub.data(claimBank, 'query { riskFundClaims(countyCode: "500237") { id townshipReviewDue } }')).riskFundClaims.find((c: any) => c.id === filed.id)
        .townshipReviewDue;
    expect(await dueOf()).toBeNull();
    expect((await assessRiskFunds(hub.apps, '2031-03-15')).deadlines).toEqual({ filled: 0, stillOpen: 1 });

    const record =
      'mutation($year: Int!, $a: [HolidayArrangementInput!]!) { recordHolidayArrangements(year: $year, arrangements: $a) { year arrangements { name from to days } } }';
    // A test arrangement, not an official notice: Monday 2031-03-17 and Tuesday 03-18 off.
    const arrangement = {
      name: '测试假日',
      source: 'test arrangement (not a State Council notice)',
      from: '2031-03-17',
      to: '2031-03-18',
      days: 2,
      makeUpWorkdays: [],
    };
    expect((await hub.query(finance, record, { year: 2031, a: [arrangement] })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(admin, record, { year: 2031, a: [{ ...arrangement, days: 3 }] })).errors?.[0]).toMatchObject({
      extensions: { code: 'RISK_FUND_INVALID_CALENDAR', field: 'arrangements[0].days' },
    });
    expect((await hub.query(admin, record, { year: 2031, a: [{ ...arrangement, makeUpWorkdays: ['2031-03-19'] }] })).errors?.[0]).toMatchObject({
      extensions: { code: 'RISK_FUND_INVALID_CALENDAR', field: 'arrangements[0].makeUpWorkdays[0]' },
    });
    expect((await hub.query(admin, record, { year: 2030, a: [arrangement] })).errors?.[0]).toMatchObject({
      extensions: { code: 'RISK_FUND_INVALID_CALENDAR', field: 'arrangements[0]' },
    });
    await hub.data(admin, record, { year: 2031, a: [arrangement] });
    expect((await hub.data(finance, 'query { holidayArrangements { year } }')).holidayArrangements.map((y: any) => y.year)).toEqual([2025, 2026, 2031]);
    // 5 working days from Friday 2031-03-14, with 03-17 and 03-18 off: 19, 20, 21, 24, 25.
    expect((await assessRiskFunds(hub.apps, '2031-03-15')).deadlines).toEqual({ filled: 1, stillOpen: 0 });
    expect(await dueOf()).toBe('2031-03-25');
  });

  it('Wushan’s yearly reward for collection (004 第十三条): the bank declares, the hub assesses with hand-computed figures, the finance bureau decides up to the ceiling, once', async () => {
    const bank = await hub.token({ role: 'bank', bank: 'YNRCC' });
    const households = await listedHouseholds(
      'YNRCC',
      '500237102',
      [0, 1, 2, 3, 4, 5].map((n) => composeResidentId('500237', `197${n}-08-1${n}`, 500 + n)),
    );
    const loan = (
      n: number,
      amount: string,
      contractDate: string,
      maturityDate: string,
      status: string,
      statusDate: string,
      recordVersion = 1,
      annualRate = '0.03',
    ) =>
      reportedLoan(
        households[n],
        { contractNo: `YNRCC-WS-${n}`, recordVersion, amount, interestPayments: [] },
        {
          countyCode: '500237',
          townshipCode: '500237102',
          annualRate,
          termMonths: 12,
          contractDate,
          maturityDate,
          status,
          statusDate,
          outstandingPrincipal: status === 'REPAID' ? '0.00' : amount,
        },
      );
    const report = async (records: unknown[]) => expect(await reportLoans(hub, records, 'YNRCC')).toEqual({ applied: records.length, rejected: [] });
    await report([
      loan(0, '30000.00', '2024-03-01', '2025-03-01', 'DISBURSED', '2024-03-01'),
      loan(1, '20000.00', '2024-06-10', '2025-06-10', 'DISBURSED', '2024-06-10'),
      loan(2, '2000.00', '2024-09-02', '2025-09-02', 'DISBURSED', '2024-09-02'),
      loan(3, '50000.00', '2025-04-01', '2026-04-01', 'DISBURSED', '2025-04-01'),
      loan(4, '48000.00', '2025-05-06', '2026-05-06', 'DISBURSED', '2025-05-06'),
      loan(5, '10000.00', '2025-07-01', '2026-07-01', 'DISBURSED', '2025-07-01', 1, '0.05'), // above the LPR: flagged, not program lending
    ]);
    // Repaid the day before and on the day of maturity; the third fell overdue and was repaid late.
    await report([
      loan(0, '30000.00', '2024-03-01', '2025-03-01', 'REPAID', '2025-02-28', 2),
      loan(1, '20000.00', '2024-06-10', '2025-06-10', 'REPAID', '2025-06-10', 2),
    ]);
    await report([loan(2, '2000.00', '2024-09-02', '2025-09-02', 'OVERDUE', '2025-09-05', 2)]);
    await report([loan(2, '2000.00', '2024-09-02', '2025-09-02', 'REPAID', '2025-10-08', 3)]);

    const declare = 'mutation($input: LendingRewardDeclarationInput!) { declareLendingRewardCollection(input: $input) { status pursuedLoans } }';
    const declaration = (pursuedLoans: number, year = 2025) => ({ input: { countyCode: '500237', year, pursuedLoans, reference: '巫山农信 2025 年催收台账' } });
    // Chuxiong's rules set no reward; a year not over yet is refused; only a bank declares.
    expect((await hub.query(bank, declare, { input: { ...declaration(1).input, countyCode: '532301' } })).errors?.[0]).toMatchObject({
      message: expect.stringContaining('set no lending reward'),
      extensions: { field: 'countyCode' },
    });
    expect((await hub.query(bank, declare, declaration(1, Number(shanghaiDate().slice(0, 4))))).errors?.[0]).toMatchObject({
      extensions: { code: 'RISK_FUND_INVALID_INPUT', field: 'year' },
    });
    const finance = await hub.token({ role: 'finance', counties: ['500237'] });
    expect((await hub.query(finance, declare, declaration(1))).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const rewards = `query { lendingRewards(countyCode: "500237") { bank { code } year status pursuedLoans newLending principalDue repaidByMaturity overdueLoans
      recoveryRate collectionCoverage eligible maxReward unmet awarded awardReference } }`;
    const reward = async (token = finance) => (await hub.data(token, rewards)).lendingRewards.find((r: any) => r.bank.code === 'YNRCC');
    // Declared with the overdue loan not pursued: assessed, not eligible.
    expect((await hub.data(bank, declare, declaration(0))).declareLendingRewardCollection).toEqual({ status: 'DECLARED', pursuedLoans: 0 });
    expect(await assessLendingRewards(hub.apps)).toBe(1);
    expect(await assessLendingRewards(hub.apps)).toBe(0); // assessed once
    // New program lending in 2025: 50,000.00 + 48,000.00 (the flagged 10,000.00 is not program lending);
    // due in 2025: 30,000.00 + 20,000.00 + 2,000.00 = 52,000.00, of which 50,000.00 came back by maturity:
    // 96.1538…% ≥ 95 %; one loan overdue in the year, not pursued: 0 %.
    expect(await reward()).toMatchObject({
      year: 2025,
      status: 'ASSESSED',
      newLending: '98000.00',
      principalDue: '52000.00',
      repaidByMaturity: '50000.00',
      overdueLoans: 1,
      recoveryRate: '0.961538',
      collectionCoverage: '0.00',
      eligible: false,
      maxReward: '0.00',
      unmet: ['collection coverage 0/1 is below 100%'],
    });
    // Declared again, pursued: the ceiling is 1 % of 98,000.00 = 980.00.
    await hub.data(bank, declare, declaration(1));
    await assessLendingRewards(hub.apps);
    expect(await reward()).toMatchObject({ status: 'ASSESSED', collectionCoverage: '1.00', eligible: true, maxReward: '980.00', unmet: [] });
    // More pursued than were overdue is the declaration's mistake, said as such.
    await hub.data(bank, declare, declaration(2));
    await assessLendingRewards(hub.apps);
    expect((await reward()).unmet).toEqual([expect.stringContaining('YNRCC declared 2 loans pursued, but the loans it reported show 1 overdue in 2025')]);
    await hub.data(bank, declare, declaration(1));
    await assessLendingRewards(hub.apps);

    const decide = 'mutation($input: LendingRewardDecisionInput!) { decideLendingReward(input: $input) { status awarded awardReference } }';
    const decision = (amount: string) => ({ input: { countyCode: '500237', bankCode: 'YNRCC', year: 2025, amount, reference: 'WSCZ-2026-017' } });
    expect((await hub.query(bank, decide, decision('980.00'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(finance, decide, decision('980.01'))).errors?.[0]).toMatchObject({
      message: expect.stringContaining('its ceiling is 980.00'),
      extensions: { field: 'amount' },
    });
    expect((await hub.data(finance, decide, decision('980.00'))).decideLendingReward).toEqual({
      status: 'DECIDED',
      awarded: '980.00',
      awardReference: 'WSCZ-2026-017',
    });
    expect((await hub.query(finance, decide, decision('980.00'))).errors?.[0].message).toContain('decided already');
    expect((await hub.query(bank, declare, declaration(1))).errors?.[0].message).toContain('cannot be declared again');
    // A bank sees its own; another bank none; a regulator nothing.
    expect((await reward(bank)).awarded).toBe('980.00');
    expect((await hub.data(await hub.token({ role: 'bank', bank: 'PSBC' }), rewards)).lendingRewards).toEqual([]);
    expect((await hub.query(await hub.token({ role: 'regulator' }), rewards)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('gives regulators monthly aggregates per county and bank, without a name or an ID; bureaus their county; banks their own', async () => {
    // The county's bureau has published a roster of 4 households (the demo county's first four): the
    // coverage of listed households (应贷尽贷) is measured against it.
    const regions = await loadCountyRegions('532301');
    const demo = buildDemoCounty(regions, { households: 4 });
    await hub.apps.households.loadDemo(demo);
    expect((await publishDemoRoster(hub.apps.households, demo))?.number).toBe(1);
    const rows = await computeMonthlyStatistics(hub.apps, '2025-08');
    // One row per county and bank with loans: ABC in 532301; PSBC and YNRCC in 500237.
    const ROWS = 3;
    expect(rows).toBe(ROWS);
    expect(await computeMonthlyStatistics(hub.apps, '2025-08')).toBe(ROWS); // a rerun replaces the month
    const [{ stored }] = await hub.dataSources.loans.query(`SELECT count(*)::int AS stored FROM loans.monthly_statistics WHERE month = '2025-08'`);
    expect(stored).toBe(ROWS);
    const regulator = await hub.token({ role: 'regulator' });
    const query = `query($c: String) { monthlyStatistics(countyCode: $c, from: "2025-08", to: "2025-08") { countyCode month borrowers eligibleHouseholds coverage balance nplRate
      banks { bankCode borrowers borrowerChange abnormalSwing newLoans balance overdueBalance nplBalance nplRate nplTolerancePp maturing6mCount } } }`;
    const all = (await hub.data(regulator, query, { c: null })).monthlyStatistics;
    const county = all.find((c: any) => c.countyCode === '532301');
    // ABC's loans: 50,000 + 40,000 performing; the 10,000 non-performing one was compensated by the fund, so it is
    // off the balance; all from January, maturing in 2027.
    expect(county).toEqual({
      // 2 borrowers of the 4 households the published roster lists: 50 %.
      countyCode: '532301',
      month: '2025-08',
      borrowers: 2,
      eligibleHouseholds: 4,
      coverage: '0.50',
      balance: '90000.00',
      nplRate: '0.00',
      banks: [
        {
          bankCode: 'ABC',
          borrowers: 2,
          borrowerChange: null,
          abnormalSwing: false,
          newLoans: 0,
          balance: '90000.00',
          overdueBalance: '0.00',
          nplBalance: '0.00',
          nplRate: '0.00',
          nplTolerancePp: '3.00',
          maturing6mCount: 0,
        },
      ], // the national 2021 policy's 3 pp
    });
    // Aggregates only: the type has no field that could name a household or a person.
    const { parse } = await import('graphql');
    const supergraph = parse(readFileSync('schema/supergraph.graphql', 'utf8'));
    const type = supergraph.definitions.find((d: any) => d.kind === 'ObjectTypeDefinition' && d.name.value === 'MonthlyBankStatistics') as any;
    const fields: string[] = type.fields.map((f: any) => f.name.value);
    expect(fields).toContain('nplRate');
    expect(fields.filter((name) => /household|name|resident|phone|account|contract/i.test(name))).toEqual([]);

    expect((await hub.query(await hub.token({ role: 'bureau', counties: ['532322'] }), query, { c: '532301' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.data(await hub.token({ role: 'bureau', counties: ['532301'] }), query, { c: '532301' })).monthlyStatistics).toHaveLength(1);
    expect((await hub.data(await hub.token({ role: 'bank', bank: 'PSBC' }), query, { c: '532301' })).monthlyStatistics).toEqual([]);

    // A range given backwards is refused, naming from: it would match no month and read as "no figures".
    const backwards = await hub.query(regulator, 'query { monthlyStatistics(from: "2025-09", to: "2025-08") { month } }');
    expect(backwards.errors?.[0]).toMatchObject({
      message: 'from 2025-09 is after to 2025-08: give the earlier month first',
      extensions: { code: 'BAD_USER_INPUT', field: 'from' },
    });
    expect(backwards.data).toBeNull();
    const backwardsFile = await fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/downloads/monitoring/532301/2025-09/2025-08.xlsx`, {
      headers: { authorization: `Bearer ${regulator}` },
    });
    expect({ status: backwardsFile.status, body: await backwardsFile.json() }).toEqual({
      status: 400,
      body: {
        code: 'BAD_USER_INPUT',
        kind: 'BAD_INPUT',
        field: 'from',
        zh: '输入有误，请按提示修改',
        error: 'from 2025-09 is after to 2025-08: give the earlier month first',
      },
    });

    const xlsx = await fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/downloads/monitoring/532301/2025-08/2025-08.xlsx`, {
      headers: { authorization: `Bearer ${regulator}` },
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const sheet = workbook.getWorksheet('月度监测')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['月份', '县(市、区)代码', '银行', '贷款户数']);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 12)).toEqual(['2025-08', '532301', 'ABC', 2, undefined, '否', 0, 0, 90000, 0, 0]);
  });
});
