/**
 * What the suites that reach the banks over real HTTP share: the bank simulator in its own
 * process, a test hub whose connector points at it, the demo county's regions and its townships
 * assigned to the demo banks (but for those the suite assigns itself), the banks registered, the
 * county's bureau and a worker of the banks queue that delivers the lists and pulls the loans.
 */
import { startSimulatorProcess, type SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { buildDemoCounty, DEMO_BANKS, DEMO_COUNTY, type DemoCounty } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { type RunningWorker } from '../../queues/src/worker';
import { loadCountyRegions } from '../../subgraphs/households/src/region/region-registry';
import { registerBanks } from './bank-directory';
import { bankConnectorSettings, startTestWorker } from './test-worker';

export interface SimulatedBanksHub {
  simulator: SimulatorProcess;
  hub: TestHub;
  worker: RunningWorker;
  /** A token of the demo county's bureau. */
  bureau: string;
  /** The townships' banks as loaded. */
  assignments: DemoCounty['assignments'];
  /** The code of the demo county's township of that name. */
  townshipCode(name: string): string;
  close(): Promise<void>;
}

export async function startSimulatedBanksHub(options: {
  /** The connector's bearer token, which the simulator expects. */
  token: string;
  /** The simulator's seed (what it lends). */
  seed: number;
  namespace: string;
  /** Townships (by name) loaded with no bank: the suite assigns them. */
  unassigned?: string[];
}): Promise<SimulatedBanksHub> {
  const simulator = await startSimulatorProcess(options.token, { seed: options.seed });
  let started: TestHub | undefined;
  try {
    const hub = (started = await startTestHub(bankConnectorSettings(`${simulator.url}/banks/{bank}`, options.token, options.namespace)));
    const regions = await loadCountyRegions(DEMO_COUNTY);
    const townshipCode = (name: string) => regions.find((r) => r.level === 'township' && r.name === name)!.code;
    const unassigned = (options.unassigned ?? []).map(townshipCode);
    const assignments = buildDemoCounty(regions, { households: 1 }).assignments.filter((a) => !unassigned.includes(a.townshipCode));
    await hub.apps.households.loadDemo({ countyCode: DEMO_COUNTY, regions, assignments, households: [] });
    await registerBanks(hub.apps, DEMO_BANKS);
    const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
    const worker = await startTestWorker(hub, ['banks']);
    return {
      simulator,
      hub,
      worker,
      bureau,
      assignments,
      townshipCode,
      async close() {
        await worker.close();
        simulator.stop();
        await hub.close();
      },
    };
  } catch (error) {
    // A set-up that failed half-way leaves no simulator process or scratch database behind.
    simulator.stop();
    await started?.close();
    throw error;
  }
}
