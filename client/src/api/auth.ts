import type { DemoLoginInput } from '@linli/shared';
import { sessionStore } from '../stores/session';
import { lastPlaceStore } from '../stores/settings';
import { call } from './request';

export const fetchDemoAccounts = () => call('demoAccounts');

export async function demoLogin(input: DemoLoginInput) {
  const session = await call('demoLogin', { body: input });
  sessionStore.setSession(session);
  return session;
}

/** Ends the session on the server (best effort) and forgets everything kept on this device. */
export async function logout(): Promise<void> {
  try {
    if (sessionStore.token()) await call('logout');
  } catch {
    // The local session is dropped anyway; an expired token on the server is harmless.
  }
  clearLocalData();
}

export function clearLocalData(): void {
  sessionStore.clear();
  lastPlaceStore.set(null);
}

const RENEW_WITHIN_MS = 3 * 24 * 3600 * 1000;

/** Renews the token when it expires within three days. Silent: failures leave the old session. */
export async function renewIfNeeded(): Promise<void> {
  const s = sessionStore.get();
  if (!sessionStore.token() || !s.expiresAt) return;
  if (Date.parse(s.expiresAt) - Date.now() > RENEW_WITHIN_MS) return;
  try {
    sessionStore.setSession(await call('renew'));
  } catch {
    // next request will re-login if needed
  }
}
