/**
 * A process with no HTTP API of its own (the worker) serves its Prometheus metrics here: GET
 * /metrics, and /healthz for a probe. Nothing else is answered.
 */
import { createServer } from 'node:http';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { listenOn } from './listen';

export interface RunningMetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on host:port (0: any free port); a port in use rejects. */
export async function startMetricsServer(metrics: ServiceMetrics, port: number, host: string): Promise<RunningMetricsServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/metrics' && request.method === 'GET') {
      metrics.render().then(
        (text) => {
          response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
          response.end(text);
        },
        (error: Error) => {
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          response.end(`metrics unavailable: ${error.message}\n`);
        },
      );
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return void response.end('{"status":"ok"}');
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('not found: this port serves GET /metrics only\n');
  });
  const bound = await listenOn(server, port, host);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
