/** The alert module's TypeORM entities, registered in common/db/entities.ts. */
export const ALERT_ENTITIES: Function[] = [];
