/**
 * The banks' console in a real browser (Debian's Chromium, playwright-core) against a test hub
 * holding the demo county as npm start loads it (240 households, its townships shared among ABC,
 * PSBC and the rural cooperative, the roster published and planned into list deliveries, the
 * banks' loans, the 一卡通 accounts and fund accounts), the quarter 2026Q3 computed by an
 * in-process worker with one ABC-issued card among the cooperative's. bank-abc reads its list,
 * its deliveries and what one carried, its loans and their flags, the records the hub rejected and
 * its payout batch, each figure equal to the API's answer for ABC's token; bank-psbc sees a
 * disjoint list and loans on the same screens. ABC files a risk-compensation claim on screen
 * (typed documents), sees the hub refuse a second one in its words, follows it through the hub's
 * check, the bureau's review and approval and the finance bureau's payment, and reports a
 * recovery; each lands in the API. No personal value is on any screen but the one revealed with a
 * reason (audited). Screenshots go to test/browser/screenshots/. Skipped without /usr/bin/chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { shanghaiDate } from '../../common/domain/calendar-date';
import { buildDemoCounty, DEMO_COUNTY, type DemoCounty } from '../../demo/demo-county';
import { publishDemoRoster } from '../../demo/demo-roster';
import type { TestHub } from '../../demo/test-hub';
import { formatFen } from '../../console/src/format';
import { quarterOptions } from '../../console/src/quarters';
import { verifyRiskFundClaims } from '../../queues/src/jobs/risk-fund-jobs';
import type { RunningWorker } from '../../queues/src/worker';
import { luhnCheckDigit } from '../../subgraphs/funds/src/domain/luhn';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { syncBankDirectory } from '../support/bank-directory';
import { consoleMoves, describeInBrowser, openWatchedPage, startBrowserHub } from '../support/browser';
import { reportLoans, until } from '../support/subsidy-hub';
import { startTestWorker } from '../support/test-worker';

jest.setTimeout(240_000);

const QUARTER = '2026Q3';

/** A Luhn-valid card of ABC (its demo prefix 622848). */
const abcCard = (n: number) => {
  const payload = `622848${String(n).padStart(12, '0')}`;
  return payload + luhnCheckDigit(payload);
};

