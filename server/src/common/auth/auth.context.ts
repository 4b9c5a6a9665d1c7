import type { Context } from '@midwayjs/koa';
import { ErrorCode, Role, RoleGrant } from '@linli/shared';
import { AppError } from '../errors/app.error';

/** Who is calling, as resolved by AuthMiddleware from the bearer token. */
export interface AuthState {
  userId: number;
  sessionId: number;
  expiresAt: Date;
  grants: RoleGrant[];
}

/** How the bearer token resolved: absent, valid, or given but unusable (expired, revoked, unknown). */
export type AuthResolution = { kind: 'none' } | { kind: 'ok'; auth: AuthState } | { kind: 'invalid' };

export function setAuth(ctx: Context, resolution: AuthResolution): void {
  ctx.state.auth = resolution;
}

/** The caller when signed in, else null (for public endpoints that show more to signed-in users). */
export function optionalAuth(ctx: Context): AuthState | null {
  const r = ctx.state.auth as AuthResolution | undefined;
  return r?.kind === 'ok' ? r.auth : null;
}

/** The caller; throws UNAUTHENTICATED (no token) or SESSION_EXPIRED (a token that no longer works). */
export function requireAuth(ctx: Context): AuthState {
  const r = ctx.state.auth as AuthResolution | undefined;
  if (r?.kind === 'ok') return r.auth;
  throw new AppError(r?.kind === 'invalid' ? ErrorCode.SessionExpired : ErrorCode.Unauthenticated);
}

/** The caller, who must hold `role` in some unit (per-record checks are the services' policies). */
export function requireRole(ctx: Context, role: Role): AuthState {
  const auth = requireAuth(ctx);
  if (!auth.grants.some((g) => g.role === role)) throw new AppError(ErrorCode.Forbidden);
  return auth;
}
