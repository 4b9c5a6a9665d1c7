import { Destroy, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import {
  GroupJoinViaLabelZh,
  GroupMemberKindLabelZh,
  GroupMemberRoleLabelZh,
  GroupMemberStatusLabelZh,
  TipKindLabelZh,
  TipStatusLabelZh,
  type MyGroupsData,
} from '@linli/shared';
import { personalData } from '../user/personal-data';
import { AlertEntity, AlertRecipientEntity } from './alert.entity';
import { loadUnits } from './alert.repository';
import { GroupEntity, GroupMemberEntity } from './group.entity';
import { TipEntity, TipPhotoEntity } from './tip.entity';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * The `groups` section of "export my data": the user's group memberships (whatever their state), the
 * alerts delivered to them with when they opened and acknowledged (收到) them, and the tips and questions
 * they sent with the answer they got. Reviewers and answering officers are not named. On account deletion
 * its eraser ends the user's memberships. Both registered on the user module's `personalData` hook;
 * started from configuration.ts.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AlertPersonalData {
  private off: Array<() => void> = [];

  @Init()
  init(): void {
    this.off = [
      personalData.register('groups', (m, userId) => this.export(m, userId)),
      personalData.registerEraser('groups', (m, userId) => this.erase(m, userId)),
    ];
  }

  @Destroy()
  stop(): void {
    for (const off of this.off) off();
    this.off = [];
  }

  /**
   * Account deletion, in its transaction: the user leaves every group, active or pending (alerts stop;
   * tips stay with the police as sent).
   */
  async erase(m: EntityManager, userId: number): Promise<void> {
    await m.update(GroupMemberEntity, { userId, status: In(['active', 'pending']) }, { status: 'left' });
  }

  async export(m: EntityManager, userId: number): Promise<MyGroupsData> {
    const memberships = await m.find(GroupMemberEntity, { where: { userId }, order: { id: 'ASC' } });
    const recipients = await m.find(AlertRecipientEntity, { where: { userId }, order: { id: 'ASC' } });
    const tips = await m.find(TipEntity, { where: { authorId: userId }, order: { id: 'ASC' } });
    const groupIds = [...new Set([...memberships.map((x) => x.groupId), ...tips.map((x) => x.groupId)])];
    const groups = new Map((groupIds.length ? await m.find(GroupEntity, { where: { id: In(groupIds) }, select: ['id', 'name'] }) : []).map((g) => [g.id, g.name]));
    const alertIds = recipients.map((r) => r.alertId);
    const alerts = new Map((alertIds.length ? await m.find(AlertEntity, { where: { id: In(alertIds) }, select: ['id', 'title'] }) : []).map((a) => [a.id, a.title]));
    const photos = tips.length ? await m.find(TipPhotoEntity, { where: { tipId: In(tips.map((x) => x.id)) }, order: { tipId: 'ASC', position: 'ASC' } }) : [];
    const units = await loadUnits(m, memberships.map((x) => x.unitId ?? 0));

    return {
      memberships: memberships.map((x) => {
        const unit = x.unitId ? units.get(x.unitId) : undefined;
        return {
          groupId: x.groupId,
          groupName: groups.get(x.groupId) ?? '',
          role: x.role,
          roleLabel: GroupMemberRoleLabelZh[x.role] ?? x.role,
          kind: x.kind,
          kindLabel: GroupMemberKindLabelZh[x.kind] ?? x.kind,
          status: x.status,
          statusLabel: GroupMemberStatusLabelZh[x.status] ?? x.status,
          via: x.via,
          viaLabel: GroupJoinViaLabelZh[x.via] ?? x.via,
          unit: unit ? { id: unit.id, name: unit.name } : null,
          note: x.note,
          reason: x.reason,
          joinedAt: iso(x.createdAt)!,
          reviewedAt: iso(x.reviewedAt),
        };
      }),
      alerts: recipients.map((r) => ({
        alertId: r.alertId,
        title: alerts.get(r.alertId) ?? '',
        receivedAt: iso(r.createdAt)!,
        openedAt: iso(r.openedAt),
        ackedAt: iso(r.ackedAt),
      })),
      tips: tips.map((x) => ({
        id: x.id,
        kind: x.kind,
        kindLabel: TipKindLabelZh[x.kind] ?? x.kind,
        groupName: groups.get(x.groupId) ?? null,
        alertId: x.alertId,
        text: x.text,
        place: x.placeName || x.placeLat !== null ? { name: x.placeName, lat: x.placeLat, lng: x.placeLng } : null,
        photoIds: photos.filter((p) => p.tipId === x.id).map((p) => p.mediaId),
        status: x.status,
        statusLabel: TipStatusLabelZh[x.status] ?? x.status,
        reply: x.replyText ? { text: x.replyText, public: Boolean(x.replyPublic), repliedAt: iso(x.repliedAt) } : null,
        markedUsefulAt: iso(x.usefulAt),
        ticketNumber: x.ticketNumber,
        createdAt: iso(x.createdAt)!,
      })),
    };
  }
}