describeInBrowser('the console in a browser, as two banks: 我行名单, 贷款与发放, 风险补偿', () => {
  let hub: TestHub;
  let worker: RunningWorker;
  let browser: Browser;
  let page: Page;
  let demo: DemoCounty;
  const token: Record<string, string> = {};
  const problems: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { signInAs, choose, shot } = consoleMoves(() => page, base);
  const claimQuarter = quarterOptions()[2];
  let claimContract: string;

  /** The texts of one column of a table's rows on screen, once `check` holds of them (tables load as the API answers). */
  const column = async (testId: string, index: number, check: (texts: string[]) => boolean = (t) => t.length > 0): Promise<string[]> =>
    until(
      // The table's own rows, not those of a table in an expanded row.
      () =>
        page
          .getByTestId(testId)
          .evaluate((table, n) => {
            const body = table.querySelector('.ant-table-tbody');
            const rows = body ? [...body.children].filter((row) => row.classList.contains('ant-table-row')) : [];
            return rows.map((row) => (row.children[n - 1] as { innerText?: string } | undefined)?.innerText ?? '');
          }, index)
          .catch(() => [] as string[]),
      check,
      `the ${testId} table`,
    );
  const sameAs = (expected: string[]) => (texts: string[]) => JSON.stringify(texts) === JSON.stringify(expected);

  /** Nothing personal in full anywhere on the page: no ID number, no phone, no full name of three characters or more. */
  const assertMasked = async () => {
    const text = await page.locator('body').innerText();
    for (const h of demo.households) {
      expect(text).not.toContain(h.idNumber);
      if (h.phone) expect(text).not.toContain(h.phone);
      if ([...h.headName].length >= 3) expect(text).not.toContain(h.headName);
    }
  };

  const apiHouseholds = async (bank: string) =>
    (await hub.data(token[bank], '{ households(first: 20) { nodes { householdNo townshipCode } } }')).households.nodes as {
      householdNo: string;
      townshipCode: string;
    }[];
  const apiLoans = async (bank: string) =>
    (await hub.data(token[bank], `{ loans(first: 20, filter: { bankCode: "${bank}" }) { nodes { contractNo subsidizedAmount flags { code } } } }`)).loans
      .nodes as { contractNo: string; subsidizedAmount: string; flags: { code: string }[] }[];

  beforeAll(async () => {
    hub = await startBrowserHub('bank_console_browser');
    demo = buildDemoCounty(await loadCountyRegions(DEMO_COUNTY));
    // As the demo loader does for npm start: each side through its own app.
    await hub.apps.households.loadDemo(demo);
    await publishDemoRoster(hub.apps.households, demo);
    await hub.apps.loans.loadDemo(demo);
    await syncBankDirectory(hub.apps);
    // One borrowing household of an ABC township is paid through an ABC card: ABC gets a payout batch.
    const abcTownships = new Set(demo.assignments.filter((a) => a.bankCode === 'ABC').map((a) => a.townshipCode));
    const abcBorrower = demo.loans.find(
      (l) => l.bankCode === 'ABC' && l.status === 'DISBURSED' && l.interestPayments.some((p) => p.settlementDate === '2026-09-20'),
    )!;
    await hub.apps.funds.loadDemo({
      ...demo,
      accounts: demo.accounts.map((a) => (a.householdId === abcBorrower.householdId ? { ...a, issuingBankCode: 'ABC', accountNumber: abcCard(4242) } : a)),
    });
    expect(abcTownships.has(abcBorrower.townshipCode)).toBe(true);
    await hub.apps.households.listDeliveryPlanner.planPending(shanghaiDate(new Date()));
    for (const bank of ['ABC', 'PSBC']) token[bank] = await hub.token({ role: 'bank', bank, subject: `demo-bank-${bank.toLowerCase()}` });
    token.finance = await hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'demo-finance-chuxiong' });
    token.admin = await hub.token({ role: 'admin' });

    // ABC's non-performing loans in the county: the claim's loan, and enough of them for the 3 % trigger.
    const nplHouseholds = demo.households.filter((h) => abcTownships.has(h.townshipCode) && !demo.loans.some((l) => l.householdId === h.id)).slice(0, 3);
    const npl = nplHouseholds.map((h, i) => ({
      contractNo: `ABC-NPL-${i + 1}`,
      recordVersion: 1,
      householdId: h.id,
      borrowerResidentId: h.idNumber,
      countyCode: DEMO_COUNTY,
      townshipCode: h.townshipCode,
      amount: '50000.00',
      annualRate: '0.0345',
      termMonths: 24,
      contractDate: '2024-03-10',
      maturityDate: '2026-03-10',
      purposeCategory: 'BREEDING',
      status: 'NPL',
      statusDate: '2026-06-30',
      outstandingPrincipal: '40000.00',
      interestPayments: [],
    }));
    const reported = await reportLoans(hub, npl, 'ABC');
    expect(reported.rejected).toEqual([]);
    claimContract = npl[0].contractNo;
    // A record the hub rejects: a borrower not on ABC's list.
    const stranger = demo.households.find((h) => !abcTownships.has(h.townshipCode))!;
    const rejected = await reportLoans(
      hub,
      [{ ...npl[0], contractNo: 'ABC-STRANGER-1', householdId: stranger.id, borrowerResidentId: stranger.idNumber, townshipCode: stranger.townshipCode }],
      'ABC',
    );
    expect(rejected.rejected.map((r) => r.code)).toEqual(['NOT_ON_LIST']);

    worker = await startTestWorker(hub, ['subsidy']);
    await hub.data(token.finance, `mutation { computeSubsidyQuarter(countyCode: "${DEMO_COUNTY}", quarter: "${QUARTER}") { id } }`);
    await until(
      () => hub.data(token.admin, '{ bankPayoutBatches(bankCode: "ABC") { nodes { id } } }'),
      (d) => d.bankPayoutBatches.nodes.length === 1,
      "ABC's payout batch drafted",
    );
    ({ browser, page } = await openWatchedPage(problems));
  }, 200_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close().catch(() => undefined);
    await hub?.close();
  });

  it("bank-abc sees its own townships' list, masked, as the API gives ABC; filtering by township narrows it on the server", async () => {
    await signInAs('bank-abc');
    await page.getByRole('menuitem', { name: '我行名单' }).click();
    const api = await apiHouseholds('ABC');
    const abcTownships = demo.assignments.filter((a) => a.bankCode === 'ABC').map((a) => a.townshipCode);
    expect(api.length).toBe(20);
    expect(api.every((h) => abcTownships.includes(h.townshipCode))).toBe(true);
    expect(await column('bank-households', 1, sameAs(api.map((h) => h.householdNo)))).toEqual(api.map((h) => h.householdNo));
    // Masked as the API gives it: surname + *, first 3 and last 4 of the ID.
    const names = await column('bank-households', 2);
    expect(names.every((n) => /^\S\*$/.test(n))).toBe(true);
    expect((await column('bank-households', 3)).every((id) => /^\d{3}\*{11}[\dX]{4}$/.test(id))).toBe(true);
    const townships = await page.getByTestId('bank-townships').innerText();
    for (const code of abcTownships) expect(townships).toContain(code);
    await assertMasked();
    await shot('bank-01-list');

    // One township, on the server: the API's answer for the same filter.
    const township = abcTownships[1];
    const name = demo.regions.find((r) => r.code === township)!.name;
    await choose('bank-filter-township', name);
    const filtered = (
      await hub.data(token.ABC, `{ households(first: 20, filter: { townshipCode: "${township}" }) { nodes { householdNo } } }`)
    ).households.nodes.map((h: { householdNo: string }) => h.householdNo);
    expect(await column('bank-households', 1, sameAs(filtered))).toEqual(filtered);
  });

  it('bank-abc reads its list deliveries and what the first one carried, as the API says', async () => {
    const deliveries = (
      await hub.data(
        token.ABC,
        '{ listDeliveries(first: 10, filter: { bankCode: "ABC" }) { nodes { id sequence upserts items(first: 10) { nodes { householdNo } } } } }',
      )
    ).listDeliveries.nodes as { id: string; sequence: number; upserts: number; items: { nodes: { householdNo: string }[] } }[];
    expect(deliveries.length).toBeGreaterThan(0);
    expect(await column('bank-deliveries', 2, sameAs(deliveries.map((d) => String(d.sequence))))).toEqual(deliveries.map((d) => String(d.sequence)));
    await page.getByTestId('bank-deliveries').locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    const first = deliveries[0];
    const carried = first.items.nodes.map((i) => i.householdNo);
    expect(await column(`bank-delivery-items-${first.sequence}`, 2, sameAs(carried))).toEqual(carried);
    await assertMasked();
    await page.getByTestId(`bank-delivery-items-${first.sequence}`).scrollIntoViewIfNeeded();
    await shot('bank-02-delivery');
  });

  it("bank-abc reads its loans with their flags and subsidized part, the hub's rejection, and its payout batch with its instruction", async () => {
    await page.getByRole('menuitem', { name: '贷款与发放' }).click();
    const loans = await apiLoans('ABC');
    expect(loans.every((l) => l.contractNo.startsWith('ABC-'))).toBe(true);
    expect(await column('bank-loans', 2, sameAs(loans.map((l) => l.contractNo)))).toEqual(loans.map((l) => l.contractNo));
    const subsidized = await column('bank-loans', 8);
    expect(subsidized).toEqual(loans.map((l) => formatFen(l.subsidizedAmount)));

    // Flagged only, on the server: every row's flags as the API gives them, each with its policy text.
    await choose('bank-loan-filter-flagged', '仅不符合的');
    const flagged = (
      await hub.data(
        token.ABC,
        '{ loans(first: 20, filter: { bankCode: "ABC", flagged: true }) { nodes { contractNo policyVersionId flags { code messageZh source } } } }',
      )
    ).loans.nodes as { contractNo: string; policyVersionId: string | null; flags: { code: string; messageZh: string; source: string }[] }[];
    expect(flagged.length).toBeGreaterThan(0);
    expect(await column('bank-loans', 2, sameAs(flagged.map((l) => l.contractNo)))).toEqual(flagged.map((l) => l.contractNo));
    const flagCells = await column('bank-loans', 9);
    flagged.forEach((loan, i) => loan.flags.forEach((f) => expect(flagCells[i]).toContain(f.code)));
    await page.getByTestId('bank-loans').locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
    const detail = await page.getByTestId(`bank-loan-detail-${flagged[0].contractNo}`).innerText();
    expect(detail).toContain(flagged[0].flags[0].messageZh);
    expect(detail).toContain(flagged[0].flags[0].source);
    if (flagged[0].policyVersionId) expect(detail).toContain(flagged[0].policyVersionId);
    await shot('bank-03-loans');

    expect(await column('bank-rejections', 2, (t) => t.includes('ABC-STRANGER-1'))).toContain('ABC-STRANGER-1');
    expect(await page.getByTestId('bank-rejections').innerText()).toContain('借款人不在本行名单上 (NOT_ON_LIST)');

    const batch = (
      await hub.data(
        token.ABC,
        '{ bankPayoutBatches(bankCode: "ABC") { nodes { quarter totalAmount instructionPage(first: 10) { nodes { contractNo accountNumber amount } } } } }',
      )
    ).bankPayoutBatches.nodes[0];
    expect(await column('bank-payout-batches', 3, sameAs([QUARTER]))).toEqual([QUARTER]);
    expect(await column('bank-payout-batches', 6)).toEqual([formatFen(batch.totalAmount)]);
    await page.getByTestId('bank-payout-batches').locator('.ant-table-row-expand-icon').first().click();
    const line = batch.instructionPage.nodes[0];
    expect(await column('bank-instructions', 2, sameAs([line.contractNo]))).toEqual([line.contractNo]);
    expect(await column('bank-instructions', 3)).toEqual([line.accountNumber]);
    expect(line.accountNumber).not.toContain(abcCard(4242).slice(6, 12));
    await assertMasked();
    await page.getByTestId('bank-payout-batches').scrollIntoViewIfNeeded();
    await shot('bank-04-payouts');
  });

  it('bank-psbc sees a disjoint list and loans on the same screens, as the API gives PSBC', async () => {
    const abcHouseholds = (await apiHouseholds('ABC')).map((h) => h.householdNo);
    const abcLoans = (await apiLoans('ABC')).map((l) => l.contractNo);
    await signInAs('bank-psbc');
    await page.getByRole('menuitem', { name: '我行名单' }).click();
    const households = (await apiHouseholds('PSBC')).map((h) => h.householdNo);
    expect(households.length).toBeGreaterThan(0);
    const onScreen = await column('bank-households', 1, sameAs(households));
    expect(onScreen).toEqual(households);
    expect(onScreen.filter((no) => abcHouseholds.includes(no))).toEqual([]);
    await assertMasked();
    await page.getByRole('menuitem', { name: '贷款与发放' }).click();
    const loans = (await apiLoans('PSBC')).map((l) => l.contractNo);
    expect(loans.length).toBeGreaterThan(0);
    const loansOnScreen = await column('bank-loans', 2, sameAs(loans));
    expect(loansOnScreen).toEqual(loans);
    expect(loansOnScreen.filter((c) => abcLoans.includes(c))).toEqual([]);
    // PSBC issued no card of the quarter: no batch of ABC's shows.
    expect(await page.getByTestId('bank-payout-batches').locator('tbody tr.ant-table-row').count()).toBe(0);
    await assertMasked();
  });

  it('bank-abc files a claim on screen with typed documents; the hub refuses a second in its words; both as the API says', async () => {
    await signInAs('bank-abc');
    await page.getByRole('menuitem', { name: '风险补偿' }).click();
    await page.getByTestId('bank-claim-file').click();
    await page.getByTestId('bank-claim-doc-add').click();
    await choose('bank-claim-doc-kind-0', '申请划拨风险补偿金报告');
    await page.getByTestId('bank-claim-doc-reference-0').fill('农银楚发〔2026〕12号');
    const contract = page.getByTestId('bank-claim-contract-0');
    await ((await contract.evaluate((el) => el.tagName)) === 'INPUT' ? contract : contract.locator('input')).fill(claimContract);
    await page.keyboard.press('Escape');
    await page.getByTestId('bank-claim-loan-0-doc-add').click();
    await choose('bank-claim-loan-0-doc-kind-0', '借款借据（复印件）');
    await page.getByTestId('bank-claim-loan-0-doc-reference-0').fill(`借据 ${claimContract}`);
    await page.getByTestId('bank-claim-loan-0-doc-add').click();
    await choose('bank-claim-loan-0-doc-kind-1', '催收通知书');
    await page.getByTestId('bank-claim-loan-0-doc-reference-1').fill('催收 3 次');
    await shot('bank-05-file-claim');
    await page.getByTestId('bank-claim-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });

    const claims = async () =>
      (
        await hub.data(
          token.ABC,
          `{ riskFundClaims(countyCode: "${DEMO_COUNTY}") { id quarter status fundPays rejectionReason documents { kind reference } lines { contractNo refusal documents { kind reference } } recoveries { reference recovered returnToFund } } }`,
        )
      ).riskFundClaims;
    const [filed] = await claims();
    expect(filed).toMatchObject({
      quarter: claimQuarter,
      status: 'FILED',
      documents: [{ kind: 'APPLICATION_REPORT', reference: '农银楚发〔2026〕12号' }],
      lines: [
        {
          contractNo: claimContract,
          documents: [
            { kind: 'LOAN_RECEIPT', reference: `借据 ${claimContract}` },
            { kind: 'COLLECTION_NOTICE', reference: '催收 3 次' },
          ],
        },
      ],
    });
    expect(await column('bank-claims', 2, sameAs([claimQuarter]))).toEqual([claimQuarter]);
    expect(await column('bank-claims', 3)).toEqual(['已提交']);

    // The same quarter again: the hub refuses it, and the page says so in the hub's words.
    await page.getByTestId('bank-claim-file').click();
    const contractAgain = page.getByTestId('bank-claim-contract-0');
    await ((await contractAgain.evaluate((el) => el.tagName)) === 'INPUT' ? contractAgain : contractAgain.locator('input')).fill(claimContract);
    await page.keyboard.press('Escape');
    await page.getByTestId('bank-claim-submit').click();
    const refusal = await page.locator('.ant-modal').getByTestId('hub-error').first().innerText();
    const api = await hub.query(token.ABC, 'mutation($i: RiskFundClaimInput!) { fileRiskFundClaim(input: $i) { id } }', {
      i: { countyCode: DEMO_COUNTY, quarter: claimQuarter, loans: [{ contractNo: claimContract, documents: [] }] },
    });
    expect(api.errors?.[0]?.extensions?.code).toBeTruthy();
    expect(refusal).toContain(api.errors![0].extensions!.code as string);
    await shot('bank-07-claim-refused');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    expect((await claims()).length).toBe(1);
  });

  it("bank-abc follows its claim through the hub's check, review, approval and payment, and reports a recovery that lands in the API", async () => {
    await verifyRiskFundClaims(hub.apps);
    const claimOf = async () =>
      (
        await hub.data(
          token.ABC,
          `{ riskFundClaims(countyCode: "${DEMO_COUNTY}") { id status fundPays rejectionReason lines { contractNo refusal fundPays } recoveries { contractNo reference recovered returnToFund } } }`,
        )
      ).riskFundClaims[0];
    const checked = await claimOf();
    expect(checked.status).toBe('VERIFIED');
    expect(checked.lines).toEqual([{ contractNo: claimContract, refusal: null, fundPays: expect.any(String) }]);
    const reviewer = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY], subject: 'bureau-reviewer' });
    const approver = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY], subject: 'bureau-approver' });
    await hub.data(reviewer, 'mutation($id: ID!) { reviewRiskFundClaim(id: $id, accept: true, note: "材料齐全") { status } }', { id: checked.id });
    await hub.data(approver, 'mutation($id: ID!) { approveRiskFundClaim(id: $id, accept: true, note: "同意") { status } }', { id: checked.id });
    await hub.data(token.finance, 'mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { balance } }', {
      input: { countyCode: DEMO_COUNTY, bankCode: 'ABC', kind: 'DEPOSIT', amount: '500000.00', effectiveDate: '2026-01-05', reference: 'GK-ABC-2026' },
    });
    await hub.data(token.finance, 'mutation($id: ID!) { payRiskFundClaim(id: $id) { status } }', { id: checked.id });

    await page.getByTestId('bank-claim-refresh').click();
    expect(await column('bank-claims', 3, sameAs(['已拨付']))).toEqual(['已拨付']);
    expect(await column('bank-claims', 6)).toEqual([formatFen(checked.fundPays)]);
    await page.getByTestId('bank-claims').locator('.ant-table-row-expand-icon').first().click();
    const detail = await page.getByTestId(`bank-claim-detail-${claimQuarter}`).innerText();
    for (const step of ['已提交', '平台已核对', '已审核', '已审批', '已拨付', 'bureau-reviewer', 'bureau-approver', '材料齐全']) expect(detail).toContain(step);
    await shot('bank-06-claim-paid');
    // Filtered on the server by status: none rejected, the one paid.
    await choose('bank-claim-filter-status', '未通过');
    await until(
      () => column('bank-claims', 2, () => true),
      (rows) => rows.length === 0,
      'no rejected claim',
    );
    await choose('bank-claim-filter-status', '已拨付');
    expect(await column('bank-claims', 2, sameAs([claimQuarter]))).toEqual([claimQuarter]);

    await page.getByTestId(`bank-claim-recover-${claimQuarter}`).click();
    await page.getByTestId('bank-recovery-amount').fill('1000.20');
    await page.getByTestId('bank-recovery-received').fill(shanghaiDate(new Date()));
    await page.getByTestId('bank-recovery-reference').fill('RET-ABC-0001');
    await page.getByTestId('bank-recovery-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    const recovered = (await claimOf()).recoveries;
    expect(recovered).toEqual([{ contractNo: claimContract, reference: 'RET-ABC-0001', recovered: '1000.20', returnToFund: expect.any(String) }]);
    const recoveries = await until(
      () =>
        page
          .getByTestId('bank-claim-recoveries')
          .innerText()
          .catch(() => ''),
      (text) => text.includes('RET-ABC-0001'),
      'the recovery on screen',
    );
    expect(recoveries).toContain(formatFen(recovered[0].returnToFund));
    await assertMasked();
  });

  it('bank-abc reveals one phone with a reason: the value the hub holds, the read audited for the county', async () => {
    await page.getByRole('menuitem', { name: '我行名单' }).click();
    const [first] = await apiHouseholds('ABC');
    const household = demo.households.find((h) => h.householdNo === first.householdNo)!;
    await page.getByTestId(`bank-reveal-${household.householdNo}`).click();
    await page.getByTestId('bank-reveal-field-phone').click();
    await page.getByTestId('bank-reveal-reason').fill('核对贷款申请人联系电话');
    await page.getByTestId('bank-reveal-submit').click();
    expect(await page.getByTestId('bank-revealed-value').innerText()).toBe(household.phone);
    const trail = (
      await hub.data(
        token.admin,
        `{ piiAccesses(countyCode: "${DEMO_COUNTY}", householdId: "${household.id}", first: 1) { nodes { field reason subject role } } }`,
      )
    ).piiAccesses.nodes;
    expect(trail).toEqual([{ field: 'phone', reason: '核对贷款申请人联系电话', subject: 'demo-bank-abc', role: 'bank' }]);
    await page.getByTestId('bank-reveal-close').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    // Closed, nothing unmasked stays on the page.
    await assertMasked();
  });

  it('shows every bank page in English with no word left as its key', async () => {
    await page.getByTestId('language-switch').click();
    for (const [menu, table] of [
      ['Our beneficiary list', 'bank-households'],
      ['Loans and payouts', 'bank-loans'],
      ['Risk compensation', 'bank-claims'],
    ]) {
      await page.getByRole('menuitem', { name: menu }).click();
      await column(table, 2);
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/\bbk[A-Z][A-Za-z_]*/);
      await assertMasked();
    }
    await page
      .locator('.ant-spin-blur')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await shot('bank-08-claims-en');
    await page.getByTestId('language-switch').click();
  });

  it('logged no errors on any page', () => {
    expect(problems).toEqual([]);
  });
});
