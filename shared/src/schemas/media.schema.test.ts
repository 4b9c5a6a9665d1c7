import { safeParseZh } from './common';
import { mediaFileQuerySchema, uploadMediaFieldsSchema } from './media.schema';

describe('uploadMediaFieldsSchema', () => {
  it('accepts a purpose and a client key', () => {
    expect(safeParseZh(uploadMediaFieldsSchema, { purpose: 'avatar', clientKey: 'k_1234567890-abc' })).toEqual({
      success: true,
      data: { purpose: 'avatar', clientKey: 'k_1234567890-abc' },
    });
  });
  it('names the wrong field in Chinese', () => {
    expect(safeParseZh(uploadMediaFieldsSchema, { purpose: 'selfie', clientKey: 'k_1234567890' })).toEqual({ success: false, fields: { purpose: '图片用途不正确' } });
    expect(safeParseZh(uploadMediaFieldsSchema, { purpose: 'report' })).toEqual({ success: false, fields: { clientKey: '缺少上传标识' } });
    expect(safeParseZh(uploadMediaFieldsSchema, { purpose: 'report', clientKey: 'short' })).toEqual({
      success: false,
      fields: { clientKey: '上传标识应为 8-64 位字母、数字、- 或 _' },
    });
    expect(safeParseZh(uploadMediaFieldsSchema, { purpose: 'report', clientKey: '../../etc/passwd' }).success).toBe(false);
  });
});

describe('mediaFileQuerySchema', () => {
  const sig = 'a'.repeat(43);
  it('coerces the expiry from the query string', () => {
    expect(safeParseZh(mediaFileQuerySchema, { variant: 'thumb', exp: '1800000000', sig })).toEqual({ success: true, data: { variant: 'thumb', exp: 1800000000, sig } });
  });
  it('refuses unknown variants and malformed signatures', () => {
    expect(safeParseZh(mediaFileQuerySchema, { variant: 'raw', exp: '1', sig })).toEqual({ success: false, fields: { variant: '图片规格不正确' } });
    expect(safeParseZh(mediaFileQuerySchema, { variant: 'thumb', exp: '1', sig: 'x' })).toEqual({ success: false, fields: { sig: '链接签名格式不正确' } });
  });
});
