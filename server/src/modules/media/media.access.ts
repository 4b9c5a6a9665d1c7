import type { MediaPurpose, RoleGrant } from '@linli/shared';
import type { MediaEntity } from './media.entity';

/** Who asks to see a photo: the signed-in user with their role grants (null: not signed in). */
export interface MediaViewer {
  userId: number;
  grants: readonly RoleGrant[];
}

/**
 * Decides whether `viewer` may see `media` beyond the base rule (`canViewMedia`: the owner, or a
 * checked photo of a public purpose). Must not throw for an ordinary "no": answer false.
 */
export type MediaAccessResolver = (media: MediaEntity, viewer: MediaViewer | null) => Promise<boolean>;

/**
 * Purpose-based extensions of photo visibility. The features that attach photos to their records
 * (reports, alerts, tips) register a resolver for their purpose at start-up; the media service asks it
 * when the base rule says no. The media module imports none of those features.
 */
export class MediaAccessRegistry {
  private resolvers = new Map<MediaPurpose, MediaAccessResolver>();

  /**
   * Registers the resolver of `purpose` (one per purpose: a second registration replaces the first, so a
   * module re-initialised in tests does not stack resolvers). Returns the function that unregisters it.
   */
  register(purpose: MediaPurpose, resolver: MediaAccessResolver): () => void {
    this.resolvers.set(purpose, resolver);
    return () => {
      if (this.resolvers.get(purpose) === resolver) this.resolvers.delete(purpose);
    };
  }

  /** Does the resolver of the photo's purpose let `viewer` see it? False when none is registered. */
  async allows(media: MediaEntity, viewer: MediaViewer | null): Promise<boolean> {
    const resolver = this.resolvers.get(media.purpose);
    if (!resolver) return false;
    return (await resolver(media, viewer)) === true;
  }

  has(purpose: MediaPurpose): boolean {
    return this.resolvers.has(purpose);
  }
}

/** The process-wide registry. */
export const mediaAccess = new MediaAccessRegistry();
