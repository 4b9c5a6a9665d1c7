/** The rota module's TypeORM entities, registered in common/db/entities.ts. */
export const ROTA_ENTITIES: Function[] = [];
