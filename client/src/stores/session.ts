import type { SessionResponse, UserResponse } from '@linli/shared';
import { createStore } from '../utils/storage';

/** The signed-in session: token + the user as last returned by the server. */
export interface SessionState {
  token: string | null;
  expiresAt: string | null;
  user: UserResponse | null;
}

const EMPTY: SessionState = { token: null, expiresAt: null, user: null };

const store = createStore<SessionState>('linli.session', EMPTY);

export const sessionStore = {
  get: store.get,
  subscribe: store.subscribe,

  /** The token if present and not past its expiry (the server stays the judge). */
  token(): string | null {
    const s = store.get();
    if (!s.token) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
    return s.token;
  },

  isLoggedIn(): boolean {
    return sessionStore.token() !== null && store.get().user !== null;
  },

  setSession(session: SessionResponse): void {
    store.set({ token: session.token, expiresAt: session.expiresAt, user: session.user });
  },

  setUser(user: UserResponse): void {
    store.set({ ...store.get(), user });
  },

  clear(): void {
    store.set(EMPTY);
  },
};
