import { format } from 'util';
import { AppError } from '../../../src/common/errors/app.error';
import { WechatClient } from '../../../src/modules/wechat/wechat.client';
import { WechatError } from '../../../src/modules/wechat/wechat.error';
import type { WechatFake } from '../../fakes/wechat-fake';
import { startAppWithWechatFake } from '../../factories';
import type { TestApp } from '../../helpers/app';

const SEND = '/cgi-bin/message/subscribe/send';
/** A subscribe/send body the fake accepts (it checks fields and data values like WeChat). */
const MSG = { touser: 'o1', template_id: 'tpl-ticket_filed', data: { thing1: { value: '测试' } } };
const TOKEN = '/cgi-bin/stable_token';
const LOGIN = '/sns/jscode2session';
const PHONE = '/wxa/business/getuserphonenumber';

describe(WechatClient.name, () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let sut: WechatClient;
  const logged: string[] = [];

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithWechatFake());
    sut = await t.get(WechatClient);
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      jest.spyOn(sut.logger, level).mockImplementation(((...args: unknown[]) => {
        logged.push(format(...(args as [unknown, ...unknown[]])));
      }) as never);
    }
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await closeAll();
  });
  beforeEach(() => {
    sut.clearTokenCache();
    fake.clear();
    fake.tokenExpiresIn = 7200;
    logged.length = 0;
  });

  const appErrorCode = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  };

  describe('code2Session', () => {
    it('sends appid, secret, js_code and grant_type and returns openid + unionid, never the session_key', async () => {
      fake.setUnionid('c2s-1', 'union-1');
      const identity = await sut.code2Session('c2s-1');
      expect(identity).toEqual({ openid: 'openid-c2s-1', unionid: 'union-1' });
      expect(fake.callsTo(LOGIN)[0].query).toEqual({ appid: 'wx-test-app', secret: 'test-secret', js_code: 'c2s-1', grant_type: 'authorization_code' });
      const sessionKey = fake.issuedSessionKeys.at(-1)!;
      expect(JSON.stringify(identity)).not.toContain(sessionKey);
      expect(logged.join('\n')).not.toContain(sessionKey);
    });

    it('answers null unionid when WeChat sends none', async () => {
      expect(await sut.code2Session('c2s-2')).toEqual({ openid: 'openid-c2s-2', unionid: null });
    });

    it('maps 40029 (bad or reused code) to WECHAT_CODE_INVALID without retrying, and logs the rid', async () => {
      await sut.code2Session('c2s-3');
      fake.clear();
      expect(await appErrorCode(sut.code2Session('c2s-3'))).toBe('WECHAT_CODE_INVALID');
      expect(fake.callsTo(LOGIN)).toHaveLength(1);
      expect(logged.join('\n')).toMatch(/errcode=40029 rid=6[0-9a-f]+-\d{8}-[0-9a-f]+/);
    });

    it('maps 45011 to WECHAT_RATE_LIMITED and 40226 to WECHAT_USER_BLOCKED', async () => {
      fake.failNext(LOGIN, 45011).failNext(LOGIN, 40226);
      expect(await appErrorCode(sut.code2Session('c2s-4'))).toBe('WECHAT_RATE_LIMITED');
      expect(await appErrorCode(sut.code2Session('c2s-5'))).toBe('WECHAT_USER_BLOCKED');
      expect(fake.callsTo(LOGIN)).toHaveLength(2);
    });

    it('retries -1 (system busy) twice and then succeeds', async () => {
      fake.failNext(LOGIN, -1, 2);
      expect((await sut.code2Session('c2s-6')).openid).toBe('openid-c2s-6');
      expect(fake.callsTo(LOGIN)).toHaveLength(3);
    });

    it('gives up after two retries of -1 with WECHAT_UNAVAILABLE', async () => {
      fake.failNext(LOGIN, -1, 3);
      expect(await appErrorCode(sut.code2Session('c2s-7'))).toBe('WECHAT_UNAVAILABLE');
      expect(fake.callsTo(LOGIN)).toHaveLength(3);
    });

    it('maps a dropped connection and a timeout to WECHAT_UNAVAILABLE', async () => {
      fake.failNext(LOGIN, 'network');
      expect(await appErrorCode(sut.code2Session('c2s-8'))).toBe('WECHAT_UNAVAILABLE');
      const saved = sut.config.wechat.timeoutMs;
      sut.config.wechat.timeoutMs = 200;
      try {
        fake.failNext(LOGIN, 'slow');
        expect(await appErrorCode(sut.code2Session('c2s-9'))).toBe('WECHAT_UNAVAILABLE');
      } finally {
        sut.config.wechat.timeoutMs = saved;
      }
      expect(logged.join('\n')).toMatch(/no answer in 200ms/);
    });

    it('never logs the app secret', async () => {
      fake.failNext(LOGIN, 40029).failNext(LOGIN, 'network');
      await sut.code2Session('c2s-10').catch(() => undefined);
      await sut.code2Session('c2s-11').catch(() => undefined);
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.join('\n')).not.toContain('test-secret');
    });
  });

  describe('access token', () => {
    it('fetches it with stable_token and caches it', async () => {
      const a = await sut.getAccessToken();
      const b = await sut.getAccessToken();
      expect(a).toBe(b);
      expect(fake.callsTo(TOKEN)).toHaveLength(1);
      expect(fake.callsTo(TOKEN)[0].body).toEqual({ grant_type: 'client_credential', appid: 'wx-test-app', secret: 'test-secret' });
    });

    it('shares ONE stable_token request among 10 concurrent callers', async () => {
      const tokens = await Promise.all(Array.from({ length: 10 }, () => sut.getAccessToken()));
      expect(new Set(tokens).size).toBe(1);
      expect(fake.callsTo(TOKEN)).toHaveLength(1);
    });

    it('shares ONE stable_token request among 10 concurrent API calls', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => sut.callWithToken(SEND, { ...MSG, touser: `o${i}` })));
      expect(results.every((r) => r.errcode === 0)).toBe(true);
      expect(fake.callsTo(TOKEN)).toHaveLength(1);
      expect(fake.callsTo(SEND)).toHaveLength(10);
    });

    it('refreshes 5 minutes before expiry', async () => {
      fake.tokenExpiresIn = 301; // the next token WeChat issues is usable for 1 second
      fake.expireToken();
      await sut.getAccessToken();
      await sut.getAccessToken();
      expect(fake.callsTo(TOKEN)).toHaveLength(1);
      const now = Date.now();
      const spy = jest.spyOn(Date, 'now').mockReturnValue(now + 1500);
      try {
        await sut.getAccessToken();
      } finally {
        spy.mockRestore();
      }
      expect(fake.callsTo(TOKEN)).toHaveLength(2);
    });

    it('on 42001 mid-run: force-refreshes once and the call succeeds', async () => {
      const first = await sut.getAccessToken();
      fake.expireToken();
      const res = await sut.callWithToken(SEND, MSG);
      expect(res.errcode).toBe(0);
      const sends = fake.callsTo(SEND);
      expect(sends.map((c) => c.query.access_token === first)).toEqual([true, false]);
      expect(fake.callsTo(TOKEN).map((c) => c.body?.force_refresh)).toEqual([undefined, true]);
    });

    it('on 42001 for 10 concurrent calls: still ONE forced refresh', async () => {
      await sut.getAccessToken();
      fake.expireToken();
      fake.clear();
      const results = await Promise.all(Array.from({ length: 10 }, () => sut.callWithToken(SEND, MSG)));
      expect(results).toHaveLength(10);
      expect(fake.callsTo(TOKEN)).toHaveLength(1);
      expect(fake.callsTo(TOKEN)[0].body?.force_refresh).toBe(true);
    });

    it('on 40001 (token replaced elsewhere) refreshes and retries once only', async () => {
      await sut.getAccessToken();
      fake.failNext(SEND, 40001, 2);
      const e = await sut.callWithToken(SEND, MSG).catch((err) => err);
      expect(e).toBeInstanceOf(WechatError);
      expect(e.errcode).toBe(40001);
      expect(fake.callsTo(SEND)).toHaveLength(2);
      expect(fake.callsTo(TOKEN)).toHaveLength(2);
    });

    it('retries -1 on token calls but passes other errcodes straight on', async () => {
      fake.failNext(SEND, -1);
      expect((await sut.callWithToken(SEND, MSG)).errcode).toBe(0);
      fake.failNext(SEND, 43101);
      const e = await sut.callWithToken(SEND, MSG).catch((err) => err);
      expect(e).toMatchObject({ name: 'WechatError', kind: 'api', errcode: 43101 });
      expect(e.rid).toMatch(/^6/);
      expect(fake.callsTo(SEND)).toHaveLength(3);
    });

    it('surfaces rejected credentials (40013) as a WechatError and never logs the token', async () => {
      fake.failNext(TOKEN, 40013);
      await expect(sut.getAccessToken()).rejects.toMatchObject({ errcode: 40013 });
      const token = await sut.getAccessToken();
      await sut.callWithToken(SEND, MSG);
      expect(logged.join('\n')).not.toContain(token);
      expect(logged.join('\n')).not.toContain('test-secret');
    });
  });

  describe('getPhoneNumber', () => {
    it('returns purePhoneNumber for a phone code', async () => {
      fake.setPhone('ph-1', '13812345678');
      expect(await sut.getPhoneNumber('ph-1')).toBe('13812345678');
      expect(fake.callsTo(PHONE)[0].body).toEqual({ code: 'ph-1' });
    });

    it('maps a bad or reused phone code to WECHAT_CODE_INVALID with a phone-specific message', async () => {
      const e = await sut.getPhoneNumber('ph-unknown').catch((err) => err);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'WECHAT_CODE_INVALID', message: '手机号授权凭证无效或已使用，请重新授权' });
    });

    it('maps WeChat refusing our credentials to WECHAT_UNAVAILABLE', async () => {
      fake.failNext(TOKEN, 40125);
      expect(await appErrorCode(sut.getPhoneNumber('ph-2'))).toBe('WECHAT_UNAVAILABLE');
    });
  });
});
