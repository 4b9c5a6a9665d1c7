import type {
  CheckinKind,
  DutyState,
  ExemptionReason,
  ExemptionStatus,
  HolidayPolicy,
  MemberStatus,
  ParticipantKind,
  ParticipantRole,
  ParticipantStatus,
  RotaStatus,
  SwapStatus,
} from '../constants/rota';
import type { LngLat } from '../domain/geo';
import type { DateRange, IsoDate } from '../domain/rota-dates';

/** Responses of the watch-rota endpoints (issue 6). Dates are Beijing dates `YYYY-MM-DD`. */

/** A unit named in a rota response (id and name; the code is not needed there). */
export interface RotaUnitRef {
  id: number;
  name: string;
}

export interface ParticipantRef {
  id: number;
  name: string;
  kind: ParticipantKind;
  kindLabel: string;
}

/** A shop or volunteer profile, as its owner, staff or a reviewing officer sees it. */
export interface ParticipantResponse extends ParticipantRef {
  address: string | null;
  lng: number | null;
  lat: number | null;
  unit: RotaUnitRef;
  /** Bit mask, bit 0 = Monday. */
  openingDays: number;
  openingDaysLabel: string;
  /** The full number (owner, staff, officers). */
  phone: string | null;
  phoneMasked: string | null;
  phonePublic: boolean;
  status: ParticipantStatus;
  statusLabel: string;
  reviewNote: string | null;
  /** The caller's role for this participant (null for a reviewing officer). */
  myRole: ParticipantRole | null;
  people: Array<{ userId: number; nickname: string; role: ParticipantRole; roleLabel: string }>;
  memberships: Array<{ id: number; rotaId: number; rotaName: string; status: MemberStatus; statusLabel: string }>;
  createdAt: string;
}

export interface OfficerContact {
  nickname: string;
  phone: string | null;
}

export interface RotaSummaryResponse {
  id: number;
  name: string;
  unit: RotaUnitRef;
  officer: OfficerContact;
  slots: number;
  periodWeeks: number;
  startDate: IsoDate;
  weeksAhead: number;
  memberCount: number;
  status: RotaStatus;
  statusLabel: string;
  /** May the caller manage it (officer or admin of the area)? */
  canManage: boolean;
}

export interface RotaMemberResponse {
  id: number;
  participant: ParticipantRef & { phone: string | null; address: string | null };
  status: MemberStatus;
  statusLabel: string;
  /** First day of the first period it is scheduled from. */
  from: IsoDate | null;
  /** First day of the period it stopped from (left). */
  until: IsoDate | null;
  dutyCount: number;
  nextDuty: IsoDate | null;
  createdAt: string;
}

export interface RotaDetailResponse extends RotaSummaryResponse {
  grids: RotaUnitRef[];
  checkinsRequired: number;
  geofenceMeters: number;
  autoApprove: boolean;
  holidayPolicy: HolidayPolicy;
  holidayPolicyLabel: string;
  closures: Array<DateRange & { name?: string }>;
  checklist: string[];
  members: RotaMemberResponse[];
  pendingSwaps: SwapResponse[];
  pendingExemptions: ExemptionResponse[];
  /** Periods planned so far whose duty could not be filled (too few members). */
  shortWeeks: IsoDate[];
  version: number;
}

/** One duty: a participant on duty in one period of a rota. */
export interface DutyBrief {
  id: number;
  rotaId: number;
  rotaName: string;
  participant: ParticipantRef;
  start: IsoDate;
  end: IsoDate;
  state: DutyState;
  stateLabel: string;
  checkinCount: number;
  checkinsRequired: number;
  /** Placed by an agreed swap. */
  swapped: boolean;
}

export interface CheckinResponse {
  id: number;
  kind: CheckinKind;
  kindLabel: string;
  at: string;
  insideArea: boolean;
  distanceMeters: number;
  accuracy: number | null;
  /** Check-ins of the duty so far, the number that completes it, and whether it is complete. */
  count: number;
  required: number;
  completed: boolean;
  /** Points the completion earned (0 when not complete or already awarded before). */
  pointsAwarded: number;
}

export interface AreaGrid {
  id: number;
  name: string;
  polygon: LngLat[][] | null;
}

export interface DutyDetailResponse extends DutyBrief {
  area: { name: string; grids: AreaGrid[]; centre: LngLat | null; geofenceMeters: number };
  checklist: string[];
  officer: OfficerContact;
  /** The others on duty in the same period. */
  partners: Array<ParticipantRef & { phone: string | null }>;
  checkins: CheckinResponse[];
  completedAt: string | null;
  pointsAwarded: number | null;
  handoverNote: string | null;
  /** The note the previous duty of this rota left for this one. */
  previousHandover: { note: string; from: string; at: string } | null;
  canCheckin: boolean;
  canSwap: boolean;
  canHandover: boolean;
}

export interface MyDutyResponse {
  /** Participants the caller acts for, with the rotas they are in. */
  participants: Array<ParticipantRef & { status: ParticipantStatus; statusLabel: string; rotas: Array<{ id: number; name: string }> }>;
  current: DutyDetailResponse | null;
  next: DutyDetailResponse | null;
  upcoming: DutyBrief[];
  past: DutyBrief[];
}

export interface DutyRef {
  id: number;
  start: IsoDate;
  end: IsoDate;
  participant: ParticipantRef;
}

export interface SwapResponse {
  id: number;
  rotaId: number;
  rotaName: string;
  status: SwapStatus;
  statusLabel: string;
  /** A gives `requesterDuty` and takes `targetDuty`. */
  requesterDuty: DutyRef;
  targetDuty: DutyRef;
  reason: string;
  reviewNote: string | null;
  createdAt: string;
  decidedAt: string | null;
  myRole: 'requester' | 'target' | 'officer' | null;
  canRespond: boolean;
  canCancel: boolean;
  canReview: boolean;
}

export interface ExemptionResponse {
  id: number;
  rotaId: number;
  rotaName: string;
  participant: ParticipantRef;
  from: IsoDate;
  to: IsoDate;
  reason: ExemptionReason;
  reasonLabel: string;
  note: string | null;
  status: ExemptionStatus;
  statusLabel: string;
  reviewNote: string | null;
  createdAt: string;
  canCancel: boolean;
  canReview: boolean;
}

export interface RosterWeek {
  index: number;
  start: IsoDate;
  end: IsoDate;
  /** Nobody on duty: a public holiday week or a declared closure. */
  skipped: boolean;
  current: boolean;
  duties: Array<{
    dutyId: number;
    participant: ParticipantRef;
    address: string | null;
    /** Masked unless the participant agreed to publish it. */
    phone: string | null;
  }>;
}

/** The public roster of a rota (for the board at the station and the share card). */
export interface RosterResponse {
  rota: { id: number; name: string; areaName: string; grids: RotaUnitRef[]; slots: number; periodWeeks: number; checklist: string[]; memberCount: number };
  officer: OfficerContact;
  weeks: RosterWeek[];
  generatedAt: string;
}

/** The officer's "who has not checked in" view of the current period. */
export interface AttendanceResponse {
  rotaId: number;
  period: { start: IsoDate; end: IsoDate } | null;
  rows: Array<{
    dutyId: number;
    participant: ParticipantRef;
    phone: string | null;
    checkinCount: number;
    required: number;
    lastCheckinAt: string | null;
    completed: boolean;
  }>;
  notCheckedIn: number;
}
