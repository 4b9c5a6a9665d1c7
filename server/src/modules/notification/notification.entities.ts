/** The notification module's TypeORM entities, registered in common/db/entities.ts. */
export const NOTIFICATION_ENTITIES: Function[] = [];
