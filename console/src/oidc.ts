/**
 * Sign-in through the hub's OpenID Connect issuer (oidc-client-ts): authorization code with PKCE
 * (S256, the library's default for the code flow). The hub says at /console/config.json whether an
 * issuer is configured, which client the console is, and whether it may keep its token in the tab.
 * The library keeps its user in memory only; the only thing it writes to sessionStorage is the
 * short-lived state of one redirect (state, nonce, PKCE verifier — no token), removed at the
 * callback. The access token (a JWT for the hub's API) is what the console sends to the hub; its
 * claims (role, counties, bank) are read here only to show the right pages; the gateway verifies it.
 * No silent renew: an iframe renew would need the console framable and the issuer as a frame
 * source, and the console's public client gets no refresh token; when the token expires the hub
 * answers UNAUTHENTICATED and the clerk signs in again (the issuer's own session makes that one redirect).
 */
import { InMemoryWebStorage, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { DevUser, Session } from './session';

export interface ConsoleConfig {
  oidc: { issuer: string; clientId: string; scopes: string; redirectPath: string; postLogoutRedirectPath: string } | null;
  devSignIn: boolean;
  keepTokenInTab: boolean;
}

let config: Promise<ConsoleConfig> | undefined;

export function fetchConsoleConfig(): Promise<ConsoleConfig> {
  config ??= fetch('/console/config.json', { headers: { accept: 'application/json' } }).then(async (response) => {
    if (!response.ok) throw new Error(`/console/config.json: HTTP ${response.status}`);
    return (await response.json()) as ConsoleConfig;
  });
  config.catch(() => (config = undefined));
  return config;
}

let manager: UserManager | undefined;

function userManager(oidc: NonNullable<ConsoleConfig['oidc']>): UserManager {
  manager ??= new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    redirect_uri: window.location.origin + oidc.redirectPath,
    post_logout_redirect_uri: window.location.origin + oidc.postLogoutRedirectPath,
    response_type: 'code',
    scope: oidc.scopes,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
  return manager;
}

async function configuredManager(): Promise<UserManager> {
  const { oidc } = await fetchConsoleConfig();
  if (!oidc) throw new Error('no OpenID Connect issuer is configured');
  return userManager(oidc);
}

/** Leaves for the issuer's sign-in page. */
export async function signInWithIssuer(): Promise<void> {
  await (await configuredManager()).signinRedirect();
}

/** The claims of a JWT, unverified (for display and routing only: the hub verifies the token). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const ROLES: readonly DevUser['role'][] = ['bureau', 'bank', 'finance', 'regulator', 'admin'];

/** The console's session for a user the issuer signed in: the access token and who it names. */
export function sessionFromUser(user: User): Session {
  const claims = jwtClaims(user.access_token) ?? {};
  const role = ROLES.find((r) => r === claims.role);
  if (!role) throw new Error('the issuer’s access token names no hub role (claim "role"); ask the administrator to map one');
  const subject = typeof claims.sub === 'string' ? claims.sub : user.profile.sub;
  const name = typeof user.profile.name === 'string' && user.profile.name ? user.profile.name : subject;
  const counties = Array.isArray(claims.counties) ? claims.counties.filter((c): c is string => typeof c === 'string') : undefined;
  const bank = typeof claims.bank === 'string' ? claims.bank : undefined;
  return {
    token: user.access_token,
    idToken: user.id_token,
    kind: 'oidc',
    user: { id: subject, role, subject, counties, bank, label: name, labelEn: name },
  };
}

let callback: Promise<{ session: Session; keepTokenInTab: boolean }> | undefined;

/** Completes the redirect back from the issuer (once, however often React calls it). */
export function completeSignIn(): Promise<{ session: Session; keepTokenInTab: boolean }> {
  callback ??= (async () => {
    const { keepTokenInTab } = await fetchConsoleConfig();
    const user = await (await configuredManager()).signinRedirectCallback();
    return { session: sessionFromUser(user), keepTokenInTab };
  })();
  return callback;
}

/** Ends the issuer's session too, when it offers an end_session_endpoint (then the browser leaves for it). */
export async function endIssuerSession(session: Session): Promise<void> {
  if (session.kind !== 'oidc') return;
  const manager = await configuredManager();
  await manager.removeUser();
  let endpoint: string | undefined;
  try {
    endpoint = await manager.metadataService.getEndSessionEndpoint();
  } catch {
    endpoint = undefined;
  }
  if (endpoint) await manager.signoutRedirect({ id_token_hint: session.idToken });
}
