import type { MediaCheckVerdict, MediaPurpose } from '@linli/shared';

/**
 * What the media module tells the rest of the app. Other modules (the content check) subscribe here
 * instead of the media module importing them.
 */
export interface MediaEventMap {
  /** A new photo was stored and its row COMMITTED (never sent for an idempotent replay). */
  uploaded: {
    mediaId: number;
    ownerId: number;
    purpose: MediaPurpose;
    /**
     * Absolute URL of the stored original that an outside service can download (built on
     * PUBLIC_BASE_URL for local storage, an S3 presigned URL otherwise), valid for `signedUrlExpiresAt`.
     */
    signedUrl: string;
    signedUrlExpiresAt: string;
  };
  /** MediaService.setCheckStatus changed a photo's check status. */
  checked: { mediaId: number; ownerId: number; purpose: MediaPurpose; status: MediaCheckVerdict; detail: string | null };
}
export type MediaEventName = keyof MediaEventMap;
export type MediaEventHandler<K extends MediaEventName> = (event: MediaEventMap[K]) => void | Promise<void>;

/**
 * A small typed event emitter. Handlers run after the emitting transaction committed, asynchronously:
 * a slow or failing handler never delays or fails an upload (failures go to `onError`, by default
 * console.error). `idle()` resolves when every handler started so far has settled (for tests).
 */
export class MediaEvents {
  private handlers: { [K in MediaEventName]?: Array<MediaEventHandler<K>> } = {};
  private running = new Set<Promise<void>>();
  onError: (err: unknown, event: MediaEventName) => void = (err, event) => console.error(`[linli] media event "${event}" handler failed:`, err);

  /** Subscribes `handler` to `event`; returns the function that unsubscribes it (call it on shutdown). */
  on<K extends MediaEventName>(event: K, handler: MediaEventHandler<K>): () => void {
    const list = (this.handlers[event] ??= []) as Array<MediaEventHandler<K>>;
    list.push(handler);
    return () => {
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Runs every handler of `event` in the background. */
  emit<K extends MediaEventName>(event: K, payload: MediaEventMap[K]): void {
    for (const handler of [...((this.handlers[event] ?? []) as Array<MediaEventHandler<K>>)]) {
      const run: Promise<void> = Promise.resolve()
        .then(() => handler(payload))
        .then(
          () => undefined,
          (err) => this.onError(err, event),
        )
        .finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Resolves once every handler run started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  listenerCount(event: MediaEventName): number {
    return this.handlers[event]?.length ?? 0;
  }
}

/** The process-wide media event bus. */
export const mediaEvents = new MediaEvents();
