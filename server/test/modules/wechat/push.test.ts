import { ContentCheckEntity } from '../../../src/modules/moderation/content-check.entity';
import { SubscriptionService } from '../../../src/modules/notification/subscription.service';
import { normaliseSubscribeList } from '../../../src/modules/wechat/wechat-push.service';
import { buildUser } from '../../factories';
import { signWechatPush, WechatFake } from '../../fakes/wechat-fake';
import type { TestApp } from '../../helpers/app';
import { PUSH_TOKEN, startAppWithPush } from '../moderation/moderation.test-helpers';

/** WeChat's message push: URL verification, signatures, dispatch. */
describe('/api/wechat/push', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;

  beforeAll(async () => {
    ({ t, fake, closeAll } = await startAppWithPush());
  });
  afterAll(() => closeAll());

  const signed = (timestamp = '1700000000', nonce = 'n0nce') => ({ signature: signWechatPush(PUSH_TOKEN, timestamp, nonce), timestamp, nonce });

  describe('GET (URL verification)', () => {
    it('a good signature echoes echostr as text/plain', async () => {
      const res = await t.http().get('/api/wechat/push').query({ ...signed(), echostr: 'echo-123' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe('echo-123');
    });

    it('a bad or missing signature is 403 and echoes nothing', async () => {
      const bad = await t.http().get('/api/wechat/push').query({ ...signed(), signature: 'f'.repeat(40), echostr: 'echo-123' });
      expect(bad.status).toBe(403);
      expect(bad.text).not.toContain('echo-123');
      expect((await t.http().get('/api/wechat/push').query({ echostr: 'x' })).status).toBe(403);
      // Signed with another token.
      const other = await t.http().get('/api/wechat/push').query({ signature: signWechatPush('other-token', '1', '2'), timestamp: '1', nonce: '2', echostr: 'x' });
      expect(other.status).toBe(403);
    });
  });

  describe('POST (events)', () => {
    const waiting = async (traceId: string) =>
      t.dataSource.getRepository(ContentCheckEntity).save({
        kind: 'media', userId: null, scene: 2, traceId, mediaId: 424242, unitPath: '/', status: 'waiting',
        suggest: null, label: null, note: null, completedAt: null,
      });
    const verdict = (traceId: string, suggest: string) => ({
      ToUserName: 'gh_x', FromUserName: 'o1', CreateTime: 1, MsgType: 'event', Event: 'wxa_media_check', appid: fake.appId,
      trace_id: traceId, version: 2, detail: [], errcode: 0, errmsg: 'ok', result: { suggest, label: 100 },
    });

    it('a forged signature is refused with 403 and nothing is processed', async () => {
      const row = await waiting('trace-forged');
      const res = await fake.pushEvent(verdict('trace-forged', 'pass'), { signature: '0'.repeat(40) });
      expect(res.status).toBe(403);
      expect(res.body).not.toBe('success');
      expect(await t.dataSource.getRepository(ContentCheckEntity).findOneByOrFail({ id: row.id })).toMatchObject({ status: 'waiting', suggest: null });
    });

    it('a signed verdict is applied and answered "success"', async () => {
      const row = await waiting('trace-good');
      expect(await fake.pushEvent(verdict('trace-good', 'pass'))).toEqual({ status: 200, body: 'success' });
      // The photo row is gone (deleted meanwhile): the verdict is still recorded.
      expect(await t.dataSource.getRepository(ContentCheckEntity).findOneByOrFail({ id: row.id })).toMatchObject({ status: 'done', suggest: 'pass' });
    });

    it('unknown events, unknown trace ids and malformed verdicts are acknowledged', async () => {
      expect(await fake.pushEvent({ MsgType: 'event', Event: 'user_enter_tempsession', FromUserName: 'o1' })).toEqual({ status: 200, body: 'success' });
      expect(await fake.pushEvent(verdict('trace-unknown', 'pass'))).toEqual({ status: 200, body: 'success' });
      expect(await fake.pushEvent(verdict('trace-unknown', 'maybe'))).toEqual({ status: 200, body: 'success' });
      expect(await fake.pushEvent({ MsgType: 'text', Content: 'hi' })).toEqual({ status: 200, body: 'success' });
    });
  });

  describe('subscription events update send credits through SubscriptionService', () => {
    const event = (name: 'subscribe_msg_popup_event' | 'subscribe_msg_change_event', openid: string, list: unknown) => ({
      ToUserName: 'gh_x', FromUserName: openid, CreateTime: 1, MsgType: 'event', Event: name,
      [name === 'subscribe_msg_popup_event' ? 'SubscribeMsgPopupEvent' : 'SubscribeMsgChangeEvent']: { List: list },
    });

    it('popup with one item (object List) and with several (array List); change-event reject clears credits', async () => {
      const subs = await t.get(SubscriptionService);
      const ids = Object.values(subs.templateIds());
      expect(ids.length).toBeGreaterThanOrEqual(2);
      const [a, b] = ids;
      const user = await buildUser(t);
      const credits = async () => Object.fromEntries((await subs.list(user.id)).map((v) => [v.templateId, v.credits]));

      expect(await fake.pushEvent(event('subscribe_msg_popup_event', user.openid!, { TemplateId: a, SubscribeStatusString: 'accept', PopupScene: '0' }))).toEqual({ status: 200, body: 'success' });
      expect((await credits())[a]).toBe(1);

      await fake.pushEvent(event('subscribe_msg_popup_event', user.openid!, [
        { TemplateId: a, SubscribeStatusString: 'accept', PopupScene: '0' },
        { TemplateId: b, SubscribeStatusString: 'accept', PopupScene: '0' },
      ]));
      expect(await credits()).toMatchObject({ [a]: 2, [b]: 1 });

      await fake.pushEvent(event('subscribe_msg_change_event', user.openid!, { TemplateId: a, SubscribeStatusString: 'reject' }));
      expect(await credits()).toMatchObject({ [a]: 0, [b]: 1 });

      // Forged: nothing changes.
      const forged = await fake.pushEvent(event('subscribe_msg_popup_event', user.openid!, { TemplateId: b, SubscribeStatusString: 'accept' }), { signature: 'a'.repeat(40) });
      expect(forged.status).toBe(403);
      expect((await credits())[b]).toBe(1);
    });
  });

  describe('subscription event List normalisation', () => {
    const one = { TemplateId: 'tpl-a', SubscribeStatusString: 'accept', PopupScene: '0' };
    const two = { TemplateId: 'tpl-b', SubscribeStatusString: 'reject', PopupScene: '0' };

    it('an object (one item) and an array (several) give the same shape; junk is dropped', () => {
      expect(normaliseSubscribeList({ SubscribeMsgPopupEvent: { List: one } })).toEqual([{ TemplateId: 'tpl-a', SubscribeStatusString: 'accept' }]);
      expect(normaliseSubscribeList({ SubscribeMsgChangeEvent: { List: [one, two] } })).toEqual([
        { TemplateId: 'tpl-a', SubscribeStatusString: 'accept' },
        { TemplateId: 'tpl-b', SubscribeStatusString: 'reject' },
      ]);
      expect(normaliseSubscribeList({ List: [one, null, { TemplateId: 3 }] })).toEqual([{ TemplateId: 'tpl-a', SubscribeStatusString: 'accept' }]);
      expect(normaliseSubscribeList({ SubscribeMsgPopupEvent: {} })).toEqual([]);
    });
  });
});
