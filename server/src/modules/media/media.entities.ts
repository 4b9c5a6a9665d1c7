import { MediaEntity } from './media.entity';

/** The media module's TypeORM entities, registered in common/db/entities.ts. */
export const MEDIA_ENTITIES: Function[] = [MediaEntity];
