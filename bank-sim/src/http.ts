/**
 * The simulator over node:http. Each bank is served under /banks/{bankCode}, so a bank's
 * connector base URL is http://host:port/banks/ABC; the admin API is under /_sim; /healthz is
 * open, everything else needs `Authorization: Bearer <token>`.
 *
 * Transport faults happen here, before or after the simulator does the work:
 * - status: the bank answers that status without looking at the request (nothing applied);
 * - latency: the bank waits, then handles the request normally;
 * - timeout: the bank takes the request and never answers (nothing applied; the socket stays
 *   open until the client gives up or the simulator stops);
 * - drop: the bank handles the request — a delivery IS applied, a payout batch IS paid — then
 *   destroys the socket before answering. The client cannot tell this from a failure before
 *   applying; its retry with the same Idempotency-Key and body must get ALREADY_APPLIED
 *   (ALREADY_PROCESSED for a batch), not a second application.
 * Fault routes: 'deliveries', 'loan-records', 'payouts' (POST /payout-batches), or 'any'.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BANK_CONNECTOR_PATHS, ConnectorError, IDEMPOTENCY_KEY_HEADER } from '../../contracts/bank-connector/protocol';
import type { Logger } from '../../common/logger';
import { Answer, BankSimulator, FaultRoute, FaultSpec, InvalidFault, UnknownBank } from './simulator';
import { listenOn } from '../../common/http/listen';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface BankSimServerOptions {
  simulator: BankSimulator;
  token: string;
  logger: Logger;
  maxBodyBytes?: number;
}

export interface RunningBankSim {
  server: Server;
  port: number;
  /** http://127.0.0.1:port — a bank's connector base URL is `${url}/banks/${code}`. */
  url: string;
  close(): Promise<void>;
}

/** Ends a request early with a ConnectorError. */
class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Handler = (request: IncomingMessage, params: string[], url: URL) => Promise<Answer<unknown>>;

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  /** Bank routes can be hit by faults; admin routes never are. */
  faultRoute?: Exclude<FaultRoute, 'any'>;
  handle: Handler;
}

const STATUS_FAULT_CODES: Record<number, string> = { 429: 'RATE_LIMITED', 500: 'INTERNAL', 502: 'BAD_GATEWAY', 503: 'UNAVAILABLE', 504: 'GATEWAY_TIMEOUT' };

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) return reject(new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `body: larger than ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume(); // read and discard the rest, so the 413 can still be sent
        reject(new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `body: larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function requireJsonContent(request: IncomingMessage): void {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json')) throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type: must be application/json');
}

/** An admin request's JSON object body ({} when empty). */
async function readAdminBody(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const body = await readBody(request, limit);
  if (body.length === 0) return {};
  requireJsonContent(request);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'MALFORMED', 'body: is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpProblem(400, 'MALFORMED', 'body: must be a JSON object');
  return value as Record<string, unknown>;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body: ConnectorError = { error: code, message };
  sendJson(response, status, body, headers);
}

const ok = (body: unknown): Answer<unknown> => ({ status: 200, body: body as never });

