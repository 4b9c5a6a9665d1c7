import { createRoleRequestSchema, deleteAccountSchema, reviewRoleRequestSchema, updateProfileSchema, wechatLoginSchema } from './auth.schema';
import { safeParseZh } from './common';
import { importDivisionsSchema, locateQuerySchema, unitTreeQuerySchema } from './unit.schema';

const fields = (schema: Parameters<typeof safeParseZh>[0], data: unknown) => {
  const r = safeParseZh(schema, data);
  return r.success ? null : r.fields;
};

describe('auth schemas', () => {
  it('needs a login code', () => {
    expect(fields(wechatLoginSchema, {})).toEqual({ code: '缺少微信登录凭证' });
    expect(fields(wechatLoginSchema, { code: '  ' })).toEqual({ code: '缺少微信登录凭证' });
    expect(fields(wechatLoginSchema, { code: 'abc' })).toBeNull();
  });
  it('refuses unknown fields', () => {
    expect(fields(wechatLoginSchema, { code: 'abc', openid: 'x' })).toEqual({ _: '不认识的字段：openid' });
  });
  it('limits nicknames and needs something to change', () => {
    expect(fields(updateProfileSchema, { nickname: '长'.repeat(21) })).toEqual({ nickname: '昵称最多 20 个字' });
    expect(fields(updateProfileSchema, { nickname: '' })).toEqual({ nickname: '昵称不能为空' });
    expect(fields(updateProfileSchema, {})).toEqual({ _: '没有要修改的内容' });
    expect(fields(updateProfileSchema, { avatarUrl: 'javascript:alert(1)' })).toEqual({ avatarUrl: '头像地址格式不正确' });
    expect(fields(updateProfileSchema, { nickname: '王阿姨' })).toBeNull();
  });
  it('checks role requests', () => {
    expect(fields(createRoleRequestSchema, { role: 'resident', unitId: 1, reason: '开店' })).toEqual({ role: '请选择要申请的身份' });
    expect(fields(createRoleRequestSchema, { role: 'shop_owner', unitId: 'x', reason: '开店' })).toEqual({ unitId: '编号应为数字' });
    expect(fields(createRoleRequestSchema, { role: 'shop_owner', unitId: 3, reason: '我' })).toEqual({ reason: '请简要说明申请理由（至少 2 个字）' });
    expect(fields(createRoleRequestSchema, { role: 'shop_owner', unitId: 3, reason: '我在津浦路开店' })).toBeNull();
  });
  it('needs a reason to reject', () => {
    expect(fields(reviewRoleRequestSchema, { approve: false })).toEqual({ note: '驳回时请填写理由' });
    expect(fields(reviewRoleRequestSchema, { approve: true })).toBeNull();
    expect(fields(reviewRoleRequestSchema, {})).toEqual({ approve: '请选择通过或驳回' });
  });
  it('needs the typed confirmation to delete an account', () => {
    expect(fields(deleteAccountSchema, { confirm: '确认' })).toEqual({ confirm: '请输入“注销”确认' });
    expect(fields(deleteAccountSchema, { confirm: '注销' })).toBeNull();
  });
});

describe('unit schemas', () => {
  it('coerces and bounds coordinates', () => {
    expect(safeParseZh(locateQuerySchema, { lng: '118.6', lat: '32.1' })).toEqual({ success: true, data: { lng: 118.6, lat: 32.1 } });
    expect(fields(locateQuerySchema, { lng: 'east', lat: '32' })).toEqual({ lng: '经度应为数字' });
    expect(fields(locateQuerySchema, { lng: '200', lat: '32' })).toEqual({ lng: '经度超出范围' });
  });
  it('defaults the tree depth', () => {
    expect(safeParseZh(unitTreeQuerySchema, {})).toEqual({ success: true, data: { depth: 2 } });
    expect(fields(unitTreeQuerySchema, { depth: '9' })).toEqual({ depth: '层数最多为 4' });
  });
  it('needs CSV content', () => {
    expect(fields(importDivisionsSchema, { csv: '' })).toEqual({ csv: '请提供 CSV 内容' });
    expect(safeParseZh(importDivisionsSchema, { csv: 'code,name,level,parent_code' })).toEqual({
      success: true,
      data: { csv: 'code,name,level,parent_code', dryRun: false },
    });
  });
});
