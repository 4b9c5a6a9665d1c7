import {
  CheckinKindLabelZh,
  CheckinResponse,
  DutyBrief,
  dutyState,
  DutyStateLabelZh,
  ExemptionReasonLabelZh,
  ExemptionResponse,
  ExemptionStatusLabelZh,
  formatPeriodZh,
  maskPhone,
  MemberStatusLabelZh,
  openingDaysLabel,
  ParticipantKindLabelZh,
  ParticipantRef,
  ParticipantResponse,
  ParticipantRole,
  ParticipantRoleLabelZh,
  ParticipantStatusLabelZh,
  RosterResponse,
  RotaMemberResponse,
  RotaStatusLabelZh,
  RotaSummaryResponse,
  SwapResponse,
  SwapStatusLabelZh,
  type IsoDate,
  type OfficerContact,
} from '@linli/shared';
import { csvCell } from '../moderation/moderation.presenter';
import type { CheckinEntity, DutyEntity, ExemptionEntity, ParticipantEntity, RotaEntity, RotaMemberEntity, SwapEntity } from './rota.entity';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function participantRef(p: Pick<ParticipantEntity, 'id' | 'name' | 'kind'>): ParticipantRef {
  return { id: p.id, name: p.name, kind: p.kind, kindLabel: ParticipantKindLabelZh[p.kind] ?? p.kind };
}

export interface ParticipantView {
  p: ParticipantEntity;
  unitName: string;
  phone: string | null;
  myRole: ParticipantRole | null;
  people: Array<{ userId: number; nickname: string; role: ParticipantRole }>;
  memberships: Array<{ member: RotaMemberEntity; rotaName: string }>;
}

export function presentParticipant(v: ParticipantView): ParticipantResponse {
  const p = v.p;
  return {
    ...participantRef(p),
    address: p.address,
    lng: p.lng,
    lat: p.lat,
    unit: { id: p.unitId, name: v.unitName },
    openingDays: p.openingDays,
    openingDaysLabel: openingDaysLabel(p.openingDays),
    phone: v.phone,
    phoneMasked: maskPhone(v.phone),
    phonePublic: Boolean(p.phonePublic),
    status: p.status,
    statusLabel: ParticipantStatusLabelZh[p.status] ?? p.status,
    reviewNote: p.reviewNote,
    myRole: v.myRole,
    people: v.people.map((x) => ({ ...x, roleLabel: ParticipantRoleLabelZh[x.role] ?? x.role })),
    memberships: v.memberships.map(({ member, rotaName }) => ({
      id: member.id,
      rotaId: member.rotaId,
      rotaName,
      status: member.status,
      statusLabel: MemberStatusLabelZh[member.status] ?? member.status,
    })),
    createdAt: iso(p.createdAt)!,
  };
}

export interface RotaSummaryView {
  rota: RotaEntity;
  unitName: string;
  officer: OfficerContact;
  memberCount: number;
  canManage: boolean;
}

export function presentRotaSummary(v: RotaSummaryView): RotaSummaryResponse {
  const r = v.rota;
  return {
    id: r.id,
    name: r.name,
    unit: { id: r.unitId, name: v.unitName },
    officer: v.officer,
    slots: r.slots,
    periodWeeks: r.periodWeeks,
    startDate: r.startDate,
    weeksAhead: r.weeksAhead,
    memberCount: v.memberCount,
    status: r.status,
    statusLabel: RotaStatusLabelZh[r.status] ?? r.status,
    canManage: v.canManage,
  };
}

export interface MemberView {
  member: RotaMemberEntity;
  participant: ParticipantEntity;
  phone: string | null;
  from: IsoDate | null;
  until: IsoDate | null;
  dutyCount: number;
  nextDuty: IsoDate | null;
}

export function presentMember(v: MemberView): RotaMemberResponse {
  return {
    id: v.member.id,
    participant: { ...participantRef(v.participant), phone: v.phone, address: v.participant.address },
    status: v.member.status,
    statusLabel: MemberStatusLabelZh[v.member.status] ?? v.member.status,
    from: v.from,
    until: v.until,
    dutyCount: v.dutyCount,
    nextDuty: v.nextDuty,
    createdAt: iso(v.member.createdAt)!,
  };
}

