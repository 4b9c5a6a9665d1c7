import { Destroy, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In } from 'typeorm';
import { mediaAccess, type MediaViewer } from '../media/media.access';
import type { MediaEntity } from '../media/media.entity';
import { TicketEntity, TicketMediaEntity } from './ticket.entities';
import { canSee, capacitiesOf, photoVisibleTo, viewOf } from './ticket.policy';
import { isCoReporter } from './ticket.repository';

/** A photo reaches the public board only on tickets that are neither sensitive nor ended without a case. */
const NOT_PUBLIC = new Set(['refused', 'cancelled']);

/**
 * Who may see a report photo (purpose `report`) besides its owner, registered on the media module's
 * access hook: staff with a capacity on a ticket holding the photo and the reporter and co-reporters
 * (as `photoVisibleTo` rules for their view), and anyone for a checked photo of a non-sensitive ticket
 * (the public board). Started from configuration.ts.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketMediaAccess {
  @InjectDataSource()
  dataSource: DataSource;

  private off: (() => void) | null = null;

  @Init()
  init(): void {
    this.off = mediaAccess.register('report', (media, viewer) => this.canView(media, viewer));
  }

  @Destroy()
  stop(): void {
    this.off?.();
    this.off = null;
  }

  /** May `viewer` see the report photo `media` (they are not its owner)? */
  async canView(media: MediaEntity, viewer: MediaViewer | null): Promise<boolean> {
    const m = this.dataSource.manager;
    const links = await m.find(TicketMediaEntity, { where: { mediaId: media.id }, select: ['ticketId'], take: 20 });
    if (!links.length) return false;
    const tickets = await m.find(TicketEntity, { where: { id: In(links.map((l) => l.ticketId)) } });
    for (const t of tickets) {
      if (!t.sensitive && !NOT_PUBLIC.has(t.status) && media.checkStatus === 'pass') return true;
      if (!viewer) continue;
      const joined = t.reporterId !== viewer.userId && (await isCoReporter(m, t.id, viewer.userId));
      const capacities = capacitiesOf(viewer, t, joined);
      if (canSee(capacities) && photoVisibleTo(viewOf(capacities), media.checkStatus)) return true;
    }
    return false;
  }
}
