/**
 * Keyset cursors of the ticket lists. The queues are ordered by (due_at, id) ascending, "my tickets" by
 * id descending; the cursor is the last row's key, `<dueAtMs>_<id>` or `<id>`, with `n` for a null
 * time. It is opaque to clients (cursorSchema accepts [A-Za-z0-9_-]) and checked strictly here, so a
 * forged cursor is a validation error, never a SQL surprise.
 */

export interface QueueCursor {
  dueAt: Date | null;
  id: number;
}

export function encodeQueueCursor(c: QueueCursor): string {
  return `${c.dueAt === null ? 'n' : c.dueAt.getTime()}_${c.id}`;
}

/** The cursor's key, or null when it is not one this server issued. */
export function decodeQueueCursor(value: string): QueueCursor | null {
  const m = /^(n|\d{1,15})_(\d{1,12})$/.exec(value);
  if (!m) return null;
  const id = Number(m[2]);
  if (!Number.isSafeInteger(id) || id < 1) return null;
  return { dueAt: m[1] === 'n' ? null : new Date(Number(m[1])), id };
}

export function encodeIdCursor(id: number): string {
  return String(id);
}

export function decodeIdCursor(value: string): number | null {
  if (!/^\d{1,12}$/.test(value)) return null;
  const id = Number(value);
  return id >= 1 ? id : null;
}
