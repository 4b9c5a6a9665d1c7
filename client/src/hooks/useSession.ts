import { useEffect, useState } from 'react';
import { sessionStore, type SessionState } from '../stores/session';

/** The session (token + user), re-rendering when it changes on any page. */
export function useSession(): SessionState & { loggedIn: boolean } {
  const [state, setState] = useState<SessionState>(sessionStore.get());
  useEffect(() => {
    setState(sessionStore.get());
    return sessionStore.subscribe(setState);
  }, []);
  return { ...state, loggedIn: Boolean(state.token && state.user) && sessionStore.token() !== null };
}
