import { Foundation1763900000000 } from './1763900000000-foundation';
import { Notification1763910000000 } from './1763910000000-notification';
import { Media1763920000000 } from './1763920000000-media';
import { Moderation1763930000000 } from './1763930000000-moderation';
import { Category1763940000000 } from './1763940000000-category';
import { Ticket1763950000000 } from './1763950000000-ticket';
import { OpenData1763955000000 } from './1763955000000-open-data';
import { Points1763960000000 } from './1763960000000-points';
import { Rota1763970000000 } from './1763970000000-rota';
import { Alert1763980000000 } from './1763980000000-alert';

/** Every migration, in order. Listed explicitly so the same list works from ts (tests) and dist. */
export const MIGRATIONS = [
  Foundation1763900000000,
  Notification1763910000000,
  Media1763920000000,
  Moderation1763930000000,
  Category1763940000000,
  Ticket1763950000000,
  OpenData1763955000000,
  Points1763960000000,
  Rota1763970000000,
  Alert1763980000000,
];
