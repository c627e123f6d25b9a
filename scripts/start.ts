/**
 * npm start — the whole hub on one machine, no configuration needed:
 * embedded PostgreSQL (unless DATABASE_URL is set), the three subgraphs, the gateway and the
 * worker as separate processes, the demo county loaded, and a ready token for each role.
 * Ctrl-C stops everything, the database included.
 */
import { ChildProcess, fork } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mintToken } from '../common/auth/jwt';
import { HubConfig, loadConfig } from '../common/config';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../common/db/embedded-postgres';
import { createLogger, Logger } from '../common/logger';
import { DEMO_COUNTY, DEMO_REPORTED_AS_OF, DEMO_SETTLED_QUARTER } from '../demo/demo-county';
import { loadDemoCounty } from '../demo/load-demo-county';
import { ensureConsoleBuilt } from './console-build';

const HELP = `usage: npm start [-- options]
  --no-demo          do not load the demo county (楚雄市 532301)
  --households N     demo households to generate (default 240)
  --max-restarts N   restarts of a crashed service within 10 minutes before the hub stops (default 5)
Starts embedded PostgreSQL under DATA_DIR (or uses DATABASE_URL), the households, loans and
funds subgraphs, the gateway, the worker and (unless BANK_CONNECTOR_URL_TEMPLATE is set) the bank
simulator; service logs go to DATA_DIR/logs/. Once the hub is up, a service that exits on its
own is restarted (after 1 s, then 2, 4, … up to 30 s); one that exits more than --max-restarts
times within 10 minutes stops the hub. What it keeps between runs (the database, the simulated banks'
state in DATA_DIR/bank-sim, the logs) is removed by npm run reset, to start over.`;

/** Restarts are counted over this window. */
const RESTART_WINDOW_MS = 10 * 60_000;
/** First restart delay; doubles with each restart counted in the window. */
const RESTART_BACKOFF_MS = 1000;
const RESTART_BACKOFF_MAX_MS = 30_000;

const ROOT = resolve(__dirname, '..');
/** Started in this order, a stage at a time: the gateway plans against the subgraphs, so they come up first. */
interface Service {
  name: string;
  entry: string;
  args?: (c: HubConfig) => string[];
  port: (c: HubConfig) => number | null;
  /** The path answering 200 once the service is ready. */
  readyPath?: string;
}

/** The environment variable the demo's simulated banks are registered with as their credentialRef (it holds the simulator's token). */
const SIMULATOR_CREDENTIAL_REF = 'BANK_SIM_TOKEN';

/** Simulated banks, for when no real connector is configured: the worker pushes lists to it and pulls loans from it. */
const BANK_SIMULATOR: Service = {
  name: 'bank-sim',
  entry: 'bank-sim/src/main.ts',
  // Its banks' state is kept with the hub's data: a second start finds the lists, sequences and loan feeds the hub remembers.
  args: (c) => ['--port', String(c.banks.simulatorPort), '--token', c.banks.connectorToken, '--state-dir', join(resolve(c.dataDir), 'bank-sim')],
  port: (c) => c.banks.simulatorPort,
  readyPath: '/healthz',
};

const STAGES: Service[][] = [
  [
    { name: 'households', entry: 'subgraphs/households/src/main.ts', port: (c) => c.ports.households },
    { name: 'loans', entry: 'subgraphs/loans/src/main.ts', port: (c) => c.ports.loans },
    { name: 'funds', entry: 'subgraphs/funds/src/main.ts', port: (c) => c.ports.funds },
  ],
  [
    { name: 'gateway', entry: 'gateway/src/main.ts', port: (c) => c.ports.gateway },
    // Ready once its /metrics answers (served after its queues are up); WORKER_METRICS_PORT=0: not waited for.
    { name: 'worker', entry: 'queues/src/main.ts', port: (c) => c.workerMetricsPort || null, readyPath: '/healthz' },
  ],
];

