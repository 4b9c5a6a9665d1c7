import type { SessionResponse } from '@linli/shared';
import { presentUser, UserView } from '../user/user.presenter';

/** A freshly issued session with its user, as AuthService hands it to the presenter. */
export interface SessionView {
  token: string;
  expiresAt: Date;
  user: UserView;
}

/** The token is shown once, here; only its hash is stored. */
export function presentSession(v: SessionView): SessionResponse {
  return { token: v.token, expiresAt: v.expiresAt.toISOString(), user: presentUser(v.user) };
}
