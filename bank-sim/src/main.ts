/**
 * npm run bank-sim -- [--port 4100] [--host 127.0.0.1] [--banks ABC,PSBC,YNRCC] [--token T] [--seed 1] [--state-dir DIR]
 *
 * Simulated lending banks speaking the bank connector protocol (schema/bank-connector.openapi.yaml),
 * for development, tests and benchmarks. When it listens it prints one JSON line to stdout,
 * {"event":"listening","port":N}, which scripts and tests wait for; request logs go to stderr.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../common/logger';
import { runUntilSignalled } from '../../common/process-lifecycle';
import { startBankSimServer } from './http';
import { FileJournal } from './journal';
import { BankSimulator, DEFAULT_BANKS } from './simulator';

const HELP = `usage: npm run bank-sim -- [options]
  --port N        port to listen on (default $BANK_SIM_PORT or 4100; 0 picks a free port)
  --host ADDR     address to listen on (default $BANK_SIM_HOST or 127.0.0.1; 0.0.0.0 in a container)
  --banks CODES   comma-separated bank codes to simulate (default ${DEFAULT_BANKS.join(',')})
  --token T       bearer token every request but /healthz must carry
                  (default $BANK_CONNECTOR_TOKEN or dev-bank-connector-token)
  --seed N        seed of the random loan book, for reproducible runs (default 1)
  --state-dir DIR keep each bank's state in DIR/CODE.ndjson and load it at start (default
                  $BANK_SIM_STATE_DIR; none: in memory only). npm start uses DATA_DIR/bank-sim
  --help          this text

Each bank's connector base URL is http://HOST:PORT/banks/CODE:
  POST /banks/CODE/beneficiary-lists/deliveries   GET /banks/CODE/loan-records?after=&limit=
  POST /banks/CODE/payout-batches
Admin API (same token): POST|GET|DELETE /_sim/faults (routes deliveries, loan-records, payouts, any),
  POST /_sim/banks/CODE/lend {share, asOf},
  POST /_sim/banks/CODE/advance {to}, POST /_sim/banks/CODE/generate-loans {count, asOf, townships?},
  POST /_sim/banks/CODE/accounts {accountNumber, status: ACTIVE|CLOSED|FROZEN|NOT_FOUND, holderName?},
  GET /_sim/banks/CODE/beneficiaries | deliveries | loans | payouts; GET /healthz.
On listening, prints {"event":"listening","port":N} on stdout.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  process.exit(2);
}

function integerOption(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) fail(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      banks: { type: 'string' },
      token: { type: 'string' },
      seed: { type: 'string' },
      'state-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (problem) {
  fail((problem as Error).message);
}

if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

const port = integerOption(values.port ?? process.env.BANK_SIM_PORT ?? '4100', 'port', 0, 65_535);
const host = values.host ?? process.env.BANK_SIM_HOST ?? '127.0.0.1';
const banks = (values.banks ?? DEFAULT_BANKS.join(','))
  .split(',')
  .map((code) => code.trim())
  .filter(Boolean);
if (banks.length === 0 || banks.some((code) => !/^[A-Z0-9_]{2,16}$/.test(code))) fail('--banks must be comma-separated codes of 2–16 characters A–Z, 0–9, _');
if (new Set(banks).size !== banks.length) fail('--banks names a bank twice');
const token = values.token ?? process.env.BANK_CONNECTOR_TOKEN ?? 'dev-bank-connector-token';
if (token.length === 0) fail('--token must not be empty');
const seed = integerOption(values.seed ?? '1', 'seed', 0, 4_294_967_295);
const stateDir = values['state-dir'] ?? process.env.BANK_SIM_STATE_DIR ?? null;

const logger = createLogger({ service: 'bank-sim' }, 'info', (line) => process.stderr.write(line + '\n'));

runUntilSignalled(logger, async () => {
  const simulator = new BankSimulator({ banks, seed });
  if (stateDir) {
    // What each bank held when it last stopped, applied again before it answers anyone.
    const journal = new FileJournal(stateDir, seed);
    for (const code of banks) {
      const entries = journal.load(code);
      for (const entry of entries) simulator.replay(code, entry);
      if (entries.length > 0)
        logger.info('bank state loaded', {
          bank: code,
          entries: entries.length,
          lastAppliedSequence: simulator.deliveries(code).lastAppliedSequence,
          file: journal.fileOf(code),
        });
    }
    simulator.attachJournal(journal);
  }
  const running = await startBankSimServer({ simulator, token, logger }, port, host);
  logger.info('listening', { host, port: running.port, banks, seed });
  process.stdout.write(JSON.stringify({ event: 'listening', port: running.port }) + '\n');
  return running;
});
