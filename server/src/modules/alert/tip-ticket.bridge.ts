import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { EntityManager } from 'typeorm';
import { ErrorCode, type RoleGrant } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import type { GroupEntity } from './group.entity';
import type { TipEntity } from './tip.entity';

export interface TipTicketInput {
  tip: TipEntity;
  group: GroupEntity;
  officerId: number;
  officerGrants: readonly RoleGrant[];
  photoIds: number[];
  note: string | null;
}

/**
 * The one place the alert module talks to the tickets module ("turn a tip into a ticket"), inside the
 * caller's transaction. Until the tickets module exposes its service method for tickets from another
 * source, `available()` is false and the endpoint answers SERVICE_UNAVAILABLE.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TipTicketBridge {
  /** Can tips be turned into tickets in this build? */
  available(): boolean {
    return false;
  }

  /**
   * Creates the ticket for `input.tip` and returns its id and readable number.
   * @throws AppError SERVICE_UNAVAILABLE while the tickets module offers no way to do it.
   */
  async createFromTip(_m: EntityManager, _input: TipTicketInput): Promise<{ id: number | string; number: string | null }> {
    throw new AppError(ErrorCode.ServiceUnavailable, { message: '工单模块暂不支持从线索创建工单' });
  }
}
