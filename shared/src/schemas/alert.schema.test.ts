import { safeParseZh } from './common';
import { createAlertSchema, createTipSchema, joinGroupSchema, replyTipSchema, updateGroupSchema, withdrawAlertSchema } from './alert.schema';

const valid = {
  groupIds: [1],
  type: 'suspect',
  severity: 'urgent',
  title: '注意使用假币的男子',
  body: '近日有一名男子在津浦社区多家商户使用百元假币购物，请商户注意辨别。',
  expiresAt: '2026-11-30T08:00:00.000Z',
};

describe('createAlertSchema', () => {
  it('accepts a complete alert and fills defaults', () => {
    const r = safeParseZh(createAlertSchema, valid);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data).toMatchObject({ areaUnitIds: [], photos: [] });
  });
  it('requires an expiry, with a clear message', () => {
    const { expiresAt: _omit, ...rest } = valid;
    const r = safeParseZh(createAlertSchema, rest);
    expect(r).toEqual({ success: false, fields: { expiresAt: '请设定截止时间（警情必须有有效期）' } });
  });
  it('requires a case number when a photo shows a suspect', () => {
    const r = safeParseZh(createAlertSchema, { ...valid, photos: [{ mediaId: 3, suspect: true }] });
    expect(r).toEqual({ success: false, fields: { caseNumber: '照片中有嫌疑人时必须填写案件编号' } });
    expect(safeParseZh(createAlertSchema, { ...valid, photos: [{ mediaId: 3, suspect: true }], caseNumber: 'A320111-2026-0042' }).success).toBe(true);
    expect(safeParseZh(createAlertSchema, { ...valid, photos: [{ mediaId: 3 }] }).success).toBe(true);
  });
  it('refuses too much text, too many photos, no target, a bad case number', () => {
    const long = safeParseZh(createAlertSchema, { ...valid, body: '很'.repeat(1001) });
    expect(long.success || long.fields.body).toBe('警情内容最多 1000 个字');
    const photos = safeParseZh(createAlertSchema, { ...valid, photos: Array.from({ length: 10 }, (_, i) => ({ mediaId: i + 1 })) });
    expect(photos.success || photos.fields.photos).toBe('最多 9 张照片');
    const none = safeParseZh(createAlertSchema, { ...valid, groupIds: [] });
    expect(none.success || none.fields.groupIds).toBe('请至少选择一个群或区域');
    const dup = safeParseZh(createAlertSchema, { ...valid, photos: [{ mediaId: 1 }, { mediaId: 1 }] });
    expect(dup.success || dup.fields.photos).toBe('同一张照片只能添加一次');
    const cn = safeParseZh(createAlertSchema, { ...valid, caseNumber: '案件1' });
    expect(cn.success || cn.fields.caseNumber).toContain('案件编号');
    const type = safeParseZh(createAlertSchema, { ...valid, type: 'ufo' });
    expect(type.success || type.fields.type).toBe('请选择警情类型');
    const extra = safeParseZh(createAlertSchema, { ...valid, author: 1 });
    expect(extra.success).toBe(false);
  });
  it('places need both coordinates or none', () => {
    expect(safeParseZh(createAlertSchema, { ...valid, place: { name: '津浦路 12 号' } }).success).toBe(true);
    const half = safeParseZh(createAlertSchema, { ...valid, place: { name: '津浦路', lat: 32.1 } });
    expect(half.success || half.fields['place.lat']).toBe('经纬度需要同时提供');
  });
});

describe('group and tip forms', () => {
  it('normalises invite codes and refuses the creator path', () => {
    const r = safeParseZh(joinGroupSchema, { code: 'abcd-2345', kind: 'shop' });
    expect(r.success && r.data).toEqual({ code: 'ABCD2345', via: 'invite_code', kind: 'shop' });
    const bad = safeParseZh(joinGroupSchema, { code: 'abc', kind: 'shop' });
    expect(bad.success || bad.fields.code).toBe('邀请码是 8 位字母或数字');
    const police = safeParseZh(joinGroupSchema, { code: 'ABCD2345', kind: 'police' });
    expect(police.success || police.fields.kind).toBe('请选择您的身份');
    const created = safeParseZh(joinGroupSchema, { code: 'ABCD2345', kind: 'shop', via: 'created' });
    expect(created.success).toBe(false);
  });
  it('an update needs something to change', () => {
    expect(safeParseZh(updateGroupSchema, {}).success).toBe(false);
    expect(safeParseZh(updateGroupSchema, { description: '' }).success).toBe(true);
  });
  it('tips come from an alert or a group', () => {
    const none = safeParseZh(createTipSchema, { text: '门口停了一辆没锁的电动车' });
    expect(none.success || none.fields.groupId).toBe('请从警情或邻里群发送');
    const ok = safeParseZh(createTipSchema, { alertId: 4, text: '门口停了一辆没锁的电动车' });
    expect(ok.success && ok.data).toMatchObject({ kind: 'tip', photoIds: [] });
  });
  it('reasons and replies are required', () => {
    expect(safeParseZh(withdrawAlertSchema, {})).toEqual({ success: false, fields: { reason: '请填写撤回理由' } });
    expect(safeParseZh(replyTipSchema, { text: '好' })).toEqual({ success: false, fields: { text: '回复至少 2 个字' } });
  });
});
