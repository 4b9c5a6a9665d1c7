import {
  PointsAccountEntity,
  PointsEntryEntity,
  PointsRedemptionEntity,
  PointsRewardEntity,
  PointsRewardStockEntity,
  PointsRuleSetEntity,
} from './points.entity';

/** The points module's TypeORM entities, registered in common/db/entities.ts. */
export const POINTS_ENTITIES: Function[] = [
  PointsAccountEntity,
  PointsEntryEntity,
  PointsRuleSetEntity,
  PointsRewardEntity,
  PointsRewardStockEntity,
  PointsRedemptionEntity,
];
