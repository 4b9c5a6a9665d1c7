import type {
  AlertSeverity,
  AlertStatus,
  AlertType,
  GroupJoinVia,
  GroupMemberKind,
  GroupMemberRole,
  GroupMemberStatus,
  TipKind,
  TipStatus,
} from '../constants/alert';
import type { DeliveryStatus } from '../constants/notification';
import type { GroupAbilities } from '../domain/alert';

/** A unit as the group and alert pages show it. */
export interface AlertUnitRef {
  id: number;
  name: string;
  level: string;
}

/** The caller's own membership of a group. */
export interface MyMembership {
  role: GroupMemberRole;
  roleLabel: string;
  status: GroupMemberStatus;
  statusLabel: string;
  kind: GroupMemberKind;
  kindLabel: string;
}

/** A group as lists and its page show it. `inviteCode` only for those who may approve members. */
export interface GroupResponse {
  id: number;
  name: string;
  description: string | null;
  unit: AlertUnitRef;
  officers: Array<{ id: number; nickname: string }>;
  memberCount: number;
  pendingCount: number | null;
  inviteCode: string | null;
  /** The path a share card opens (invite code inside), for those who may invite. */
  sharePath: string | null;
  /** A WeChat group is associated (only used to suggest joining, never as proof of anything). */
  wechatGroupLinked: boolean;
  my: MyMembership | null;
  abilities: GroupAbilities;
  createdAt: string;
}

/** What a join page shows before joining (by invite code). */
export interface GroupPreviewResponse {
  id: number;
  name: string;
  description: string | null;
  unit: AlertUnitRef;
  officers: Array<{ id: number; nickname: string }>;
  memberCount: number;
  my: MyMembership | null;
}

export interface GroupMemberResponse {
  userId: number;
  nickname: string;
  avatarUrl: string | null;
  role: GroupMemberRole;
  roleLabel: string;
  kind: GroupMemberKind;
  kindLabel: string;
  status: GroupMemberStatus;
  statusLabel: string;
  /** Where the member lives or works (the group's unit unless they picked one inside it). */
  unitName: string | null;
  via: GroupJoinVia;
  viaLabel: string;
  note: string | null;
  requestedAt: string;
  reviewedAt: string | null;
}

export interface AlertPhotoResponse {
  mediaId: number;
  suspect: boolean;
  /** Signed URLs (10 minutes); null while the photo is not yet visible (content check pending). */
  url: string | null;
  thumbUrl: string | null;
  checkStatus: string;
}

/** A published answer to a member's question, shown on the alert to every member (asker not named). */
export interface AlertAnswerResponse {
  tipId: number;
  question: string;
  answer: string;
  answeredAt: string;
}

export interface AlertReachSummary {
  recipients: number;
  opened: number;
  acknowledged: number;
  /** WeChat subscription messages by delivery state (queued + sending = on the way); null in lists. */
  delivery: Record<DeliveryStatus, number> | null;
  /** Reached on WeChat (`sent`; null in lists). Everyone else has it in the app only. */
  delivered: number | null;
  remindersSent: number;
}

/** An alert as a member's feed and its page show it. */
export interface AlertResponse {
  id: number;
  type: AlertType;
  typeLabel: string;
  severity: AlertSeverity;
  severityLabel: string;
  title: string;
  /** null once withdrawn (members see only that it was withdrawn, and why). */
  body: string | null;
  caseNumber: string | null;
  place: { name: string; lat: number | null; lng: number | null } | null;
  status: AlertStatus;
  /** published | withdrawn | expired, with its label. */
  displayStatus: AlertStatus | 'expired';
  displayStatusLabel: string;
  expiresAt: string;
  publishedAt: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  author: { id: number; nickname: string };
  /** Names of the targeted groups and areas. */
  targets: string[];
  photoCount: number;
  /** Only on the detail page. */
  photos: AlertPhotoResponse[];
  /** Suspect photos were hidden at expiry. */
  suspectPhotosHidden: boolean;
  answers: AlertAnswerResponse[];
  /** The caller as a recipient (null when they are not one, e.g. the author). */
  mine: { openedAt: string | null; acknowledgedAt: string | null } | null;
  /** For officers and admins who run it. */
  reach: AlertReachSummary | null;
  abilities: { acknowledge: boolean; tip: boolean; withdraw: boolean; remind: boolean; viewReach: boolean };
}

export interface AlertRecipientResponse {
  userId: number;
  nickname: string;
  kindLabel: string | null;
  openedAt: string | null;
  acknowledgedAt: string | null;
  delivery: DeliveryStatus | null;
  deliveryLabel: string;
}

export interface AlertRemindResponse {
  seq: number;
  recipients: number;
}

export interface TipResponse {
  id: number;
  kind: TipKind;
  kindLabel: string;
  status: TipStatus;
  statusLabel: string;
  text: string;
  place: { name: string; lat: number | null; lng: number | null } | null;
  photos: AlertPhotoResponse[];
  group: { id: number; name: string };
  alert: { id: number; title: string } | null;
  /** Officers see the author; the author sees themselves. */
  author: { id: number; nickname: string } | null;
  /** How WeChat's text check judged it (officers see `review`/`unchecked` flagged). */
  textCheck: 'pass' | 'review' | 'unchecked';
  reply: { text: string; public: boolean; officer: string; at: string } | null;
  useful: { at: string; by: string; pointsAwarded: boolean } | null;
  ticket: { id: number | string; number: string | null } | null;
  createdAt: string;
  abilities: { markUseful: boolean; toTicket: boolean; reply: boolean };
}
