import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { EntityManager } from 'typeorm';
import { ErrorCode, Role, TIP_TICKET_CATEGORIES, TicketSource, type TipToTicketInput } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { TicketReportService } from '../ticket/ticket-report.service';
import type { GroupEntity } from './group.entity';
import type { TipEntity } from './tip.entity';

export interface TipTicketInput {
  tip: TipEntity;
  group: GroupEntity;
  officerId: number;
  photoIds: number[];
  request: TipToTicketInput;
}

/**
 * The one place the alert module talks to the tickets module ("turn a tip into a ticket"), inside the
 * caller's transaction, through `TicketReportService.createFromSource`. The ticket is raised by the officer
 * (source 微信群: the neighbourhood group), anonymous and followed by nobody: the tip's author stays known to
 * the police only. Its place is the tip's coordinates, or the one the officer picks. Idempotent per tip.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TipTicketBridge {
  @Inject()
  reports: TicketReportService;

  /** Can tips be turned into tickets in this build? */
  available(): boolean {
    return true;
  }

  /**
   * Creates the ticket for `input.tip` and returns its id and readable number.
   * @throws AppError VALIDATION_FAILED (no place; category or answers refused by the tickets module),
   *   OUTSIDE_JURISDICTION.
   */
  async createFromTip(m: EntityManager, input: TipTicketInput): Promise<{ id: number | string; number: string | null }> {
    const { tip, request } = input;
    const lat = request.location?.lat ?? tip.placeLat;
    const lng = request.location?.lng ?? tip.placeLng;
    if (lat === null || lat === undefined || lng === null || lng === undefined) {
      throw new AppError(ErrorCode.ValidationFailed, { message: 'location: 线索没有位置，请选择问题所在的位置', fields: { location: '线索没有位置，请选择问题所在的位置' } });
    }
    const preset = TIP_TICKET_CATEGORIES.find((c) => c.code === request.categoryCode);
    const ticket = await this.reports.createFromSource(m, {
      source: TicketSource.WechatGroup,
      categoryCode: request.categoryCode,
      description: tip.text,
      location: { lat, lng, address: request.location?.address ?? tip.placeName },
      photoIds: input.photoIds,
      answers: request.answers ?? preset?.answers ?? {},
      reporterId: null,
      submittedBy: input.officerId,
      idempotencyKey: `tip-${tip.id}`,
      actor: { actorId: input.officerId, actorRole: Role.CommunityPolice },
      anonymous: true,
      note: request.note ? `由${input.group.name}的群众线索转为工单：${request.note}` : `由${input.group.name}的群众线索转为工单`,
    });
    return { id: ticket.id, number: ticket.number ?? null };
  }
}
