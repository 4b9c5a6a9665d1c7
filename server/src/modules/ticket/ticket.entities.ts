import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type {
  AssigneeKind,
  CategoryAnswers,
  LocationMode,
  RefusalReason,
  ResolvedLevel,
  TicketEventKind,
  TicketLevel,
  TicketSource,
  TicketStatus,
} from '@linli/shared';
import { jsonText } from '../../common/db/json.transformer';

/** A building head reporting for a neighbour: the neighbour's name and that they agreed. */
export interface OnBehalfOf {
  name: string;
  consent: true;
}

/**
 * One ticket: a report (or a staff entry) and where it stands in the lifecycle. The indexes are in the
 * migration (1763950000000-ticket.ts); every queue pages by keyset over (due_at, id).
 */
@Entity('tickets')
export class TicketEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** `{streetCode}-{yyyymmdd}-{seq4}`, assigned at filing; null before. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  number: string | null;

  @Column({ type: 'varchar', length: 16 })
  source: TicketSource;

  @Column({ name: 'category_code', type: 'varchar', length: 16 })
  categoryCode: string;

  /** The category version the ticket was reported under: limits, evidence and questions come from it. */
  @Column({ name: 'category_version', type: 'integer' })
  categoryVersion: number;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  answers: CategoryAnswers | null;

  @Column({ name: 'photo_ids', type: 'text', nullable: true, transformer: jsonText })
  photoIds: number[] | null;

  @Column({ type: 'double' })
  lat: number;

  @Column({ type: 'double' })
  lng: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ name: 'location_mode', type: 'varchar', length: 8 })
  locationMode: LocationMode;

  @Column({ name: 'grid_id', type: 'integer' })
  gridId: number;

  @Column({ name: 'community_id', type: 'integer' })
  communityId: number;

  @Column({ name: 'street_id', type: 'integer' })
  streetId: number;

  @Column({ name: 'district_id', type: 'integer' })
  districtId: number;

  /** Materialised path of the grid (`/320111/320111001/320111001005/320111001005001/`). */
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  /** The reporting user; null for staff entries (hotline, video, patrol). */
  @Column({ name: 'reporter_id', type: 'integer', nullable: true })
  reporterId: number | null;

  /** Who sent the request (owner of the idempotency key): the reporter, or the staff member entering it. */
  @Column({ name: 'submitted_by', type: 'integer', nullable: true })
  submittedBy: number | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash: string | null;

  /** Hidden from the public (the board never shows a reporter anyway). */
  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  /** Identity hidden from departments too. */
  @Column({ name: 'protected_reporter', type: 'boolean', default: false })
  protectedReporter: boolean;

  @Column({ name: 'on_behalf_of', type: 'text', nullable: true, transformer: jsonText })
  onBehalfOf: OnBehalfOf | null;

  /** Outside contact of a staff entry (hotline caller); command centres only. */
  @Column({ name: 'contact_name', type: 'varchar', length: 20, nullable: true })
  contactName: string | null;

  /** The contact's phone, encrypted (PhoneCrypto); responses carry the masked form only. */
  @Column({ name: 'contact_phone_enc', type: 'varchar', length: 255, nullable: true })
  contactPhoneEnc: string | null;

  /** The content check held the description: kept off the public board. */
  @Column({ name: 'text_held', type: 'boolean', default: false })
  textHeld: boolean;

  /** Copied from the category version: sensitive tickets never reach the public board. */
  @Column({ type: 'boolean', default: false })
  sensitive: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: TicketStatus;

  @Column({ name: 'is_open', type: 'boolean', default: true })
  isOpen: boolean;

  @Column({ type: 'varchar', length: 10 })
  level: TicketLevel;

  @Column({ name: 'assignee_kind', type: 'varchar', length: 12, nullable: true })
  assigneeKind: AssigneeKind | null;

  @Column({ name: 'assignee_departments', type: 'text', nullable: true, transformer: jsonText })
  assigneeDepartments: string[] | null;

  @Column({ type: 'integer', default: 0 })
  priority: number;

  @Column({ name: 'co_reporter_count', type: 'integer', default: 0 })
  coReporterCount: number;

  @Column({ name: 'file_deadline', type: 'datetime' })
  fileDeadline: Date;

  @Column({ name: 'handle_deadline', type: 'datetime', nullable: true })
  handleDeadline: Date | null;

  /** The deadline that applies now: the file deadline before dispatch, the handle deadline after. */
  @Column({ name: 'due_at', type: 'datetime' })
  dueAt: Date;

  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  @Column({ name: 'extension_pending', type: 'boolean', default: false })
  extensionPending: boolean;

  /** Working days asked for by the pending (or last) extension request. */
  @Column({ name: 'extension_days', type: 'integer', nullable: true })
  extensionDays: number | null;

  @Column({ name: 'extension_count', type: 'integer', default: 0 })
  extensionCount: number;

  @Column({ name: 'rework_count', type: 'integer', default: 0 })
  reworkCount: number;

  @Column({ name: 'dispatch_count', type: 'integer', default: 0 })
  dispatchCount: number;

  @Column({ name: 'resolved_level', type: 'varchar', length: 12, nullable: true })
  resolvedLevel: ResolvedLevel | null;

  @Column({ name: 'refusal_reason', type: 'varchar', length: 16, nullable: true })
  refusalReason: RefusalReason | null;

  /** The assignee's latest result (handle / self_handle). */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  @Column({ name: 'result_photo_ids', type: 'text', nullable: true, transformer: jsonText })
  resultPhotoIds: number[] | null;

  @Column({ type: 'integer', nullable: true })
  rating: number | null;

  @Column({ name: 'rating_comment', type: 'varchar', length: 200, nullable: true })
  ratingComment: string | null;

  @Column({ name: 'filed_at', type: 'datetime', nullable: true })
  filedAt: Date | null;

  @Column({ name: 'dispatched_at', type: 'datetime', nullable: true })
  dispatchedAt: Date | null;

  /** The latest dispatch: start of the current handle limit (dispatchedAt keeps the first). */
  @Column({ name: 'last_dispatched_at', type: 'datetime', nullable: true })
  lastDispatchedAt: Date | null;

  @Column({ name: 'accepted_at', type: 'datetime', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'handled_at', type: 'datetime', nullable: true })
  handledAt: Date | null;

  @Column({ name: 'verified_at', type: 'datetime', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'rated_at', type: 'datetime', nullable: true })
  ratedAt: Date | null;

  @Column({ name: 'refused_at', type: 'datetime', nullable: true })
  refusedAt: Date | null;

  @Column({ name: 'escalated_at', type: 'datetime', nullable: true })
  escalatedAt: Date | null;

  /** Optimistic lock: every transition is `UPDATE ... WHERE id = ? AND version = ?`. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}

/** One department a ticket is dispatched to (the department queue reads this table). */
@Entity('ticket_assignments')
export class TicketAssignmentEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @Column({ type: 'varchar', length: 24 })
  department: string;

  @Column({ name: 'is_lead', type: 'boolean', default: false })
  isLead: boolean;

  @Column({ name: 'street_id', type: 'integer' })
  streetId: number;

  @Column({ name: 'district_id', type: 'integer' })
  districtId: number;

  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath: string;

  @Column({ type: 'varchar', length: 16 })
  status: TicketStatus;

  @Column({ name: 'is_open', type: 'boolean', default: true })
  isOpen: boolean;

  @Column({ name: 'due_at', type: 'datetime' })
  dueAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** One entry of a ticket's append-only timeline. */
