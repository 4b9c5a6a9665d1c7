/** The points module's TypeORM entities, registered in common/db/entities.ts. */
export const POINTS_ENTITIES: Function[] = [];
