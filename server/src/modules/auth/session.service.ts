import { Config, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import type { RoleGrant } from '@linli/shared';
import type { AuthResolution } from '../../common/auth/auth.context';
import type { LinliConfig } from '../../config/config.default';
import { UserEntity } from '../user/user.entity';
import { SessionEntity } from './session.entity';
import { loadGrantViews } from '../user/user.repository';
import { toRoleGrants } from '../user/user.presenter';
import { hashToken, newToken } from './token';

/** Issues, resolves, renews and revokes bearer-token sessions. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SessionService {
  @Config('linli')
  config: LinliConfig;

  @InjectEntityModel(SessionEntity)
  sessions: Repository<SessionEntity>;

  /** Starts a session for `userId`; returns the token (shown once) and its expiry. */
  async issue(userId: number): Promise<{ token: string; expiresAt: Date; sessionId: number }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    const row = await this.sessions.save(this.sessions.create({ userId, tokenHash: hashToken(token), expiresAt, lastUsedAt: null }));
    return { token, expiresAt, sessionId: row.id };
  }

  /**
   * Resolves a bearer token to the caller with their role grants: two queries (session joined with its
   * live user; grants joined with their units), on every authenticated request.
   */
  async resolve(token: string): Promise<AuthResolution> {
    if (!token || token.length > 200) return { kind: 'invalid' };
    const session = await this.sessions
      .createQueryBuilder('s')
      .innerJoin(UserEntity, 'u', 'u.id = s.user_id AND u.deleted_at IS NULL')
      .where('s.token_hash = :hash', { hash: hashToken(token) })
      .andWhere('s.expires_at > :now', { now: new Date() })
      .getOne();
    if (!session) return { kind: 'invalid' };
    return {
      kind: 'ok',
      auth: { userId: session.userId, sessionId: session.id, expiresAt: session.expiresAt, grants: await this.grantsOf(session.userId) },
    };
  }

  /** The user's role grants with their units' paths (the same query the account presenters use). */
  async grantsOf(userId: number): Promise<RoleGrant[]> {
    return toRoleGrants(await loadGrantViews(this.sessions.manager, userId));
  }

  /** Replaces the current session by a fresh one (sliding expiry); the old token stops working. */
  async renew(sessionId: number, userId: number) {
    const issued = await this.issue(userId);
    await this.sessions.delete({ id: sessionId });
    return issued;
  }

  async revoke(sessionId: number): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  async revokeAllOf(userId: number): Promise<void> {
    await this.sessions.delete({ userId });
  }

  /** Housekeeping: drop expired sessions. */
  async purgeExpired(): Promise<number> {
    const r = await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    return r.affected ?? 0;
  }
}
