import { AuditLogEntity } from '../audit/audit-log.entity';
import { SessionEntity } from '../../modules/auth/session.entity';
import { UnitEntity } from '../../modules/unit/unit.entity';
import { RoleGrantEntity } from '../../modules/user/role-grant.entity';
import { RoleRequestEntity } from '../../modules/user/role-request.entity';
import { UserEntity } from '../../modules/user/user.entity';

/** Every entity, listed explicitly (no globbing: the same list works from ts and from dist). */
export const ENTITIES = [UnitEntity, UserEntity, RoleGrantEntity, RoleRequestEntity, SessionEntity, AuditLogEntity];
