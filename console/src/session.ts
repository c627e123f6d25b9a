/**
 * The signed-in user's token: held in memory; with the development sign-in (a hub outside
 * production) also in sessionStorage, so a reload keeps the tab signed in. Never localStorage.
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

export function clearSession(): void {
  current = null;
  sessionStorage.removeItem(KEY);
}

export const currentToken = (): string | null => current?.token ?? null;
