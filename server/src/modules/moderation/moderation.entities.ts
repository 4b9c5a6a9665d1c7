import { ContentCheckEntity } from './content-check.entity';
import { ContentReportEntity } from './content-report.entity';
import { ModerationItemEntity } from './moderation-item.entity';

/** The moderation module's TypeORM entities, registered in common/db/entities.ts. */
export const MODERATION_ENTITIES: Function[] = [ModerationItemEntity, ContentReportEntity, ContentCheckEntity];
