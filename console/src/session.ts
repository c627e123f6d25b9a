/**
 * The signed-in user's token: held in memory; outside production (the hub says so at
 * /console/config.json, and only there is there a development sign-in) also in sessionStorage, so
 * a reload keeps the tab signed in. In production it is in memory only: a reload signs in again
 * (through the issuer, whose own session makes that one redirect). Never localStorage.
 * Sign-out clears both.
 */
export interface DevUser {
  id: string;
  role: 'bureau' | 'bank' | 'finance' | 'regulator' | 'admin';
  subject: string;
  counties?: string[];
  bank?: string;
  label: string;
  labelEn: string;
}

export interface Session {
  token: string;
  user: DevUser;
  /** How the user signed in: the hub's development sign-in, or the OpenID Connect issuer. */
  kind?: 'dev' | 'oidc';
  /** The issuer's ID token, for ending its session at sign-out (id_token_hint). */
  idToken?: string;
}

const KEY = 'huinong-console-session';
let current: Session | null = null;

export function loadSession(): Session | null {
  if (current) return current;
  try {
    const saved = sessionStorage.getItem(KEY);
    current = saved ? (JSON.parse(saved) as Session) : null;
  } catch {
    current = null;
  }
  return current;
}

export function saveSession(session: Session, persistInTab: boolean): void {
  current = session;
  if (persistInTab) sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** Forgets the session (memory and tab); returns it, so the caller can end the issuer's session too. */
export function clearSession(): Session | null {
  const previous = current;
  current = null;
  sessionStorage.removeItem(KEY);
  return previous;
}

export const currentToken = (): string | null => current?.token ?? null;
