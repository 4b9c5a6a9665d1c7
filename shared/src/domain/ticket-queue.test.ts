import { cursorSchema } from '../schemas/ticket.schema';
import { decodeIdCursor, decodeQueueCursor, encodeIdCursor, encodeQueueCursor } from './ticket-queue';

describe('keyset cursors', () => {
  it('round-trip and pass the cursor schema', () => {
    const c = { dueAt: new Date('2026-11-23T10:00:00.123Z'), id: 42 };
    const s = encodeQueueCursor(c);
    expect(cursorSchema.safeParse(s).success).toBe(true);
    expect(decodeQueueCursor(s)).toEqual(c);
    expect(decodeQueueCursor(encodeQueueCursor({ dueAt: null, id: 7 }))).toEqual({ dueAt: null, id: 7 });
    expect(decodeIdCursor(encodeIdCursor(9))).toBe(9);
  });
  it('refuse anything else', () => {
    for (const bad of ['', '42', 'x_1', '1_0', '1_-1', "1_1' OR 1", '1_1_1', '1e3_1']) expect(decodeQueueCursor(bad)).toBeNull();
    for (const bad of ['', '0', '-1', 'a', '1.5']) expect(decodeIdCursor(bad)).toBeNull();
  });
});
