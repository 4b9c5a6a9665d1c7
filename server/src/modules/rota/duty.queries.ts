import type { EntityManager } from 'typeorm';
import type { LngLat } from '@linli/shared';
import type { CheckinEntity, DutyEntity, ParticipantEntity, RotaEntity } from './rota.entity';

/**
 * The reads of "my duty week" (the rota module's hot path, bench/rota.bench.js) as plain SQL with the
 * rows mapped by hand: TypeORM's query building and entity hydration cost as much as the queries here.
 * The same statements run on MySQL/MariaDB and sql.js; rows come back in the entities' shapes so the
 * presenters stay the same.
 */

type Row = Record<string, unknown>;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const bool = (v: unknown) => v === true || v === 1 || v === '1';
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** mysql2 gives Date objects (UTC); sql.js gives `YYYY-MM-DD HH:MM:SS.sss` strings, also UTC. */
export const toDate = (v: unknown): Date | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(s.includes('T') ? s : `${s.replace(' ', 'T')}Z`);
};
const json = <T>(v: unknown, fallback: T): T => {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'string') return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};

const DUTY_COLUMNS = 'd.id, d.rota_id, d.period_index, d.week_start, d.week_end, d.participant_id, d.pinned, d.checkin_count, d.completed_at, d.points_awarded, d.handover_note, d.handover_at';

function duty(r: Row): DutyEntity {
  return {
    id: Number(r.id),
    rotaId: Number(r.rota_id),
    periodIndex: Number(r.period_index),
    weekStart: String(r.week_start),
    weekEnd: String(r.week_end),
    participantId: Number(r.participant_id),
    pinned: bool(r.pinned),
    checkinCount: Number(r.checkin_count),
    completedAt: toDate(r.completed_at),
    pointsAwarded: num(r.points_awarded),
    handoverNote: (r.handover_note as string | null) ?? null,
    handoverAt: toDate(r.handover_at),
  } as DutyEntity;
}

function rota(r: Row): RotaEntity {
  return {
    id: Number(r.id),
    name: String(r.name),
    unitId: Number(r.unit_id),
    unitPath: String(r.unit_path),
    gridIds: json<number[]>(r.grid_ids, []),
    officerId: Number(r.officer_id),
    officerPhoneEnc: (r.officer_phone_enc as string | null) ?? null,
    startDate: String(r.start_date),
    periodWeeks: Number(r.period_weeks),
    slots: Number(r.slots),
    weeksAhead: Number(r.weeks_ahead),
    checkinsRequired: Number(r.checkins_required),
    geofenceMeters: Number(r.geofence_meters),
    autoApprove: bool(r.auto_approve),
    holidayPolicy: r.holiday_policy,
    closures: json(r.closures, []),
    checklist: json<string[]>(r.checklist, []),
    status: r.status,
    plannedUntil: Number(r.planned_until),
    createdBy: Number(r.created_by),
    version: Number(r.version),
  } as unknown as RotaEntity;
}

function participant(r: Row): ParticipantEntity {
  return {
    id: Number(r.id),
    kind: r.kind,
    name: String(r.name),
    status: r.status,
    phoneEnc: (r.phone_enc as string | null) ?? null,
    phonePublic: bool(r.phone_public),
  } as ParticipantEntity;
}

/** The participants `userId` acts for (id, kind, name, status, phone). */
export async function myParticipants(m: EntityManager, userId: number): Promise<ParticipantEntity[]> {
  const rows: Row[] = await m.query(
    'SELECT p.id, p.kind, p.name, p.status, p.phone_enc, p.phone_public FROM rota_participants p JOIN rota_participant_users pu ON pu.participant_id = p.id WHERE pu.user_id = ? ORDER BY p.id',
    [userId],
  );
  return rows.map(participant);
}

/** Active enrolments of the participants with their rotas (one query). */
export async function activeRotas(m: EntityManager, participantIds: number[]): Promise<{ rotas: Map<number, RotaEntity>; memberships: Array<{ participantId: number; rotaId: number }> }> {
  const rows: Row[] = await m.query(
    `SELECT x.participant_id AS member_participant_id, r.* FROM rota_members x JOIN rotas r ON r.id = x.rota_id WHERE x.participant_id IN (${marks(participantIds.length)}) AND x.status = 'active'`,
    participantIds,
  );
  const rotas = new Map<number, RotaEntity>();
  for (const r of rows) rotas.set(Number(r.id), rota(r));
  return { rotas, memberships: rows.map((r) => ({ participantId: Number(r.member_participant_id), rotaId: Number(r.id) })) };
}

