/**
 * The banks a benchmark lends and pays through: five simulated desks in the simulator's own
 * process over real HTTP, the hub's config that reaches them, 一卡通 card numbers sealed once,
 * and payout batches sent as the worker sends them.
 */
import type { HubConfig } from '../common/config';
import { loadConfig } from '../common/config';
import { startSimulatorProcess, type SimulatorProcess } from '../bank-sim/src/simulator-process';
import { BankConnectorClient } from '../queues/src/bank-connector/bank-connector.client';
import { luhnCheckDigit, type FundsApp } from '../subgraphs/funds/src/funds.app';
import { serializeLoanPolicyRules, type LoansApp } from '../subgraphs/loans/src/loans.app';

/** The five banks a county-sized benchmark lends through (the simulator runs one desk each), and the token it gives the connector. */
export const BENCH_BANKS = [
  { code: 'ABC', name: '中国农业银行' },
  { code: 'PSBC', name: '中国邮政储蓄银行' },
  { code: 'YNRCC', name: '农村信用合作联社' },
  { code: 'CCB', name: '中国建设银行' },
  { code: 'ICBC', name: '中国工商银行' },
];

export const BENCH_CONNECTOR_TOKEN = 'bench-bank-connector-token';

export interface BenchBanks {
  simulator: SimulatorProcess;
  /** The simulator's admin API: GET without a body, POST with one. */
  sim(path: string, body?: unknown): Promise<any>;
  /** The hub's config on the bench's database, its connector aimed at the simulator, lists dispatched every 100 ms, queues of its own. */
  config: HubConfig;
  connector: BankConnectorClient;
}

export async function startBenchBanks(databaseUrl: string, bench: string): Promise<BenchBanks> {
  const simulator = await startSimulatorProcess(BENCH_CONNECTOR_TOKEN, { banks: BENCH_BANKS.map((b) => b.code), stopOnSignals: true });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
    BANK_CONNECTOR_URL_TEMPLATE: `${simulator.url}/banks/{bank}`,
    BANK_CONNECTOR_TOKEN: BENCH_CONNECTOR_TOKEN,
    LIST_DISPATCH_EVERY_MS: '100',
    QUEUE_NAMESPACE: `bench_${bench}_${process.pid}`,
  });
  return {
    simulator,
    sim: (path, body) => simulator.call(body === undefined ? 'GET' : 'POST', path, body),
    config,
    connector: new BankConnectorClient({ urlTemplate: config.banks.connectorUrlTemplate!, token: BENCH_CONNECTOR_TOKEN, timeoutMs: 120_000 }),
  };
}

/** A thousand 一卡通 card numbers and holder names sealed once; benchmarks give household n the n % 1000-th (sealing millions is set-up, not their subject). */
export function sealedBenchCards(pii: FundsApp['pii']): { n: number; number: string; hash: string; name: string; key_id: string }[] {
  return Array.from({ length: 1000 }, (_, n) => {
    const payload = `621779${String(n).padStart(12, '0')}`;
    const card = payload + luhnCheckDigit(payload);
    const number = pii.seal(card);
    return {
      n,
      number: number.ciphertext.toString('base64'),
      hash: pii.hash(card),
      name: pii.seal(`户主${n}`).ciphertext.toString('base64'),
      key_id: number.keyId,
    };
  });
}

/** Sends approved batches to their banks and records the answers, four at a time (the worker's concurrency). */
export async function sendPayoutBatches(payouts: FundsApp['payouts'], connector: BankConnectorClient, batchIds: readonly string[]): Promise<void> {
  const queue = [...batchIds];
  const sendNext = async (): Promise<void> => {
    const id = queue.shift();
    if (!id) return;
    await payouts.send(id, (message, key) => connector.sendPayoutBatch(message.bankCode, message, key));
    return sendNext();
  };
  await Promise.all([sendNext(), sendNext(), sendNext(), sendNext()]);
}

/**
 * The national 2021 rules continued past their lending window in `regionCode` (a county, or a
 * province's 2 digits) from 2026, as data: what a region would record so that its banks may
 * lend today under the rules the benches' loans were shaped by.
 */
export async function continueNationalRules(policyData: LoansApp['policyData'], regionCode: string): Promise<void> {
  const national = (await policyData.policyVersions(regionCode.padEnd(6, '0'))).find((v) => v.id === 'national-2021')!;
  await policyData.recordPolicyVersion(
    {
      id: `bench-continuation-${regionCode}`,
      regionCode,
      name: 'bench: 2021 rules continued',
      source: 'bench',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      rules: { ...serializeLoanPolicyRules(national.rules), lendingWindowEnd: '2030-12-31' },
    },
    'bench',
  );
}
