import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import { allowedActions, type Capacity, type CategorySnapshot, type TicketPhoto, type TicketResponse, type TicketSummary, type UnitRef } from '@linli/shared';
import { MediaEntity } from '../media/media.entity';
import { MediaService } from '../media/media.service';
import { CategoryService } from '../category/category.service';
import { PhoneCrypto } from '../user/phone.crypto';
import { TicketEntity, TicketEventEntity } from './ticket.entities';
import { canSee, capacitiesOf, machineState, photoVisibleTo, viewOf, type TicketActor } from './ticket.policy';
import { presentTicket, presentTicketSummary } from './ticket.presenter';
import { hasRatedSinceClosure, isCoReporter, joinedAmong, loadEvents, loadNicknames, loadUnitRefs, unitIdsOf } from './ticket.repository';

/** A ticket with what the caller is to it. */
export interface TicketAccess {
  ticket: TicketEntity;
  capacities: Capacity[];
  joined: boolean;
}

/**
 * Loading tickets for a caller and presenting them: capacities, allowed actions, the timeline, signed
 * photo links (only the photos the caller may see), unit names, category names.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketReader {
  @Inject()
  categories: CategoryService;

  @Inject()
  media: MediaService;

  @Inject()
  phones: PhoneCrypto;

  /**
   * The ticket with the caller's capacities, or null when it does not exist or the caller has no
   * capacity on it (the caller then gets the same 404).
   */
  async access(m: EntityManager, actor: TicketActor, id: number): Promise<TicketAccess | null> {
    const ticket = await m.findOne(TicketEntity, { where: { id } });
    if (!ticket) return null;
    const joined = ticket.reporterId !== actor.userId && (await isCoReporter(m, ticket.id, actor.userId));
    const capacities = capacitiesOf(actor, ticket, joined);
    return canSee(capacities) ? { ticket, capacities, joined } : null;
  }

  /** The category version a ticket was reported under. */
  category(t: Pick<TicketEntity, 'categoryCode' | 'categoryVersion'>, m?: EntityManager): Promise<CategorySnapshot> {
    return this.categories.version(t.categoryCode, t.categoryVersion, m);
  }

  /** The full detail for the caller (timeline, allowed actions, photos they may see). */
  async detail(m: EntityManager, actor: TicketActor, a: TicketAccess, now = new Date(), opts: { noActions?: boolean } = {}): Promise<TicketResponse> {
    const { ticket: t } = a;
    const category = await this.category(t, m);
    const hasRated = await hasRatedSinceClosure(m, t, actor.userId);
    const events = await loadEvents(m, t.id);
    const photoIds = [...(t.photoIds ?? []), ...(t.resultPhotoIds ?? []), ...events.flatMap((e) => e.photoIds ?? [])];
    const [units, nicknames, media] = await Promise.all([
      loadUnitRefs(m, unitIdsOf([t])),
      loadNicknames(m, [t.reporterId, ...events.map((e) => e.actorId)]),
      photoIds.length ? m.find(MediaEntity, { where: { id: In([...new Set(photoIds)]) } }) : Promise.resolve([]),
    ]);
    return this.assemble(actor, a, { category, hasRated, events, units, nicknames, media }, now, opts);
  }

  /**
   * The detail of a ticket the caller has just reported, from what the report wrote and read (no query):
   * the caller is its reporter, its only event is `report`, its photos are the caller's own.
   */
  async detailOfNew(
    actor: TicketActor,
    t: TicketEntity,
    loaded: { category: CategorySnapshot; event: TicketEventEntity; units: Map<number, UnitRef>; reporterNickname: string; media: MediaEntity[] },
    now = new Date(),
  ): Promise<TicketResponse> {
    const access: TicketAccess = { ticket: t, capacities: capacitiesOf(actor, t, false), joined: false };
    const nicknames = new Map<number, string>(t.reporterId !== null ? [[t.reporterId, loaded.reporterNickname]] : []);
    return this.assemble(actor, access, { category: loaded.category, hasRated: false, events: [loaded.event], units: loaded.units, nicknames, media: loaded.media }, now, {});
  }

  private async assemble(
    actor: TicketActor,
    a: TicketAccess,
    d: { category: CategorySnapshot; hasRated: boolean; events: TicketEventEntity[]; units: Map<number, UnitRef>; nicknames: Map<number, string>; media: MediaEntity[] },
    now: Date,
    opts: { noActions?: boolean },
  ): Promise<TicketResponse> {
    const { ticket: t, capacities } = a;
    const actions = opts.noActions ? [] : allowedActions(machineState(t, d.category.onSpotFixable), capacities, now, { hasRated: d.hasRated });
    const photos = await this.signed(d.media, viewOf(capacities), actor.userId);
    return presentTicket({
      ticket: t,
      viewerId: actor.userId,
      capacities,
      allowedActions: actions,
      category: d.category,
      units: d.units,
      photos,
      events: d.events,
      nicknames: d.nicknames,
      contactPhone: t.contactPhoneEnc ? this.safeDecrypt(t.contactPhoneEnc) : null,
      joined: a.joined,
      now,
    });
  }

  /**
   * List rows for the caller. `staff`: the rows come from a staff queue (photos shown as staff see
   * them, with each row's allowed actions); else from "my tickets".
   */
  async summaries(m: EntityManager, actor: TicketActor, tickets: TicketEntity[], opts: { staff: boolean; now?: Date }): Promise<TicketSummary[]> {
    if (!tickets.length) return [];
    const now = opts.now ?? new Date();
    const units = await loadUnitRefs(m, unitIdsOf(tickets));
    const cats = new Map<string, CategorySnapshot>();
    for (const t of tickets) {
      const key = `${t.categoryCode}@${t.categoryVersion}`;
      if (!cats.has(key)) cats.set(key, await this.category(t, m));
    }
    const joined = opts.staff ? new Set<number>() : await joinedAmong(m, actor.userId, tickets.map((t) => t.id));
    const firstPhotos = tickets.map((t) => t.photoIds?.[0]).filter((id): id is number => typeof id === 'number');
    const thumbs = await this.photos(m, firstPhotos, opts.staff ? 'staff' : 'resident', actor.userId);
    return tickets.map((t) => {
      const category = cats.get(`${t.categoryCode}@${t.categoryVersion}`)!;
      const capacities = capacitiesOf(actor, t, joined.has(t.id));
      const first = t.photoIds?.[0];
      return presentTicketSummary(t, {
        units,
        categoryName: category.name,
        thumbUrl: first !== undefined ? thumbs.get(first)?.thumbUrl ?? null : null,
        now,
        capacities,
        allowedActions: opts.staff ? allowedActions(machineState(t, category.onSpotFixable), capacities, now) : undefined,
      });
    });
  }

  /**
   * Signed links of the photos among `ids` that the caller may see: their own always (the media
   * module's owner rule), others by `photoVisibleTo`.
   */
  async photos(m: EntityManager, ids: number[], view: 'staff' | 'resident' | 'public', viewerId: number | null): Promise<Map<number, TicketPhoto>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    return this.signed(await m.find(MediaEntity, { where: { id: In(unique) } }), view, viewerId);
  }

  private async signed(rows: MediaEntity[], view: 'staff' | 'resident' | 'public', viewerId: number | null): Promise<Map<number, TicketPhoto>> {
    const out = new Map<number, TicketPhoto>();
    for (const media of rows) {
      if (media.ownerId !== viewerId && !photoVisibleTo(view, media.checkStatus)) continue;
      const v = await this.media.signedView(media);
      out.set(media.id, { id: media.id, url: v.url, thumbUrl: v.thumbUrl, urlExpiresAt: v.urlExpiresAt.toISOString() });
    }
    return out;
  }

  private safeDecrypt(stored: string): string | null {
    try {
      return this.phones.decrypt(stored);
    } catch {
      return null;
    }
  }
}
