/**
 * The operator console (console/, built by `npm run console:build` into console/dist) served
 * at /console from the gateway, so it shares the API's origin: no CORS, and the browser's token
 * goes only to this host. Hashed assets (console/dist/assets) are cached for a year; index.html
 * is `no-store`, so a rebuilt console is picked up at the next load. Client routes
 * (/console/rosters/versions …) fall back to index.html. Without a build: a 503 page saying
 * how to make one.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { HubConfig } from '../../common/config';
import type { HttpRoute } from '../../common/http/graphql-http-server';

export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '..', '..', 'console', 'dist');

/**
 * Scripts, styles and connections from this origin only (connections also to the OpenID Connect
 * issuer's origin when one is configured: the console fetches its discovery document and
 * exchanges the code for tokens there); nothing may frame the console.
 * style-src allows 'unsafe-inline': antd 6 writes its styles at run time (CSS-in-JS <style>
 * elements) and React and antd set `style` attributes throughout (table widths, progress bars,
 * popup positions); a nonce would cover the elements but never the attributes. Styles cannot run
 * code, and script-src stays 'self' with no inline script or eval.
 */
export function consoleCsp(connectTo: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["connect-src 'self'", ...connectTo].join(' '),
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const CONSOLE_CSP = consoleCsp();

/** The origins the console connects to besides its own: the OpenID Connect issuer's, when configured. */
export function consoleConnectOrigins(config: HubConfig): string[] {
  return config.consoleOidc ? [new URL(config.consoleOidc.issuer).origin] : [];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>控制台尚未构建 · Console not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>控制台尚未构建 · The console is not built</h1>
<p>请在仓库目录运行 <code>npm run console:build</code>（<code>npm start</code> 会自动构建），然后刷新本页。</p>
<p>Run <code>npm run console:build</code> in the repository (<code>npm start</code> builds it for you), then reload this page.</p>
</body></html>
`;

function securityHeaders(response: ServerResponse, csp: string): void {
  response.setHeader('content-security-policy', csp);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
}

async function fileSize(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

function sendFile(response: ServerResponse, path: string, size: number, cacheControl: string): Promise<void> {
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': cacheControl,
  });
  return new Promise((done) => {
    const stream = createReadStream(path);
    stream.on('error', () => {
      response.destroy();
      done();
    });
    stream.on('end', () => done());
    stream.pipe(response);
  });
}

export function consoleRoutes(dir: string = DEFAULT_CONSOLE_DIR, connectTo: string[] = []): HttpRoute[] {
  const root = resolve(dir);
  const csp = consoleCsp(connectTo);
  return [
    {
      method: 'GET',
      path: /^\/console(\/.*)?$/,
      async handle(_request, response, [rest], url) {
        securityHeaders(response, csp);
        if (rest === undefined) {
          response.writeHead(301, { location: '/console/' + url.search });
          return void response.end();
        }
        const index = join(root, 'index.html');
        const indexSize = await fileSize(index);
        if (indexSize === null) {
          response.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          return void response.end(NOT_BUILT_PAGE);
        }
        let relative: string;
        try {
          relative = normalize(decodeURIComponent(rest)).replace(/^[/\\]+/, '');
        } catch {
          relative = '';
        }
        const target = resolve(root, relative);
        if (relative && (target === root || target.startsWith(root + sep)) && !relative.startsWith('..')) {
          const size = await fileSize(target);
          if (size !== null) {
            const hashed = relative.startsWith('assets' + sep) || relative.startsWith('assets/');
            return sendFile(response, target, size, target === index ? 'no-store' : hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
          }
        }
        // A missing asset is a 404 (a stale page asking for an old hash must not get HTML as script).
        if (/^assets[/\\]/.test(relative) || extname(relative) !== '') {
          response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          return void response.end('not found');
        }
        return sendFile(response, index, indexSize, 'no-store');
      },
    },
  ];
}
