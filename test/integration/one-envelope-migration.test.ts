/**
 * The one-envelope migration (issue 17) keeps every household sealed before it readable: rows
 * sealed field by field are wrapped as they are, without the key, and open through the same
 * function as new ones; the revert gives the three columns back while no row needs the key.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { PiiProtector } from '../../common/pii/protector';
import { createDataSourceFor, migrate } from '../../common/subgraph-service';
import { baseDatabaseUrl } from '../../demo/test-hub';
import { householdsSubgraph } from '../../subgraphs/households/src';
import { openHouseholdPii, sealHouseholdPii } from '../../subgraphs/households/src/household/household-pii';

const pii = new PiiProtector('k1', randomBytes(32), randomBytes(32));
const migrations = householdsSubgraph.migrations as Function[];
const before = migrations.slice(
  0,
  migrations.findIndex((m) => m.name === 'OneEnvelopePii1796500000000'),
);
const PEOPLE = [
  { no: 'H1', name: '李文华', id: '53230119800101001X', phone: '13812345678' },
  { no: 'H2', name: '王秀英', id: '532301197505050021', phone: null },
];

describe('one-envelope migration of sealed personal data', () => {
  let scratch: ScratchDatabase;
  let data: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_envelope');
    const earlier = await createDataSourceFor({ ...householdsSubgraph, migrations: before }, scratch.url).initialize();
    await migrate({ ...householdsSubgraph, migrations: before }, earlier);
    const version = '00000000-0000-4000-8000-000000000001';
    for (const p of PEOPLE) {
      const sealed = [pii.seal(p.name).ciphertext, pii.seal(p.id).ciphertext, p.phone ? pii.seal(p.phone).ciphertext : null];
      await earlier.query(
        `INSERT INTO households.households (household_no, county_code, township_code, village_code, head_name_sealed, id_number_sealed, id_number_hash,
           phone_sealed, pii_key_id, category, member_count) VALUES ($1, '532301', '532301001', '532301001001', $2, $3, $4, $5, 'k1', 'LIFTED_OUT', 1)`,
        [p.no, sealed[0], sealed[1], pii.hash(p.id), sealed[2]],
      );
      await earlier.query(
        `INSERT INTO households.roster_entries (version_id, household_no, row_number, township_code, village_code, head_name_sealed, head_name_hash,
           id_number_sealed, id_number_hash, phone_sealed, pii_key_id, category, is_monitored, member_count, content_hash)
         VALUES ($1, $2, 2, '532301001', '532301001001', $3, $4, $5, $6, $7, 'k1', 'LIFTED_OUT', false, 1, $8)`,
        [version, p.no, sealed[0], pii.hash(`name:${p.name}`), sealed[1], pii.hash(p.id), sealed[2], 'c'.repeat(32)],
      );
    }
    await earlier.destroy();
    data = await createDataSourceFor(householdsSubgraph, scratch.url).initialize();
  });

  afterAll(async () => {
    if (data?.isInitialized) await data.destroy();
    await scratch?.drop();
  });

  const opened = async (table: string) =>
    (await data.query(`SELECT household_no, pii_sealed, pii_key_id FROM households.${table} ORDER BY household_no`)).map(
      (r: { household_no: string; pii_sealed: Buffer; pii_key_id: string }) => ({ no: r.household_no, ...openHouseholdPii(pii, r.pii_sealed, r.pii_key_id) }),
    );
  const expected = PEOPLE.map((p) => ({ no: p.no, headName: p.name, idNumber: p.id, phone: p.phone }));

  it('wraps the rows sealed field by field, and they open as before', async () => {
    expect(await migrate(householdsSubgraph, data)).toEqual(['OneEnvelopePii1796500000000']);
    expect(await opened('households')).toEqual(expected);
    expect(await opened('roster_entries')).toEqual(expected);
    const columns = await data.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'households' AND table_name = 'households' AND column_name LIKE '%sealed'`,
    );
    expect(columns).toEqual([{ column_name: 'pii_sealed' }]);
  });

  it('reverts to three columns while every row is a wrapped one, and refuses once a row is sealed as one envelope', async () => {
    await data.undoLastMigration({ transaction: 'each' });
    const rows = await data.query(`SELECT household_no, head_name_sealed, id_number_sealed, phone_sealed FROM households.households ORDER BY household_no`);
    expect(
      rows.map((r: Record<string, Buffer | null>) => [
        pii.open({ ciphertext: r.head_name_sealed!, keyId: 'k1' }),
        r.phone_sealed && pii.open({ ciphertext: r.phone_sealed, keyId: 'k1' }),
      ]),
    ).toEqual([
      ['李文华', '13812345678'],
      ['王秀英', null],
    ]);
    await migrate(householdsSubgraph, data);
    const sealed = sealHouseholdPii(pii, { headName: '张国明', idNumber: '532301197001010010', phone: null });
    await data.query(`UPDATE households.households SET pii_sealed = $1 WHERE household_no = 'H2'`, [sealed.sealed]);
    await expect(data.undoLastMigration({ transaction: 'each' })).rejects.toThrow(/sealed as one envelope: they need the PII key/);
    expect((await opened('households'))[1]).toMatchObject({ headName: '张国明' });
  });
});
