import {
  AlertRecipientResponse,
  AlertResponse,
  AlertSeverityLabelZh,
  AlertStatusLabelZh,
  AlertTypeLabelZh,
  alertDisplayStatus,
  DeliveryStatusLabelZh,
  GroupJoinViaLabelZh,
  GroupMemberKindLabelZh,
  GroupMemberResponse,
  GroupMemberRoleLabelZh,
  GroupMemberStatusLabelZh,
  GroupPreviewResponse,
  GroupResponse,
  groupSharePath,
  MyMembership,
  TipKindLabelZh,
  TipResponse,
  TipStatusLabelZh,
  type GroupMemberKind,
} from '@linli/shared';
import type { AlertView, PhotoView, RecipientView } from './alert.service';
import type { GroupMemberEntity } from './group.entity';
import type { GroupView, MemberView } from './group.service';
import type { TipView } from './tip.service';

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

function membership(my: GroupMemberEntity | null): MyMembership | null {
  if (!my) return null;
  return {
    role: my.role,
    roleLabel: GroupMemberRoleLabelZh[my.role],
    status: my.status,
    statusLabel: GroupMemberStatusLabelZh[my.status],
    kind: my.kind,
    kindLabel: GroupMemberKindLabelZh[my.kind],
  };
}

/** A group for the caller: the invite code and share path only for those who may approve members. */
export function presentGroup(v: GroupView): GroupResponse {
  const inviter = v.abilities.approve;
  return {
    id: v.group.id,
    name: v.group.name,
    description: v.group.description,
    unit: { id: v.unit.id, name: v.unit.name, level: v.unit.level },
    officers: v.officers,
    memberCount: v.memberCount,
    pendingCount: inviter ? v.pendingCount : null,
    inviteCode: inviter ? v.group.inviteCode : null,
    sharePath: inviter ? groupSharePath(v.group.inviteCode) : null,
    wechatGroupLinked: v.group.wechatOpengid !== null,
    my: membership(v.my),
    abilities: v.abilities,
    createdAt: new Date(v.group.createdAt).toISOString(),
  };
}

export function presentGroupPreview(v: GroupView): GroupPreviewResponse {
  return {
    id: v.group.id,
    name: v.group.name,
    description: v.group.description,
    unit: { id: v.unit.id, name: v.unit.name, level: v.unit.level },
    officers: v.officers,
    memberCount: v.memberCount,
    my: membership(v.my),
  };
}

export function presentMember(v: MemberView): GroupMemberResponse {
  const r = v.member;
  return {
    userId: r.userId,
    nickname: v.nickname,
    avatarUrl: v.avatarUrl,
    role: r.role,
    roleLabel: GroupMemberRoleLabelZh[r.role],
    kind: r.kind,
    kindLabel: GroupMemberKindLabelZh[r.kind],
    status: r.status,
    statusLabel: GroupMemberStatusLabelZh[r.status],
    unitName: v.unitName,
    via: r.via,
    viaLabel: GroupJoinViaLabelZh[r.via],
    note: r.note,
    requestedAt: new Date(r.createdAt).toISOString(),
    reviewedAt: iso(r.reviewedAt),
  };
}

const photo = (p: PhotoView) => ({ mediaId: p.mediaId, suspect: p.suspect, url: p.url, thumbUrl: p.thumbUrl, checkStatus: p.checkStatus });

/** An alert for the caller. Withdrawn alerts keep only their title and the reason for members. */
export function presentAlert(v: AlertView, now = new Date()): AlertResponse {
  const a = v.alert;
  const display = alertDisplayStatus(a, now);
  const withdrawnForMember = a.status === 'withdrawn' && !v.abilities.viewReach;
  return {
    id: a.id,
    type: a.type,
    typeLabel: AlertTypeLabelZh[a.type],
    severity: a.severity,
    severityLabel: AlertSeverityLabelZh[a.severity],
    title: a.title,
    body: withdrawnForMember ? null : a.body,
    caseNumber: withdrawnForMember ? null : a.caseNumber,
    place: a.placeName && !withdrawnForMember ? { name: a.placeName, lat: a.placeLat, lng: a.placeLng } : null,
    status: a.status,
    displayStatus: display,
    displayStatusLabel: AlertStatusLabelZh[display],
    expiresAt: new Date(a.expiresAt).toISOString(),
    publishedAt: new Date(a.publishedAt).toISOString(),
    withdrawnAt: iso(a.withdrawnAt),
    withdrawReason: a.withdrawReason,
    author: { id: v.author.id, nickname: v.author.nickname },
    targets: v.targets,
    photoCount: v.photoCount,
    photos: v.photos.map(photo),
    suspectPhotosHidden: v.suspectPhotosHidden,
    answers: v.answers.map((x) => ({ tipId: x.tipId, question: x.question, answer: x.answer, answeredAt: new Date(x.answeredAt).toISOString() })),
    mine: v.mine ? { openedAt: iso(v.mine.openedAt), acknowledgedAt: iso(v.mine.ackedAt) } : null,
    reach: v.reach
      ? {
          recipients: v.reach.recipients,
          opened: v.reach.opened,
          acknowledged: v.reach.acknowledged,
          delivery: v.reach.delivery,
          delivered: v.reach.delivery ? v.reach.delivery.sent : null,
          remindersSent: v.reach.remindersSent,
        }
      : null,
    abilities: v.abilities,
  };
}

/** The reach list's words for a delivery: failures say why (an interrupted send is not repeated). */
function deliveryLabel(v: RecipientView): string {
  if (!v.delivery) return '仅站内消息';
  if (v.delivery !== 'error') return DeliveryStatusLabelZh[v.delivery];
  if (v.deliveryErrcode === 'interrupted') return '推送中断（不重发，可能未送达）';
  if (v.deliveryErrcode === 'withdrawn') return '已撤回，未推送';
  return `推送失败${v.deliveryErrcode ? `（${v.deliveryErrcode}）` : ''}`;
}

export function presentRecipient(v: RecipientView): AlertRecipientResponse {
  return {
    userId: v.userId,
    nickname: v.nickname,
    kindLabel: v.kind ? GroupMemberKindLabelZh[v.kind as GroupMemberKind] ?? null : null,
    openedAt: iso(v.openedAt),
    acknowledgedAt: iso(v.ackedAt),
    delivery: v.delivery,
    deliveryLabel: deliveryLabel(v),
  };
}

export function presentTip(v: TipView): TipResponse {
  const t = v.tip;
  return {
    id: t.id,
    kind: t.kind,
    kindLabel: TipKindLabelZh[t.kind],
    status: t.status,
    statusLabel: TipStatusLabelZh[t.status],
    text: t.text,
    place: t.placeName ? { name: t.placeName, lat: t.placeLat, lng: t.placeLng } : null,
    photos: v.photos.map(photo),
    group: v.group,
    alert: v.alert,
    author: v.author ? { id: v.author.id, nickname: v.author.nickname } : null,
    textCheck: t.textCheck,
    reply: t.replyText ? { text: t.replyText, public: t.replyPublic, officer: v.replyOfficer ?? '社区民警', at: new Date(t.repliedAt!).toISOString() } : null,
    useful: t.usefulAt ? { at: new Date(t.usefulAt).toISOString(), by: v.usefulBy ?? '社区民警', pointsAwarded: Boolean(t.pointsAwarded) } : null,
    ticket: t.ticketId ? { id: /^\d+$/.test(t.ticketId) ? Number(t.ticketId) : t.ticketId, number: t.ticketNumber } : null,
    createdAt: new Date(t.createdAt).toISOString(),
    abilities: v.abilities,
  };
}