const EXAMPLE_QUERY = `query DemoHouseholds {
  households(first: 3, filter: { countyCode: "${DEMO_COUNTY}" }) {
    nodes {
      householdNo headName idNumber category
      village { name }
      loans { contractNo amount annualRate status bank { name } }
      oneCardAccount { accountNumber status issuingBank { name } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function waitUntilReady(name: string, port: number, child: ChildProcess, path = '/readyz', timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${name} exited (${exitDescription(child.exitCode, child.signalCode)}) while starting (see its log)`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not ready after ${timeoutMs / 1000} s`);
}

function serviceLog(service: Service, logDir: string): string {
  return join(logDir, `${service.name}.log`);
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/**
 * Waits until nothing listens on the port: services of a launcher that was killed notice it and
 * stop on their own, but may still be closing their connections when the next run starts.
 */
async function waitUntilPortFree(name: string, port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return;
    if (Date.now() > deadline)
      throw new Error(`port ${port} for ${name} is still in use after ${timeoutMs / 1000} s (another hub running? set its *_PORT variable)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

class Launcher {
  private readonly children: { name: string; process: ChildProcess }[] = [];
  private database: EmbeddedDatabase | undefined;
  private databaseStarting: Promise<EmbeddedDatabase> | undefined;
  private stopping = false;
  /** Set once every service is up: from then on a service that exits is restarted. */
  private supervising = false;
  /** When each service exited on its own, within the restart window. */
  private readonly exits = new Map<string, number[]>();
  private simulatorUrl: string | null = null;
  private databaseUrl = '';

  constructor(
    private readonly config: HubConfig,
    private readonly logger: Logger,
    private readonly maxRestarts: number,
  ) {}

  async run(options: { demo: boolean; households: number }): Promise<void> {
    const logDir = join(resolve(this.config.dataDir), 'logs');
    mkdirSync(logDir, { recursive: true });
    // The console when missing or stale; a failed build leaves the hub running (the gateway says so at /console).
    await ensureConsoleBuilt({ say: (line) => this.say(line) }).catch((error: Error) => this.say(error.message));
    let databaseUrl = this.config.databaseUrl;
    if (!databaseUrl) {
      // Kept while it starts, so that Ctrl-C during start-up stops this database too.
      this.databaseStarting = startEmbeddedPostgres({
        dataDir: this.config.dataDir,
        port: this.config.embeddedPgPort,
        database: 'huinong',
        logger: this.logger,
      });
      this.database = await this.databaseStarting;
      databaseUrl = this.database.url;
    }
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
    this.databaseUrl = databaseUrl;
    const stages = STAGES.map((stage) => [...stage]);
    if (!this.config.banks.connectorUrlTemplate) {
      // The demo registers each simulated bank with its own URL here and SIMULATOR_CREDENTIAL_REF as its credential
      // (the bank registry's path, as for a real bank); the worker reads the token from that variable.
      this.simulatorUrl = `http://127.0.0.1:${this.config.banks.simulatorPort}`;
      env[SIMULATOR_CREDENTIAL_REF] = this.config.banks.connectorToken;
      stages[0].push(BANK_SIMULATOR);
    }

    for (const service of stages.flat()) {
      const port = service.port(this.config);
      if (port) await waitUntilPortFree(service.name, port);
    }
    for (const stage of stages) {
      if (this.stopping) return;
      const started = stage.map((service) => ({ service, child: this.fork(service, env, logDir) }));
      await Promise.all(
        started.map(({ service, child }) => {
          const port = service.port(this.config);
          return port === null ? undefined : waitUntilReady(service.name, port, child, service.readyPath);
        }),
      );
    }

    if (this.stopping) return;
    this.supervising = true;
    if (options.demo)
      await loadDemoCounty(this.config, databaseUrl, this.logger, {
        households: options.households,
        simulator: this.simulatorUrl ? { url: this.simulatorUrl, credentialRef: SIMULATOR_CREDENTIAL_REF } : undefined,
      });
    await this.printWelcome();
  }

