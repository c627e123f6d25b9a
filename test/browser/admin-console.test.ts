/**
 * The admin's pages in a real browser (Debian's Chromium, playwright-core) against a test hub
 * with the demo county: an admin registers a bank on 银行管理 (the table as the API lists it, a
 * second registration of its code refused in the hub's words), the bureau assigns it a township
 * on 分片包干, and that bank's user then gets that township's households (through the API, and on
 * 我行名单 when that page shows them); an admin retires a bank after confirming; on 政策参数 an
 * admin records an LPR fixing effective today and sees it marked in force today as the API answers,
 * one of a later date in force from that date on, a clashing one refused in the hub's words, and
 * the loan policy and risk-fund timelines mark what the hub applies to the county. Screenshots go
 * to test/browser/screenshots/. Skipped, saying so, without /usr/bin/chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO_COUNTY, buildDemoCounty } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import { syncBankDirectory } from '../support/bank-directory';
import { consoleMoves, openWatchedPage, describeInBrowser, startBrowserHub } from '../support/browser';
import { loadKnownDemoHouseholds } from '../support/household-directory';

jest.setTimeout(180_000);

const NEW_BANK = {
  code: 'CXRCB',
  name: '楚雄农村商业银行',
  nameEn: 'Chuxiong Rural Commercial Bank',
  cardPrefixes: ['62317701'],
  connectorUrl: 'https://connector.cxrcb.example.cn/huinong',
  credentialRef: 'CXRCB_CONNECTOR_TOKEN',
};

/** Today and another day in Asia/Shanghai, YYYY-MM-DD. */
const chinaDay = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });

