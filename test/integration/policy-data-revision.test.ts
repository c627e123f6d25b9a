/**
 * Loans judged while the policy data changes (issue 14). Two processes each cache the policy data:
 * the loans subgraph, where an admin records a version through the gateway, and the worker (here a
 * second loans app on its own connections, as queues/src/main.ts builds it), whose pull stores
 * loans. A loan the worker stores after the re-evaluation of a new version has run is judged by
 * that version (its cache follows the policy data's revision); a loan being judged while the
 * version is recorded is stored before the re-evaluation reads its pages (the judgement lock), so
 * the re-evaluation judges it again. Both orders are forced, not timed.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { composeResidentId } from '../../common/domain/resident-id';
import { createLogger } from '../../common/logger';
import { createDataSourceFor } from '../../common/subgraph-service';
import { DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { loansSubgraph } from '../../subgraphs/loans/src';
import type { LoansApp } from '../../subgraphs/loans/src/loans.app';
import { eventually } from '../support/eventually';
import { oneYearLoan } from '../support/loan-record';
import { recordWindowContinuation } from '../support/policy-versions';

describe('loans judged while the policy data changes', () => {
  let hub: TestHub;
  let workerDataSource: DataSource;
  let worker: LoansApp;
  let admin: string;
  let bureau: string;
  const bank = DEMO_BANKS[0].code;
  const township = `${DEMO_COUNTY}001`;
  const household = randomUUID();
  const residentId = composeResidentId(DEMO_COUNTY, '1981-07-02', 135);

  const record = (contractNo: string, contractDate: string, annualRate = '0.0290') =>
    oneYearLoan({ bankCode: bank, contractNo, contractDate, householdId: household, residentId, townshipCode: township, annualRate });
  const loanView = async (contractNo: string) => {
    const data = await hub.data(
      bureau,
      `{ loans(filter: { townshipCode: "${township}" }, first: 50) { nodes { contractNo subsidizedAmount flags { code } } } }`,
    );
    return data.loans.nodes.find((l: any) => l.contractNo === contractNo);
  };
  const reevaluationOf = async (match: (r: any) => boolean) => {
    const data = await hub.data(admin, '{ policyReevaluations { id policyVersionId lprEffectiveDate status } }');
    return data.policyReevaluations.find(match);
  };
  const revisions = async (contractNo: string) => {
    const [row] = await hub.dataSources.loans.query(
      `SELECT l.policy_revision AS loan, (SELECT revision FROM loans.policy_data_revision) AS current FROM loans.loans l WHERE l.bank_code = $1 AND l.contract_no = $2`,
      [bank, contractNo],
    );
    return row as { loan: number; current: number };
  };

  beforeAll(async () => {
    hub = await startTestHub({ QUEUE_NAMESPACE: `policy_revision_test_${process.pid}` });
    await hub.apps.loans.loadDemo({
      banks: DEMO_BANKS,
      listed: [{ bankCode: bank, householdId: household, residentId, countyCode: DEMO_COUNTY, townshipCode: township, listedFrom: '2021-06-01' }],
      loans: [],
    });
    admin = await hub.token({ role: 'admin' });
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    workerDataSource = await createDataSourceFor(loansSubgraph, hub.databaseUrl, { poolSize: 4 }).initialize();
    worker = loansSubgraph.createApp({
      dataSource: workerDataSource,
      config: hub.config,
      logger: createLogger({ service: 'worker' }, 'error', () => undefined),
    });
  }, 90_000);

  afterAll(async () => {
    await workerDataSource?.destroy();
    await hub?.close();
  });

  it('a loan the worker pulls after a county version was recorded and re-evaluated is judged by that version, its cache warm', async () => {
    // The worker's pull warms its cache: a loan contracted after the 2021 rules' window is flagged.
    await worker.ingest.applyPulledPage(bank, [record('PR-2026-02', '2026-02-10')], 'c1');
    expect(await loanView('PR-2026-02')).toMatchObject({ subsidizedAmount: '0.00', flags: [{ code: 'OUTSIDE_LENDING_WINDOW' }] });

    // The county continues the window, through the gateway (the loans subgraph's process), and its re-evaluation runs.
    await recordWindowContinuation(hub, admin, 'chuxiong-city-2026-rev');
    const run = await reevaluationOf((r) => r.policyVersionId === 'chuxiong-city-2026-rev');
    expect((await hub.apps.loans.reevaluations.run(run.id))?.status).toBe('DONE');
    expect(await loanView('PR-2026-02')).toMatchObject({ subsidizedAmount: '10000.00', flags: [] });

    // At once, within any time-based cache: the worker pulls a loan the new version governs.
    await worker.ingest.applyPulledPage(bank, [record('PR-2026-03', '2026-03-10')], 'c2');
    expect(await loanView('PR-2026-03')).toMatchObject({ subsidizedAmount: '10000.00', flags: [] });
    const { loan, current } = await revisions('PR-2026-03');
    expect(loan).toBe(current);
    expect((await revisions('PR-2026-02')).loan).toBe(current);
  }, 60_000);

  it('a loan being judged while an LPR fixing is recorded is judged again by its re-evaluation, which waits for it to be stored', async () => {
    // 2.90 % is under the 1-year LPR of 3.00 % in force today; a fixing of 2.80 % from 2026-05-20 puts it above the cap.
    let outcome: string | undefined;
    let run: Promise<unknown> | undefined;
    await worker.ingest.apply(bank, [record('PR-2026-06', '2026-06-10')], 'PULL', async () => {
      // Judged by the data before the fixing, not yet committed: now the fixing is recorded and its re-evaluation starts.
      await hub.data(admin, 'mutation($f: [LprFixingInput!]!) { recordLprFixings(fixings: $f) { added } }', {
        f: [{ effectiveDate: '2026-05-20', oneYear: '0.0280', fiveYearPlus: '0.0330' }],
      });
      const requested = await reevaluationOf((r) => r.lprEffectiveDate === '2026-05-20');
      run = hub.apps.loans.reevaluations.run(requested.id);
      // Either it runs to its end now (and passes this loan by), or it waits for this batch to be stored.
      outcome = await Promise.race([
        run.then(() => 'finished before the loan was stored'),
        eventually('the re-evaluation waiting on the judgement lock', async () => {
          const [row] = await hub.dataSources.loans.query(
            `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          );
          return row.waiting > 0 && 'waiting for the loan to be stored';
        }),
      ]);
    });
    expect(outcome).toBe('waiting for the loan to be stored');
    await run;
    expect(await reevaluationOf((r) => r.lprEffectiveDate === '2026-05-20')).toMatchObject({ status: 'DONE' });
    expect(await loanView('PR-2026-06')).toMatchObject({ subsidizedAmount: '0.00', flags: [{ code: 'RATE_ABOVE_CAP' }] });
    const { loan, current } = await revisions('PR-2026-06');
    expect(loan).toBe(current);
  }, 60_000);
});