  private fork(service: Service, env: NodeJS.ProcessEnv, logDir: string): ChildProcess {
    const logPath = serviceLog(service, logDir);
    const log = createWriteStream(logPath, { flags: 'a' });
    const child = fork(join(ROOT, service.entry), service.args?.(this.config) ?? [], {
      cwd: ROOT,
      env,
      execArgv: ['-r', '@swc-node/register'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout!.pipe(log);
    child.stderr!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      process.stderr.write(`[${service.name}] ${chunk}`);
    });
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      if (!this.supervising) {
        this.logger.error('service exited unexpectedly', { service: service.name, code, signal, log: logPath });
        void this.stop(1);
        return;
      }
      this.restart(service, env, logDir, exitDescription(code, signal));
    });
    const entry = this.children.find((c) => c.name === service.name);
    if (entry) entry.process = child;
    else this.children.push({ name: service.name, process: child });
    return child;
  }

  /** A service exited on its own: start it again after a backoff, unless it did so too often. */
  private restart(service: Service, env: NodeJS.ProcessEnv, logDir: string, how: string): void {
    const now = Date.now();
    const exits = (this.exits.get(service.name) ?? []).filter((at) => now - at < RESTART_WINDOW_MS);
    exits.push(now);
    this.exits.set(service.name, exits);
    const log = serviceLog(service, logDir);
    if (exits.length > this.maxRestarts) {
      this.say(
        `${service.name} exited (${how}), ${exits.length} times within ${RESTART_WINDOW_MS / 60_000} minutes (at most ${this.maxRestarts} restarts): giving up and stopping the hub (see ${log})`,
      );
      this.logger.error('service exited too often; stopping the hub', { service: service.name, exits: exits.length, maxRestarts: this.maxRestarts, log });
      void this.stop(1);
      return;
    }
    const delayMs = Math.min(RESTART_BACKOFF_MS * 2 ** (exits.length - 1), RESTART_BACKOFF_MAX_MS);
    this.say(`${service.name} exited (${how}); restarting (${exits.length}/${this.maxRestarts}) in ${delayMs / 1000} s (see ${log})`);
    this.logger.warn('service exited; restarting', { service: service.name, exit: how, restart: exits.length, maxRestarts: this.maxRestarts, delayMs, log });
    setTimeout(() => {
      if (this.stopping) return;
      const child = this.fork(service, env, logDir);
      const port = service.port(this.config);
      if (port === null) return this.say(`${service.name} restarted`);
      waitUntilReady(service.name, port, child, service.readyPath).then(
        () => this.say(`${service.name} restarted and ready`),
        (error: Error) => this.logger.warn('restarted service did not become ready', { service: service.name, error: error.message }),
      );
    }, delayMs);
  }

  /** A line for the person who ran npm start (beside the JSON log lines). */
  private say(line: string): void {
    process.stderr.write(`[launcher] ${line}\n`);
  }

  private async printWelcome(): Promise<void> {
    const jwt = this.config.jwt;
    const tokens: [string, string][] = [
      ['bureau', await mintToken(jwt, { subject: 'demo-bureau-chuxiong', role: 'bureau', counties: [DEMO_COUNTY] })],
      ['bank', await mintToken(jwt, { subject: 'demo-bank-abc', role: 'bank', bank: 'ABC' })],
      ['finance', await mintToken(jwt, { subject: 'demo-finance-chuxiong', role: 'finance', counties: [DEMO_COUNTY] })],
      // Another person of the same finance bureau: the one who prepares a payout batch may not approve it.
      ['finance-2', await mintToken(jwt, { subject: 'demo-finance-chuxiong-2', role: 'finance', counties: [DEMO_COUNTY] })],
      ['regulator', await mintToken(jwt, { subject: 'demo-regulator', role: 'regulator', counties: [DEMO_COUNTY] })],
      ['admin', await mintToken(jwt, { subject: 'demo-admin', role: 'admin' })],
    ];
    const url = `http://127.0.0.1:${this.config.ports.gateway}/graphql`;
    const lines = [
      '',
      '惠农 Hub is running.',
      `Gateway: ${url}`,
      `Console: http://127.0.0.1:${this.config.ports.gateway}/console/ (development: sign in as one of the demo's users)`,
      '',
      'Tokens (8 h; mint more with npm run token):',
      ...tokens.map(([role, token]) => `  ${role.padEnd(10)} ${token}`),
      '',
      'Example query (as the county bureau):',
      EXAMPLE_QUERY,
      '',
      'The demo roster (imported from a CSV export and published) is version 1; upload another with:',
      `  curl -s -X POST "http://127.0.0.1:${this.config.ports.gateway}/uploads/rosters?county=${DEMO_COUNTY}&mode=reject_file" -H "authorization: Bearer <bureau token>" --data-binary @名单.csv`,
      '',
      'With curl:',
      `  curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer ${tokens[0][1]}" \\`,
      `    --data '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') })}'`,
      '',
      ...(this.simulatorUrl
        ? [
            `Banks are simulated at ${this.simulatorUrl} (banks/ABC, banks/PSBC, banks/YNRCC). The worker has pushed each its list:`,
            '  query { listDeliveries { nodes { bank { code } sequence status upserts attempts } } }   (as the bureau or admin)',
            'Let a simulated bank lend to its listed households, then pull what it reports:',
            `  curl -s -X POST ${this.simulatorUrl}/_sim/banks/ABC/lend -H "authorization: Bearer ${this.config.banks.connectorToken}" -H 'content-type: application/json' --data '{"share":0.3,"asOf":"${new Date().toISOString().slice(0, 10)}"}'`,
            '  npm run banks -- pull --bank ABC      (the worker also pulls every LOAN_PULL_EVERY_MS)',
            '',
          ]
        : []),
      `The demo loans have paid their interest every quarter up to ${DEMO_REPORTED_AS_OF}; the quarter's subsidy, computed now (the worker does it once the settlement day has passed):`,
      `  npm run subsidy -- compute --county ${DEMO_COUNTY} --quarter ${DEMO_SETTLED_QUARTER}      (with the DATABASE_URL below)`,
      `  mutation { preparePayoutBatches(countyCode: "${DEMO_COUNTY}", quarter: "${DEMO_SETTLED_QUARTER}") { batches { id bank { code } lineCount totalAmount } } }   (as finance)`,
      `  mutation { approvePayoutBatch(id: "<batch id>") { status preparedBy approvedBy } }   (as finance-2: another person approves; the ${DEMO_SETTLED_QUARTER.slice(0, 4)} budget is recorded, see subsidyBudget(countyCode: "${DEMO_COUNTY}", year: ${DEMO_SETTLED_QUARTER.slice(0, 4)}))`,
      '',
      'For the command-line tools (npm run roster / banks / subsidy) in another shell, on this database and these banks:',
      `  export DATABASE_URL='${this.databaseUrl}'${this.simulatorUrl ? ` ${SIMULATOR_CREDENTIAL_REF}='${this.config.banks.connectorToken}'` : ''}`,
      '',
      `Logs: ${join(resolve(this.config.dataDir), 'logs')}/   Stop: Ctrl-C`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }

  async stop(code: number): Promise<void> {
    // A second Ctrl-C (or a crash while stopping) waits for the first stop rather than cutting it short.
    if (this.stopping) return this.say('already stopping: waiting for the services and the database to stop');
    this.stopping = true;
    this.logger.info('stopping the hub');
    await Promise.all(
      this.children.map(
        ({ process: child }) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    const database = this.database ?? (await this.databaseStarting?.catch(() => undefined));
    if (database) await database.stop().catch((error) => this.logger.error('embedded postgres did not stop cleanly', { error }));
    this.logger.info('stopped');
    process.exit(code);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { help: { type: 'boolean' }, 'no-demo': { type: 'boolean' }, households: { type: 'string' }, 'max-restarts': { type: 'string' } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const households = Number(values.households ?? 240);
  if (!Number.isInteger(households) || households < 1 || households > 100_000) throw new Error('--households must be between 1 and 100000');
  const maxRestarts = Number(values['max-restarts'] ?? 5);
  if (!Number.isInteger(maxRestarts) || maxRestarts < 0 || maxRestarts > 100) throw new Error('--max-restarts must be between 0 and 100');
  const config = loadConfig();
  const logger = createLogger({ service: 'launcher' }, config.logLevel);
  const launcher = new Launcher(config, logger, maxRestarts);
  // A second Ctrl-C while stopping must not kill the launcher halfway: the database would be left running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void launcher.stop(0));
  try {
    await launcher.run({ demo: !values['no-demo'], households });
  } catch (error) {
    logger.error('start failed', { error: error instanceof Error ? error.message : error });
    await launcher.stop(1);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