describeInBrowser('the admin console in a browser: 银行管理, 政策参数', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let admin: string;
  const problems: string[] = [];
  const base = () => hub.gatewayUrl.replace(/\/graphql$/, '');
  const { signInAs, choose, confirm, shot } = consoleMoves(() => page, base);
  let demo: ReturnType<typeof buildDemoCounty>;

  beforeAll(async () => {
    hub = await startBrowserHub('admin_console_browser');
    ({ demo } = await loadKnownDemoHouseholds(hub, 12));
    admin = await hub.token({ role: 'admin', subject: 'admin-test' });
    ({ browser, page } = await openWatchedPage(problems));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const bankRow = (code: string) => page.getByTestId('banks').locator(`tbody tr[data-row-key="${code}"]`);
  /** The codes of the banks' rows on screen (not the rows of an opened audit trail). */
  const bankCodesShown = () =>
    page
      .getByTestId('banks')
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.filter((tr) => !tr.closest('[data-testid^="bank-changes-"]')).map((tr) => tr.getAttribute('data-row-key')));

  it('an admin registers a bank on screen; the table shows it as the API lists it; its code again is refused in the hub’s words', async () => {
    await signInAs('admin');
    await page.getByRole('menuitem', { name: '银行管理' }).click();
    await bankRow('ABC').waitFor();
    await page.getByTestId('register-bank').click();
    await page.getByTestId('bank-form-code').fill(NEW_BANK.code);
    await page.getByTestId('bank-form-name').fill(NEW_BANK.name);
    await page.getByTestId('bank-form-name-en').fill(NEW_BANK.nameEn);
    await page.getByTestId('bank-form-prefixes').locator('input').fill(NEW_BANK.cardPrefixes[0]);
    await page.keyboard.press('Enter');
    await choose('bank-form-counties', '楚雄市');
    await page.keyboard.press('Escape'); // a multiple select stays open after a choice
    await page.getByTestId('bank-form-connector').fill(NEW_BANK.connectorUrl);
    await page.getByTestId('bank-form-credential').fill(NEW_BANK.credentialRef);
    await shot('admin-banks-register');
    await page.getByTestId('bank-form-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });

    const listed = await hub.data(
      admin,
      '{ registeredBanks(filter: { search: "CXRCB" }) { nodes { code name nameEn cardPrefixes countyCodes connectorUrl credentialRef retired } } }',
    );
    expect(listed.registeredBanks.nodes).toEqual([{ ...NEW_BANK, countyCodes: [DEMO_COUNTY], retired: false }]);
    const row = bankRow(NEW_BANK.code);
    await row.waitFor();
    const text = await row.innerText();
    for (const shown of [
      NEW_BANK.code,
      NEW_BANK.name,
      NEW_BANK.nameEn,
      NEW_BANK.cardPrefixes[0],
      `楚雄市（${DEMO_COUNTY}）`,
      NEW_BANK.connectorUrl,
      NEW_BANK.credentialRef,
      '在用',
    ])
      expect(text).toContain(shown);
    // Its audit trail: registered by the admin signed in.
    await row.locator('.ant-table-row-expand-icon').click();
    const changes = page.getByTestId(`bank-changes-${NEW_BANK.code}`);
    await changes.waitFor();
    expect(await changes.innerText()).toContain('登记');

    // Filtered on the server: the search finds it alone.
    await page.getByTestId('bank-search').locator('input').fill('农村商业');
    await page.getByTestId('bank-search').locator('input').press('Enter');
    await page.getByTestId('banks').locator('tbody tr[data-row-key="ABC"]').waitFor({ state: 'detached' });
    expect(await bankCodesShown()).toEqual([NEW_BANK.code]);
    await shot('admin-banks-list');

    // The same code again: the hub's refusal, in its Chinese words, with its code.
    const refusal = await hub.query(admin, 'mutation($input: RegisterBankInput!) { registerBank(input: $input) { code } }', {
      input: { ...NEW_BANK, countyCodes: [DEMO_COUNTY] },
    });
    const expected = refusal.errors![0].extensions as { code: string; zh: string };
    expect(expected.code).toBe('BANK_ALREADY_REGISTERED');
    await page.getByTestId('register-bank').click();
    await page.getByTestId('bank-form-code').fill(NEW_BANK.code);
    await page.getByTestId('bank-form-name').fill(NEW_BANK.name);
    await page.getByTestId('bank-form-name-en').fill(NEW_BANK.nameEn);
    await page.getByTestId('bank-form-submit').click();
    const alert = page.locator('.ant-modal').getByTestId('hub-error');
    await alert.waitFor();
    const said = await alert.innerText();
    expect(said).toContain(expected.zh);
    expect(said).toContain('BANK_ALREADY_REGISTERED');
    await shot('admin-banks-refused');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
  });

  it('the bureau assigns the new bank a township on 分片包干, and the bank’s user then gets that township’s households', async () => {
    // A test hub has no worker: the households side learns of the registered bank when the directory job runs.
    await syncBankDirectory(hub.apps);
    const township = demo.households[0].townshipCode;
    const today = chinaDay();
    await signInAs('bureau');
    await page.getByRole('menuitem', { name: '分片包干' }).click();
    await page.getByTestId(`reassign-${township}`).click();
    await choose('reassign-bank', NEW_BANK.code);
    await page.getByTestId('reassign-from').fill(today);
    await page.getByTestId('reassign-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await page.getByTestId('assignments').locator('tbody tr', { hasText: township }).filter({ hasText: NEW_BANK.name }).waitFor();

    // Through the API: the new bank's token sees exactly that township's households.
    const bank = await hub.token({ role: 'bank', bank: NEW_BANK.code });
    const query = 'query($f: HouseholdFilter) { households(first: 100, filter: $f) { nodes { id townshipCode } } }';
    const seen = (await hub.data(bank, query, {})).households.nodes as { id: string; townshipCode: string }[];
    const expected = demo.households.filter((h) => h.townshipCode === township).map((h) => h.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(seen.map((h) => h.id).sort()).toEqual([...expected].sort());
    expect(new Set(seen.map((h) => h.townshipCode))).toEqual(new Set([township]));

    // On screen, as that bank's user (a minted token in the tab's session, as console/src/session.ts keeps it).
    const session = {
      token: bank,
      kind: 'dev',
      user: { id: 'bank-cxrcb', role: 'bank', subject: 'bank-cxrcb', bank: NEW_BANK.code, label: NEW_BANK.name, labelEn: NEW_BANK.nameEn },
    };
    await page.goto(`${base()}/console/`);
    await page.evaluate(`window.sessionStorage.setItem('huinong-console-session', ${JSON.stringify(JSON.stringify(session))})`);
    await page.goto(`${base()}/console/bank/list`);
    await page.getByTestId('signed-in-as').waitFor();
    const rows = page.getByTestId('bank-households').locator('tbody tr.ant-table-row');
    // 我行名单 is another engineer's page in progress: checked when it lists households.
    const shows = await rows
      .first()
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (shows) {
      const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')));
      expect(keys.sort()).toEqual([...expected].sort());
      await shot('admin-bank-sees-township');
    } else process.stderr.write('\n我行名单 showed no households rows (the page is not finished): checked through the API only\n');
  });

  it('an admin retires a bank after confirming; the table and the API show it retired', async () => {
    const registered = await hub.query(admin, 'mutation($input: RegisterBankInput!) { registerBank(input: $input) { code } }', {
      input: { code: 'ZRETIRE', name: '待停用村镇银行', nameEn: 'Village Bank To Retire', cardPrefixes: [], countyCodes: [DEMO_COUNTY] },
    });
    expect(registered.errors).toBeUndefined();
    await signInAs('admin');
    await page.getByRole('menuitem', { name: '银行管理' }).click();
    await page.getByTestId('retire-bank-ZRETIRE').click();
    await page.locator('.ant-modal-confirm').getByTestId('retire-reason').fill('并入楚雄农商行');
    await shot('admin-banks-retire-confirm');
    await confirm(/停\s*用/);
    await bankRow('ZRETIRE').filter({ hasText: '已停用' }).waitFor();
    const listed = await hub.data(admin, '{ registeredBanks(filter: { search: "ZRETIRE" }) { nodes { retired changes { action reason } } } }');
    expect(listed.registeredBanks.nodes[0]).toMatchObject({
      retired: true,
      changes: [{ action: 'REGISTERED' }, { action: 'RETIRED', reason: '并入楚雄农商行' }],
    });
    expect(await page.getByTestId('retire-bank-ZRETIRE').count()).toBe(0); // nothing to do with a retired bank
    // Filtered by status on the server: the retired one only.
    await choose('bank-filter-status', '已停用');
    await bankRow('ABC').waitFor({ state: 'detached' });
    expect(await bankCodesShown()).toEqual(['ZRETIRE']);
  });

  it('an admin changes a bank’s connector and card prefixes on screen; a prefix another bank issues is refused in the hub’s words', async () => {
    await page.getByTestId('bank-filter-status').locator('.ant-select-clear').click({ force: true });
    await bankRow(NEW_BANK.code).waitFor();
    await page.getByTestId(`update-bank-${NEW_BANK.code}`).click();
    await page.getByTestId('bank-form-connector').fill('https://connector2.cxrcb.example.cn/huinong');
    await page.getByTestId('bank-form-prefixes').locator('input').fill('62317702');
    await page.keyboard.press('Enter');
    await page.getByTestId('bank-form-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await bankRow(NEW_BANK.code).filter({ hasText: 'connector2.cxrcb' }).waitFor();
    const listed = await hub.data(
      admin,
      '{ registeredBanks(filter: { search: "CXRCB" }) { nodes { cardPrefixes connectorUrl changes { action changesJson } } } }',
    );
    const bank = listed.registeredBanks.nodes[0];
    expect(bank).toMatchObject({ cardPrefixes: ['62317701', '62317702'], connectorUrl: 'https://connector2.cxrcb.example.cn/huinong' });
    expect(bank.changes.map((c: { action: string }) => c.action)).toEqual(['REGISTERED', 'UPDATED']);
    expect(Object.keys(JSON.parse(bank.changes[1].changesJson)).sort()).toEqual(['cardPrefixes', 'connectorUrl']);
    expect(await bankRow(NEW_BANK.code).innerText()).toContain('62317702');

    // ABC's prefix: the hub refuses, and says so in its words.
    const refusal = await hub.query(admin, 'mutation { updateBank(code: "CXRCB", input: { cardPrefixes: ["62317701", "622848"] }) { code } }');
    const expected = refusal.errors![0].extensions as { code: string; zh?: string };
    await page.getByTestId(`update-bank-${NEW_BANK.code}`).click();
    await page.getByTestId('bank-form-prefixes').locator('input').fill('622848');
    await page.keyboard.press('Enter');
    await page.getByTestId('bank-form-submit').click();
    const alert = page.locator('.ant-modal').getByTestId('hub-error');
    await alert.waitFor();
    const said = await alert.innerText();
    expect(said).toContain(expected.zh ?? refusal.errors![0].message);
    expect(said).toContain(expected.code);
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    expect(
      (await hub.data(admin, '{ registeredBanks(filter: { search: "CXRCB" }) { nodes { cardPrefixes } } }')).registeredBanks.nodes[0].cardPrefixes,
    ).toEqual(['62317701', '62317702']);
  });

  it('an admin records an LPR fixing effective today: in force today on the page as the API answers; a later one from its own date; a clash refused in the hub’s words', async () => {
    const today = chinaDay();
    await page.getByRole('menuitem', { name: '政策参数' }).click();
    await page.getByTestId('lpr-fixings').locator('tbody tr').first().waitFor();
    const before = (await hub.data(admin, '{ lprFixingInForce { effectiveDate } }')).lprFixingInForce.effectiveDate;
    await page
      .getByTestId(`lpr-state-${before}`)
      .filter({ hasText: `${today} 生效中` })
      .waitFor();

    await page.getByTestId('record-lpr').click();
    await page.getByTestId('lpr-form-date').fill(today);
    await page.getByTestId('lpr-form-one-year').fill('2.95');
    await page.getByTestId('lpr-form-five-year').fill('3.45');
    await page.getByTestId('lpr-form-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });

    const inForce = (await hub.data(admin, '{ lprFixingInForce { effectiveDate oneYear fiveYearPlus source } }')).lprFixingInForce;
    expect(inForce).toEqual({ effectiveDate: today, oneYear: '0.0295', fiveYearPlus: '0.0345', source: 'mutation' });
    const todays = page.getByTestId(`lpr-state-${today}`);
    await todays.filter({ hasText: `${today} 生效中` }).waitFor();
    await page.getByTestId(`lpr-state-${before}`).filter({ hasText: '已失效' }).waitFor();
    expect(await page.getByTestId('lpr-in-force').innerText()).toContain(`${today} 生效的是 ${today} 公布的报价`);
    const row = await page.getByTestId('lpr-fixings').locator(`tbody tr[data-row-key="${today}"]`).innerText();
    expect(row).toContain('2.95%');
    expect(row).toContain('3.45%');
    expect(row).toContain('管理员录入');
    await shot('admin-policy-lpr-today');

    // A fixing of a later date: not yet in force today; in force when the page is asked for its date, as the API answers for it.
    const later = chinaDay(40);
    await page.getByTestId('record-lpr').click();
    await page.getByTestId('lpr-form-date').fill(later);
    await page.getByTestId('lpr-form-one-year').fill('2.90');
    await page.getByTestId('lpr-form-five-year').fill('3.40');
    await page.getByTestId('lpr-form-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await page.getByTestId(`lpr-state-${later}`).filter({ hasText: '尚未生效' }).waitFor();
    await todays.filter({ hasText: `${today} 生效中` }).waitFor();
    const onLater = (await hub.data(admin, 'query($on: String) { lprFixingInForce(on: $on) { effectiveDate } }', { on: later })).lprFixingInForce;
    expect(onLater.effectiveDate).toBe(later);
    await page.getByTestId('policy-as-of').fill(later);
    await page
      .getByTestId(`lpr-state-${later}`)
      .filter({ hasText: `${later} 生效中` })
      .waitFor();
    await page.getByTestId(`lpr-state-${today}`).filter({ hasText: '已失效' }).waitFor();
    await page.getByTestId('policy-today').click();
    await todays.filter({ hasText: `${today} 生效中` }).waitFor();

    // Today's date again with other rates: history is not rewritten, the hub refuses in its words.
    const refusal = await hub.query(admin, 'mutation($f: [LprFixingInput!]!) { recordLprFixings(fixings: $f) { added } }', {
      f: [{ effectiveDate: today, oneYear: '0.0299', fiveYearPlus: '0.0345' }],
    });
    const expected = refusal.errors![0].extensions as { code: string; zh?: string };
    expect(expected.code).toBe('POLICY_VERSION_CONFLICT');
    await page.getByTestId('record-lpr').click();
    await page.getByTestId('lpr-form-date').fill(today);
    await page.getByTestId('lpr-form-one-year').fill('2.99');
    await page.getByTestId('lpr-form-five-year').fill('3.45');
    await page.getByTestId('lpr-form-submit').click();
    const alert = page.locator('.ant-modal').getByTestId('hub-error');
    await alert.waitFor();
    const said = await alert.innerText();
    expect(said).toContain(expected.zh ?? refusal.errors![0].message);
    expect(said).toContain('POLICY_VERSION_CONFLICT');
    await shot('admin-policy-lpr-refused');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    expect((await hub.data(admin, '{ lprFixingInForce { oneYear } }')).lprFixingInForce.oneYear).toBe('0.0295');

    // The history in server pages of 12, newest first: the second page as the API's.
    const lprPager = () => page.locator('.ant-table-wrapper', { has: page.getByTestId('lpr-fixings') }).locator('.ant-pagination');
    const first = (await hub.data(admin, '{ lprFixingPage(first: 12) { pageInfo { endCursor } } }')).lprFixingPage.pageInfo.endCursor;
    const second = (await hub.data(admin, 'query($a: String) { lprFixingPage(first: 12, after: $a) { nodes { effectiveDate } } }', { a: first })).lprFixingPage
      .nodes;
    await lprPager().locator('.ant-pagination-item-2').click();
    await page.getByTestId('lpr-fixings').locator(`tbody tr[data-row-key="${second[0].effectiveDate}"]`).waitFor();
    const keys = await page
      .getByTestId('lpr-fixings')
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')));
    expect(keys).toEqual(second.map((f: { effectiveDate: string }) => f.effectiveDate));
    await lprPager().locator('.ant-pagination-item-1').click();
    await page.getByTestId('lpr-fixings').locator(`tbody tr[data-row-key="${today}"]`).waitFor();
  });

  it('the policy timelines mark per region what is in force, and what the hub applies to the county, as the API answers', async () => {
    const answers = await hub.data(admin, `query($c: String!) { loanPolicyInForce(countyCode: $c) { id } riskFundRules(countyCode: $c) { id } }`, {
      c: DEMO_COUNTY,
    });
    const loanApplying = page.getByTestId('loan-policy-applying');
    await loanApplying.waitFor();
    expect(await page.getByTestId(`loan-policy-item-${answers.loanPolicyInForce.id}`).getByTestId('loan-policy-applying').count()).toBe(1);
    expect(await loanApplying.count()).toBe(1);
    expect(await page.getByTestId(`risk-fund-item-${answers.riskFundRules.id}`).getByTestId('risk-fund-applying').count()).toBe(1);
    // The national 2017 version ended: shown, grey, not in force.
    expect(await page.getByTestId('loan-policy-item-national-2017').getAttribute('data-state')).toBe('ENDED');

    // A settlement rule recorded for the county from a later date: on its timeline, not yet in force; a second one of that date refused.
    const from = chinaDay(60);
    await page.getByTestId('record-settlement').click();
    await page.getByTestId('settlement-form-from').fill(from);
    await page.getByTestId('settlement-form-day').fill('21');
    await page.getByTestId('settlement-form-source').fill('楚雄市财政局通知（测试）');
    await page.getByTestId('settlement-form-submit').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    const rules = (
      await hub.data(admin, 'query($c: String!) { subsidySettlementRules(countyCode: $c) { id regionCode effectiveFrom settlementDay } }', { c: DEMO_COUNTY })
    ).subsidySettlementRules as { id: string; regionCode: string; effectiveFrom: string; settlementDay: number }[];
    const recorded = rules.find((r) => r.regionCode === DEMO_COUNTY && r.effectiveFrom === from)!;
    expect(recorded.settlementDay).toBe(21);
    const item = page.getByTestId(`settlement-item-${recorded.id}`);
    await item.waitFor();
    expect(await item.getAttribute('data-state')).toBe('UPCOMING');
    await page.getByTestId('policy-as-of').fill(from);
    await page.getByTestId(`settlement-item-${recorded.id}`).and(page.locator('[data-state="IN_FORCE"]')).waitFor();
    expect(await page.getByTestId('settlement-county-rule').innerText()).toContain(`${from} 本县按每季末月 21 日结息`);
    await shot('admin-policy-timelines');
    await page.getByTestId('policy-today').click();
  });

  it('an admin records a county’s own loan policy version from a later date: on its timeline, applying from that date as the API answers; an overlapping one refused', async () => {
    const from = chinaDay(90);
    const record = async (id: string) => {
      await page.getByTestId('record-loan-policy').click();
      await page.getByTestId('loan-policy-form-id').fill(id);
      await page.getByTestId('loan-policy-form-name').fill('楚雄市扶贫小额信贷实施细则（测试）');
      await page.getByTestId('loan-policy-form-source').fill('楚雄市人民政府通知（测试）');
      await page.getByTestId('loan-policy-form-from').fill(from);
      // The rules come filled in from the version the county follows on the date: recorded as they are.
      expect(JSON.parse(await page.getByTestId('loan-policy-form-rules').inputValue())).toBeTruthy();
      await page.getByTestId('loan-policy-form-submit').click();
    };
    await record('chuxiong-city-test');
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    const item = page.getByTestId('loan-policy-item-chuxiong-city-test');
    await item.waitFor();
    expect(await item.getAttribute('data-state')).toBe('UPCOMING');
    expect(await page.getByTestId('loan-policy-region-532301').count()).toBe(1);
    const onFrom = await hub.data(admin, 'query($c: String!, $on: String) { loanPolicyInForce(countyCode: $c, on: $on) { id } }', { c: DEMO_COUNTY, on: from });
    expect(onFrom.loanPolicyInForce.id).toBe('chuxiong-city-test');
    await page.getByTestId('policy-as-of').fill(from);
    await item.and(page.locator('[data-state="IN_FORCE"]')).waitFor();
    expect(await item.getByTestId('loan-policy-applying').count()).toBe(1);

    // Another version of the same region from the same day (the same rules): the hub refuses the overlap, and the page says it in the hub's words.
    const rulesJson = (
      await hub.data(admin, 'query($c: String!, $on: String) { loanPolicyInForce(countyCode: $c, on: $on) { rulesJson } }', { c: DEMO_COUNTY, on: from })
    ).loanPolicyInForce.rulesJson;
    const refusal = await hub.query(admin, 'mutation($i: LoanPolicyVersionInput!) { recordLoanPolicyVersion(input: $i) { id } }', {
      i: { id: 'chuxiong-city-test-3', regionCode: DEMO_COUNTY, name: 'x', source: 'x', effectiveFrom: from, rulesJson },
    });
    const expected = refusal.errors![0].extensions as { code: string; zh?: string };
    expect(expected.code).toBe('POLICY_VERSION_CONFLICT');
    await record('chuxiong-city-test-3');
    const alert = page.locator('.ant-modal').getByTestId('hub-error');
    await alert.waitFor();
    const said = await alert.innerText();
    expect(said).toContain(expected.zh ?? refusal.errors![0].message);
    expect(said).toContain('POLICY_VERSION_CONFLICT');
    await shot('admin-policy-loan-refused');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });
    await page.getByTestId('policy-today').click();
  });

  it('both pages read in English by the header switch', async () => {
    await page.getByTestId('language-switch').click();
    await page.getByText('Loan prime rate (LPR)').waitFor();
    await page.getByTestId('loan-policy-applying').waitFor();
    await shot('admin-policy-english');
    await page.getByRole('menuitem', { name: 'Banks' }).click();
    await page.getByRole('columnheader', { name: 'One-card prefixes' }).waitFor();
    await shot('admin-banks-english');
    await page.getByTestId('language-switch').click();
  });

  it('the pages logged no errors', () => {
    expect(problems).toEqual([]);
  });
});
