/**
 * Development sign-in for the console: the demo's users by role, and a token for one of them,
 * issued by the hub (signed with the configured HS256 secret, as `npm run token` signs) so the
 * browser never holds a signing key. The routes exist only where the hub verifies its own HS256
 * tokens outside production: with NODE_ENV=production or an OpenID Connect provider (OIDC_ISSUER_URL or JWT_JWKS_URL)
 * there is no such endpoint (404 like any unknown path).
 *   GET  /auth/dev-users   → [{ id, role, subject, counties?, bank?, label, labelEn }]
 *   POST /auth/dev-token   { "user": "bureau" } (application/json) → { token, user, expiresInSeconds }
 */
import type { IncomingMessage } from 'node:http';
import type { Role } from '../../common/auth/caller';
import { mintToken } from '../../common/auth/jwt';
import type { HubConfig } from '../../common/config';
import { HttpRoute, sendJson } from '../../common/http/graphql-http-server';
import type { Logger } from '../../common/logger';

export interface DevUser {
  id: string;
  role: Role;
  subject: string;
  counties?: string[];
  bank?: string;
  label: string;
  labelEn: string;
}

/** The demo county (demo/demo-county.ts): the users npm start prints tokens for. */
const COUNTY = '532301';

export const DEV_USERS: readonly DevUser[] = [
  {
    id: 'bureau',
    role: 'bureau',
    subject: 'demo-bureau-chuxiong',
    counties: [COUNTY],
    label: '楚雄市乡村振兴局',
    labelEn: 'Chuxiong rural-revitalization bureau',
  },
  {
    id: 'finance',
    role: 'finance',
    subject: 'demo-finance-chuxiong',
    counties: [COUNTY],
    label: '楚雄市财政局（经办）',
    labelEn: 'Chuxiong finance bureau (clerk)',
  },
  {
    id: 'finance-2',
    role: 'finance',
    subject: 'demo-finance-chuxiong-2',
    counties: [COUNTY],
    label: '楚雄市财政局（复核）',
    labelEn: 'Chuxiong finance bureau (second clerk)',
  },
  { id: 'bank-abc', role: 'bank', subject: 'demo-bank-abc', bank: 'ABC', label: '中国农业银行', labelEn: 'Agricultural Bank of China' },
  // A second bank: each bank's user sees only its own townships' list, loans and claims.
  { id: 'bank-psbc', role: 'bank', subject: 'demo-bank-psbc', bank: 'PSBC', label: '中国邮政储蓄银行', labelEn: 'Postal Savings Bank of China' },
  { id: 'regulator', role: 'regulator', subject: 'demo-regulator', counties: [COUNTY], label: '监管部门', labelEn: 'Regulator' },
  { id: 'admin', role: 'admin', subject: 'demo-admin', label: '系统管理员', labelEn: 'Administrator' },
];

const TOKEN_SECONDS = 8 * 3600;
const MAX_BODY = 1024;

/** Whether this hub may issue development tokens: never in production, never beside an OIDC provider. */
export function devSignInEnabled(config: HubConfig): boolean {
  return config.env !== 'production' && !config.jwt.jwksUrl && !config.jwt.oidcIssuerUrl && config.jwt.secret !== undefined;
}

function readSmallBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function devSignInRoutes(config: HubConfig, logger: Logger): HttpRoute[] {
  if (!devSignInEnabled(config)) return [];
  return [
    {
      method: 'GET',
      path: /^\/auth\/dev-users$/,
      async handle(_request, response) {
        sendJson(response, 200, DEV_USERS);
      },
    },
    {
      method: 'POST',
      path: /^\/auth\/dev-token$/,
      async handle(request, response) {
        // JSON only: a cross-site form cannot send it without a CORS preflight the hub never grants.
        if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
          request.resume();
          return sendJson(response, 415, { error: 'send {"user": "<id>"} as application/json', code: 'BAD_REQUEST' });
        }
        const text = await readSmallBody(request);
        let id: unknown;
        try {
          id = text === null ? undefined : (JSON.parse(text) as { user?: unknown }).user;
        } catch {
          id = undefined;
        }
        const user = DEV_USERS.find((u) => u.id === id);
        if (!user) return sendJson(response, 400, { error: `user must be one of ${DEV_USERS.map((u) => u.id).join(', ')}`, code: 'BAD_REQUEST' });
        const token = await mintToken(config.jwt, {
          subject: user.subject,
          role: user.role,
          counties: user.counties,
          bank: user.bank,
          expiresInSeconds: TOKEN_SECONDS,
        });
        logger.info('development token issued', { subject: user.subject, role: user.role });
        response.setHeader('cache-control', 'no-store');
        sendJson(response, 200, { token, user, expiresInSeconds: TOKEN_SECONDS });
      },
    },
  ];
}
