import { CategoryVersionEntity } from './category-version.entity';
import { CategoryEntity } from './category.entity';

/** The category module's TypeORM entities, registered in common/db/entities.ts. */
export const CATEGORY_ENTITIES: Function[] = [CategoryEntity, CategoryVersionEntity];
