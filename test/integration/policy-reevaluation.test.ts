/**
 * A policy version or LPR fixing recorded after loans were stored reaches them (issue 14): the
 * recording queues a re-evaluation (written in the same transaction), the worker's
 * reevaluate-loans job judges the loans it governs again, writes their new flags and subsidized
 * amounts, and keeps each change in the loan's flag history. Checked through the gateway: the
 * loans, policyReevaluations (admin) and Loan.flagHistory.
 */
import { randomUUID } from 'node:crypto';
import { composeResidentId } from '../../common/domain/resident-id';
import { DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { type RunningWorker } from '../../queues/src/worker';
import { eventually } from '../support/eventually';
import { oneYearLoan } from '../support/loan-record';
import { recordWindowContinuation } from '../support/policy-versions';
import { startTestWorker } from '../support/test-worker';

describe('policy changes reach stored loans', () => {
  let hub: TestHub;
  let worker: RunningWorker;
  let admin: string;
  let bureau: string;
  const bank = DEMO_BANKS[0].code;
  const township = `${DEMO_COUNTY}001`;
  const household = randomUUID();
  const residentId = composeResidentId(DEMO_COUNTY, '1980-04-12', 321);
  /** The progress the reevaluate-loans job reported (BullMQ job progress), by re-evaluation. */
  const progress = new Map<string, unknown[]>();

  const loan = (contractNo: string, contractDate: string, annualRate = '0.0300') =>
    oneYearLoan({ bankCode: bank, contractNo, contractDate, householdId: household, residentId, townshipCode: township, annualRate });
  const loansView = async () => {
    const data = await hub.data(
      bureau,
      `{ loans(filter: { townshipCode: "${township}" }, first: 50) { nodes { contractNo subsidizedAmount flags { code } flagHistory { policyVersionId reevaluationId from to fromSubsidizedAmount toSubsidizedAmount at } } } }`,
    );
    return new Map<string, any>(data.loans.nodes.map((l: any) => [l.contractNo, l]));
  };
  const reevaluationOf = (match: (r: any) => boolean) =>
    eventually('the re-evaluation done', async () => {
      const data = await hub.data(
        admin,
        '{ policyReevaluations { id policyVersionId lprEffectiveDate regionCode contractFrom contractTo status loansTotal loansChecked loansChanged finishedAt } }',
      );
      return data.policyReevaluations.find((r: any) => match(r) && r.status === 'DONE');
    });

  beforeAll(async () => {
    hub = await startTestHub({ QUEUE_NAMESPACE: `reevaluation_test_${process.pid}`, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
    await hub.apps.loans.loadDemo({
      banks: DEMO_BANKS,
      listed: [{ bankCode: bank, householdId: household, residentId, countyCode: DEMO_COUNTY, townshipCode: township, listedFrom: '2021-06-01' }],
      loans: [
        // Contracted after the 2021 rules' lending window closed (2025-12-31): flagged until the county continues it.
        loan('RE-2026-03', '2026-03-10'),
        loan('RE-2025-06', '2025-06-10'),
        // 2.90 % is under the 1-year LPR in force (3.00 % from 2025-05-20), above a lower one fixed before it.
        loan('RE-2026-11', '2026-11-25', '0.0290'),
      ],
    });
    admin = await hub.token({ role: 'admin' });
    bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    worker = await startTestWorker(hub, ['reevaluations']);
    for (const w of worker.workers) {
      w.on('progress', (job, value) => {
        const id = (job.data as { reevaluationId?: string }).reevaluationId;
        if (id) progress.set(id, [...(progress.get(id) ?? []), value]);
      });
    }
  }, 90_000);

  afterAll(async () => {
    await worker?.close();
    await hub?.close();
  });

  it('a county continuing the lending window clears OUTSIDE_LENDING_WINDOW from its stored loans, and the history says which version judged them', async () => {
    const before = await loansView();
    expect(before.get('RE-2026-03')).toMatchObject({ subsidizedAmount: '0.00', flags: [{ code: 'OUTSIDE_LENDING_WINDOW' }], flagHistory: [] });
    expect(before.get('RE-2025-06')).toMatchObject({ subsidizedAmount: '10000.00', flags: [] });

    await recordWindowContinuation(hub, admin, 'chuxiong-city-2026-re');

    // The county's loans contracted from 2026-01-01: both.
    const run = await reevaluationOf((r) => r.policyVersionId === 'chuxiong-city-2026-re');
    expect(run).toMatchObject({ regionCode: DEMO_COUNTY, contractFrom: '2026-01-01', contractTo: null, loansTotal: 2, loansChecked: 2, loansChanged: 2 });
    expect(progress.get(run.id)).toEqual([{ checked: 2, changed: 2, total: 2 }]);
    const after = await loansView();
    expect(after.get('RE-2026-03')).toMatchObject({
      subsidizedAmount: '10000.00',
      flags: [],
      flagHistory: [
        {
          policyVersionId: 'chuxiong-city-2026-re',
          reevaluationId: run.id,
          from: ['OUTSIDE_LENDING_WINDOW'],
          to: [],
          fromSubsidizedAmount: '0.00',
          toSubsidizedAmount: '10000.00',
          at: expect.any(String),
        },
      ],
    });
    expect(after.get('RE-2026-11').flagHistory).toEqual([
      expect.objectContaining({ policyVersionId: 'chuxiong-city-2026-re', from: ['OUTSIDE_LENDING_WINDOW'], to: [] }),
    ]);
    // Contracted before the version: not covered, not touched.
    expect(after.get('RE-2025-06')).toMatchObject({ subsidizedAmount: '10000.00', flags: [], flagHistory: [] });
  }, 60_000);

  it('a new LPR fixing judges again every loan contracted since it', async () => {
    await hub.data(admin, 'mutation($f: [LprFixingInput!]!) { recordLprFixings(fixings: $f) { added unchanged } }', {
      f: [{ effectiveDate: '2026-11-20', oneYear: '0.0280', fiveYearPlus: '0.0330' }],
    });
    const run = await reevaluationOf((r) => r.lprEffectiveDate === '2026-11-20');
    expect(run).toMatchObject({ regionCode: '', contractFrom: '2026-11-20', loansTotal: 1, loansChanged: 1 });
    const after = await loansView();
    expect(after.get('RE-2026-11')).toMatchObject({ subsidizedAmount: '0.00', flags: [{ code: 'RATE_ABOVE_CAP' }] });
    expect(after.get('RE-2026-11').flagHistory).toEqual([
      expect.objectContaining({ from: ['OUTSIDE_LENDING_WINDOW'], to: [] }),
      expect.objectContaining({
        policyVersionId: 'chuxiong-city-2026-re',
        reevaluationId: run.id,
        from: [],
        to: ['RATE_ABOVE_CAP'],
        fromSubsidizedAmount: '10000.00',
        toSubsidizedAmount: '0.00',
      }),
    ]);
  }, 60_000);

  it('only an admin sees the re-evaluations', async () => {
    const refused = await hub.query(bureau, '{ policyReevaluations { id } }');
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
