/**
 * What the resync suites share: a test hub whose bank connector points at a bank (the simulator
 * or a stub), the demo county's roster published to its banks by a worker of the banks queue, and
 * the deliveries as an operator reads them.
 */
import type { Caller } from '../../common/auth/caller';
import { createLogger } from '../../common/logger';
import { buildDemoCounty, DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import { publishDemoRoster } from '../../demo/demo-roster';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { type RunningWorker } from '../../queues/src/worker';
import type { JobMetrics } from '../../queues/src/worker-metrics';
import { loadCountyRegions } from '../../subgraphs/households/src/households.app';
import { bankConnectorSettings, startTestWorker } from './test-worker';

const ADMIN: Caller = { subject: 'test-admin', role: 'admin', counties: [], bank: null };

/**
 * A hub whose connector reaches the banks at `connectorUrl` (three push attempts), the demo
 * county's 12 households loaded and their roster published, the banks known to the loans side,
 * and a worker of the banks queue (quiet but for errors) that starts delivering the lists.
 */
export async function startDeliveringHub(
  connectorUrl: string,
  token: string,
  namespace: string,
  options: { metrics?: JobMetrics } = {},
): Promise<{ hub: TestHub; worker: RunningWorker }> {
  const hub = await startTestHub(bankConnectorSettings(connectorUrl, token, namespace, 3));
  const demo = buildDemoCounty(await loadCountyRegions(DEMO_COUNTY), { households: 12 });
  await hub.apps.households.loadDemo(demo);
  await hub.apps.loans.loadDemo({ banks: DEMO_BANKS, listed: [], loans: [] });
  await publishDemoRoster(hub.apps.households, demo);
  const worker = await startTestWorker(hub, ['banks'], { logger: createLogger({ service: 'worker' }, 'error', () => undefined), metrics: options.metrics });
  return { hub, worker };
}

/** The deliveries to bank `bankCode` (to every bank without it), in sequence. */
export async function deliveriesOf(hub: TestHub, bankCode?: string) {
  const all = await hub.apps.households.listDeliveries.list(ADMIN, bankCode ? { bankCode } : {}, 1000, null);
  return all.sort((a, b) => Number(a.sequence) - Number(b.sequence));
}

/** A probe for `eventually`: the deliveries (to `bankCode`, or to every bank) once there are more than `count` and each is acknowledged. */
export function allAcknowledged(hub: TestHub, bankCode?: string, count = 0) {
  return async () => {
    const all = await deliveriesOf(hub, bankCode);
    return all.length > count && all.every((d) => d.status === 'ACKNOWLEDGED') && all;
  };
}
