import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { createHash } from 'crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  ContentScene,
  ErrorCode,
  OPEN_TICKET_STATUSES,
  duplicateSearchBox,
  findDuplicates,
  joinRefusal,
  TicketLimits,
  TicketStatusLabelZh,
  type CategoryAnswers,
  type CategorySnapshot,
  type CreateTicketInput,
  type JoinTicketInput,
  type SimilarTicket,
  type SimilarTicketsQuery,
  type StaffCreateTicketInput,
  type TicketResponse,
  type TicketSource,
  beijingDateAt,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import { DutyEntity, ParticipantUserEntity } from '../rota/rota.entity';
import type { AuthState } from '../../common/auth/auth.context';
import { insertRow, placeholders, selectRows } from '../../common/db/sql-rows';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { CategoryService } from '../category/category.service';
import { MediaEntity } from '../media/media.entity';
import { ContentCheckService, type TextCheckResult } from '../moderation/content-check.service';
import { PhoneCrypto } from '../user/phone.crypto';
import { UserEntity } from '../user/user.entity';
import { checkAnswers, checkEvidence } from './ticket.answers';
import { deadlineAfter } from './ticket.deadlines';
import { TicketEffects, type EventActor } from './ticket.effects';
import { TicketCoReporterEntity, TicketEntity, TicketEventEntity, type OnBehalfOf } from './ticket.entities';
import { TicketLifecycleService } from './ticket-lifecycle.service';
import { TicketLocator, type ResolvedLocation } from './ticket.location';
import { grantsOf, type TicketActor } from './ticket.policy';
import { TicketReader } from './ticket.reader';

/** Reports per user per hour (a retry of the same idempotency key is not counted). */
export const REPORT_RATE_LIMIT = { points: 30, durationSeconds: 3600 };

/** What `createFromSource` needs: a ticket raised by another module (an alert's tip, Open311, ...). */
export interface TicketFromSourceInput {
  source: TicketSource;
  categoryCode: string;
  description: string;
  location: { lat: number; lng: number; address?: string | null };
  /** Photos already stored by the media module (the caller decided they belong to the ticket). */
  photoIds?: number[];
  answers?: CategoryAnswers;
  /** The resident the ticket is followed by (null: nobody, e.g. a tip kept private by the officer). */
  reporterId?: number | null;
  /** Who raises it (owner of the idempotency key): the officer, the API key's owner, ... */
  submittedBy: number | null;
  /** Idempotency key (unique per submittedBy): the same key returns the ticket created first. */
  idempotencyKey?: string | null;
  /** How the `report` event names its actor (e.g. `{ actorId: officerId, actorRole: 'community_police' }`). */
  actor: EventActor;
  anonymous?: boolean;
  protectedReporter?: boolean;
  contact?: { name?: string | null; phone?: string | null };
  /** A note on the `report` event ("由警情线索转为工单"). */
  note?: string | null;
}

interface NewTicketRow {
  source: TicketSource;
  category: CategorySnapshot;
  description: string;
  answers: CategoryAnswers;
  photoIds: number[];
  location: ResolvedLocation;
  reporterId: number | null;
  submittedBy: number | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  anonymous: boolean;
  protectedReporter: boolean;
  onBehalfOf: OnBehalfOf | null;
  contactName: string | null;
  contactPhoneEnc: string | null;
  textHeld: boolean;
  actor: EventActor;
  note?: string | null;
}

const isDuplicateKeyError = (e: unknown) => /duplicate|unique/i.test(String((e as Error)?.message ?? e));

