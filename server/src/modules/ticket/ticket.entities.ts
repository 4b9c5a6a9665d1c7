/** The ticket module's TypeORM entities, registered in common/db/entities.ts. */
export const TICKET_ENTITIES: Function[] = [];
