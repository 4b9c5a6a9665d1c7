import { PointsAccountEntity, PointsEntryEntity, PointsRedemptionEntity, PointsRewardEntity, PointsRuleSetEntity } from './points.entity';

/** The points module's TypeORM entities, registered in common/db/entities.ts. */
export const POINTS_ENTITIES: Function[] = [
  PointsAccountEntity,
  PointsEntryEntity,
  PointsRuleSetEntity,
  PointsRewardEntity,
  PointsRedemptionEntity,
];
