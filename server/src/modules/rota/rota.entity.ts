import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type {
  CheckinKind,
  DateRange,
  ExemptionReason,
  ExemptionStatus,
  HolidayPolicy,
  IsoDate,
  MemberStatus,
  ParticipantKind,
  ParticipantRole,
  ParticipantStatus,
  RotaStatus,
  SwapStatus,
} from '@linli/shared';
import { jsonText } from '../../common/db/json.transformer';

/** A shop (registered by its owner) or a volunteer resident that takes turns on watch duty. */
@Entity('rota_participants')
export class ParticipantEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: ParticipantKind;

  /** Shop name, or the volunteer's name as the roster shows it. */
  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  address: string | null;

  /** Shop location, GCJ-02 (volunteers have none). */
  @Column({ type: 'double', nullable: true })
  lng: number | null;

  @Column({ type: 'double', nullable: true })
  lat: number | null;

  /** The grid the shop is in (a volunteer: the rota's unit); reviewers are police/admins over it. */
  @Column({ name: 'unit_id', type: 'integer' })
  unitId: number;

  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  /** Bit mask, bit 0 = Monday. */
  @Column({ name: 'opening_days', type: 'integer', default: 127 })
  openingDays: number;

  /** Contact phone, AES-256-GCM (PhoneCrypto). */
  @Column({ name: 'phone_enc', type: 'varchar', length: 255, nullable: true })
  phoneEnc: string | null;

  /** The owner agreed that the public roster shows the full number. */
  @Column({ name: 'phone_public', type: 'boolean', default: false })
  phonePublic: boolean;

  @Column({ name: 'owner_id', type: 'integer' })
  ownerId: number;

  @Column({ type: 'varchar', length: 16 })
  status: ParticipantStatus;

  @Column({ name: 'review_note', type: 'varchar', length: 200, nullable: true })
  reviewNote: string | null;

  @Column({ name: 'reviewed_by', type: 'integer', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'reviewed_at', type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  /** Demo seeder's key (idempotent seeding); null for real registrations. */
  @Column({ name: 'seed_key', type: 'varchar', length: 40, nullable: true })
  seedKey: string | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** A user who acts for a participant: its owner or a staff member. */
@Entity('rota_participant_users')
export class ParticipantUserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'participant_id', type: 'integer' })
  participantId: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  role: ParticipantRole;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** A watch rota over an area (grids) with its officer and calendar. */
@Entity('rotas')
export class RotaEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  /** The common unit of the area's grids (a community or street); managers are police/admins over it. */
  @Column({ name: 'unit_id', type: 'integer' })
  unitId: number;

  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  @Column({ name: 'grid_ids', type: 'text', transformer: jsonText })
  gridIds: number[];

  @Column({ name: 'officer_id', type: 'integer' })
  officerId: number;

  /** The officer's duty phone shown on the roster (encrypted); null: the officer's bound phone. */
  @Column({ name: 'officer_phone_enc', type: 'varchar', length: 255, nullable: true })
  officerPhoneEnc: string | null;

  /** A Monday. */
  @Column({ name: 'start_date', type: 'varchar', length: 10 })
  startDate: IsoDate;

  @Column({ name: 'period_weeks', type: 'integer', default: 1 })
  periodWeeks: number;

  @Column({ type: 'integer', default: 1 })
  slots: number;

  @Column({ name: 'weeks_ahead', type: 'integer', default: 12 })
  weeksAhead: number;

  @Column({ name: 'checkins_required', type: 'integer', default: 3 })
  checkinsRequired: number;

  @Column({ name: 'geofence_meters', type: 'integer', default: 100 })
  geofenceMeters: number;

  @Column({ name: 'auto_approve', type: 'boolean', default: false })
  autoApprove: boolean;

  @Column({ name: 'holiday_policy', type: 'varchar', length: 8, default: 'skip' })
  holidayPolicy: HolidayPolicy;

  @Column({ type: 'text', transformer: jsonText })
  closures: Array<DateRange & { name?: string }>;

  @Column({ type: 'text', transformer: jsonText })
  checklist: string[];

  @Column({ type: 'varchar', length: 16 })
  status: RotaStatus;

  /** Periods 0 .. plannedUntil-1 are materialised in rota_duties. */
  @Column({ name: 'planned_until', type: 'integer', default: 0 })
  plannedUntil: number;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy: number;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** A participant's enrolment in a rota: scheduled from joinIndex, until leaveIndex. */
