import {
  CheckinEntity,
  DutyEntity,
  ExemptionEntity,
  ParticipantEntity,
  ParticipantUserEntity,
  RotaEntity,
  RotaMemberEntity,
  SwapEntity,
} from './rota.entity';

/** The rota module's TypeORM entities, registered in common/db/entities.ts. */
export const ROTA_ENTITIES: Function[] = [
  ParticipantEntity,
  ParticipantUserEntity,
  RotaEntity,
  RotaMemberEntity,
  DutyEntity,
  SwapEntity,
  ExemptionEntity,
  CheckinEntity,
];
