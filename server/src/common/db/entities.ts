import { AuditLogEntity } from '../audit/audit-log.entity';
import { SessionEntity } from '../../modules/auth/session.entity';
import { UnitEntity } from '../../modules/unit/unit.entity';
import { RoleGrantEntity } from '../../modules/user/role-grant.entity';
import { RoleRequestEntity } from '../../modules/user/role-request.entity';
import { UserEntity } from '../../modules/user/user.entity';
import { MEDIA_ENTITIES } from '../../modules/media/media.entities';
import { MODERATION_ENTITIES } from '../../modules/moderation/moderation.entities';
import { NOTIFICATION_ENTITIES } from '../../modules/notification/notification.entities';
import { CATEGORY_ENTITIES } from '../../modules/category/category.entities';
import { TICKET_ENTITIES } from '../../modules/ticket/ticket.entities';
import { OPEN_DATA_ENTITIES } from '../../modules/ticket/open311/open311.entities';
import { POINTS_ENTITIES } from '../../modules/points/points.entities';
import { ROTA_ENTITIES } from '../../modules/rota/rota.entities';
import { ALERT_ENTITIES } from '../../modules/alert/alert.entities';

/** Every entity, listed explicitly (no globbing: the same list works from ts and from dist). */
export const ENTITIES = [
  UnitEntity,
  UserEntity,
  RoleGrantEntity,
  RoleRequestEntity,
  SessionEntity,
  AuditLogEntity,
  ...NOTIFICATION_ENTITIES,
  ...MEDIA_ENTITIES,
  ...MODERATION_ENTITIES,
  ...CATEGORY_ENTITIES,
  ...TICKET_ENTITIES,
  ...OPEN_DATA_ENTITIES,
  ...POINTS_ENTITIES,
  ...ROTA_ENTITIES,
  ...ALERT_ENTITIES,
];
