import { Foundation1763900000000 } from './1763900000000-foundation';
import { Notification1763910000000 } from './1763910000000-notification';
import { Media1763920000000 } from './1763920000000-media';
import { Moderation1763930000000 } from './1763930000000-moderation';

/** Every migration, in order. Listed explicitly so the same list works from ts (tests) and dist. */
export const MIGRATIONS = [Foundation1763900000000, Notification1763910000000, Media1763920000000, Moderation1763930000000];
