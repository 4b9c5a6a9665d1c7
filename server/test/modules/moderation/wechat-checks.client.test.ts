import { WechatClient } from '../../../src/modules/wechat/wechat.client';
import { WechatError } from '../../../src/modules/wechat/wechat.error';
import { FAKE_PNG, WechatFake } from '../../fakes/wechat-fake';
import { startAppWithWechatFake } from '../../factories';
import type { TestApp } from '../../helpers/app';
import { canModerate, moderatedPaths, moderatorRoleFor, auditReadablePaths } from '../../../src/modules/moderation/moderation.policy';
import { auditLogCsv, csvCell } from '../../../src/modules/moderation/moderation.presenter';

describe('WechatClient content checks (against the fake)', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let sut: WechatClient;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    sut = await t.get(WechatClient);
    fake.setTextVerdict('广告', 'review').setTextVerdict('违禁', 'risky', 20001);
  });
  afterAll(() => closeAll());
  beforeEach(() => fake.clear());

  it('msgSecCheck decides on result.suggest (errcode is 0 for bad text too); 61010 is review', async () => {
    expect(await sut.msgSecCheck({ openid: 'o1', content: '你好', scene: 2 })).toEqual({ suggest: 'pass', label: 100, traceId: expect.any(String) });
    expect(await sut.msgSecCheck({ openid: 'o1', content: '加微信看广告', scene: 2 })).toMatchObject({ suggest: 'review', label: 21000 });
    expect(await sut.msgSecCheck({ openid: 'o1', content: '违禁', scene: 2 })).toMatchObject({ suggest: 'risky', label: 20001 });
    fake.failNext('/wxa/msg_sec_check', 61010);
    expect(await sut.msgSecCheck({ openid: 'o1', content: '你好', scene: 2 })).toEqual({ suggest: 'review', label: 0, traceId: null, notVisited: true });
    // Content is cut at WeChat's 2500-character limit.
    await sut.msgSecCheck({ openid: 'o1', content: '长'.repeat(3000), scene: 3 });
    expect(String(fake.callsTo('/wxa/msg_sec_check').pop()!.body!.content)).toHaveLength(2500);
  });

  it('mediaCheckAsync returns the trace id; 61010 is thrown for the caller to decide', async () => {
    const traceId = await sut.mediaCheckAsync({ mediaUrl: 'https://example.com/a.jpg', openid: 'o1', scene: 2 });
    expect(fake.mediaChecks.get(traceId)).toEqual({ openid: 'o1', mediaUrl: 'https://example.com/a.jpg', scene: 2 });
    fake.failNext('/wxa/media_check_async', 61010);
    await expect(sut.mediaCheckAsync({ mediaUrl: 'https://example.com/a.jpg', openid: 'o1', scene: 2 })).rejects.toMatchObject({ errcode: 61010 });
    fake.failNext('/wxa/media_check_async', -1, 3);
    await expect(sut.mediaCheckAsync({ mediaUrl: 'https://example.com/a.jpg', openid: 'o1', scene: 2 })).rejects.toBeInstanceOf(WechatError);
  });

  it('the fake serves getwxacodeunlimit as PNG bytes, with 41030 / 45009 / a long scene injectable', async () => {
    const token = await sut.getAccessToken();
    const call = (body: object) => fetch(`${fake.url}/wxa/getwxacodeunlimit?access_token=${token}`, { method: 'POST', body: JSON.stringify(body) });
    const ok = await call({ scene: 'r=12', page: 'pages/home/index' });
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await ok.arrayBuffer()).equals(FAKE_PNG)).toBe(true);
    fake.failNext('/wxa/getwxacodeunlimit', 41030).failNext('/wxa/getwxacodeunlimit', 45009);
    expect(((await (await call({ scene: 'a' })).json()) as { errcode: number }).errcode).toBe(41030);
    expect(((await (await call({ scene: 'a' })).json()) as { errcode: number }).errcode).toBe(45009);
    expect(((await (await call({ scene: 'x'.repeat(33) })).json()) as { errcode: number }).errcode).toBe(40169);
  });
});

describe('moderation policy and CSV (pure)', () => {
  const grants = [
    { role: 'admin' as const, unitId: 2, unitPath: '/320111/320111001/' },
    { role: 'community_police' as const, unitId: 9, unitPath: '/320111/320111002/320111002001/' },
    { role: 'grid_worker' as const, unitId: 5, unitPath: '/320111/320111003/320111003001/320111003001001/' },
  ];

  it('moderators act inside their admin/police units; `/` belongs to top-level moderators only', () => {
    expect(moderatedPaths(grants)).toEqual(['/320111/320111001/', '/320111/320111002/320111002001/']);
    expect(canModerate(grants, '/320111/320111001/320111001005/')).toBe(true);
    expect(canModerate(grants, '/320111/320111002/320111002001/320111002001001/')).toBe(true);
    expect(canModerate(grants, '/320111/320111003/320111003001/')).toBe(false);
    expect(canModerate(grants, '/')).toBe(false);
    expect(canModerate([{ role: 'admin', unitId: 1, unitPath: '/320111/' }], '/')).toBe(true);
    expect(moderatorRoleFor(grants, '/320111/320111002/320111002001/')).toBe('community_police');
    expect(auditReadablePaths(grants)).toEqual(['/320111/320111001/']);
  });

  it('CSV cells are quoted and formulas defused', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell({ a: '"' })).toBe('"{""a"":""\\""""}"');
    expect(auditLogCsv([]).startsWith('\uFEFF编号,')).toBe(true);
  });
});
