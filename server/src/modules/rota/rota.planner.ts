import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { EntityManager, In } from 'typeorm';
import {
  addDays,
  BusyWeeks,
  CN_PUBLIC_HOLIDAYS,
  DateRange,
  DutyEntry,
  ExemptionStatus,
  firstOpenIndex,
  holidayPeriods,
  markBusy,
  MemberStatus,
  periodRange,
  planRota,
  RotaPlan,
  RotaStatus,
  SwapStatus,
} from '@linli/shared';
import { kindOf } from '../notification/notification.db';
import { RotaClock } from './rota.clock';
import { DutyEntity, ExemptionEntity, RotaEntity, RotaMemberEntity, SwapEntity } from './rota.entity';

/** How many periods a rota publishes ahead: `weeksAhead` weeks, in whole periods. */
export const periodsAhead = (rota: Pick<RotaEntity, 'weeksAhead' | 'periodWeeks'>) => Math.max(1, Math.ceil(rota.weeksAhead / rota.periodWeeks));

/** Public holidays plus the rota's own closures (only closures when the rota works through holidays). */
export function rotaHolidays(rota: Pick<RotaEntity, 'holidayPolicy' | 'closures'>): DateRange[] {
  const own = (rota.closures ?? []).map((c) => ({ from: c.from, to: c.to }));
  return rota.holidayPolicy === 'skip' ? [...CN_PUBLIC_HOLIDAYS, ...own] : own;
}