@Entity('ticket_events')
export class TicketEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @Column({ type: 'varchar', length: 24 })
  action: TicketEventKind;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: TicketStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16, nullable: true })
  toStatus: TicketStatus | null;

  /** Never shown to residents; null for the system. */
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;

  /** The capacity acted in (reporter, street_dispatcher, assignee, system, ...). */
  @Column({ name: 'actor_role', type: 'varchar', length: 24 })
  actorRole: string;

  @Column({ name: 'actor_unit_id', type: 'integer', nullable: true })
  actorUnitId: number | null;

  @Column({ name: 'actor_unit_name', type: 'varchar', length: 60, nullable: true })
  actorUnitName: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  department: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'photo_ids', type: 'text', nullable: true, transformer: jsonText })
  photoIds: number[] | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  data: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** A user who said "me too" on a ticket: kept informed, may rate and reopen. */
@Entity('ticket_co_reporters')
export class TicketCoReporterEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @Column({ name: 'photo_ids', type: 'text', nullable: true, transformer: jsonText })
  photoIds: number[] | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'integer', nullable: true })
  rating: number | null;

  @Column({ name: 'rating_comment', type: 'varchar', length: 200, nullable: true })
  ratingComment: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** A photo attached to a ticket (report, "me too", result, timeline): its visibility follows the ticket. */
@Entity('ticket_media')
export class TicketMediaEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @Column({ name: 'media_id', type: 'integer' })
  mediaId: number;
}

/** Per street per Beijing day counter of ticket numbers (row locked by the filing transaction). */
@Entity('ticket_sequences')
export class TicketSequenceEntity {
  @PrimaryColumn({ name: 'street_code', type: 'varchar', length: 20 })
  streetCode: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  day: string;

  @Column({ type: 'integer', default: 0 })
  value: number;
}

/** A supervision stage already recorded for a ticket (unique per ticket and stage). */
@Entity('ticket_supervision_marks')
export class TicketSupervisionMarkEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'ticket_id', type: 'integer' })
  ticketId: number;

  @Column({ type: 'varchar', length: 32 })
  stage: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** A lease held by one server process for a periodic job (the supervision tick). */
@Entity('ticket_job_locks')
export class TicketJobLockEntity {
  @PrimaryColumn({ type: 'varchar', length: 48 })
  name: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  owner: string | null;

  @Column({ name: 'locked_until', type: 'datetime', nullable: true })
  lockedUntil: Date | null;
}

/** The ticket module's TypeORM entities, registered in common/db/entities.ts. */
export const TICKET_ENTITIES: Function[] = [
  TicketEntity,
  TicketAssignmentEntity,
  TicketEventEntity,
  TicketCoReporterEntity,
  TicketMediaEntity,
  TicketSequenceEntity,
  TicketSupervisionMarkEntity,
  TicketJobLockEntity,
];