export function presentDutyBrief(d: DutyEntity, rota: RotaEntity, participant: Pick<ParticipantEntity, 'id' | 'name' | 'kind'>, today: IsoDate): DutyBrief {
  const state = dutyState({ from: d.weekStart, to: d.weekEnd }, today, d.completedAt !== null);
  return {
    id: d.id,
    rotaId: rota.id,
    rotaName: rota.name,
    participant: participantRef(participant),
    start: d.weekStart,
    end: d.weekEnd,
    state,
    stateLabel: DutyStateLabelZh[state],
    checkinCount: d.checkinCount,
    checkinsRequired: rota.checkinsRequired,
    swapped: Boolean(d.pinned),
  };
}

export function presentCheckin(c: CheckinEntity, duty: Pick<DutyEntity, 'checkinCount' | 'completedAt'>, required: number, pointsAwarded = 0): CheckinResponse {
  return {
    id: c.id,
    kind: c.kind,
    kindLabel: CheckinKindLabelZh[c.kind] ?? c.kind,
    at: iso(c.createdAt)!,
    insideArea: Boolean(c.insideArea),
    distanceMeters: c.distanceM,
    accuracy: c.accuracy,
    count: duty.checkinCount,
    required,
    completed: duty.completedAt !== null,
    pointsAwarded,
  };
}

export interface SwapView {
  swap: SwapEntity;
  rotaName: string;
  requester: Pick<ParticipantEntity, 'id' | 'name' | 'kind'>;
  target: Pick<ParticipantEntity, 'id' | 'name' | 'kind'>;
  requesterDuty: { id: number; start: IsoDate; end: IsoDate };
  targetDuty: { id: number; start: IsoDate; end: IsoDate };
  myRole: SwapResponse['myRole'];
  canRespond: boolean;
  canCancel: boolean;
  canReview: boolean;
}

export function presentSwap(v: SwapView): SwapResponse {
  const s = v.swap;
  return {
    id: s.id,
    rotaId: s.rotaId,
    rotaName: v.rotaName,
    status: s.status,
    statusLabel: SwapStatusLabelZh[s.status] ?? s.status,
    requesterDuty: { ...v.requesterDuty, participant: participantRef(v.requester) },
    targetDuty: { ...v.targetDuty, participant: participantRef(v.target) },
    reason: s.reason,
    reviewNote: s.reviewNote,
    createdAt: iso(s.createdAt)!,
    decidedAt: iso(s.decidedAt),
    myRole: v.myRole,
    canRespond: v.canRespond,
    canCancel: v.canCancel,
    canReview: v.canReview,
  };
}

export function presentExemption(
  e: ExemptionEntity,
  rotaName: string,
  participant: Pick<ParticipantEntity, 'id' | 'name' | 'kind'>,
  can: { cancel: boolean; review: boolean },
): ExemptionResponse {
  return {
    id: e.id,
    rotaId: e.rotaId,
    rotaName,
    participant: participantRef(participant),
    from: e.fromDate,
    to: e.toDate,
    reason: e.reason,
    reasonLabel: ExemptionReasonLabelZh[e.reason] ?? e.reason,
    note: e.note,
    status: e.status,
    statusLabel: ExemptionStatusLabelZh[e.status] ?? e.status,
    reviewNote: e.reviewNote,
    createdAt: iso(e.createdAt)!,
    canCancel: can.cancel,
    canReview: can.review,
  };
}

/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
const BOM = '\uFEFF';

/** The roster as CSV for printing or a spreadsheet: one row per week and participant. */
export function rosterCsv(r: RosterResponse): string {
  const lines = [
    [`${r.rota.name}（${r.rota.areaName}）轮值表`].map(csvCell).join(','),
    [`社区民警：${r.officer.nickname}`, `联系电话：${r.officer.phone ?? ''}`].map(csvCell).join(','),
    ['周次', '开始日期', '结束日期', '值守时段', '值守单位', '类型', '地址', '联系电话'].map(csvCell).join(','),
  ];
  for (const w of r.weeks) {
    const when = formatPeriodZh({ from: w.start, to: w.end });
    if (w.skipped || !w.duties.length) {
      lines.push([String(w.index + 1), w.start, w.end, when, w.skipped ? '节假日停班' : '待安排', '', '', ''].map(csvCell).join(','));
      continue;
    }
    for (const d of w.duties) {
      lines.push([String(w.index + 1), w.start, w.end, when, d.participant.name, d.participant.kindLabel, d.address ?? '', d.phone ?? ''].map(csvCell).join(','));
    }
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
