import { Destroy, Init, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import { TicketEventKindLabelZh, TicketStatusLabelZh, type MyTicketsData } from '@linli/shared';
import { CategoryService } from '../category/category.service';
import { personalData } from '../user/personal-data';
import { TicketCoReporterEntity, TicketEntity, TicketEventEntity } from './ticket.entities';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** The capacities a resident acts in on a ticket; staff work on tickets is not the user's personal data. */
const RESIDENT_ACTORS = ['reporter', 'co_reporter'];

/** Ids per IN (...) list. */
const CHUNK = 500;

/**
 * The `tickets` section of "export my data": the tickets the user reported (what they submitted and where
 * it stands, never who handled it), the tickets they joined as co-reporter (their own note, photos and
 * rating only) and the timeline entries they wrote as reporter or co-reporter. Registered on the user
 * module's `personalData` hook; started from configuration.ts.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketPersonalData {
  @Inject()
  categories: CategoryService;

  private off: (() => void) | null = null;

  @Init()
  init(): void {
    this.off = personalData.register('tickets', (m, userId) => this.export(m, userId));
  }

  @Destroy()
  stop(): void {
    this.off?.();
    this.off = null;
  }

  async export(m: EntityManager, userId: number): Promise<MyTicketsData> {
    const reported = await m.find(TicketEntity, { where: { reporterId: userId }, order: { id: 'ASC' } });
    const joins = await m.find(TicketCoReporterEntity, { where: { userId }, order: { id: 'ASC' } });
    // A resident acts only on tickets they reported or joined: read those tickets' timelines (indexed by
    // ticket), not the whole event table by actor.
    const ticketIds = [...new Set([...reported.map((t) => t.id), ...joins.map((j) => j.ticketId)])];
    const events: TicketEventEntity[] = [];
    for (let i = 0; i < ticketIds.length; i += CHUNK) {
      const part = ticketIds.slice(i, i + CHUNK);
      events.push(...(await m.find(TicketEventEntity, { where: { ticketId: In(part), actorId: userId, actorRole: In(RESIDENT_ACTORS) } })));
    }
    events.sort((a, b) => a.id - b.id);
    const numbers = new Map<number, string | null>();
    for (let i = 0; i < joins.length; i += CHUNK) {
      const part = joins.slice(i, i + CHUNK).map((j) => j.ticketId);
      for (const t of await m.find(TicketEntity, { where: { id: In(part) }, select: ['id', 'number'] })) numbers.set(t.id, t.number);
    }

    // The ticket row keeps the first rating after closure, which may be a co-reporter's: the user's own
    // rating is their latest `rate` entry.
    const ratings = new Map<number, TicketEventEntity>();
    for (const e of events) if (e.action === 'rate') ratings.set(e.ticketId, e);

    const categoryNames = new Map<string, string>();
    const categoryName = async (t: TicketEntity) => {
      const key = `${t.categoryCode}@${t.categoryVersion}`;
      if (!categoryNames.has(key)) {
        const name = await this.categories.version(t.categoryCode, t.categoryVersion, m).then((c) => c.name, () => t.categoryCode);
        categoryNames.set(key, name);
      }
      return categoryNames.get(key)!;
    };

    const out: MyTicketsData = { reported: [], joined: [], actions: [] };
    for (const t of reported) {
      const rate = ratings.get(t.id);
      const score = rate?.data?.rating;
      out.reported.push({
        id: t.id,
        number: t.number,
        source: t.source,
        category: { code: t.categoryCode, name: await categoryName(t) },
        description: t.description,
        answers: t.answers,
        address: t.address,
        lat: t.lat,
        lng: t.lng,
        anonymous: Boolean(t.anonymous),
        protectedReporter: Boolean(t.protectedReporter),
        onBehalfOf: t.onBehalfOf ? { name: t.onBehalfOf.name } : null,
        status: t.status,
        statusLabel: TicketStatusLabelZh[t.status] ?? t.status,
        photoIds: t.photoIds ?? [],
        createdAt: iso(t.createdAt)!,
        closedAt: iso(t.closedAt),
        rating: rate && typeof score === 'number' ? { score, comment: rate.note, ratedAt: iso(rate.createdAt)! } : null,
      });
    }
    out.joined = joins.map((j) => ({
      ticketId: j.ticketId,
      number: numbers.get(j.ticketId) ?? null,
      note: j.note,
      photoIds: j.photoIds ?? [],
      rating: j.rating,
      ratingComment: j.ratingComment,
      joinedAt: iso(j.createdAt)!,
    }));
    out.actions = events.map((e) => ({
      ticketId: e.ticketId,
      action: e.action,
      actionLabel: TicketEventKindLabelZh[e.action] ?? e.action,
      note: e.note,
      createdAt: iso(e.createdAt)!,
    }));
    return out;
  }
}
