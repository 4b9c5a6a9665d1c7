import { AlertEntity, AlertPhotoEntity, AlertRecipientEntity, AlertReminderEntity, AlertTargetEntity } from './alert.entity';
import { GroupEntity, GroupMemberEntity } from './group.entity';
import { TipEntity, TipPhotoEntity } from './tip.entity';

/** The alert module's TypeORM entities, registered in common/db/entities.ts. */
export const ALERT_ENTITIES: Function[] = [
  GroupEntity,
  GroupMemberEntity,
  AlertEntity,
  AlertTargetEntity,
  AlertPhotoEntity,
  AlertRecipientEntity,
  AlertReminderEntity,
  TipEntity,
  TipPhotoEntity,
];
