/**
 * One database per subgraph, for real: households on the local PostgreSQL (the test hub's scratch
 * database), loans and funds each on an embedded PostgreSQL cluster of its own, reached as its own
 * role with a password (npm run db:roles, SCRAM). A federated query still joins a household with
 * its loans and its 一卡通 account, and each cluster holds only its own subgraph's schema.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../../common/db/embedded-postgres';
import { createLogger } from '../../common/logger';
import { freePort } from '../../common/net/free-port';
import { buildDemoCounty, DEMO_COUNTY, DemoCounty } from '../../demo/demo-county';
import { startTestHub, TestHub } from '../../demo/test-hub';
import { recordBankDirectory } from '../../queues/src/jobs/bank-directory-jobs';
import { applySubgraphRoles } from '../../scripts/db-roles';
import { loadCountyRegions } from '../../subgraphs/households/src/households.app';

/** The schemas of a database other than PostgreSQL's own. */
async function schemasOf(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT LIKE 'pg\\_%' AND schema_name <> 'information_schema' ORDER BY 1",
    );
    return rows.map((row) => row.schema_name);
  } finally {
    await client.end();
  }
}

describe('the hub with its three subgraphs on three PostgreSQL clusters', () => {
  const parent = mkdtempSync(join(tmpdir(), 'huinong-three-clusters-'));
  const clusters: EmbeddedDatabase[] = [];
  const urls = { loans: '', funds: '' };
  let hub: TestHub;
  let demo: DemoCounty;

  beforeAll(async () => {
    chmodSync(parent, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach the clusters
    const logger = createLogger({ service: 'test-postgres' }, 'warn', () => undefined);
    for (const name of ['loans', 'funds'] as const) {
      const cluster = await startEmbeddedPostgres({ dataDir: join(parent, name), port: await freePort(), database: `hub_${name}`, logger, persistent: false });
      clusters.push(cluster);
      // Only this subgraph's role and schema on its cluster; the embedded clusters ask for passwords (scram-sha-256).
      const password = `${name}-pw-${process.pid}`;
      await applySubgraphRoles(cluster.url, { subgraphs: [name], passwords: { [name]: password } });
      const url = new URL(cluster.url);
      url.username = `huinong_${name}`;
      url.password = password;
      urls[name] = url.toString();
    }
    hub = await startTestHub({}, { subgraphDatabaseUrls: urls });
    const regions = await loadCountyRegions(DEMO_COUNTY);
    demo = buildDemoCounty(regions, { households: 40 });
    await hub.apps.households.loadDemo(demo);
    await hub.apps.loans.loadDemo(demo);
    await recordBankDirectory(hub.apps);
    await hub.apps.funds.loadDemo(demo);
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
    for (const cluster of clusters) await cluster.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
  }, 60_000);

  it('puts each subgraph on its own database, loans and funds as their own roles', async () => {
    expect(hub.subgraphDatabaseUrls).toEqual({ households: hub.databaseUrl, loans: urls.loans, funds: urls.funds });
    expect(hub.config.subgraphDatabaseUrls).toEqual(hub.subgraphDatabaseUrls);
    expect(await hub.dataSources.loans.query('SELECT current_user AS role, current_database() AS db')).toEqual([{ role: 'huinong_loans', db: 'hub_loans' }]);
    expect(await hub.dataSources.funds.query('SELECT current_user AS role, current_database() AS db')).toEqual([{ role: 'huinong_funds', db: 'hub_funds' }]);
    const ports = new Set(Object.values(hub.subgraphDatabaseUrls).map((url) => new URL(url).port));
    expect(ports.size).toBe(3);
  });

  it('answers a federated query joining households with their loans and 一卡通 accounts', async () => {
    const token = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const data = await hub.data(
      token,
      `query($first: Int, $filter: HouseholdFilter) {
        households(first: $first, filter: $filter) {
          nodes { id householdNo loans { contractNo amount status bank { code } } oneCardAccount { status issuingBank { code } } }
        }
      }`,
      { first: 40, filter: { countyCode: DEMO_COUNTY } },
    );
    const nodes = data.households.nodes as {
      id: string;
      householdNo: string;
      loans: { contractNo: string; bank: { code: string } }[];
      oneCardAccount: unknown;
    }[];
    expect(nodes).toHaveLength(demo.households.length);
    let loansSeen = 0;
    for (const node of nodes) {
      const expected = demo.loans.filter((loan) => loan.householdId === node.id);
      expect([node.householdNo, node.loans.map((loan) => loan.contractNo).sort()]).toEqual([node.householdNo, expected.map((loan) => loan.contractNo).sort()]);
      for (const loan of node.loans) expect(loan.bank.code).toBe(expected.find((e) => e.contractNo === loan.contractNo)!.bankCode);
      loansSeen += node.loans.length;
      if (demo.accounts.some((account) => account.householdId === node.id))
        expect([node.householdNo, node.oneCardAccount]).toEqual([node.householdNo, { status: 'ACTIVE', issuingBank: { code: expect.any(String) } }]);
    }
    expect(loansSeen).toBeGreaterThan(0);
    expect(nodes.filter((node) => node.oneCardAccount).length).toBeGreaterThan(0);
  });

  it('keeps on each cluster only its own subgraph’s schema', async () => {
    expect(await schemasOf(clusters[0].url)).toEqual(['loans', 'public']);
    expect(await schemasOf(clusters[1].url)).toEqual(['funds', 'public']);
    const local = await schemasOf(hub.databaseUrl);
    expect(local).toContain('households');
    expect(local).not.toContain('loans');
    expect(local).not.toContain('funds');
  });
});
