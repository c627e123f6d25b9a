/**
 * The queue dashboard at /admin/queues/: Bull Board over every queue of the hub, on whichever
 * BullMQ backend the hub runs (Redis, or BullMQ's PostgreSQL backend: Bull Board reaches either
 * through the queue's own API), for administrators only.
 *
 * Bull Board's page is its own single-page app that sends no Authorization header, so the
 * console opens it by handing the admin's token over once: `POST /admin/queues/session` with the
 * bearer token sets it as an HttpOnly, SameSite=Strict cookie scoped to /admin/queues (so no other
 * path, and no other site, ever sends it), for at most an hour. Every request under the path is
 * then verified like the API's (the token's signature, expiry and role admin); anything else is
 * 401 or 403. Actions (retry, promote, clean…) are logged with the admin who took them.
 * The page gets its own CSP: scripts and connections from this origin only, never framed (its
 * web font from Google is refused: the board falls back to the system's fonts).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { Caller } from '../../common/auth/caller';
import { TokenRejectedError, type TokenVerifier } from '../../common/auth/jwt';
import type { HubConfig } from '../../common/config';
import { HttpRoute, sendJson } from '../../common/http/graphql-http-server';
import type { Logger } from '../../common/logger';
import { backendOptionsOf, createQueueBackend, type QueueBackend } from '../../common/queue/backend';
import { QUEUES } from '../../common/queue/names';
import type { Authenticated } from './authenticate';

export const QUEUE_BOARD_PATH = '/admin/queues';
const BACKEND_NAMES = { redis: 'Redis', 'redis-cluster': 'Redis Cluster', postgres: 'PostgreSQL' } as const;
const COOKIE = 'huinong_queue_board';
/** The cookie lives at most this long (and never past the token's own expiry). */
const SESSION_SECONDS = 3600;
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Bull Board's components set style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  // Its page sets <base href="/admin/queues/"> (deep links load their assets from there).
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

type RequestHandler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

export interface QueueBoard {
  routes: HttpRoute[];
  /** Closes the queues the board opened (none until its first request). */
  close(): Promise<void>;
}

function cookieToken(request: IncomingMessage): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=') || null;
  }
  return null;
}

/** The `exp` of a JWT whose signature was verified already (the cookie never outlives the token). */
function tokenExpiry(token: string): number {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
  return typeof claims.exp === 'number' ? claims.exp : 0;
}

/** The board's routes; without a queue backend configured (no REDIS_URL, no DATABASE_URL) they answer 503. */
export function queueBoard(
  config: Pick<HubConfig, 'redisUrl' | 'redisClusterNodes' | 'databaseUrl' | 'queueNamespace' | 'env'>,
  authenticate: (request: IncomingMessage) => Promise<Authenticated>,
  verify: TokenVerifier,
  logger: Logger,
): QueueBoard {
  let opened: { backend: QueueBackend; queues: { close(): Promise<void> }[]; app: RequestHandler } | undefined;

  // Opened on first use: a gateway nobody asks for the board never connects to the queues.
  const open = () => {
    if (opened) return opened;
    const backend = createQueueBackend(backendOptionsOf(config));
    const queues = Object.values(QUEUES).map((name) => backend.queue(name));
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: queues.map((queue) => new BullMQAdapter(queue as never)),
      serverAdapter,
      options: {
        // Given, so Bull Board need not find its UI itself (it would by eval).
        uiBasePath: dirname(require.resolve('@bull-board/ui/package.json')),
        uiConfig: { boardTitle: `惠农 Hub 任务队列 (${BACKEND_NAMES[backend.kind]})` },
      },
    });
    // Bull Board's adapter is an Express application; called as a plain request handler here.
    const app = serverAdapter.getRouter() as RequestHandler & { disable(setting: string): void };
    app.disable('x-powered-by');
    opened = { backend, queues, app };
    return opened;
  };

  const refuse = (response: ServerResponse, status: 401 | 403, message: string) => {
    response.setHeader('cache-control', 'no-store');
    sendJson(response, status, { error: message });
  };

  const session: HttpRoute = {
    method: 'POST',
    path: new RegExp(`^${QUEUE_BOARD_PATH}/session$`),
    async handle(request, response) {
      let who: Authenticated;
      try {
        who = await authenticate(request);
      } catch (error) {
        if (error instanceof TokenRejectedError) return refuse(response, 401, error.message);
        throw error;
      }
      if (who.caller.role !== 'admin') return refuse(response, 403, 'the queue dashboard is for administrators');
      const token = request.headers.authorization!.slice('Bearer '.length);
      const expiresIn = Math.min(SESSION_SECONDS, Math.max(0, tokenExpiry(token) - Date.now() / 1000));
      const secure = config.env === 'production' ? '; Secure' : '';
      response.setHeader('set-cookie', `${COOKIE}=${token}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(expiresIn)}${secure}`);
      response.setHeader('cache-control', 'no-store');
      logger.info('queue dashboard opened', { subject: who.caller.subject, requestId: who.requestId });
      sendJson(response, 200, { url: `${QUEUE_BOARD_PATH}/`, expiresInSeconds: Math.floor(expiresIn) });
    },
  };

  const board: HttpRoute = {
    method: 'ANY',
    path: new RegExp(`^${QUEUE_BOARD_PATH}(/.*)?$`),
    async handle(request, response, params) {
      const token = cookieToken(request);
      if (!token) return refuse(response, 401, 'open the queue dashboard from the console (任务队列), signed in as an administrator');
      let caller: Caller;
      try {
        caller = await verify(token);
      } catch (error) {
        if (error instanceof TokenRejectedError) return refuse(response, 401, `${error.message}: open the dashboard again from the console`);
        throw error;
      }
      if (caller.role !== 'admin') return refuse(response, 403, 'the queue dashboard is for administrators');
      if (!params[0]) {
        // Its relative asset paths need the trailing slash.
        response.writeHead(308, { location: `${QUEUE_BOARD_PATH}/` });
        return void response.end();
      }
      if (request.method !== 'GET' && request.method !== 'HEAD')
        logger.info('queue dashboard action', { subject: caller.subject, method: request.method, path: params[0] });
      response.setHeader('content-security-policy', CSP);
      response.setHeader('x-content-type-options', 'nosniff');
      response.setHeader('referrer-policy', 'no-referrer');
      if (!config.redisUrl && !config.redisClusterNodes && !config.databaseUrl)
        return sendJson(response, 503, { error: 'no queue backend is configured (REDIS_URL or DATABASE_URL)' });
      const { app } = open();
      // The board's router sees paths below its base.
      request.url = params[0] + (request.url?.includes('?') ? request.url.slice(request.url.indexOf('?')) : '');
      await new Promise<void>((resolve) => {
        response.once('finish', resolve);
        response.once('close', resolve);
        app(request, response, () => {
          sendJson(response, 404, { error: 'not found in the queue dashboard' });
        });
      });
    },
  };

  return {
    routes: [session, board],
    async close() {
      if (!opened) return;
      const { backend, queues } = opened;
      opened = undefined;
      await Promise.allSettled(queues.map((queue) => queue.close()));
      await backend.close();
    },
  };
}