export async function startBankSimServer(options: BankSimServerOptions, port: number, host = '127.0.0.1'): Promise<RunningBankSim> {
  const { simulator, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const expectedToken = createHash('sha256').update(options.token).digest();
  /** Requests a timeout fault holds: their sockets are destroyed when the simulator stops. */
  const heldSockets = new Set<Socket>();

  const isAuthorized = (request: IncomingMessage): boolean => {
    const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
    return match !== null && timingSafeEqual(createHash('sha256').update(match[1]).digest(), expectedToken);
  };

  const bankFrom = (params: string[]): string => {
    if (!simulator.hasBank(params[0])) throw new HttpProblem(404, 'NOT_FOUND', `no bank ${params[0]} here`);
    return params[0];
  };

  /** Admin actions report bad input as RangeError / InvalidFault: 400, naming the field. */
  const adminAction = (action: () => unknown): Answer<unknown> => {
    try {
      return ok(action());
    } catch (problem) {
      if (problem instanceof RangeError || problem instanceof InvalidFault) throw new HttpProblem(400, 'MALFORMED', problem.message);
      throw problem;
    }
  };

  const routes: Route[] = [
    {
      method: 'POST',
      path: new RegExp(`^/banks/([^/]+)${BANK_CONNECTOR_PATHS.listDeliveries}$`),
      faultRoute: 'deliveries',
      handle: async (request, params) => {
        const bankCode = bankFrom(params);
        const body = await readBody(request, maxBodyBytes);
        requireJsonContent(request);
        const key = request.headers[IDEMPOTENCY_KEY_HEADER];
        return simulator.receiveDelivery(bankCode, Array.isArray(key) ? key[0] : key, body);
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^/banks/([^/]+)${BANK_CONNECTOR_PATHS.loanRecords}$`),
      faultRoute: 'loan-records',
      handle: async (_request, params, url) =>
        simulator.loanRecordsPage(bankFrom(params), { after: url.searchParams.get('after'), limit: url.searchParams.get('limit') }),
    },
    {
      method: 'POST',
      path: new RegExp(`^/banks/([^/]+)${BANK_CONNECTOR_PATHS.payoutBatches}$`),
      faultRoute: 'payouts',
      handle: async (request, params) => {
        const bankCode = bankFrom(params);
        const body = await readBody(request, maxBodyBytes);
        requireJsonContent(request);
        const key = request.headers[IDEMPOTENCY_KEY_HEADER];
        return simulator.receivePayoutBatch(bankCode, Array.isArray(key) ? key[0] : key, body);
      },
    },
    {
      method: 'POST',
      path: /^\/_sim\/faults$/,
      handle: async (request) => {
        const spec = (await readAdminBody(request, maxBodyBytes)) as unknown as FaultSpec;
        return adminAction(() => simulator.armFault(spec));
      },
    },
    { method: 'GET', path: /^\/_sim\/faults$/, handle: async () => ok({ faults: simulator.armedFaults() }) },
    {
      method: 'DELETE',
      path: /^\/_sim\/faults$/,
      handle: async (_request, _params, url) => ok({ cleared: simulator.clearFaults(url.searchParams.get('bankCode') ?? undefined) }),
    },
    {
      method: 'POST',
      path: /^\/_sim\/banks\/([^/]+)\/lend$/,
      handle: async (request, params) => {
        const bankCode = bankFrom(params);
        const { share, asOf } = await readAdminBody(request, maxBodyBytes);
        return adminAction(() => simulator.lend(bankCode, { share: share as number, asOf: asOf as string }));
      },
    },
    {
      method: 'POST',
      path: /^\/_sim\/banks\/([^/]+)\/advance$/,
      handle: async (request, params) => {
        const bankCode = bankFrom(params);
        const { to } = await readAdminBody(request, maxBodyBytes);
        return adminAction(() => simulator.advance(bankCode, { to: to as string }));
      },
    },
    {
      method: 'POST',
      path: /^\/_sim\/banks\/([^/]+)\/generate-loans$/,
      handle: async (request, params) => {
        const bankCode = bankFrom(params);
        const { count, asOf, townships } = await readAdminBody(request, maxBodyBytes);
        if (townships !== undefined && !(Array.isArray(townships) && townships.every((code) => typeof code === 'string'))) {
          throw new HttpProblem(400, 'MALFORMED', 'townships: must be an array of 9-digit township codes');
        }
        return adminAction(() => simulator.generateLoans(bankCode, count as number, { asOf: asOf as string, townships: townships as string[] | undefined }));
      },
    },
    { method: 'GET', path: /^\/_sim\/banks\/([^/]+)\/beneficiaries$/, handle: async (_request, params) => ok(simulator.beneficiaries(bankFrom(params))) },
    { method: 'GET', path: /^\/_sim\/banks\/([^/]+)\/deliveries$/, handle: async (_request, params) => ok(simulator.deliveries(bankFrom(params))) },
    { method: 'GET', path: /^\/_sim\/banks\/([^/]+)\/loans$/, handle: async (_request, params) => ok(simulator.loanSummary(bankFrom(params))) },
    {
      method: 'POST',
      path: /^\/_sim\/banks\/([^/]+)\/accounts$/,
      handle: async (request, params) => {
        const bankCode = bankFrom(params);
        const account = await readAdminBody(request, maxBodyBytes);
        return adminAction(() => simulator.registerAccount(bankCode, account));
      },
    },
    { method: 'GET', path: /^\/_sim\/banks\/([^/]+)\/payouts$/, handle: async (_request, params) => ok(simulator.payouts(bankFrom(params))) },
  ];

  /** Runs one request; `note` records an ending without a response, for the log line. */
  const handle = async (request: IncomingMessage, response: ServerResponse, note: (outcome: 'held' | 'dropped') => void): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok', banks: simulator.bankCodes() });
    if (!isAuthorized(request)) throw new HttpProblem(401, 'UNAUTHORIZED', 'authorization: a valid bearer token is required', { 'www-authenticate': 'Bearer' });

    const matching = routes.filter((route) => route.path.test(url.pathname));
    if (matching.length === 0) throw new HttpProblem(404, 'NOT_FOUND', 'no such path');
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) {
      const allowed = matching.map((candidate) => candidate.method).join(', ');
      throw new HttpProblem(405, 'METHOD_NOT_ALLOWED', `use ${allowed}`, { allow: allowed });
    }
    const params = route.path.exec(url.pathname)!.slice(1).map(decodeURIComponent);

    const fault = route.faultRoute && simulator.hasBank(params[0]) ? simulator.takeTransportFault(params[0], route.faultRoute) : undefined;
    if (fault?.kind === 'status') {
      request.resume();
      const status = fault.status!;
      throw new HttpProblem(
        status,
        STATUS_FAULT_CODES[status] ?? 'SIMULATED_FAULT',
        `simulated ${status}`,
        status === 503 || status === 429 ? { 'retry-after': '1' } : {},
      );
    }
    if (fault?.kind === 'timeout') {
      request.resume();
      heldSockets.add(request.socket);
      request.socket.once('close', () => heldSockets.delete(request.socket));
      return note('held');
    }
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));

    const answer = await route.handle(request, params, url);
    if (fault?.kind === 'drop') {
      note('dropped');
      return void request.socket.destroy();
    }
    sendJson(response, answer.status, answer.body);
  };

  const server = createServer((request, response) => {
    const started = process.hrtime.bigint();
    let outcome: string | undefined;
    response.once('close', () => {
      const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
      // Method, path and status only: paths hold bank codes, never personal data; no query strings.
      const path = (request.url ?? '/').split('?')[0];
      logger.info('request', { method: request.method, path, status: response.writableFinished ? response.statusCode : (outcome ?? 'aborted'), ms });
    });
    handle(request, response, (ending) => (outcome = ending)).catch((problem: unknown) => {
      if (response.headersSent) return void response.end();
      if (problem instanceof HttpProblem) return sendError(response, problem.status, problem.code, problem.message, problem.headers);
      if (problem instanceof UnknownBank) return sendError(response, 404, 'NOT_FOUND', problem.message);
      logger.error('request failed', { error: problem });
      sendError(response, 500, 'INTERNAL', 'internal error');
    });
  });

  const actualPort = await listenOn(server, port, host);
  return {
    server,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of heldSockets) socket.destroy();
      server.closeIdleConnections();
      // Requests in a latency fault get a moment to finish; then everything still open is cut.
      const grace = setTimeout(() => server.closeAllConnections(), 2_000);
      await closed;
      clearTimeout(grace);
    },
  };
}
