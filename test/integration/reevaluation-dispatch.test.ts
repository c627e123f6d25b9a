/**
 * The worker's dispatch-loan-reevaluations queues again a re-evaluation that was lost (a crash
 * between commit and enqueue, a job that failed every attempt), not one that is running a big
 * book: a run's heartbeat (`progress_at`, moved when it starts and with every page written) is
 * what the dispatcher reads, not how long ago the run was requested (issue 14).
 */
import { randomUUID } from 'node:crypto';
import { composeResidentId } from '../../common/domain/resident-id';
import { createLogger } from '../../common/logger';
import { JOBS } from '../../common/queue/names';
import { DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { createLoanReevaluationJobs } from '../../queues/src/jobs/loan-reevaluation-jobs';
import { oneYearLoan } from '../support/loan-record';
import { recordWindowContinuation } from '../support/policy-versions';

describe('the re-evaluation dispatcher', () => {
  let hub: TestHub;
  let admin: string;
  const bank = DEMO_BANKS[0].code;
  const township = `${DEMO_COUNTY}001`;
  const household = randomUUID();
  const residentId = composeResidentId(DEMO_COUNTY, '1979-03-15', 247);
  /** The re-evaluations the dispatcher queued (its queue, recorded). */
  const queued: string[] = [];

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const result = await hub.query(admin, query, variables);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const dispatch = async () => {
    const jobs = createLoanReevaluationJobs({
      logger: createLogger({ service: 'worker' }, 'error', () => undefined),
      loans: hub.apps.loans,
      queue: (() => ({ add: async (_name: string, data: { reevaluationId: string }) => queued.push(data.reevaluationId) })) as never,
    });
    queued.length = 0;
    const result = await jobs.handlers[JOBS.dispatchLoanReevaluations]!({ data: {} } as never);
    return { ...result, ids: [...queued] };
  };
  const setRun = (id: string, sql: string) => hub.dataSources.loans.query(`UPDATE loans.policy_reevaluations SET ${sql} WHERE id = $1`, [id]);
  const loan = (contractNo: string, contractDate: string) =>
    oneYearLoan({ bankCode: bank, contractNo, contractDate, householdId: household, residentId, townshipCode: township });

  beforeAll(async () => {
    hub = await startTestHub({ QUEUE_NAMESPACE: `reevaluation_dispatch_test_${process.pid}` });
    await hub.apps.loans.loadDemo({
      banks: DEMO_BANKS,
      listed: [{ bankCode: bank, householdId: household, residentId, countyCode: DEMO_COUNTY, townshipCode: township, listedFrom: '2021-06-01' }],
      loans: [loan('RD-2026-03', '2026-03-10'), loan('RD-2026-04', '2026-04-10')],
    });
    admin = await hub.token({ role: 'admin' });
  }, 90_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('leaves a long run with a fresh heartbeat alone, and queues again one whose heartbeat is stale', async () => {
    await recordWindowContinuation(hub, admin, 'chuxiong-city-2026-hb');
    const { policyReevaluations } = await gql('{ policyReevaluations { id policyVersionId status } }');
    const id = policyReevaluations.find((r: any) => r.policyVersionId === 'chuxiong-city-2026-hb').id;

    // Just requested: its job is queued already.
    expect(await dispatch()).toEqual({ queued: 0, ids: [] });
    // Requested half an hour ago and never started (its job lost): queued again.
    await setRun(id, `requested_at = now() - interval '30 minutes'`);
    expect(await dispatch()).toEqual({ queued: 1, ids: [id] });
    // A big book, running for 29 minutes, its last page written seconds ago: not a second copy.
    await setRun(id, `status = 'RUNNING', started_at = now() - interval '29 minutes', progress_at = now() - interval '5 seconds'`);
    expect(await dispatch()).toEqual({ queued: 0, ids: [] });
    // No page for three minutes: its worker is gone, queued again.
    await setRun(id, `progress_at = now() - interval '3 minutes'`);
    expect(await dispatch()).toEqual({ queued: 1, ids: [id] });

    // The job resumed: its heartbeat moves with the pages it writes, and a finished run is left alone.
    const heartbeats: Date[] = [];
    const done = await hub.apps.loans.reevaluations.run(id, async () => {
      const [row] = await hub.dataSources.loans.query(
        "SELECT progress_at > now() - interval '1 minute' AS fresh, progress_at FROM loans.policy_reevaluations WHERE id = $1",
        [id],
      );
      if (row.fresh) heartbeats.push(row.progress_at);
    });
    expect(done).toMatchObject({ status: 'DONE', loansChecked: 2, loansChanged: 2 });
    expect(heartbeats).toHaveLength(1);
    await setRun(id, `progress_at = now() - interval '1 hour'`);
    expect(await dispatch()).toEqual({ queued: 0, ids: [] });
  }, 60_000);
});
