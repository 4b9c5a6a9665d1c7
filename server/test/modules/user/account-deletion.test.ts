import { NotificationService } from '../../../src/modules/notification/notification.service';
import { mediaEvents } from '../../../src/modules/media/media.events';
import { buildUser, countRows, loginAs } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';
import { listFiles, plainJpeg, upload, useTempMediaDir } from '../media/media.test-helpers';

/** PIPL Art. 47: deleting the account deletes what Linli holds about the person, files included. */
describe('account deletion and export cover the inbox and photos', () => {
  let t: TestApp;
  let media: ReturnType<typeof useTempMediaDir>;
  beforeAll(async () => {
    media = useTempMediaDir();
    t = await startTestApp();
  });
  afterAll(async () => {
    await mediaEvents.idle();
    await t.close();
    media.cleanup();
  });

  it('exports the inbox and photos, then deletes rows and files', async () => {
    const user = await buildUser(t);
    const other = await buildUser(t);
    const token = await loginAs(t, user);
    const up = await upload(t, token, await plainJpeg());
    expect(up.status).toBe(201);
    const notifications = await t.get(NotificationService);
    await notifications.notify([user.id, other.id], 'role_request_reviewed', { role: '商户', unit: '津浦社区', result: '通过', note: '欢迎', time: new Date() }, 'rr-1');
    expect(listFiles(media.dir)).toHaveLength(2);

    const exported = await t.http().get('/api/me/export').set('Authorization', `Bearer ${token}`);
    expect(exported.status).toBe(200);
    expect(exported.body.data.notifications).toHaveLength(1);
    expect(exported.body.data.media).toEqual([expect.objectContaining({ id: up.body.data.id, purpose: 'avatar', mime: 'image/jpeg' })]);

    const del = await t.http().post('/api/me/delete').set('Authorization', `Bearer ${token}`).send({ confirm: '注销' });
    expect(del.status).toBe(200);
    expect(await countRows(t, 'notifications', 'user_id = ?', [user.id])).toBe(0);
    expect(await countRows(t, 'notification_deliveries', 'user_id = ?', [user.id])).toBe(0);
    expect(await countRows(t, 'media', 'owner_id = ?', [user.id])).toBe(0);
    expect(listFiles(media.dir)).toEqual([]);
    // the other recipient keeps their message
    expect(await countRows(t, 'notifications', 'user_id = ?', [other.id])).toBe(1);
  });
});
