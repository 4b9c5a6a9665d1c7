/** The moderation module's TypeORM entities, registered in common/db/entities.ts. */
export const MODERATION_ENTITIES: Function[] = [];
