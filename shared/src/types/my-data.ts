import type {
  GroupJoinVia,
  GroupMemberKind,
  GroupMemberRole,
  GroupMemberStatus,
  TipKind,
  TipStatus,
} from '../constants/alert';
import type { PointsRule, RedemptionStatus } from '../constants/points';
import type {
  CheckinKind,
  ExemptionReason,
  ExemptionStatus,
  MemberStatus,
  ParticipantKind,
  ParticipantRole,
  ParticipantStatus,
  SwapStatus,
} from '../constants/rota';
import type { TicketEventKind, TicketSource, TicketStatus } from '../constants/ticket';
import type { DateRange, IsoDate } from '../domain/rota-dates';
import type { CategoryAnswers } from './category';

/**
 * The sections of "export my data" (GET /api/me/export) that the feature modules contribute: each holds
 * the user's own records only (never other people's identities, never staff names). Times are ISO 8601.
 */

/** Tickets: reports the user made, tickets they joined ("me too"), and what they did on them as a resident. */
export interface MyTicketsData {
  reported: Array<{
    id: number;
    number: string | null;
    source: TicketSource;
    category: { code: string; name: string };
    description: string;
    answers: CategoryAnswers | null;
    address: string | null;
    lat: number;
    lng: number;
    anonymous: boolean;
    protectedReporter: boolean;
    /** The neighbour a building head reported for (as the reporter entered it). */
    onBehalfOf: { name: string } | null;
    status: TicketStatus;
    statusLabel: string;
    /** The user's photos attached to the report (see `media`). */
    photoIds: number[];
    createdAt: string;
    closedAt: string | null;
    /** The user's latest rating of the ticket. */
    rating: { score: number; comment: string | null; ratedAt: string } | null;
  }>;
  /** Tickets the user joined as co-reporter. */
  joined: Array<{
    ticketId: number;
    number: string | null;
    note: string | null;
    photoIds: number[];
    rating: number | null;
    ratingComment: string | null;
    joinedAt: string;
  }>;
  /** Timeline entries the user wrote as reporter or co-reporter (report, join, comments, reopen, rating ...). */
  actions: Array<{ ticketId: number; action: TicketEventKind; actionLabel: string; note: string | null; createdAt: string }>;
}

/** Points: balance, ledger, redemptions, leaderboard setting. */
export interface MyPointsData {
  balance: number;
  leaderboardOptOut: boolean;
  entries: Array<{ id: number; amount: number; rule: PointsRule; ruleLabel: string; reason: string; balanceAfter: number; createdAt: string }>;
  /**
   * Redemptions. The code itself is left out (like session tokens, it is a credential to hand over the
   * reward; the points pages show it); `codeState` says whether it can still be used.
   */
  redemptions: Array<{
    id: number;
    rewardTitle: string;
    providerName: string;
    cost: number;
    status: RedemptionStatus;
    statusLabel: string;
    codeState: 'valid' | 'used' | 'void';
    codeStateLabel: string;
    expiresAt: string;
    fulfilledAt: string | null;
    closedAt: string | null;
    createdAt: string;
  }>;
}

/** Watch duty: the shops / volunteer entries the user acts for and what they did on the rotas. */
export interface MyRotaData {
  participants: Array<{
    id: number;
    kind: ParticipantKind;
    kindLabel: string;
    name: string;
    address: string | null;
    lat: number | null;
    lng: number | null;
    /** The contact phone, to its owner only (null for staff). */
    phone: string | null;
    phonePublic: boolean;
    myRole: ParticipantRole;
    myRoleLabel: string;
    status: ParticipantStatus;
    statusLabel: string;
    reviewNote: string | null;
    createdAt: string;
  }>;
  /** Enrolments of those participants in rotas. */
  memberships: Array<{
    rotaId: number;
    rotaName: string;
    participantId: number;
    status: MemberStatus;
    statusLabel: string;
    reviewNote: string | null;
    createdAt: string;
    reviewedAt: string | null;
  }>;
  /** Duty weeks of those participants (planned ones included). */
  duties: Array<{
    id: number;
    rotaName: string;
    participantId: number;
    weekStart: IsoDate;
    weekEnd: IsoDate;
    checkinCount: number;
    completedAt: string | null;
    pointsAwarded: number | null;
    /** The handover note, when the user wrote it. */
    handoverNote: string | null;
  }>;
  /** The user's check-ins; coordinates only while still stored (erased after a while). */
  checkins: Array<{
    dutyId: number;
    kind: CheckinKind;
    kindLabel: string;
    insideArea: boolean;
    distanceM: number;
    lat: number | null;
    lng: number | null;
    accuracy: number | null;
    locationErasedAt: string | null;
    createdAt: string;
  }>;
  /** Swaps the user asked for or answered (the other side's name is left out). */
  swaps: Array<{
    id: number;
    rotaName: string;
    side: 'requester' | 'target';
    myPeriod: DateRange;
    otherPeriod: DateRange;
    /** The reason, when the user wrote it. */
    reason: string | null;
    status: SwapStatus;
    statusLabel: string;
    decidedAt: string | null;
    createdAt: string;
  }>;
  /** Exemptions the user asked for. */
  exemptions: Array<{
    id: number;
    rotaName: string;
    participantId: number;
    from: IsoDate;
    to: IsoDate;
    reason: ExemptionReason;
    reasonLabel: string;
    note: string | null;
    status: ExemptionStatus;
    statusLabel: string;
    reviewNote: string | null;
    reviewedAt: string | null;
    createdAt: string;
  }>;
}

/** Neighbourhood groups: memberships, alerts received (and acknowledged), tips and questions sent. */
export interface MyGroupsData {
  memberships: Array<{
    groupId: number;
    groupName: string;
    role: GroupMemberRole;
    roleLabel: string;
    kind: GroupMemberKind;
    kindLabel: string;
    status: GroupMemberStatus;
    statusLabel: string;
    via: GroupJoinVia;
    viaLabel: string;
    /** Where the user said they live or work. */
    unit: { id: number; name: string } | null;
    note: string | null;
    /** Why a request was rejected or the membership ended. */
    reason: string | null;
    joinedAt: string;
    reviewedAt: string | null;
  }>;
  /** Alerts delivered to the user, with when they opened and acknowledged (收到) them. */
  alerts: Array<{ alertId: number; title: string; receivedAt: string; openedAt: string | null; ackedAt: string | null }>;
  /** Tips (线索) and questions (提问) the user sent. */
  tips: Array<{
    id: number;
    kind: TipKind;
    kindLabel: string;
    groupName: string | null;
    alertId: number | null;
    text: string;
    place: { name: string | null; lat: number | null; lng: number | null } | null;
    photoIds: number[];
    status: TipStatus;
    statusLabel: string;
    /** The officers' answer (to a question). */
    reply: { text: string; public: boolean; repliedAt: string | null } | null;
    markedUsefulAt: string | null;
    ticketNumber: string | null;
    createdAt: string;
  }>;
}

/** The feature sections; a section is absent when its module registered no exporter. */
export interface MyFeatureData {
  tickets?: MyTicketsData;
  points?: MyPointsData;
  rota?: MyRotaData;
  groups?: MyGroupsData;
}
