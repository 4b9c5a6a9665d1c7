import { Config, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectEntityModel } from '@midwayjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import type { DepartmentCode, Role, RoleGrant } from '@linli/shared';
import type { AuthResolution } from '../../common/auth/auth.context';
import type { LinliConfig } from '../../config/config.default';
import { selectRows, sqlValue } from '../../common/db/sql-rows';
import { UserEntity } from '../user/user.entity';
import { SessionEntity } from './session.entity';
import { loadGrantViews } from '../user/user.repository';
import { toRoleGrants } from '../user/user.presenter';
import { hashToken, newToken } from './token';

/** The grant columns the session query joins in. */
interface GrantColumns {
  grant_id: number | null;
  grant_role: Role | null;
  grant_department: DepartmentCode | null;
  grant_unit_id: number | null;
  grant_unit_path: string | null;
}

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
   * Resolves a bearer token to the caller with their role grants, in one query on every authenticated
   * request (written as SQL: see common/db/sql-rows): the session joined with its live user, and
   * (left-joined) the user's grants with their units.
   */
  async resolve(token: string): Promise<AuthResolution> {
    if (!token || token.length > 200) return { kind: 'invalid' };
    const m = this.sessions.manager;
    const rows = await selectRows<SessionEntity & GrantColumns>(
      m,
      SessionEntity,
      'SELECT `s`.`id`, `s`.`user_id`, `s`.`expires_at`, `g`.`id` AS `grant_id`, `g`.`role` AS `grant_role`, `g`.`department_code` AS `grant_department`, ' +
        '`gu`.`id` AS `grant_unit_id`, `gu`.`path` AS `grant_unit_path` FROM `sessions` `s` ' +
        'INNER JOIN `users` `u` ON `u`.`id` = `s`.`user_id` AND `u`.`deleted_at` IS NULL ' +
        'LEFT JOIN `role_grants` `g` ON `g`.`user_id` = `s`.`user_id` LEFT JOIN `units` `gu` ON `gu`.`id` = `g`.`unit_id` ' +
        'WHERE `s`.`token_hash` = ? AND `s`.`expires_at` > ? ORDER BY `g`.`id`',
      [hashToken(token), sqlValue(m, SessionEntity, 'expiresAt', new Date())],
    );
    const session = rows[0];
    if (!session) return { kind: 'invalid' };
    // The same grants (and order) as grantsOf: a grant whose unit is gone is left out, as the inner join there does.
    const grants: RoleGrant[] = rows
      .filter((r) => r.grant_id !== null && r.grant_unit_id !== null)
      .map((r) => ({ role: r.grant_role!, unitId: Number(r.grant_unit_id), unitPath: r.grant_unit_path!, department: r.grant_department ?? null }));
    return { kind: 'ok', auth: { userId: Number(session.userId), sessionId: Number(session.id), expiresAt: session.expiresAt, grants } };
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
