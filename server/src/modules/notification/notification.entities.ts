import { NotificationDeliveryEntity, NotificationEntity, NotificationSubscriptionEntity } from './notification.entity';

/** The notification module's TypeORM entities, registered in common/db/entities.ts. */
export const NOTIFICATION_ENTITIES: Function[] = [NotificationSubscriptionEntity, NotificationEntity, NotificationDeliveryEntity];
