import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { randomInt } from 'crypto';
import type { DataSource } from 'typeorm';
import { DemoAccountResponse, ErrorCode } from '@linli/shared';
import type { AuthState } from '../../common/auth/auth.context';
import { AppError } from '../../common/errors/app.error';
import type { LinliConfig } from '../../config/config.default';
import { AccountSeeder } from '../user/account.seeder';
import { UserEntity } from '../user/user.entity';
import { UserService } from '../user/user.service';
import { WechatClient } from '../wechat/wechat.client';
import type { SessionView } from './auth.presenter';
import { SessionService } from './session.service';

/** Default nickname for a new WeChat user: 邻里用户 + 4 digits (they can change it on "我的"). */
export function defaultNickname(): string {
  return `邻里用户${randomInt(1000, 10000)}`;
}

/** Sign-in (WeChat and demo), session renewal and sign-out. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AuthService {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  wechat: WechatClient;

  @Inject()
  sessions: SessionService;

  @Inject()
  users: UserService;

  @Inject()
  demoAccounts: AccountSeeder;

  /**
   * Signs in with a `Taro.login` code: jscode2session gives the openid; the user with that openid is
   * found or created (a deleted account's openid was cleared, so its owner starts afresh); a session
   * is issued. The session_key WeChat returns never leaves WechatClient.
   * @throws AppError WECHAT_CODE_INVALID / WECHAT_RATE_LIMITED / WECHAT_USER_BLOCKED / WECHAT_UNAVAILABLE.
   */
  async wechatLogin(code: string): Promise<SessionView> {
    const identity = await this.wechat.code2Session(code);
    const user = await this.findOrCreateByOpenid(identity.openid, identity.unionid);
    return this.startSession(user.id);
  }

  /** The demo accounts (demo mode only). @throws AppError DEMO_MODE_DISABLED. */
  async listDemoAccounts(): Promise<DemoAccountResponse[]> {
    this.assertDemoMode();
    return this.demoAccounts.list();
  }

  /**
   * Signs in as seeded demo account `key` (demo mode only).
   * @throws AppError DEMO_MODE_DISABLED, NOT_FOUND (no such demo account).
   */
  async demoLogin(key: string): Promise<SessionView> {
    this.assertDemoMode();
    const userId = await this.demoAccounts.findUserId(key);
    if (!userId) throw new AppError(ErrorCode.NotFound, { message: '没有这个演示账号' });
    return this.startSession(userId);
  }

  /** Replaces the caller's session by a fresh one; the old token stops working at once. */
  async renew(auth: AuthState): Promise<SessionView> {
    const issued = await this.sessions.renew(auth.sessionId, auth.userId);
    return { ...issued, user: await this.users.view(auth.userId) };
  }

  /** Ends the caller's session (other devices stay signed in). */
  async logout(auth: AuthState): Promise<void> {
    await this.sessions.revoke(auth.sessionId);
  }

  /** Demo sign-in exists only in demo mode. @throws AppError DEMO_MODE_DISABLED (404). */
  assertDemoMode(): void {
    if (!this.config.demoMode) throw new AppError(ErrorCode.DemoModeDisabled);
  }

  private async startSession(userId: number): Promise<SessionView> {
    const issued = await this.sessions.issue(userId);
    return { ...issued, user: await this.users.view(userId) };
  }

  private async findOrCreateByOpenid(openid: string, unionid: string | null): Promise<UserEntity> {
    const repo = this.dataSource.getRepository(UserEntity);
    const existing = await repo.findOne({ where: { openid } });
    if (existing) {
      if (unionid && existing.unionid !== unionid) {
        await repo.update({ id: existing.id }, { unionid });
        existing.unionid = unionid;
      }
      return existing;
    }
    try {
      return await repo.save(
        repo.create({ openid, unionid, demoKey: null, nickname: defaultNickname(), avatarUrl: null, phoneEnc: null, phoneHash: null, deletedAt: null }),
      );
    } catch (e) {
      // Two first logins of the same person at once: the unique openid lets one insert win.
      const winner = await repo.findOne({ where: { openid } });
      if (winner) return winner;
      throw e;
    }
  }
}