/**
 * Keeps a rota's materialised schedule (rota_duties) equal to what the pure scheduler (shared
 * domain/rota-schedule.ts) says for the facts in the database. Periods that started are never written;
 * periods not yet started are diffed, so an unchanged duty keeps its row (and its id). Runs inside the
 * caller's transaction, after the change it reacts to.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RotaPlanner {
  @Inject()
  clock: RotaClock;

  /**
   * The first period that may still be (re)planned: the first not started, but never beyond what is
   * materialised (a new rota starting this week plans its current period once, at creation).
   */
  fromIndex(rota: RotaEntity): number {
    return Math.min(firstOpenIndex(rota, this.clock.today()), rota.plannedUntil);
  }

  /** Does the rota need planning further ahead (time moved on since it was last planned)? */
  isBehind(rota: RotaEntity): boolean {
    if (rota.status !== RotaStatus.Active) return false;
    return rota.plannedUntil < firstOpenIndex(rota, this.clock.today()) + periodsAhead(rota);
  }

  /**
   * Replans `rotaId` in transaction `m`: members, exemptions, holidays, agreed swaps, the stored started
   * periods and the weeks its members already serve in other rotas go into the scheduler; the result
   * replaces the not-yet-started periods. Returns the plan.
   */
  async replan(m: EntityManager, rotaId: number): Promise<RotaPlan> {
    const mysql = kindOf(m) === 'mysql';
    const rota = await m.findOneOrFail(RotaEntity, { where: { id: rotaId }, ...(mysql ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    const fromIndex = this.fromIndex(rota);
    const horizon = rota.status === RotaStatus.Active ? firstOpenIndex(rota, this.clock.today()) + periodsAhead(rota) : fromIndex;
    const members = await m.find(RotaMemberEntity, {
      where: { rotaId, status: In([MemberStatus.Active, MemberStatus.Left]) },
      order: { id: 'ASC' },
    });
    const enrolled = members.filter((x) => x.joinIndex !== null && (x.leaveIndex === null || x.leaveIndex > x.joinIndex));
    const participantIds = [...new Set(enrolled.map((x) => x.participantId))];
    // Serialise planning of rotas that share participants (two replans must not both take one shop
    // for the same week): lock the participants' rows, in id order.
    if (mysql && participantIds.length) {
      await m.query(`SELECT id FROM rota_participants WHERE id IN (${participantIds.map(() => '?').join(',')}) ORDER BY id FOR UPDATE`, participantIds);
    }
    const exemptions = await m.find(ExemptionEntity, { where: { rotaId, status: ExemptionStatus.Approved } });
    const swaps = await m.find(SwapEntity, { where: { rotaId, status: SwapStatus.Approved } });
    const stored = await m.find(DutyEntity, { where: { rotaId }, order: { periodIndex: 'ASC', id: 'ASC' } });
    const frozen = new Map<number, DutyEntry[]>();
    for (const d of stored) {
      if (d.periodIndex >= fromIndex) continue;
      const list = frozen.get(d.periodIndex) ?? [];
      list.push({ participantId: d.participantId, pinned: Boolean(d.pinned) });
      frozen.set(d.periodIndex, list);
    }
    const pins = swaps.flatMap((s) => [
      { index: s.targetIndex, participantId: s.requesterParticipantId },
      { index: s.requesterIndex, participantId: s.targetParticipantId },
    ]);
    const busy = await this.busyElsewhere(m, rota, participantIds, periodRange(rota, fromIndex).from);
    const plan = planRota(
      {
        rotaId,
        startDate: rota.startDate,
        periodWeeks: rota.periodWeeks,
        slots: rota.slots,
        horizon,
        fromIndex,
        members: enrolled.map((x) => ({ seq: x.id, participantId: x.participantId, joinIndex: x.joinIndex!, leaveIndex: x.leaveIndex })),
        exemptions: exemptions.map((e) => ({ participantId: e.participantId, from: e.fromDate, to: e.toDate })),
        skip: holidayPeriods(rota, rotaHolidays(rota), horizon),
        frozen,
        pins,
      },
      busy,
    );
    await this.write(m, rota, fromIndex, horizon, plan, stored);
    return plan;
  }

  /** Weeks the participants already serve in other rotas, from `fromDate` on. */
  private async busyElsewhere(m: EntityManager, rota: RotaEntity, participantIds: number[], fromDate: string): Promise<BusyWeeks> {
    const busy: BusyWeeks = new Map();
    if (!participantIds.length) return busy;
    for (let i = 0; i < participantIds.length; i += 1000) {
      const part = participantIds.slice(i, i + 1000);
      const rows = await m
        .createQueryBuilder(DutyEntity, 'd')
        .select(['d.participantId', 'd.weekStart', 'd.weekEnd'])
        .where('d.rota_id <> :rotaId', { rotaId: rota.id })
        .andWhere('d.participant_id IN (:...part)', { part })
        .andWhere('d.week_end >= :fromDate', { fromDate })
        .getMany();
      for (const r of rows) for (let w = r.weekStart; w <= r.weekEnd; w = addDays(w, 7)) markBusy(busy, r.participantId, w);
    }
    return busy;
  }

  /** Diffs the planned open periods against the stored ones: deletes, inserts, re-flags. */
  private async write(m: EntityManager, rota: RotaEntity, fromIndex: number, horizon: number, plan: RotaPlan, stored: DutyEntity[]): Promise<void> {
    const key = (index: number, participantId: number) => `${index}:${participantId}`;
    const existing = new Map(stored.filter((d) => d.periodIndex >= fromIndex).map((d) => [key(d.periodIndex, d.participantId), d]));
    const inserts: Array<Partial<DutyEntity>> = [];
    const keep = new Set<string>();
    for (const p of plan.periods) {
      if (p.index < fromIndex) continue;
      for (const d of p.duties) {
        const k = key(p.index, d.participantId);
        keep.add(k);
        const row = existing.get(k);
        if (!row) inserts.push({ rotaId: rota.id, periodIndex: p.index, weekStart: p.start, weekEnd: p.end, participantId: d.participantId, pinned: d.pinned });
        else if (Boolean(row.pinned) !== d.pinned) await m.update(DutyEntity, { id: row.id }, { pinned: d.pinned });
      }
    }
    const gone = [...existing.entries()].filter(([k]) => !keep.has(k)).map(([, d]) => d.id);
    for (let i = 0; i < gone.length; i += 500) await m.delete(DutyEntity, { id: In(gone.slice(i, i + 500)) });
    for (let i = 0; i < inserts.length; i += 500) await m.insert(DutyEntity, inserts.slice(i, i + 500));
    // Plain SQL: planning is not an edit of the rota's settings, so it must not bump the version.
    if (rota.plannedUntil !== horizon) await m.query('UPDATE rotas SET planned_until = ? WHERE id = ?', [horizon, rota.id]);
  }
}
