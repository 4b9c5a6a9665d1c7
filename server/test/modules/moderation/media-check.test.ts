import { ContentCheckService } from '../../../src/modules/moderation/content-check.service';
import { ContentCheckEntity } from '../../../src/modules/moderation/content-check.entity';
import { ModerationItemEntity } from '../../../src/modules/moderation/moderation-item.entity';
import { MediaEntity } from '../../../src/modules/media/media.entity';
import { mediaEvents } from '../../../src/modules/media/media.events';
import type { WechatFake } from '../../fakes/wechat-fake';
import { bearer, buildUnitTree, buildUser, grantRole, loginAs, UnitTree } from '../../factories';
import type { TestApp } from '../../helpers/app';
import { newClientKey, noisyJpeg, upload, useTempMediaDir } from '../media/media.test-helpers';
import { startAppWithPush } from './moderation.test-helpers';

/**
 * Images: upload -> media_check_async (trace id) -> WeChat's signed `wxa_media_check` push -> the
 * photo's check status; review/risky leave a moderation item; no verdict in 30 minutes -> manual review.
 */
describe('image content check', () => {
  let t: TestApp;
  let fake: WechatFake;
  let closeAll: () => Promise<void>;
  let tree: UnitTree;
  let mediaDir: ReturnType<typeof useTempMediaDir>;
  let photo: Buffer;

  beforeAll(async () => {
    mediaDir = useTempMediaDir();
    ({ t, fake, closeAll } = await startAppWithPush());
    tree = await buildUnitTree(t);
    photo = await noisyJpeg(320, 240);
  });
  afterAll(async () => {
    await closeAll();
    mediaDir.cleanup();
  });
  beforeEach(() => fake.clear());

  /** Uploads a photo as `user` and waits until the content check has reacted to it. */
  async function uploadAs(user: Awaited<ReturnType<typeof buildUser>>): Promise<number> {
    const res = await upload(t, await loginAs(t, user), photo, { purpose: 'report', clientKey: newClientKey() });
    expect(res.status).toBe(201);
    await mediaEvents.idle();
    return res.body.data.id;
  }
  const mediaRow = (id: number) => t.dataSource.getRepository(MediaEntity).findOneByOrFail({ id });
  const checkOf = (mediaId: number) => t.dataSource.getRepository(ContentCheckEntity).findOneByOrFail({ mediaId });
  const itemsOf = (mediaId: number) => t.dataSource.getRepository(ModerationItemEntity).findBy({ mediaId });

  it('pass: the upload starts media_check_async with the signed URL; the verdict push makes the photo public', async () => {
    const user = await buildUser(t);
    const id = await uploadAs(user);
    const [call] = fake.callsTo('/wxa/media_check_async');
    expect(call.body).toMatchObject({ media_type: 2, version: 2, openid: user.openid, scene: 2 });
    expect(String(call.body!.media_url)).toMatch(new RegExp(`^http://localhost:7001/api/media/${id}/file\\?variant=original&exp=\\d+&sig=`));
    const traceId = fake.lastMediaTraceId();
    expect(await checkOf(id)).toMatchObject({ status: 'waiting', traceId, kind: 'media' });
    expect((await mediaRow(id)).checkStatus).toBe('pending');

    const answer = await fake.deliverMediaVerdict(traceId, 'pass');
    expect(answer).toEqual({ status: 200, body: 'success' });
    expect((await mediaRow(id)).checkStatus).toBe('pass');
    expect(await checkOf(id)).toMatchObject({ status: 'done', suggest: 'pass', label: 100 });
    expect(await itemsOf(id)).toEqual([]);
    // WeChat repeats pushes it thinks were lost: the second one changes nothing.
    expect(await fake.deliverMediaVerdict(traceId, 'risky')).toEqual({ status: 200, body: 'success' });
    expect((await mediaRow(id)).checkStatus).toBe('pass');
  });

  it('risky: the photo is hidden (risky) and an item keeps trace id, suggest and label; a moderator may restore it', async () => {
    const user = await buildUser(t);
    await grantRole(t, user, 'shop_owner', tree.grid);
    const id = await uploadAs(user);
    const traceId = fake.lastMediaTraceId();
    await fake.deliverMediaVerdict(traceId, 'risky', 20002);
    expect((await mediaRow(id)).checkStatus).toBe('risky');
    const [item] = await itemsOf(id);
    expect(item).toMatchObject({ contentType: 'media', targetId: String(id), status: 'hidden', source: 'machine_risky', traceId, suggest: 'risky', label: 20002, ownerId: user.id, unitPath: tree.grid.path });

    const admin = await buildUser(t);
    await grantRole(t, admin, 'admin', tree.street);
    const queue = await t.http().get('/api/admin/moderation').set('authorization', bearer(await loginAs(t, admin)));
    const shown = queue.body.data.find((i: { id: number }) => i.id === item.id);
    expect(shown).toMatchObject({ sourceLabel: '机器判定违规', mediaId: id, thumbnailUrl: expect.stringMatching(new RegExp(`/api/media/${id}/file\\?variant=thumb`)) });
    const restored = await t.http().post(`/api/admin/moderation/${item.id}/restore`).set('authorization', bearer(await loginAs(t, admin))).send({ reason: '误判，图片正常' });
    expect(restored.status).toBe(200);
    expect((await mediaRow(id)).checkStatus).toBe('pass');
  });

  it('review: held (review) with a pending item', async () => {
    const id = await uploadAs(await buildUser(t));
    await fake.deliverMediaVerdict(fake.lastMediaTraceId(), 'review');
    expect((await mediaRow(id)).checkStatus).toBe('review');
    expect((await itemsOf(id)).map((i) => [i.status, i.source])).toEqual([['pending', 'machine_review']]);
  });

  it('no verdict in 30 minutes: manual review; a late verdict is only recorded', async () => {
    const id = await uploadAs(await buildUser(t));
    const traceId = fake.lastMediaTraceId();
    const sut = await t.get(ContentCheckService);
    expect(await sut.sweepOverdue(new Date(Date.now() + 29 * 60_000))).toBe(0);
    expect((await mediaRow(id)).checkStatus).toBe('pending');
    expect(await sut.sweepOverdue(new Date(Date.now() + 31 * 60_000))).toBe(1);
    expect((await mediaRow(id)).checkStatus).toBe('review');
    expect((await itemsOf(id)).map((i) => [i.status, i.source, i.traceId])).toEqual([['pending', 'timeout', traceId]]);
    expect(await checkOf(id)).toMatchObject({ status: 'timeout' });
    expect(await sut.sweepOverdue(new Date(Date.now() + 60 * 60_000))).toBe(0);

    await fake.deliverMediaVerdict(traceId, 'pass');
    expect((await mediaRow(id)).checkStatus).toBe('review');
    expect(await checkOf(id)).toMatchObject({ status: 'timeout', suggest: 'pass' });
    expect((await itemsOf(id))[0]).toMatchObject({ status: 'pending', suggest: 'pass' });
  });

  it('owner without an openid, or WeChat refusing (61010): manual review at once', async () => {
    const demo = await buildUser(t, { openid: null, demoKey: 'demo-moder-media' });
    const a = await uploadAs(demo);
    expect(fake.callsTo('/wxa/media_check_async')).toHaveLength(0);
    expect((await mediaRow(a)).checkStatus).toBe('review');
    expect((await itemsOf(a)).map((i) => [i.status, i.source])).toEqual([['pending', 'unchecked']]);

    fake.failNext('/wxa/media_check_async', 61010);
    const b = await uploadAs(await buildUser(t));
    expect((await mediaRow(b)).checkStatus).toBe('review');
    expect(await checkOf(b)).toMatchObject({ status: 'unchecked', note: 'wechat 61010' });
  });
});
