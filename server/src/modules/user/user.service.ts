import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ErrorCode, ModerationLimits, parseMediaAvatarPath, RoleRequestStatus, UpdateProfileInput } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { ContentCheckService } from '../moderation/content-check.service';
import { MediaService } from '../media/media.service';
import { SessionEntity } from '../auth/session.entity';
import { WechatClient } from '../wechat/wechat.client';
import { AccountSeeder } from './account.seeder';
import { PhoneCrypto } from './phone.crypto';
import { RoleGrantEntity } from './role-grant.entity';
import { RoleRequestEntity } from './role-request.entity';
import { TransactionRunner } from '../../common/db/transaction.runner';
import type { ExportView, UserView } from './user.presenter';
import { NotificationDeliveryEntity, NotificationEntity, NotificationSubscriptionEntity } from '../notification/notification.entity';
import { personalData } from './personal-data';
import { loadGrantViews, loadUnits } from './user.repository';
import { UserEntity } from './user.entity';

/** What a deleted account keeps as its name (the row stays so audit references still resolve). */
export const DELETED_NICKNAME = '已注销用户';

/** The signed-in user's own account: profile, phone number, data export and deletion. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class UserService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  wechat: WechatClient;

  @Inject()
  phoneCrypto: PhoneCrypto;

  @Inject()
  accountSeeder: AccountSeeder;

  @Inject()
  contentCheck: ContentCheckService;

  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  media: MediaService;

  /**
   * The user with decrypted phone and role grants, for presentUser.
   * @throws AppError NOT_FOUND when the user does not exist or is deleted.
   */
  async view(userId: number, m: EntityManager = this.dataSource.manager): Promise<UserView> {
    const user = await m.findOne(UserEntity, { where: { id: userId, deletedAt: IsNull() } });
    if (!user) throw new AppError(ErrorCode.NotFound);
    return { user, phone: this.phoneCrypto.decrypt(user.phoneEnc), grants: await loadGrantViews(m, userId) };
  }

  /**
   * Changes nickname and/or avatar (already validated by updateProfileSchema). A new nickname goes
   * through WeChat's text check (ContentCheckService): published, or held for review (the old one stays
   * public and `held.nickname` says so), or refused.
   * @throws AppError CONTENT_RISKY (nothing changes), RATE_LIMITED (nickname changes per minute).
   */
  async updateProfile(userId: number, input: UpdateProfileInput): Promise<UserView & { held?: { nickname: string } }> {
    const current = await this.view(userId);
    // A stable media avatar URL must name one of the user's own avatar photos.
    const avatarMediaId = input.avatarUrl ? parseMediaAvatarPath(input.avatarUrl) : null;
    if (avatarMediaId !== null) await this.media.assertOwnAvatar(userId, avatarMediaId);
    let held: { nickname: string } | undefined;
    if (input.nickname !== undefined && input.nickname !== current.user.nickname) {
      await this.rateLimit.consume('content_post', String(userId), ModerationLimits.postsPerMinute, 60);
      if ((await this.contentCheck.changeNickname(userId, input.nickname)) === 'held') held = { nickname: input.nickname };
    }
    if (input.avatarUrl !== undefined) {
      await this.dataSource.manager.update(UserEntity, { id: userId, deletedAt: IsNull() }, { avatarUrl: input.avatarUrl });
    }
    return held ? { ...(await this.view(userId)), held } : this.view(userId);
  }

  /**
   * Binds the phone number WeChat returns for a getPhoneNumber code. Stored as AES-256-GCM ciphertext
   * plus an HMAC for lookups; responses show it masked only.
   * @throws AppError WECHAT_CODE_INVALID / WECHAT_UNAVAILABLE from WeChat; nothing is written then.
   */
  async bindPhone(userId: number, code: string): Promise<UserView> {
    await this.view(userId);
    const phone = await this.wechat.getPhoneNumber(code);
    await this.dataSource.manager.update(
      UserEntity,
      { id: userId, deletedAt: IsNull() },
      { phoneEnc: this.phoneCrypto.encrypt(phone), phoneHash: this.phoneCrypto.hmac(phone) },
    );
    return this.view(userId);
  }

  /** Removes the bound phone number (ciphertext and hash). */
  async unbindPhone(userId: number): Promise<UserView> {
    await this.dataSource.manager.update(UserEntity, { id: userId, deletedAt: IsNull() }, { phoneEnc: null, phoneHash: null });
    return this.view(userId);
  }

  /**
   * Everything Linli holds about the user (PIPL Art. 45): profile with full phone, roles, requests,
   * sessions, inbox, photos, and the sections the feature modules registered on `personalData`
   * (tickets, points, rota, groups).
   */
  async exportData(userId: number): Promise<ExportView> {
    const m = this.dataSource.manager;
    const base = await this.view(userId, m);
    const requests = await m.find(RoleRequestEntity, { where: { userId }, order: { id: 'ASC' } });
    const units = await loadUnits(m, requests.map((r) => r.unitId));
    const sessions = await m.find(SessionEntity, { where: { userId }, order: { id: 'ASC' } });
    const notifications = await m.find(NotificationEntity, { where: { userId }, order: { id: 'ASC' } });
    const media = await this.media.listOwned(userId);
    const features = await personalData.collect(m, userId);
    return {
      ...base,
      features,
      notifications,
      media,
      requests: requests.filter((r) => units.has(r.unitId)).map((request) => ({ request, unit: units.get(request.unitId)! })),
      sessions,
    };
  }

  /**
   * Deletes the account in one transaction: the WeChat link (openid/unionid) and demo key are cut, so a
   * later WeChat login creates a fresh user; nickname, avatar and phone are wiped; all sessions are
   * revoked; role grants, inbox, subscription credits and photos (rows, then files) are removed; the feature
   * modules' erasers registered on `personalData` run (rota: coordinates, staff links, owned shops; groups:
   * memberships end); pending role requests are withdrawn. The row itself stays (as "已注销用户") because
   * audit entries and reviewed requests refer to it.
   *
   * A demo account is deleted the same way and then seeded afresh under the same key (new user id, no
   * personal data), so one visitor trying deletion does not break the demo for everyone else.
   */
  async deleteAccount(userId: number): Promise<void> {
    const storedKeys = await this.tx.run(async (m) => {
      const user = await m.findOne(UserEntity, { where: { id: userId, deletedAt: IsNull() } });
      if (!user) throw new AppError(ErrorCode.NotFound);
      const demoKey = user.demoKey;
      await m.update(UserEntity, { id: userId }, {
        openid: null,
        unionid: null,
        demoKey: null,
        nickname: DELETED_NICKNAME,
        avatarUrl: null,
        phoneEnc: null,
        phoneHash: null,
        deletedAt: new Date(),
      });
      await m.delete(SessionEntity, { userId });
      await m.delete(RoleGrantEntity, { userId });
      // Inbox, push deliveries and subscription credits go with the account (deliveries cascade).
      await m.delete(NotificationDeliveryEntity, { userId });
      await m.delete(NotificationEntity, { userId });
      await m.delete(NotificationSubscriptionEntity, { userId });
      const keys = await this.media.deleteAllOf(m, userId);
      // Feature data, in this transaction: each feature module's eraser (rota, then groups), see personal-data.ts.
      await personalData.erase(m, userId);
      await m.update(
        RoleRequestEntity,
        { userId, status: RoleRequestStatus.Pending },
        { status: RoleRequestStatus.Withdrawn, reviewNote: '申请人已注销账号' },
      );
      if (demoKey) await this.accountSeeder.recreate(m, demoKey);
      return keys;
    });
    // Files go once the rows are gone for good; a failed delete leaves an orphan file, never a row.
    await this.media.removeStored(storedKeys).catch(() => undefined);
  }
}
