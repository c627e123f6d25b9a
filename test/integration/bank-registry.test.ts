/**
 * The bank registry (issue 14): an admin registers, updates and retires a bank through the
 * gateway; everyone may list banks (retired ones flagged), only admins see where and how the hub
 * reaches one and who changed it. Who else may call the mutations: write-matrix.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { DeliveredList } from '../../contracts/bank-connector/delivered-list';
import { DEMO_BANKS } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';

const COUNTY = '532301';
const FIELDS = 'code name nameEn cardPrefixes countyCodes connectorUrl credentialRef retired retiredAt changes { action actor changesJson reason }';
const REGISTER = `mutation($input: RegisterBankInput!) { registerBank(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($code: String!, $input: UpdateBankInput!) { updateBank(code: $code, input: $input) { ${FIELDS} } }`;
const RETIRE = `mutation($code: String!, $reason: String) { retireBank(code: $code, reason: $reason) { ${FIELDS} } }`;

const registration = (code: string, overrides: Record<string, unknown> = {}) => ({
  code,
  name: '曲靖市商业银行',
  nameEn: 'Qujing City Commercial Bank',
  cardPrefixes: [],
  connectorUrl: `https://connector.${code.toLowerCase()}.example.cn/huinong`,
  credentialRef: `${code}_CONNECTOR_TOKEN`,
  countyCodes: [COUNTY],
  ...overrides,
});

describe('bank registry through the gateway', () => {
  let hub: TestHub;
  let admin: string;
  let bureau: string;
  const codeOf = (result: { errors?: { extensions?: { code?: string; field?: unknown } }[] }) => result.errors?.[0]?.extensions?.code ?? 'ACCEPTED';
  const fieldOf = (result: { errors?: { extensions?: { code?: string; field?: unknown } }[] }) => result.errors?.[0]?.extensions?.field;
  const listed = async (token: string) => ((await hub.query(token, `{ banks { ${FIELDS} } }`)).data?.banks ?? []) as Record<string, any>[];

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.token({ role: 'admin', subject: 'admin-zhang' });
    bureau = await hub.token({ role: 'bureau', counties: [COUNTY] });
  }, 60_000);
  afterAll(async () => hub?.close());

  it('registers a bank with its names, card prefixes, connector, credential reference and counties; lists it; audits who did it', async () => {
    const result = await hub.query(admin, REGISTER, {
      input: registration('QJCCB', { cardPrefixes: ['62309101', ' 62309102 ', '62309101'], countyCodes: [COUNTY, '530302'] }),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.registerBank).toMatchObject({
      code: 'QJCCB',
      name: '曲靖市商业银行',
      nameEn: 'Qujing City Commercial Bank',
      cardPrefixes: ['62309101', '62309102'], // deduplicated, sorted
      countyCodes: ['530302', COUNTY],
      connectorUrl: 'https://connector.qjccb.example.cn/huinong',
      credentialRef: 'QJCCB_CONNECTOR_TOKEN',
      retired: false,
      retiredAt: null,
      changes: [expect.objectContaining({ action: 'REGISTERED', actor: 'admin-zhang' })],
    });

    const byAdmin = (await listed(admin)).find((b) => b.code === 'QJCCB');
    expect(byAdmin).toMatchObject({ connectorUrl: 'https://connector.qjccb.example.cn/huinong', credentialRef: 'QJCCB_CONNECTOR_TOKEN' });
    // Everyone may read the registry; where and how the hub reaches a bank, and who changed it, are an admin's.
    const byBureau = (await listed(bureau)).find((b) => b.code === 'QJCCB');
    expect(byBureau).toMatchObject({
      name: '曲靖市商业银行',
      cardPrefixes: ['62309101', '62309102'],
      connectorUrl: null,
      credentialRef: null,
      changes: [],
      retired: false,
    });
    const stored = await hub.dataSources.loans.query(`SELECT registered_by FROM loans.banks WHERE code = 'QJCCB'`);
    expect(stored).toEqual([{ registered_by: 'admin-zhang' }]);
  });

  it('refuses a code registered already, and a card prefix another active bank issues', async () => {
    expect(codeOf(await hub.query(admin, REGISTER, { input: registration('DUPE1') }))).toBe('ACCEPTED');
    const again = await hub.query(admin, REGISTER, { input: registration('DUPE1', { name: '另一家银行' }) });
    expect([codeOf(again), fieldOf(again)]).toEqual(['BANK_ALREADY_REGISTERED', 'code']);

    expect(codeOf(await hub.query(admin, REGISTER, { input: registration('PFX1', { cardPrefixes: ['621234'] }) }))).toBe('ACCEPTED');
    // 62123456 begins with PFX1's 621234: a card number could name both issuers.
    const clash = await hub.query(admin, REGISTER, { input: registration('PFX2', { cardPrefixes: ['62999999', '62123456'] }) });
    expect([codeOf(clash), fieldOf(clash)]).toEqual(['BANK_CARD_PREFIX_TAKEN', 'cardPrefixes[0]']);
    expect(clash.errors![0].message).toContain('PFX1');
    expect(codeOf(await hub.query(admin, UPDATE, { code: 'DUPE1', input: { cardPrefixes: ['621233'] } }))).toBe('ACCEPTED'); // beside 621234, not inside it
    expect(codeOf(await hub.query(admin, UPDATE, { code: 'DUPE1', input: { cardPrefixes: ['621234'] } }))).toBe('BANK_CARD_PREFIX_TAKEN');
    expect((await listed(admin)).map((b) => b.code)).not.toContain('PFX2');
  });

  it.each([
    ['a malformed code', { code: 'abc bank' }, 'BANK_INVALID_CODE', 'code'],
    ['a Chinese name without Chinese', { name: 'Qujing Bank' }, 'BANK_INVALID_NAME', 'name'],
    ['an English name in Chinese', { nameEn: '曲靖银行' }, 'BANK_INVALID_NAME', 'nameEn'],
    ['a card prefix that is not 6-8 digits', { cardPrefixes: ['62A848'] }, 'BANK_INVALID_CARD_PREFIX', 'cardPrefixes[0]'],
    ['a card prefix inside another of its own', { cardPrefixes: ['622848', '62284801'] }, 'BANK_INVALID_CARD_PREFIX', 'cardPrefixes'],
    ['a connector URL that is not one', { connectorUrl: 'connector.example.cn' }, 'BANK_INVALID_CONNECTOR_URL', 'connectorUrl'],
    ['a connector URL carrying a password', { connectorUrl: 'https://hub:s3cret@connector.example.cn/' }, 'BANK_INVALID_CONNECTOR_URL', 'connectorUrl'],
    ['a connector URL carrying a token', { connectorUrl: 'https://connector.example.cn/?token=s3cret' }, 'BANK_INVALID_CONNECTOR_URL', 'connectorUrl'],
    ['a connector that is not http(s)', { connectorUrl: 'ftp://connector.example.cn/' }, 'BANK_INVALID_CONNECTOR_URL', 'connectorUrl'],
    ['a secret where its name belongs', { credentialRef: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.x' }, 'BANK_INVALID_CREDENTIAL_REF', 'credentialRef'],
    ['a county code that is not one', { countyCodes: ['5323'] }, 'BANK_INVALID_COUNTY', 'countyCodes[0]'],
  ])('refuses %s with its code, storing nothing', async (_case, overrides, code, field) => {
    const bankCode = `BAD${randomUUID()
      .slice(0, 4)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, 'X')}`;
    const result = await hub.query(admin, REGISTER, { input: registration(bankCode, overrides) });
    expect([codeOf(result), fieldOf(result)]).toEqual([code, field]);
    expect(await hub.dataSources.loans.query('SELECT count(*)::int AS n FROM loans.banks WHERE code LIKE $1', ['BAD%'])).toEqual([{ n: 0 }]);
  });

  it('updates what is given, clears the connector fields given as null, and audits the change field by field', async () => {
    expect(codeOf(await hub.query(admin, REGISTER, { input: registration('UPD1', { cardPrefixes: ['621555'] }) }))).toBe('ACCEPTED');
    const result = await hub.query(admin, UPDATE, {
      code: 'UPD1',
      input: { nameEn: 'Qujing Commercial Bank', cardPrefixes: ['621555', '621556'], connectorUrl: null },
    });
    expect(result.errors).toBeUndefined();
    const bank = result.data.updateBank;
    expect(bank).toMatchObject({
      name: '曲靖市商业银行',
      nameEn: 'Qujing Commercial Bank',
      cardPrefixes: ['621555', '621556'],
      connectorUrl: null,
      credentialRef: 'UPD1_CONNECTOR_TOKEN',
      countyCodes: [COUNTY],
    });
    expect(bank.changes.map((c: { action: string }) => c.action)).toEqual(['REGISTERED', 'UPDATED']);
    expect(JSON.parse(bank.changes[1].changesJson)).toEqual({
      nameEn: { from: 'Qujing City Commercial Bank', to: 'Qujing Commercial Bank' },
      cardPrefixes: { from: ['621555'], to: ['621555', '621556'] },
      connectorUrl: { from: 'https://connector.upd1.example.cn/huinong', to: null },
    });
    expect(bank.changes[1].actor).toBe('admin-zhang');
    expect(codeOf(await hub.query(admin, UPDATE, { code: 'UPD1', input: { credentialRef: 'plain secret value' } }))).toBe('BANK_INVALID_CREDENTIAL_REF');
    const missing = await hub.query(admin, UPDATE, { code: 'NOSUCH', input: { nameEn: 'Nobody' } });
    expect([codeOf(missing), fieldOf(missing)]).toEqual(['BANK_NOT_FOUND', 'code']);
    expect(codeOf(await hub.query(admin, RETIRE, { code: 'NOSUCH' }))).toBe('BANK_NOT_FOUND');
  });

  it('refuses to retire a bank with townships still assigned; retires it once they are reassigned; a retired bank stays listed, flagged, and cannot be changed', async () => {
    expect(codeOf(await hub.query(admin, REGISTER, { input: registration('RET1') }))).toBe('ACCEPTED');
    // What the record-delivered-list job records once the bank acknowledged its list (the loans side's own copy of the assignment).
    const householdId = randomUUID();
    const list = (sequence: number, op: 'ADD' | 'REMOVE'): DeliveredList => ({
      bankCode: 'RET1',
      sequence,
      effectiveDate: sequence === 0 ? '2026-01-01' : '2026-06-01',
      snapshot: null,
      members: [{ householdId, idHash: 'a'.repeat(64), countyCode: COUNTY, townshipCode: `${COUNTY}101`, op }],
    });
    await hub.apps.loans.bankLists.recordDelivered(list(0, 'ADD'));

    const refused = await hub.query(admin, RETIRE, { code: 'RET1', reason: '撤出本县' });
    expect([codeOf(refused), fieldOf(refused)]).toEqual(['BANK_HAS_TOWNSHIPS', 'code']);
    expect(refused.errors![0].message).toContain(`${COUNTY}101`);
    expect((await listed(admin)).find((b) => b.code === 'RET1')).toMatchObject({ retired: false });

    // The township reassigned to another bank: RET1's list loses its household.
    await hub.apps.loans.bankLists.recordDelivered(list(1, 'REMOVE'));
    const retired = await hub.query(admin, RETIRE, { code: 'RET1', reason: '撤出本县' });
    expect(retired.errors).toBeUndefined();
    expect(retired.data.retireBank).toMatchObject({ code: 'RET1', retired: true, retiredAt: expect.any(String) });
    expect(retired.data.retireBank.changes.at(-1)).toMatchObject({ action: 'RETIRED', actor: 'admin-zhang', reason: '撤出本县' });
    expect((await listed(bureau)).find((b) => b.code === 'RET1')).toMatchObject({ retired: true });

    expect(codeOf(await hub.query(admin, UPDATE, { code: 'RET1', input: { nameEn: 'Back Again' } }))).toBe('BANK_RETIRED');
    expect(codeOf(await hub.query(admin, RETIRE, { code: 'RET1' }))).toBe('BANK_RETIRED');
    // Its code stays taken (tokens, lists and loans name it).
    expect(codeOf(await hub.query(admin, REGISTER, { input: registration('RET1') }))).toBe('BANK_ALREADY_REGISTERED');
  });

  it('retires a bank that never had townships at once', async () => {
    expect(codeOf(await hub.query(admin, REGISTER, { input: registration('RET2') }))).toBe('ACCEPTED');
    expect(codeOf(await hub.query(admin, RETIRE, { code: 'RET2' }))).toBe('ACCEPTED');
  });

  it('registers the demo banks by the same path (the demo loader)', async () => {
    await hub.apps.loans.loadDemo({ banks: DEMO_BANKS, listed: [], loans: [] });
    await hub.apps.loans.loadDemo({ banks: DEMO_BANKS, listed: [], loans: [] }); // again: known banks are left as they are
    const demo = (await listed(admin)).filter((b) => DEMO_BANKS.some((d) => d.code === b.code));
    expect(
      demo.map((b) => [b.code, b.nameEn, b.cardPrefixes, b.countyCodes, b.changes.map((c: { action: string; actor: string }) => `${c.action} ${c.actor}`)]),
    ).toEqual(DEMO_BANKS.map((d) => [d.code, d.nameEn, d.cardPrefixes, d.countyCodes, ['REGISTERED demo-loader']]));
  });
});
