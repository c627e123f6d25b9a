/**
 * A small node:http host for an Apollo Server: `/graphql`, `/healthz` (process alive) and
 * `/readyz` (dependencies reachable). Apollo Server 5 ships no framework integration in core,
 * and the hub needs none: body size is limited here and everything else is Apollo's own
 * request pipeline (including CSRF prevention, which runs inside executeHTTPGraphQLRequest).
 */
import { ApolloServer, BaseContext, HeaderMap } from '@apollo/server';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { EMPTY_BODY_SHA256 } from '../auth/signed-context';
import type { Logger } from '../logger';
import { listenOn } from './listen';
import { runInRequest } from '../request-scope';
import { contextFromHeaders, endServerSpan, startServerSpan, withTraceContext } from '../tracing';
import type { ServiceMetrics } from '../metrics/service-metrics';

/** A plain HTTP endpoint beside /graphql (file uploads and downloads). */
export interface HttpRoute {
  /** ANY: the handler takes every method (a mounted application with its own routes). */
  method: 'GET' | 'POST' | 'ANY';
  /** Matched against the path; capture groups are passed to the handler. */
  path: RegExp;
  handle(request: IncomingMessage, response: ServerResponse, params: string[], url: URL): Promise<void>;
  /** Its name in the access log and the metrics (default: the path's first segment, e.g. /uploads). */
  name?: string;
}

/** A request id a caller (or the gateway, for a subgraph) may give; anything else gets a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Operation names are the client's; past this length (or with other characters) they are not logged. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
/** Probes and scrapes come every few seconds: not one access log line each (they are counted in the metrics). */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** What the access log line of a request says, filled in as the request is handled. */
interface AccessEntry {
  route: string;
  operation?: string;
  role?: string;
}

/** The operation named in a GraphQL request (operationName, else the document's first named operation), if it is a plain name. */
function operationNameOf(body: unknown, url: URL): string | undefined {
  const given = body && typeof body === 'object' ? (body as { operationName?: unknown; query?: unknown }) : {};
  const name = typeof given.operationName === 'string' ? given.operationName : url.searchParams.get('operationName');
  if (name) return OPERATION_NAME.test(name) ? name : undefined;
  const query = typeof given.query === 'string' ? given.query : url.searchParams.get('query');
  const declared = query ? /^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query.slice(0, 300)) : null;
  return declared?.[1];
}

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** `body.sha256`: SHA-256 (hex) of the body's exact bytes (of '' for a GET). */
  context: (request: IncomingMessage, body: { sha256: string }) => Promise<TContext>;
  /** Resolves when the service can take traffic (e.g. database reachable); throws otherwise. */
  ready: () => Promise<void>;
  maxBodyBytes: number;
  logger: Logger;
  routes?: HttpRoute[];
  /** Served at GET /metrics (Prometheus text), beside /healthz and /readyz. */
  metrics?: ServiceMetrics;
  /** Who answers (the gateway, a subgraph): named on each request's trace span. */
  service?: string;
}

export interface RunningHttpServer<TContext extends BaseContext = BaseContext> {
  server: Server;
  apollo: ApolloServer<TContext>;
  port: number;
  url: string;
  /** Stops accepting requests, then stops Apollo Server. */
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {}

/** The body as text, with the SHA-256 of its exact bytes (what a signed context is bound to). */
function readBody(request: IncomingMessage, limit: number): Promise<{ text: string; sha256: string }> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it; the 413 is answered and the connection closed (closeAfterResponse).
        request.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLargeError());
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), sha256: hash.digest('hex') }));
    request.on('error', reject);
  });
}

/** How long a connection being closed may take to deliver the answer before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

/**
 * For an answer given before the request's body was read to its end (too large, refused early):
 * the rest of the body is read and discarded rather than left in the socket (when the request
 * can still be read), and the connection is closed once the answer is out. If the answer's head
 * is not sent yet it says `connection: close` (Node then ends the connection after it);
 * otherwise the connection is half-closed after the answer — the peer may go on writing without
 * being reset before it has read the answer — and destroyed after a grace period. Safe to call
 * more than once, and after the answer was sent.
 */
