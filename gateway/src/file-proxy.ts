/**
 * File endpoints of the public API, passed through to the subgraph that owns them with the
 * same JWT check and signed caller context as GraphQL. Bodies stream both ways.
 *   POST /uploads/rosters?county=…&mode=…           → households POST /rosters/imports
 *   GET  /downloads/roster-imports/{id}/errors.csv   → households GET  /rosters/imports/{id}/errors.csv (or .xlsx)
 *   POST /reports/loans                              → loans      POST /loans/reports (a bank's large batch)
 *   GET  /downloads/subsidy-reconciliation/{county}/{quarter}.csv → funds GET /subsidy/reconciliations/{county}/{quarter}.csv (or .xlsx)
 *   GET  /downloads/monitoring/{county}/{from}/{to}.xlsx → loans GET /monitoring/{county}/{from}/{to}.xlsx (monthly statistics)
 *   POST /uploads/one-card-accounts?county=…&mode=…  → funds      POST /one-card-accounts/imports (a finance bureau's 一卡通 file)
 *   GET  /downloads/one-card-imports/{id}/errors.csv → funds      GET  /one-card-accounts/imports/{id}/errors.csv (or .xlsx)
 */
import { injectTraceHeaders } from '../../common/tracing';
import { createHash } from 'node:crypto';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { TokenRejectedError } from '../../common/auth/jwt';
import { BODY_MAC_TRAILER, bodyMac, CONTEXT_HEADER, EMPTY_BODY_SHA256, signContext } from '../../common/auth/signed-context';
import type { HubConfig } from '../../common/config';
import { closeAfterResponse, HttpRoute, sendJson } from '../../common/http/graphql-http-server';
import type { Logger } from '../../common/logger';
import type { SubgraphName } from '../../common/subgraph-service';
import type { Authenticated } from './authenticate';

interface ProxyRule {
  method: 'GET' | 'POST';
  path: RegExp;
  subgraph: SubgraphName;
  target: (params: string[]) => string;
}

const RULES: ProxyRule[] = [
  { method: 'POST', path: /^\/uploads\/rosters$/, subgraph: 'households', target: () => '/rosters/imports' },
  { method: 'POST', path: /^\/reports\/loans$/, subgraph: 'loans', target: () => '/loans/reports' },
  {
    method: 'GET',
    path: /^\/downloads\/subsidy-reconciliation\/(\d{6})\/(\d{4}Q[1-4])\.(csv|xlsx)$/,
    subgraph: 'funds',
    target: ([county, quarter, ext]) => `/subsidy/reconciliations/${county}/${quarter}.${ext}`,
  },
  {
    method: 'GET',
    path: /^\/downloads\/roster-imports\/([0-9a-f-]{36})\/errors\.(csv|xlsx)$/,
    subgraph: 'households',
    target: ([id, ext]) => `/rosters/imports/${id}/errors.${ext}`,
  },
  {
    method: 'GET',
    path: /^\/downloads\/monitoring\/(\d{6})\/(\d{4}-\d{2})\/(\d{4}-\d{2})\.xlsx$/,
    subgraph: 'loans',
    target: ([county, from, to]) => `/monitoring/${county}/${from}/${to}.xlsx`,
  },
  { method: 'POST', path: /^\/uploads\/one-card-accounts$/, subgraph: 'funds', target: () => '/one-card-accounts/imports' },
  {
    method: 'GET',
    path: /^\/downloads\/one-card-imports\/([0-9a-f-]{36})\/errors\.(csv|xlsx)$/,
    subgraph: 'funds',
    target: ([id, ext]) => `/one-card-accounts/imports/${id}/errors.${ext}`,
  },
];

export function fileProxyRoutes(
  config: HubConfig,
  urls: Record<SubgraphName, string>,
  authenticate: (request: IncomingMessage) => Promise<Authenticated>,
  logger: Logger,
): HttpRoute[] {
  return RULES.map((rule) => ({
    method: rule.method,
    path: rule.path,
    async handle(request, response, params, url) {
      let caller, requestId;
      try {
        ({ caller, requestId } = await authenticate(request));
      } catch (error) {
        if (!request.complete) closeAfterResponse(request, response);
        if (error instanceof TokenRejectedError) return sendJson(response, 401, { error: error.message, code: 'UNAUTHENTICATED' });
        throw error;
      }
      const target = new URL(rule.target(params) + url.search, urls[rule.subgraph]);
      const streamed = rule.method === 'POST';
      // The context is bound to this request: method, path and query, and the body — which
      // streams, so its SHA-256 follows as a trailer MACed with the header's signature.
      const binding = { method: rule.method, target: target.pathname + target.search, body: streamed ? 'trailer' : EMPTY_BODY_SHA256 };
      const context = signContext(caller, requestId, binding, config.contextSigning.secret, { ttlSeconds: config.contextSigning.ttlSeconds });
      const headers: Record<string, string> = { [CONTEXT_HEADER]: context, 'x-request-id': requestId };
      if (request.headers['content-type']) headers['content-type'] = String(request.headers['content-type']);
      // Chunked, since trailers need it (so no content-length).
      if (streamed) headers.trailer = BODY_MAC_TRAILER;
      // The subgraph's span of this upload or download is a child of the gateway's.
      injectTraceHeaders(headers);
      await new Promise<void>((resolve) => {
        let bodyCut = false;
        const upstream = httpRequest(target, { method: rule.method, headers }, (answer) => {
          // Answered before the body was all read (too large, refused): stop forwarding it, and
          // let the client's connection close after the answer rather than hold its unread bytes.
          if (!request.complete) {
            bodyCut = true;
            closeAfterResponse(request, response);
          }
          response.writeHead(
            answer.statusCode ?? 502,
            Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !['connection', 'keep-alive', 'transfer-encoding'].includes(name))) as never,
          );
          answer.pipe(response);
          answer.on('end', () => {
            if (bodyCut) upstream.destroy();
            resolve();
          });
          answer.on('error', () => resolve());
          answer.on('close', () => resolve());
        });
        upstream.on('error', (error) => {
          if (bodyCut) return;
          logger.error('file proxy failed', { error, subgraph: rule.subgraph, requestId });
          if (!response.headersSent) {
            if (!request.complete) closeAfterResponse(request, response);
            sendJson(response, 502, { error: `${rule.subgraph} is not reachable`, code: 'BAD_GATEWAY' });
          } else response.end();
          resolve();
        });
        if (!streamed) return void upstream.end();
        const hash = createHash('sha256');
        request.on('data', (chunk: Buffer) => hash.update(chunk));
        request.pipe(upstream, { end: false });
        request.on('end', () => {
          if (bodyCut) return;
          upstream.addTrailers({ [BODY_MAC_TRAILER]: bodyMac(config.contextSigning.secret, context, hash.digest('hex')) });
          upstream.end();
        });
        // The client went away mid-body: nothing complete to forward.
        request.on('close', () => {
          if (!request.complete) upstream.destroy();
        });
      });
    },
  }));
}
