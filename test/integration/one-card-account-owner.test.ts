/**
 * setOneCardAccount is authorized by the household's own county (the funds side's household
 * directory, copied from the households side by the worker), never by the county the input
 * names. Issue 12, finding 1: the finance bureau of one county could redirect another county's
 * subsidy by naming its own county beside the other county's household.
 */
import { randomUUID } from 'node:crypto';
import { protectorFromConfig } from '../../common/pii/protector';
import { recordHouseholdDirectory } from '../../queues/src/jobs/household-directory-jobs';
import { registerBanks, syncBankDirectory } from '../support/bank-directory';
import { untilHouseholdsKnown } from '../support/household-directory';
import { householdRow } from '../support/household-rows';
import { oneCard as card } from '../support/one-card-files';
import { startTestHub, TestHub } from '../../demo/test-hub';

const CHUXIONG = '532301';
const OTHER = '532322';

describe('一卡通 accounts are written for the household’s own county only', () => {
  let hub: TestHub;
  const ours = householdRow(CHUXIONG, 1);
  const theirs = householdRow(OTHER, 2);
  const set = async (token: string, householdId: string, countyCode: string, accountNumber: string) =>
    hub.query(token, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
      input: { householdId, countyCode, issuingBankCode: 'YNRCC', accountNumber, holderName: '李文华' },
    });
  const stored = async () =>
    hub.dataSources.funds.query(`SELECT household_id, county_code, account_number_hash, updated_at FROM funds.one_card_accounts ORDER BY household_id`);

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.apps.households.loadDemo({ countyCode: CHUXIONG, regions: [], assignments: [], households: [ours] });
    await hub.apps.households.loadDemo({ countyCode: OTHER, regions: [], assignments: [], households: [theirs] });
    expect(await untilHouseholdsKnown(hub.apps, [ours.id, theirs.id])).toBe(2);
    await registerBanks(hub.apps);
  }, 60_000);
  afterAll(async () => hub?.close());

  it('refuses another county’s finance bureau whichever county it names, and keeps the account as it was', async () => {
    const ourFinance = await hub.token({ role: 'finance', counties: [CHUXIONG] });
    const otherFinance = await hub.token({ role: 'finance', counties: [OTHER] });
    expect(await set(ourFinance, ours.id, CHUXIONG, card(1))).toMatchObject({ data: { setOneCardAccount: true } });
    const before = await stored();
    expect(before).toEqual([expect.objectContaining({ household_id: ours.id, county_code: CHUXIONG })]);

    // The attack as found: the other county names itself beside our household.
    const named = await set(otherFinance, ours.id, OTHER, card(2));
    // (The gateway still answers a subgraph's refusal as "403: Forbidden"; issue 13 brings its message through.)
    expect(named.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Naming our county instead: not its county to act for.
    const borrowed = await set(otherFinance, ours.id, CHUXIONG, card(2));
    expect(borrowed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Our own bureau naming the wrong county for our household is refused too.
    const wrongCounty = await set(await hub.token({ role: 'finance', counties: [CHUXIONG, OTHER] }), ours.id, OTHER, card(3));
    expect(wrongCounty.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stored()).toEqual(before);

    // The account still shows in our county's list and not in theirs.
    const list = (token: string) => hub.query(token, '{ oneCardAccounts { nodes { household { id } } } }');
    expect((await list(ourFinance)).data?.oneCardAccounts.nodes).toEqual([{ household: { id: ours.id } }]);
    expect((await list(otherFinance)).data?.oneCardAccounts.nodes).toEqual([]);
  });

  it('a household the funds side does not know is refused with its own code; a bank or bureau is refused before anything is read', async () => {
    const ourFinance = await hub.token({ role: 'finance', counties: [CHUXIONG] });
    const unknown = await set(ourFinance, randomUUID(), CHUXIONG, card(4));
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'HOUSEHOLD_NOT_KNOWN', field: 'householdId' });
    for (const token of [
      await hub.token({ role: 'bank', bank: 'YNRCC' }),
      await hub.token({ role: 'bureau', counties: [CHUXIONG] }),
      await hub.token({ role: 'regulator', counties: [CHUXIONG] }),
    ]) {
      const refused = await set(token, theirs.id, CHUXIONG, card(5));
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await stored()).toHaveLength(1);
  });

  it('records an account only for a registered, active issuing bank whose card prefixes fit, as the 一卡通 import does', async () => {
    const ourFinance = await hub.token({ role: 'finance', counties: [CHUXIONG] });
    const admin = await hub.token({ role: 'admin' });
    const before = await stored();
    const withBank = (issuingBankCode: string, accountNumber: string) =>
      hub.query(ourFinance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
        input: { householdId: ours.id, countyCode: CHUXIONG, issuingBankCode, accountNumber, holderName: '李文华' },
      });
    expect((await withBank('NOSUCH', card(6))).errors?.[0].extensions).toMatchObject({ code: 'ISSUING_BANK_UNKNOWN', field: 'issuingBankCode' });
    // YNRCC issues 621779… cards (demo registry); an ABC-numbered card (622848…) is not one of them.
    const wrongPrefix = await withBank('YNRCC', card(7, '622848'));
    expect(wrongPrefix.errors?.[0].extensions).toMatchObject({ code: 'CARD_PREFIX_MISMATCH', field: 'accountNumber' });
    expect(wrongPrefix.errors?.[0].message).not.toContain(card(7, '622848'));
    await hub.data(admin, 'mutation($input: RegisterBankInput!) { registerBank(input: $input) { code } }', {
      input: { code: 'OLDRCB', name: '旧农商行', nameEn: 'Old rural bank', cardPrefixes: [], countyCodes: [CHUXIONG] },
    });
    await hub.data(admin, 'mutation { retireBank(code: "OLDRCB", reason: "merged") { code } }');
    await syncBankDirectory(hub.apps);
    expect((await withBank('OLDRCB', card(8))).errors?.[0].extensions).toMatchObject({ code: 'ISSUING_BANK_RETIRED', field: 'issuingBankCode' });
    expect(await stored()).toEqual(before);
  });

  it('the directory copy misses no household created by a transaction that commits after a later one', async () => {
    const pii = protectorFromConfig(hub.config.pii);
    const slow = householdRow(CHUXIONG, 3);
    const fast = householdRow(CHUXIONG, 4);
    const runner = hub.dataSources.households.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // The slow transaction takes its id first and stays open while a later one commits.
      await runner.query(
        `INSERT INTO households.households (household_no, county_code, township_code, village_code, pii_sealed, id_number_hash, pii_key_id, category, member_count)
        VALUES ($1, $2, $3, $4, $5, $6, 'k', 'LIFTED_OUT', 1)`,
        [slow.householdNo, CHUXIONG, slow.townshipCode, slow.villageCode, Buffer.from('x'), pii.hash(slow.idNumber)],
      );
      await hub.apps.households.loadDemo({ countyCode: CHUXIONG, regions: [], assignments: [], households: [fast] });
      // Still open: neither is read yet (the later one waits behind the open transaction).
      expect(await recordHouseholdDirectory(hub.apps)).toEqual({ read: 0, recorded: 0 });
      const [{ known }] = await hub.dataSources.funds.query(
        `SELECT count(*)::int AS known FROM funds.household_directory WHERE household_id = ANY($1::uuid[])`,
        [[fast.id]],
      );
      expect(known).toBe(0);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    const [{ id: slowId }] = await hub.dataSources.households.query(`SELECT id FROM households.households WHERE household_no = $1`, [slow.householdNo]);
    expect(await untilHouseholdsKnown(hub.apps, [slowId, fast.id])).toBe(2);
    const [{ n }] = await hub.dataSources.funds.query(`SELECT count(*)::int AS n FROM funds.household_directory WHERE county_code = $1`, [CHUXIONG]);
    expect(n).toBe(3);
    // Nothing new: nothing recorded again.
    expect((await recordHouseholdDirectory(hub.apps)).recorded).toBe(0);
  });
});
