/**
 * What the console needs to know before anyone signs in, unauthenticated and without secrets:
 *   GET /console/config.json → {
 *     oidc: { issuer, clientId, scopes, redirectPath, postLogoutRedirectPath } | null,
 *     devSignIn: boolean,         // /auth/dev-users and /auth/dev-token exist
 *     keepTokenInTab: boolean     // outside production the console may keep its token in sessionStorage
 *   }
 * The redirect paths are under the origin the console is served from (the hub's): the issuer must
 * list `<origin>/console/callback` and `<origin>/console/` for the console's client.
 */
import type { HubConfig } from '../../common/config';
import { HttpRoute, sendJson } from '../../common/http/graphql-http-server';
import { devSignInEnabled } from './dev-sign-in';

export const CONSOLE_CALLBACK_PATH = '/console/callback';
export const CONSOLE_POST_LOGOUT_PATH = '/console/';

export interface ConsoleConfig {
  oidc: { issuer: string; clientId: string; scopes: string; redirectPath: string; postLogoutRedirectPath: string } | null;
  devSignIn: boolean;
  keepTokenInTab: boolean;
}

export function consoleConfig(config: HubConfig): ConsoleConfig {
  const oidc = config.consoleOidc;
  return {
    oidc: oidc
      ? {
          issuer: oidc.issuer,
          clientId: oidc.clientId,
          scopes: oidc.scopes,
          redirectPath: CONSOLE_CALLBACK_PATH,
          postLogoutRedirectPath: CONSOLE_POST_LOGOUT_PATH,
        }
      : null,
    devSignIn: devSignInEnabled(config),
    keepTokenInTab: config.env !== 'production',
  };
}

export function consoleConfigRoutes(config: HubConfig): HttpRoute[] {
  const body = consoleConfig(config);
  return [
    {
      method: 'GET',
      path: /^\/console\/config\.json$/,
      async handle(_request, response) {
        response.setHeader('cache-control', 'no-store');
        response.setHeader('x-content-type-options', 'nosniff');
        sendJson(response, 200, body);
      },
    },
  ];
}