export async function rotasByIds(m: EntityManager, ids: number[]): Promise<Map<number, RotaEntity>> {
  if (!ids.length) return new Map();
  const rows: Row[] = await m.query(`SELECT * FROM rotas WHERE id IN (${marks(ids.length)})`, ids);
  return new Map(rows.map((r) => [Number(r.id), rota(r)]));
}

/** Duties of the participants ending on or after `today` (soonest first), or before it (latest first). */
export async function duties(m: EntityManager, participantIds: number[], today: string, which: 'upcoming' | 'past', limit: number): Promise<DutyEntity[]> {
  const where = which === 'upcoming' ? 'd.week_end >= ?' : 'd.week_end < ?';
  const order = which === 'upcoming' ? 'd.week_start ASC, d.id ASC' : 'd.week_start DESC, d.id DESC';
  const rows: Row[] = await m.query(
    `SELECT ${DUTY_COLUMNS} FROM rota_duties d WHERE d.participant_id IN (${marks(participantIds.length)}) AND ${where} ORDER BY ${order} LIMIT ${Number(limit)}`,
    [...participantIds, today],
  );
  return rows.map(duty);
}

/** The area's grids with their polygons. */
export async function grids(m: EntityManager, ids: number[]): Promise<Array<{ id: number; name: string; polygon: LngLat[][] | null }>> {
  if (!ids.length) return [];
  const rows: Row[] = await m.query(`SELECT id, name, polygon FROM units WHERE id IN (${marks(ids.length)})`, ids);
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name), polygon: json<LngLat[][] | null>(r.polygon, null) }));
}

/** The other participants on duty in the same period. */
export async function partners(m: EntityManager, d: DutyEntity): Promise<ParticipantEntity[]> {
  const rows: Row[] = await m.query(
    'SELECT p.id, p.kind, p.name, p.status, p.phone_enc, p.phone_public FROM rota_duties d JOIN rota_participants p ON p.id = d.participant_id WHERE d.rota_id = ? AND d.period_index = ? AND d.participant_id <> ?',
    [d.rotaId, d.periodIndex, d.participantId],
  );
  return rows.map(participant);
}

export async function checkins(m: EntityManager, dutyId: number): Promise<CheckinEntity[]> {
  const rows: Row[] = await m.query('SELECT id, duty_id, user_id, kind, accuracy, inside_area, distance_m, created_at FROM rota_checkins WHERE duty_id = ? ORDER BY id', [dutyId]);
  return rows.map(
    (r) =>
      ({
        id: Number(r.id),
        dutyId: Number(r.duty_id),
        userId: Number(r.user_id),
        kind: r.kind,
        accuracy: num(r.accuracy),
        insideArea: bool(r.inside_area),
        distanceM: Number(r.distance_m),
        createdAt: toDate(r.created_at)!,
      }) as CheckinEntity,
  );
}

/** The latest note an earlier duty of the rota left (normally the previous week's). */
export async function previousHandover(m: EntityManager, d: DutyEntity): Promise<{ note: string; from: string; at: string } | null> {
  const rows: Row[] = await m.query(
    'SELECT d.handover_note AS note, d.handover_at AS at, p.name AS name FROM rota_duties d JOIN rota_participants p ON p.id = d.participant_id WHERE d.rota_id = ? AND d.period_index < ? AND d.handover_note IS NOT NULL ORDER BY d.period_index DESC, d.id DESC LIMIT 1',
    [d.rotaId, d.periodIndex],
  );
  const r = rows[0];
  return r ? { note: String(r.note), from: String(r.name), at: toDate(r.at)?.toISOString() ?? '' } : null;
}

/** The officer's nickname and phones (the rota's duty phone wins over the account's). */
export async function officer(m: EntityManager, userId: number): Promise<{ nickname: string; phoneEnc: string | null; deleted: boolean } | null> {
  const rows: Row[] = await m.query('SELECT nickname, phone_enc, deleted_at FROM users WHERE id = ?', [userId]);
  const r = rows[0];
  return r ? { nickname: String(r.nickname), phoneEnc: (r.phone_enc as string | null) ?? null, deleted: r.deleted_at !== null && r.deleted_at !== undefined } : null;
}