/** JSON with sorted keys, undefined left out: equal bodies give equal hashes whatever the key order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function requestHashOf(input: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = input;
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

/**
 * Reporting (随手拍), staff entry, duplicate candidates and "me too". Every submission carries an
 * idempotency key, unique per submitter: a retry answers the ticket created first (`replayed: true`),
 * the same key with another body is refused.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketReportService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  categories: CategoryService;

  @Inject()
  locator: TicketLocator;

  @Inject()
  contentCheck: ContentCheckService;

  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  effects: TicketEffects;

  @Inject()
  reader: TicketReader;

  @Inject()
  lifecycle: TicketLifecycleService;

  @Inject()
  audit: AuditService;

  @Inject()
  phones: PhoneCrypto;

  /**
   * A resident's report. Checks, in order: replay of the idempotency key, rate limit, category, answers,
   * evidence, photos (own, purpose report, check passed or pending), building head for a neighbour,
   * location (inside a grid), text (content check); then writes the ticket and its `report` event.
   * @throws AppError IDEMPOTENCY_KEY_REUSED, RATE_LIMITED, VALIDATION_FAILED, FORBIDDEN (onBehalfOf
   *   without a building head role), OUTSIDE_JURISDICTION, CONTENT_RISKY.
   */
  async report(auth: AuthState, input: CreateTicketInput, now = new Date()): Promise<{ ticket: TicketResponse; replayed: boolean }> {
    const hash = requestHashOf(input as unknown as Record<string, unknown>);
    const replay = await this.replay(auth, input.idempotencyKey, hash);
    if (replay) return replay;
    await this.rateLimit.consume('ticket_report', String(auth.userId), REPORT_RATE_LIMIT.points, REPORT_RATE_LIMIT.durationSeconds);

    // The catalogue and the grid index are in memory; the reporter and the photos are read at once.
    const m = this.dataSource.manager;
    const category = await this.categories.current(input.categoryCode);
    const answers = checkAnswers(category, input.answers ?? {});
    checkEvidence(category.evidence, input.photoIds.length);
    const [[reporter], photos] = await Promise.all([
      selectRows(m, UserEntity, 'SELECT `id`, `nickname`, `openid` FROM `users` WHERE `id` = ? AND `deleted_at` IS NULL', [auth.userId]),
      this.assertPhotos(m, auth.userId, input.photoIds, 'photoIds'),
    ]);
    if (!reporter) throw notFound();
    if (input.onBehalfOf && !auth.grants.some((g) => g.role === 'building_head')) throw forbidden('只有楼栋长可以代邻居上报');
    if (input.source === 'duty_patrol' && !(await this.onDutyToday(m, auth.userId, now))) throw forbidden('您本周不在值守，不能以值守巡查的来源上报');
    const location = await this.locator.resolve(m, input.location);
    const check = await this.contentCheck.checkText({ userId: auth.userId, text: input.description, scene: ContentScene.Comment, user: reporter, unitPath: location.grid.path });

    try {
      const { ticket, event } = await this.tx.run(async (mm) => {
        const written = await this.insert(
          mm,
          {
            source: input.source ?? 'resident',
            category,
            description: input.description,
            answers,
            photoIds: input.photoIds,
            location,
            reporterId: auth.userId,
            submittedBy: auth.userId,
            idempotencyKey: input.idempotencyKey,
            requestHash: hash,
            anonymous: input.anonymous,
            protectedReporter: input.protectedReporter,
            onBehalfOf: input.onBehalfOf ? { name: input.onBehalfOf.name, consent: true } : null,
            contactName: null,
            contactPhoneEnc: null,
            textHeld: check.outcome === 'hold',
            actor: { actorId: auth.userId, actorRole: 'reporter' },
          },
          now,
        );
        await this.recordText(mm, written.ticket, auth.userId, check);
        return written;
      });
      // The answer is built from the rows just written (the reporter's own view of a new ticket).
      const units = new Map([location.grid, location.community, location.street, location.district].map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]));
      return { ticket: await this.reader.detailOfNew(auth, ticket, { category, event, units, reporterNickname: reporter.nickname, media: photos }, now), replayed: false };
    } catch (e) {
      // A retry racing the first try loses on the unique (submitted_by, idempotency_key): answer the winner.
      if (isDuplicateKeyError(e)) {
        const again = await this.replay(auth, input.idempotencyKey, hash);
        if (again) return again;
      }
      throw e;
    }
  }

  /**
   * Staff entry (hotline, video patrol, grid patrol, ...): a dispatcher inside their street or
   * district, a grid worker in their grid (grid patrol only). `fileNow` (dispatchers) files it at once.
   * @throws AppError FORBIDDEN (no staff role for the place or the source), IDEMPOTENCY_KEY_REUSED,
   *   VALIDATION_FAILED, OUTSIDE_JURISDICTION.
   */
  async staffEntry(auth: AuthState, input: StaffCreateTicketInput, now = new Date()): Promise<{ ticket: TicketResponse; replayed: boolean }> {
    const staffRoles = ['street_dispatcher', 'district_dispatcher', 'grid_worker'] as const;
    if (!auth.grants.some((g) => (staffRoles as readonly string[]).includes(g.role))) throw forbidden();
    const hash = requestHashOf(input as unknown as Record<string, unknown>);
    const replay = await this.replay(auth, input.idempotencyKey, hash);
    if (replay) return replay;

    const m = this.dataSource.manager;
    const category = await this.categories.current(input.categoryCode);
    const answers = checkAnswers(category, input.answers ?? {});
    await this.assertPhotos(m, auth.userId, input.photoIds, 'photoIds');
    const location = await this.locator.resolve(m, input.location);
    const grant = this.entryGrant(auth, location.grid.path, input.source, input.fileNow);

    try {
      const ticket = await this.tx.run(async (mm) => {
        const { ticket: t } = await this.insert(
          mm,
          {
            source: input.source,
            category,
            description: input.description,
            answers,
            photoIds: input.photoIds,
            location,
            reporterId: null,
            submittedBy: auth.userId,
            idempotencyKey: input.idempotencyKey,
            requestHash: hash,
            anonymous: true,
            protectedReporter: false,
            onBehalfOf: null,
            contactName: input.contactName ? input.contactName : null,
            contactPhoneEnc: input.contactPhone ? this.phones.encrypt(input.contactPhone) : null,
            textHeld: false,
            actor: { actorId: auth.userId, actorRole: grant.role, actorUnitId: grant.unitId, actorUnitName: grant.unitName },
          },
          now,
        );
        await this.audit.record(mm, {
          actorId: auth.userId,
          actorRole: grant.role,
          unitPath: t.unitPath,
          action: 'ticket.staff_entry',
          targetType: 'ticket',
          targetId: t.id,
          after: { source: t.source, categoryCode: t.categoryCode, fileNow: input.fileNow },
        });
        if (input.fileNow) return this.lifecycle.applyInTransaction(mm, auth, t.id, { action: 'file', version: t.version }, now);
        return t;
      });
      return { ticket: await this.present(auth, ticket.id), replayed: false };
    } catch (e) {
      if (isDuplicateKeyError(e)) {
        const again = await this.replay(auth, input.idempotencyKey, hash);
        if (again) return again;
      }
      throw e;
    }
  }

  /**
   * Creates a ticket inside the caller's transaction, for other modules (the alerts module turns a tip
   * into a ticket). The caller has checked who may do this and the text; this checks the category, the
   * answers and the place. With an idempotency key already used by `submittedBy`, the ticket created
   * then is returned and nothing is written.
   * @throws AppError VALIDATION_FAILED (category, answers), OUTSIDE_JURISDICTION.
   */
  async createFromSource(m: EntityManager, input: TicketFromSourceInput, now = new Date()): Promise<TicketEntity> {
    if (input.idempotencyKey && input.submittedBy !== null) {
      const existing = await m.findOne(TicketEntity, { where: { submittedBy: input.submittedBy, idempotencyKey: input.idempotencyKey } });
      if (existing) return existing;
    }
    const category = await this.categories.current(input.categoryCode, m);
    const answers = checkAnswers(category, input.answers ?? {});
    const location = await this.locator.resolvePoint(m, 'map', input.location.lat, input.location.lng, input.location.address ?? null);
    const { ticket } = await this.insert(
      m,
      {
        source: input.source,
        category,
        description: input.description,
        answers,
        photoIds: input.photoIds ?? [],
        location,
        reporterId: input.reporterId ?? null,
        submittedBy: input.submittedBy,
        idempotencyKey: input.idempotencyKey ?? null,
        requestHash: null,
        anonymous: input.anonymous ?? true,
        protectedReporter: input.protectedReporter ?? false,
        onBehalfOf: null,
        contactName: input.contact?.name ?? null,
        contactPhoneEnc: input.contact?.phone ? this.phones.encrypt(input.contact.phone) : null,
        textHeld: false,
        actor: input.actor,
        note: input.note ?? null,
      },
      now,
    );
    return ticket;
  }

  /**
   * Open tickets of the category within its duplicate radius and window around the point, nearest
   * first: what the reporter may join instead of reporting again. Sensitive tickets and held texts are
   * never offered (they are not for other residents' eyes).
   */
  async similar(auth: AuthState, query: SimilarTicketsQuery, now = new Date()): Promise<SimilarTicket[]> {
    const category = await this.categories.current(query.categoryCode);
    const rule = { radiusMeters: category.duplicateRadiusMeters, windowHours: category.duplicateWindowHours };
    const box = duplicateSearchBox(query.lat, query.lng, rule.radiusMeters);
    const m = this.dataSource.manager;
    const rows = await m
      .createQueryBuilder(TicketEntity, 't')
      .where('t.category_code = :code', { code: query.categoryCode })
      .andWhere('t.created_at >= :since', { since: new Date(now.getTime() - rule.windowHours * 3_600_000) })
      .andWhere('t.status IN (:...open)', { open: OPEN_TICKET_STATUSES })
      .andWhere('t.lat BETWEEN :minLat AND :maxLat', box)
      .andWhere('t.lng BETWEEN :minLng AND :maxLng', box)
      .andWhere('t.sensitive = :no AND t.text_held = :no', { no: false })
      .orderBy('t.id', 'DESC')
      .limit(500)
      .getMany();
    const found = findDuplicates(rows, { categoryCode: query.categoryCode, lat: query.lat, lng: query.lng, now }, rule, TicketLimits.similarLimit);
    const joined = await m.find(TicketCoReporterEntity, { where: { userId: auth.userId, ticketId: In(found.map((f) => f.id).concat([0])) }, select: ['ticketId'] });
    const joinedIds = new Set(joined.map((j) => j.ticketId));
    const thumbs = await this.reader.photos(m, found.map((f) => f.photoIds?.[0]).filter((id): id is number => typeof id === 'number'), 'resident', auth.userId);
    return found.map((t) => ({
      id: t.id,
      number: t.number,
      category: { code: category.code, name: category.name },
      excerpt: Array.from(t.description).length > 80 ? `${Array.from(t.description).slice(0, 79).join('')}…` : t.description,
      thumbUrl: t.photoIds?.[0] !== undefined ? thumbs.get(t.photoIds[0])?.thumbUrl ?? null : null,
      address: t.address,
      distanceMeters: t.distanceMeters,
      status: t.status,
      statusLabel: TicketStatusLabelZh[t.status],
      coReporterCount: t.coReporterCount,
      createdAt: t.createdAt.toISOString(),
      mine: t.reporterId === auth.userId || joinedIds.has(t.id),
    }));
  }

  /**
   * "Me too": the caller becomes a co-reporter (kept informed, may rate and reopen) and the ticket's
   * priority goes up by one (capped). Joining again is a replay. A co-reporter who adds a photo to a
   * filed ticket earns the co-reporter points (at filing, when it is not filed yet).
   * @throws AppError NOT_FOUND (missing, or sensitive and not theirs), TICKET_JOIN_NOT_ALLOWED (own
   *   ticket, or not open), VALIDATION_FAILED (photos).
   */
  async join(auth: AuthState, id: number, input: JoinTicketInput, now = new Date()): Promise<{ ticket: TicketResponse; replayed: boolean }> {
    const photoIds = input.photoIds ?? [];
    await this.assertPhotos(this.dataSource.manager, auth.userId, photoIds, 'photoIds');
    const replayed = await this.tx.run(async (m) => {
      const t = await m.findOne(TicketEntity, { where: { id } });
      if (!t) throw notFound();
      if (await m.exists(TicketCoReporterEntity, { where: { ticketId: id, userId: auth.userId } })) return true;
      if (t.sensitive && t.reporterId !== auth.userId) throw notFound();
      const refusal = joinRefusal(t, auth.userId);
      if (refusal) throw new AppError(ErrorCode.TicketJoinNotAllowed, { data: { reason: refusal } });
      await m.insert(TicketCoReporterEntity, { ticketId: id, userId: auth.userId, photoIds: photoIds.length ? photoIds : null, note: input.note ? input.note : null, rating: null, ratingComment: null });
      await m
        .createQueryBuilder()
        .update(TicketEntity)
        .set({
          coReporterCount: () => 'co_reporter_count + 1',
          priority: () => `CASE WHEN priority < ${TicketLimits.priorityMax} THEN priority + 1 ELSE priority END`,
        })
        .where('id = :id', { id })
        .execute();
      await this.effects.appendEvent(m, t, { actorId: auth.userId, actorRole: 'co_reporter' }, {
        action: 'join',
        fromStatus: t.status,
        toStatus: t.status,
        note: input.note ? input.note : null,
        photoIds,
        createdAt: now,
      });
      if (photoIds.length && t.filedAt) await this.effects.award(m, t, auth.userId, 'report_co_reporter', 'co_reporter');
      return false;
    }).catch(async (e) => {
      // Two joins by the same user at once: the unique (ticket, user) index lets one through.
      if (isDuplicateKeyError(e)) return true;
      throw e;
    });
    return { ticket: await this.present(auth, id), replayed };
  }

  /** The ticket a used idempotency key created (the same body), or null; another body is refused. */
  private async replay(auth: AuthState, key: string, hash: string): Promise<{ ticket: TicketResponse; replayed: boolean } | null> {
    const [existing] = await selectRows(
      this.dataSource.manager,
      TicketEntity,
      'SELECT `id`, `request_hash` FROM `tickets` WHERE `submitted_by` = ? AND `idempotency_key` = ? LIMIT 1',
      [auth.userId, key],
    );
    if (!existing) return null;
    if (existing.requestHash !== hash) throw new AppError(ErrorCode.IdempotencyKeyReused);
    return { ticket: await this.present(auth, existing.id), replayed: true };
  }

  private async present(auth: TicketActor, id: number): Promise<TicketResponse> {
    const m = this.dataSource.manager;
    const access = await this.reader.access(m, auth, id);
    if (!access) throw notFound();
    return this.reader.detail(m, auth, access);
  }

  /** Does the user act for a rota participant whose duty week covers today (Beijing date)? */
  private async onDutyToday(m: EntityManager, userId: number, now: Date): Promise<boolean> {
    const today = beijingDateAt(now);
    return m
      .createQueryBuilder(DutyEntity, 'd')
      .innerJoin(ParticipantUserEntity, 'pu', 'pu.participant_id = d.participant_id')
      .where('pu.user_id = :userId AND d.week_start <= :today AND d.week_end >= :today', { userId, today })
      .getExists();
  }

  /**
   * Photos must be the caller's own, uploaded for a report, and not refused by the content check
   * (passed, pending, or held for a moderator's review: those stay hidden from others until they pass;
   * photos of users WeChat cannot check, e.g. demo accounts without an openid, are held for review).
   * @returns their rows.
   */
  async assertPhotos(m: EntityManager, userId: number, ids: number[], field: string): Promise<MediaEntity[]> {
    if (!ids.length) return [];
    const rows = await selectRows(m, MediaEntity, `SELECT * FROM \`media\` WHERE \`id\` IN (${placeholders(ids.length)})`, ids);
    const ok = new Set(rows.filter((r) => r.ownerId === userId && r.purpose === 'report' && r.checkStatus !== 'risky').map((r) => r.id));
    if (ids.every((id) => ok.has(id))) return rows;
    const message = '照片不存在、不是本人上传或未通过审核，请重新上传';
    throw new AppError(ErrorCode.ValidationFailed, { message: `${field}: ${message}`, fields: { [field]: message } });
  }

  /** The grant a staff entry is made under, or FORBIDDEN. */
  private entryGrant(auth: AuthState, gridPath: string, source: string, fileNow: boolean): { role: string; unitId: number | null; unitName: string | null } {
    const inside = (role: 'street_dispatcher' | 'district_dispatcher' | 'grid_worker') => grantsOf(auth.grants, role).find((g) => gridPath.startsWith(g.unitPath!));
    const dispatcher = inside('street_dispatcher') ?? inside('district_dispatcher');
    if (dispatcher) return { role: dispatcher.role, unitId: dispatcher.unitId, unitName: null };
    const worker = inside('grid_worker');
    if (!worker) throw forbidden('该位置不在您的辖区内');
    if (source !== 'grid_patrol') throw forbidden('网格员只能录入网格巡查发现的问题');
    if (fileNow) throw forbidden('只有指挥中心可以直接立案');
    return { role: worker.role, unitId: worker.unitId, unitName: null };
  }

  /**
   * Writes a new ticket (status reported), its photo links and its `report` event: three INSERTs, no
   * read-back (every column is set here; times to the whole second, as DATETIME keeps them).
   */
  private async insert(m: EntityManager, row: NewTicketRow, now: Date): Promise<{ ticket: TicketEntity; event: TicketEventEntity }> {
    const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const fileDeadline = deadlineAfter(at, row.category.fileLimit);
    const loc = row.location;
    const t = m.create(TicketEntity, {
      number: null,
      source: row.source,
      categoryCode: row.category.code,
      categoryVersion: row.category.version,
      description: row.description,
      answers: row.answers,
      photoIds: row.photoIds,
      lat: loc.lat,
      lng: loc.lng,
      address: loc.address,
      locationMode: loc.mode,
      gridId: loc.grid.id,
      communityId: loc.community.id,
      streetId: loc.street.id,
      districtId: loc.district.id,
      unitPath: loc.grid.path,
      reporterId: row.reporterId,
      submittedBy: row.submittedBy,
      idempotencyKey: row.idempotencyKey,
      requestHash: row.requestHash,
      anonymous: row.anonymous,
      protectedReporter: row.protectedReporter,
      onBehalfOf: row.onBehalfOf,
      contactName: row.contactName,
      contactPhoneEnc: row.contactPhoneEnc,
      textHeld: row.textHeld,
      sensitive: row.category.sensitive,
      status: 'reported',
      isOpen: true,
      level: 'street',
      assigneeKind: null,
      assigneeDepartments: null,
      priority: 0,
      coReporterCount: 0,
      fileDeadline,
      handleDeadline: null,
      dueAt: fileDeadline,
      overdue: false,
      extensionPending: false,
      extensionDays: null,
      extensionCount: 0,
      reworkCount: 0,
      dispatchCount: 0,
      resolvedLevel: null,
      refusalReason: null,
      result: null,
      resultPhotoIds: null,
      rating: null,
      ratingComment: null,
      filedAt: null,
      dispatchedAt: null,
      lastDispatchedAt: null,
      acceptedAt: null,
      handledAt: null,
      verifiedAt: null,
      closedAt: null,
      ratedAt: null,
      refusedAt: null,
      escalatedAt: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    t.id = await insertRow(m, TicketEntity, t);
    const unitName = row.actor.actorUnitName ?? (row.actor.actorUnitId ? await this.unitName(m, row.actor.actorUnitId) : null);
    const event = await this.effects.appendEvent(
      m,
      t,
      { ...row.actor, actorUnitName: unitName },
      { action: 'report', fromStatus: null, toStatus: 'reported', note: row.note ?? null, photoIds: row.photoIds, createdAt: at },
      { newTicket: true },
    );
    return { ticket: t, event };
  }

  private async unitName(m: EntityManager, unitId: number): Promise<string | null> {
    const rows: Array<{ name: string }> = await m.query('SELECT name FROM units WHERE id = ?', [unitId]);
    return rows[0]?.name ?? null;
  }

  /** A held or unchecked description becomes a moderation item in the ticket's grid. */
  private async recordText(m: EntityManager, t: TicketEntity, userId: number, check: TextCheckResult): Promise<void> {
    if (!check.source) return;
    await this.contentCheck.recordTextOutcome(m, { contentType: 'ticket', targetId: t.id, ownerId: userId, text: t.description, check, unitPath: t.unitPath });
  }
}
