import { safeParseZh } from './common';
import { auditLogQuerySchema, createContentReportSchema, moderationActionSchema, parseAuditDate } from './moderation.schema';

describe('moderation schemas', () => {
  it('a report needs a known content type, an id and a reason; the note is optional', () => {
    expect(safeParseZh(createContentReportSchema, { targetType: 'nickname', targetId: '7', reason: 'spam' })).toEqual({
      success: true,
      data: { targetType: 'nickname', targetId: 7, reason: 'spam' },
    });
    expect(safeParseZh(createContentReportSchema, { targetType: 'x', targetId: 0, reason: 'nope' })).toEqual({
      success: false,
      fields: { targetType: '不支持举报此类内容', targetId: '编号应为正数', reason: '请选择举报原因' },
    });
  });

  it('hide/restore need a reason of at least 2 characters', () => {
    expect(safeParseZh(moderationActionSchema, {})).toEqual({ success: false, fields: { reason: '请填写处理理由' } });
    expect(safeParseZh(moderationActionSchema, { reason: ' 好 ' })).toEqual({ success: false, fields: { reason: '请填写处理理由（至少 2 个字）' } });
    expect(safeParseZh(moderationActionSchema, { reason: '违规广告', version: 3 })).toEqual({ success: true, data: { reason: '违规广告', version: 3 } });
  });

  it('audit filters: dates as YYYY-MM-DD (Beijing days) or ISO times', () => {
    expect(safeParseZh(auditLogQuerySchema, { from: '2026-11-01', to: '2026-11-02T10:00:00Z', limit: '20' }).success).toBe(true);
    expect(safeParseZh(auditLogQuerySchema, { from: '11/01/2026' })).toEqual({ success: false, fields: { from: '日期格式应为 YYYY-MM-DD' } });
    expect(safeParseZh(auditLogQuerySchema, { to: '2026-13-45' })).toEqual({ success: false, fields: { to: '日期无效' } });
    expect(parseAuditDate('2026-11-02', false).toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(parseAuditDate('2026-11-02', true).toISOString()).toBe('2026-11-02T15:59:59.999Z');
  });
});