export function closeAfterResponse(request: IncomingMessage, response: ServerResponse, socket: Socket | null = request.socket ?? response.socket): void {
  request.unpipe();
  if (!request.destroyed) request.resume();
  const close = () => {
    if (!socket || socket.destroyed) return;
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  };
  if (!response.headersSent) response.setHeader('connection', 'close');
  if (response.writableFinished) close();
  else response.once('finish', close);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function graphQLError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

export async function startGraphQLHttpServer<TContext extends BaseContext>(
  options: GraphQLHttpServerOptions<TContext>,
  port: number,
  /** The address to listen on (BIND_HOST: 127.0.0.1 unless a container sets 0.0.0.0). */
  host: string,
): Promise<RunningHttpServer<TContext>> {
  const { apollo, logger } = options;

  const handle = async (request: IncomingMessage, response: ServerResponse, entry: AccessEntry) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/metrics' && options.metrics && request.method === 'GET') {
      response.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
      return void response.end(await options.metrics.render());
    }
    if (url.pathname === '/readyz') {
      try {
        await options.ready();
        return sendJson(response, 200, { status: 'ready' });
      } catch (error) {
        logger.warn('not ready', { error });
        return sendJson(response, 503, { status: 'not ready', reason: (error as Error).message });
      }
    }
    for (const route of options.routes ?? []) {
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      entry.route = route.name ?? `/${url.pathname.split('/')[1]}`;
      if (route.method !== 'ANY' && request.method !== route.method) return sendJson(response, 405, { error: `use ${route.method}` });
      return route.handle(request, response, match.slice(1), url);
    }
    if (url.pathname !== '/graphql') return sendJson(response, 404, { error: 'not found: the API is at /graphql' });
    entry.route = '/graphql';

    let body: unknown = undefined;
    let bodySha256 = EMPTY_BODY_SHA256;
    if (request.method === 'POST') {
      let text: string;
      try {
        ({ text, sha256: bodySha256 } = await readBody(request, options.maxBodyBytes));
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          closeAfterResponse(request, response);
          return graphQLError(response, 413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${options.maxBodyBytes} bytes`);
        }
        throw error;
      }
      const contentType = request.headers['content-type'] ?? '';
      if (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json')) {
        try {
          body = text.length ? JSON.parse(text) : undefined;
        } catch {
          return graphQLError(response, 400, 'BAD_REQUEST', 'request body is not valid JSON');
        }
      } else {
        body = text;
      }
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    entry.operation = operationNameOf(body, url);
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: async () => {
        const context = await options.context(request, { sha256: bodySha256 });
        const role = (context as { caller?: { role?: unknown } }).caller?.role;
        if (typeof role === 'string') entry.role = role;
        return context;
      },
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  };

  const server = createServer((request, response) => {
    // Kept here: a request destroyed by its handler (e.g. a for-await left early) lets go of it.
    const socket = request.socket;
    const started = process.hrtime.bigint();
    // One id per request, the caller's (or the gateway's, in a subgraph) when well formed: written
    // back into the headers, so whatever authenticates the request further on reads the same one.
    const given = request.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    request.headers['x-request-id'] = requestId;
    response.setHeader('x-request-id', requestId);
    const path = (request.url ?? '/').split('?')[0];
    const entry: AccessEntry = { route: PROBES.has(path) ? path : 'other' };
    const method = request.method ?? 'GET';
    // A probe is no part of any trace; a request's span is the child of the caller's, if it sent one.
    const traced = PROBES.has(path) ? undefined : startServerSpan(contextFromHeaders(request.headers), options.service ?? 'hub', method);
    // 'close', not 'finish': a request the client gave up on is timed and logged too (aborted).
    response.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      options.metrics?.observeHttpRequest(entry.route, method, response.statusCode, seconds);
      if (traced) endServerSpan(traced.span, method, { route: entry.route, status: response.statusCode, operation: entry.operation, requestId });
      if (PROBES.has(entry.route)) return;
      // The route's name and the operation's, never the query string or the body: they can carry personal data.
      logger.info('request', {
        requestId,
        method: request.method,
        route: entry.route,
        operation: entry.operation,
        role: entry.role,
        status: response.statusCode,
        ms: Math.round(seconds * 1000),
        ...(response.writableFinished ? {} : { aborted: true }),
      });
    });
    const run = () => runInRequest(requestId, () => handle(request, response, entry));
    (traced ? withTraceContext(traced.context, run) : run())
      .catch((error) => {
        logger.error('request failed', { error });
        if (!response.headersSent) graphQLError(response, 500, 'INTERNAL_SERVER_ERROR', 'internal server error');
        else response.end();
      })
      .finally(() => {
        // Answered without the body read to its end: the connection cannot carry another request,
        // and left as it is it would hold the unread bytes (and, paused, never notice a close).
        if (!request.complete) closeAfterResponse(request, response, socket);
      });
  });
  server.keepAliveTimeout = 65_000;
  const actualPort = await listenOn(server, port, host);
  return {
    server,
    apollo,
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}/graphql`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