@Entity('rota_members')
export class RotaMemberEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'rota_id', type: 'integer' })
  rotaId: number;

  @Column({ name: 'participant_id', type: 'integer' })
  participantId: number;

  @Column({ type: 'varchar', length: 16 })
  status: MemberStatus;

  /** 1 while pending or active, null after (unique per rota and participant). */
  @Column({ name: 'open_key', type: 'integer', nullable: true })
  openKey: number | null;

  @Column({ name: 'join_index', type: 'integer', nullable: true })
  joinIndex: number | null;

  @Column({ name: 'leave_index', type: 'integer', nullable: true })
  leaveIndex: number | null;

  @Column({ name: 'requested_by', type: 'integer', nullable: true })
  requestedBy: number | null;

  @Column({ name: 'reviewed_by', type: 'integer', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'review_note', type: 'varchar', length: 200, nullable: true })
  reviewNote: string | null;

  @Column({ name: 'reviewed_at', type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** One participant on duty in one period of a rota (the materialised schedule). */
@Entity('rota_duties')
export class DutyEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'rota_id', type: 'integer' })
  rotaId: number;

  @Column({ name: 'period_index', type: 'integer' })
  periodIndex: number;

  @Column({ name: 'week_start', type: 'varchar', length: 10 })
  weekStart: IsoDate;

  @Column({ name: 'week_end', type: 'varchar', length: 10 })
  weekEnd: IsoDate;

  @Column({ name: 'participant_id', type: 'integer' })
  participantId: number;

  /** Placed by an agreed swap. */
  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  @Column({ name: 'checkin_count', type: 'integer', default: 0 })
  checkinCount: number;

  @Column({ name: 'completed_at', type: 'datetime', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'points_awarded', type: 'integer', nullable: true })
  pointsAwarded: number | null;

  @Column({ name: 'handover_note', type: 'varchar', length: 500, nullable: true })
  handoverNote: string | null;

  @Column({ name: 'handover_by', type: 'integer', nullable: true })
  handoverBy: number | null;

  @Column({ name: 'handover_at', type: 'datetime', nullable: true })
  handoverAt: Date | null;

  @Column({ name: 'reminded_before', type: 'boolean', default: false })
  remindedBefore: boolean;

  @Column({ name: 'reminded_morning', type: 'boolean', default: false })
  remindedMorning: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** Shop A (requester) gives its period and takes shop B's (target). */
@Entity('rota_swaps')
export class SwapEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'rota_id', type: 'integer' })
  rotaId: number;

  @Column({ name: 'requester_participant_id', type: 'integer' })
  requesterParticipantId: number;

  @Column({ name: 'requester_index', type: 'integer' })
  requesterIndex: number;

  @Column({ name: 'target_participant_id', type: 'integer' })
  targetParticipantId: number;

  @Column({ name: 'target_index', type: 'integer' })
  targetIndex: number;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: SwapStatus;

  @Column({ name: 'requested_by', type: 'integer' })
  requestedBy: number;

  @Column({ name: 'responded_by', type: 'integer', nullable: true })
  respondedBy: number | null;

  @Column({ name: 'reviewed_by', type: 'integer', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'review_note', type: 'varchar', length: 200, nullable: true })
  reviewNote: string | null;

  @Column({ name: 'decided_at', type: 'datetime', nullable: true })
  decidedAt: Date | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** Dates a participant is not on duty in a rota (shop closed, owner away), once approved. */
@Entity('rota_exemptions')
export class ExemptionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'rota_id', type: 'integer' })
  rotaId: number;

  @Column({ name: 'participant_id', type: 'integer' })
  participantId: number;

  @Column({ name: 'from_date', type: 'varchar', length: 10 })
  fromDate: IsoDate;

  @Column({ name: 'to_date', type: 'varchar', length: 10 })
  toDate: IsoDate;

  @Column({ type: 'varchar', length: 16 })
  reason: ExemptionReason;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: ExemptionStatus;

  @Column({ name: 'requested_by', type: 'integer' })
  requestedBy: number;

  @Column({ name: 'reviewed_by', type: 'integer', nullable: true })
  reviewedBy: number | null;

  @Column({ name: 'review_note', type: 'varchar', length: 200, nullable: true })
  reviewNote: string | null;

  @Column({ name: 'reviewed_at', type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** A check-in on duty; exact coordinates are erased after `eraseAfter` (the verdict stays). */
@Entity('rota_checkins')
export class CheckinEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'duty_id', type: 'integer' })
  dutyId: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: CheckinKind;

  @Column({ type: 'double', nullable: true })
  lng: number | null;

  @Column({ type: 'double', nullable: true })
  lat: number | null;

  @Column({ type: 'integer', nullable: true })
  accuracy: number | null;

  @Column({ name: 'inside_area', type: 'boolean' })
  insideArea: boolean;

  @Column({ name: 'distance_m', type: 'integer' })
  distanceM: number;

  @Column({ name: 'erase_after', type: 'varchar', length: 10 })
  eraseAfter: IsoDate;

  @Column({ name: 'location_erased_at', type: 'datetime', nullable: true })
  locationErasedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
