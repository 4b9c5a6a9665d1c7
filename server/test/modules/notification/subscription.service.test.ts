import { SubscriptionService } from '../../../src/modules/notification/subscription.service';
import type { UserEntity } from '../../../src/modules/user/user.entity';
import { buildUser } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';
import { creditsOf } from './notification.helpers';

describe(SubscriptionService.name, () => {
  let t: TestApp;
  let sut: SubscriptionService;

  beforeAll(async () => {
    t = await startTestApp();
    sut = await t.get(SubscriptionService);
  });
  afterAll(() => t.close());

  const status = async (u: UserEntity, key: string) =>
    (await t.dataSource.query('SELECT last_status FROM notification_subscriptions WHERE user_id = ? AND template_key = ?', [u.id, key]))[0]?.last_status ?? null;

  describe('applySubscribeEvents (called by the WeChat push endpoint)', () => {
    it('popup accept: +1 credit per accept; popup reject: remembered, credits kept', async () => {
      const u = await buildUser(t);
      const r = await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [
        { TemplateId: 'tpl-ticket_filed', SubscribeStatusString: 'accept' },
        { TemplateId: 'tpl-ticket_handled', SubscribeStatusString: 'reject' },
      ]);
      expect(r).toEqual({ applied: 2 });
      expect(await creditsOf(t, u.id, 'ticket_filed')).toBe(1);
      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-ticket_filed', SubscribeStatusString: 'accept' }]);
      expect(await creditsOf(t, u.id, 'ticket_filed')).toBe(2);
      expect(await status(u, 'ticket_filed')).toBe('accept');
      expect(await creditsOf(t, u.id, 'ticket_handled')).toBe(0);
      expect(await status(u, 'ticket_handled')).toBe('reject');
    });

    it('accepts WeChat\'s one-item List given as an object', async () => {
      const u = await buildUser(t);
      const one = { TemplateId: 'tpl-police_alert', SubscribeStatusString: 'accept' };
      expect(await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', one as any)).toEqual({ applied: 1 });
      expect(await creditsOf(t, u.id, 'police_alert')).toBe(1);
    });

    it('change reject: credits 0 and status reject; change accept: status only, no credit', async () => {
      const u = await buildUser(t);
      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-tip_answered', SubscribeStatusString: 'accept' }]);
      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-tip_answered', SubscribeStatusString: 'accept' }]);
      expect(await creditsOf(t, u.id, 'tip_answered')).toBe(2);
      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_change_event', [{ TemplateId: 'tpl-tip_answered', SubscribeStatusString: 'reject' }]);
      expect(await creditsOf(t, u.id, 'tip_answered')).toBe(0);
      expect(await status(u, 'tip_answered')).toBe('reject');
      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_change_event', [{ TemplateId: 'tpl-tip_answered', SubscribeStatusString: 'accept' }]);
      expect(await creditsOf(t, u.id, 'tip_answered')).toBe(0);
      expect(await status(u, 'tip_answered')).toBe('accept');
    });

    it('ignores unknown openids and template ids', async () => {
      const u = await buildUser(t);
      expect(await sut.applySubscribeEvents('openid-nobody', 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-ticket_filed', SubscribeStatusString: 'accept' }])).toEqual({ applied: 0 });
      expect(await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-other-app', SubscribeStatusString: 'accept' }])).toEqual({ applied: 0 });
      expect(await t.dataSource.query('SELECT * FROM notification_subscriptions WHERE user_id = ?', [u.id])).toEqual([]);
    });
  });

  describe('one tap reported twice (client result and popup push)', () => {
    it('counts one credit, whichever arrives first; a second tap counts again', async () => {
      const u = await buildUser(t);
      await sut.report(u.id, { results: { 'tpl-swap_request': 'accept' } });
      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-swap_request', SubscribeStatusString: 'accept' }]);
      expect(await creditsOf(t, u.id, 'swap_request')).toBe(1);

      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-swap_request', SubscribeStatusString: 'accept' }]);
      await sut.report(u.id, { results: { 'tpl-swap_request': 'accept' } });
      expect(await creditsOf(t, u.id, 'swap_request')).toBe(2);
    });

    it('reported at the same moment from both sides: still one credit', async () => {
      const u = await buildUser(t);
      await Promise.all([
        sut.report(u.id, { results: { 'tpl-redemption_ready': 'accept' } }),
        sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-redemption_ready', SubscribeStatusString: 'accept' }]),
      ]);
      expect(await creditsOf(t, u.id, 'redemption_ready')).toBe(1);
    });

    it('an old unmatched accept (over 10 minutes) does not swallow a new one', async () => {
      const u = await buildUser(t);
      await sut.report(u.id, { results: { 'tpl-duty_week_reminder': 'accept' } });
      await t.dataSource.query("UPDATE notification_subscriptions SET unmatched_at = '2000-01-01 00:00:00' WHERE user_id = ?", [u.id]);
      await sut.applySubscribeEvents(u.openid!, 'subscribe_msg_popup_event', [{ TemplateId: 'tpl-duty_week_reminder', SubscribeStatusString: 'accept' }]);
      expect(await creditsOf(t, u.id, 'duty_week_reminder')).toBe(2);
    });
  });
});
