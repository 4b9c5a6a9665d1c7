/**
 * The ticket journey of e2e/journeys/tickets.e2e.ts in the real mini-program (WeChat DevTools driven by
 * miniprogram-automator): a new WeChat user (a resident) reports a problem with a photo at their current
 * position -> the street dispatcher files it and dispatches it to 城管 -> 城管孙师傅 accepts it and reports
 * back with an after-photo -> the resident confirms it is fixed -> the dispatcher closes it -> the
 * resident rates it -> the figures count it.
 *
 * The resident's steps run in the mini-program's pages. The staff steps use the seeded demo staff
 * accounts over HTTP (the mini-program signs people in with WeChat only; demo sign-in is an H5 feature),
 * the same endpoints their pages call; their pages are covered by the H5 journey and the weapp render tests.
 *
 * What the host needs: see journeys.test.ts (WeChat DevTools with its service port, WECHAT_DEVTOOLS_CLI,
 * a weapp build whose TARO_APP_API_BASE equals LINLI_API_BASE, and the built server). Without DevTools
 * the suite is skipped and says why.
 *
 * Run: `cd client && WECHAT_DEVTOOLS_CLI=... npx jest --selectProjects automator tickets`.
 */
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import { pointInPolygon, polygonBBox, type FiguresResponse, type LngLat, type SessionResponse, type TicketResponse, type UnitDetailResponse, type UnitTreeNode } from '@linli/shared';
import { API, REPO_ROOT, api, startStack, type Stack } from './support/stack';
import { FRESH_LOGIN_CODE, waitFor, findIn, element, currentPage } from './support/mp';

const CLI = process.env.WECHAT_DEVTOOLS_CLI;
const REAL_LOGIN = process.env.LINLI_AUTOMATOR_REAL_LOGIN === '1';
const d = CLI ? describe : describe.skip;
if (!CLI) {
  console.warn(
    'automator ticket journey skipped: WeChat DevTools not configured (set WECHAT_DEVTOOLS_CLI to its CLI path; DevTools runs on Windows/macOS only)',
  );
}

jest.setTimeout(300_000);

const STAMP = `${Date.now()}`.slice(-6);

/** An 8x8 grey JPEG: enough for the server to decode, strip and thumbnail. */
const TINY_JPEG =
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJAA/9k=';

/** Runs inside the mini-program: writes the photo into the user data folder and answers its path. */
const WRITE_PHOTO = `function (data) {
  var path = wx.env.USER_DATA_PATH + '/scene.jpg';
  wx.getFileSystemManager().writeFileSync(path, data, 'base64');
  return path;
}`;

const tap = async (page: Page, selector: string) => (await element(page, selector)).tap();
const textOf = async (page: Page, selector: string) => (await element(page, selector)).text();

/** Children of a unit, whichever shape GET /units/tree answers with. */
async function children(rootId: number): Promise<UnitTreeNode[]> {
  const nodes = await api<UnitTreeNode[]>('GET', `/units/tree?rootId=${rootId}&depth=1`);
  return nodes.length === 1 && nodes[0].id === rootId ? nodes[0].children : nodes.filter((n) => n.id !== rootId);
}

/** A GCJ-02 point inside a grid of 泰山街道 (the demo dispatcher's street). */
async function pointInStreetGrid(): Promise<{ lng: number; lat: number }> {
  const roots = await api<UnitTreeNode[]>('GET', '/units/tree?depth=1');
  const district = roots.find((u) => u.code === '320111');
  if (!district) throw new Error(`no 浦口区 at ${API} (is the server seeded in demo mode?)`);
  const street = (await children(district.id)).find((u) => u.code === '320111001')!;
  const community = (await children(street.id)).find((c) => c.code === '320111001005')!;
  const grid = (await children(community.id)).find((g) => g.level === 'grid' && g.hasPolygon)!;
  const detail = await api<UnitDetailResponse>('GET', `/units/${grid.id}`);
  const polygon = detail.polygon as LngLat[][];
  const [minX, minY, maxX, maxY] = polygonBBox(polygon);
  for (let i = 1; i < 12; i++) {
    for (let j = 1; j < 12; j++) {
      const p: LngLat = [minX + ((maxX - minX) * i) / 12, minY + ((maxY - minY) * j) / 12];
      if (pointInPolygon(p, polygon)) return { lng: Number(p[0].toFixed(6)), lat: Number(p[1].toFixed(6)) };
    }
  }
  throw new Error(`no inside point found for grid ${grid.name}`);
}

/** Uploads a photo for a staff account (what the PhotoUploader does: multipart, purpose report). */
async function uploadAs(token: string): Promise<number> {
  const form = new FormData();
  form.append('purpose', 'report');
  form.append('clientKey', `auto${STAMP}${Math.random().toString(36).slice(2, 8)}`);
  form.append('file', new Blob([Buffer.from(TINY_JPEG, 'base64')], { type: 'image/jpeg' }), 'after.jpg');
  const r = await fetch(`${API}/media`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const json = (await r.json()) as { ok: boolean; data?: { id: number } };
  if (!json.ok || !json.data) throw new Error(`upload failed: ${r.status} ${JSON.stringify(json)}`);
  return json.data.id;
}

d('mini-program ticket journey (WeChat DevTools)', () => {
  let stack: Stack;
  let mp: MiniProgram;

  beforeAll(async () => {
    stack = await startStack();
    mp = await automator.launch({ cliPath: CLI, projectPath: process.env.WECHAT_PROJECT_PATH || REPO_ROOT, trustProject: true, timeout: 120_000 });
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false, errMsg: 'showModal:ok' });
    if (!REAL_LOGIN) await mp.mockWxMethod('login', FRESH_LOGIN_CODE, `tickets-${STAMP}`);
  });

  afterAll(async () => {
    await mp?.close().catch(() => undefined);
    await stack?.stop();
  });

  it('a resident reports with a photo -> filed, dispatched, handled -> the resident confirms and rates -> figures count it', async () => {
    // A photo the picker "chooses" (written into the mini-program's user data folder) and a position in a grid.
    const photoPath = (await mp.evaluate(WRITE_PHOTO, TINY_JPEG)) as string;
    await mp.mockWxMethod('chooseMedia', { type: 'image', tempFiles: [{ tempFilePath: photoPath, size: 300, fileType: 'image' }], errMsg: 'chooseMedia:ok' });
    const point = await pointInStreetGrid();
    await mp.mockWxMethod('getLocation', { latitude: point.lat, longitude: point.lng, accuracy: 20, errMsg: 'getLocation:ok' });

    // 1. Home -> 随手拍 (the silent WeChat login happens on the way).
    const home = await mp.reLaunch('/pages/home/index');
    if (!home) throw new Error('reLaunch to 首页 failed');
    const login = await findIn(home, '#home-login');
    if (login) {
      await login.tap();
      await element(home, '#home-greeting', 30_000);
    }
    await tap(home, '#home-report-entry');
    const report = await currentPage(mp, 'packages/ticket/report/index');
    await element(report, '#report-form', 30_000);
    // Category: the first one of the first major (the journey does not depend on the catalogue's content).
    const major = await element(report, '.category-picker__major-head');
    await major.tap();
    await (await element(report, '.category-picker__item')).tap();
    await element(report, '#report-category-chosen');
    const description = await element(report, '#report-description');
    await (description as unknown as { input(v: string): Promise<void> }).input('小区北门人行道上有人长期占道堆放杂物，老人推车过不去。');
    await tap(report, '#report-photos-add');
    await element(report, '.photo-uploader__item--done', 30_000);
    await tap(report, '#report-location-current');
    await element(report, '#report-location-grid', 30_000);
    // Required extra questions, if the category has any: the first option / a short text.
    const options = (await report.$$('.questions__option')) ?? [];
    if (options.length) await options[0].tap();
    await tap(report, '#report-submit');
    // Similar tickets may be offered (earlier runs): continue with a new report.
    await waitFor('the detail page or the similar list', async () => {
      const p = await mp.currentPage();
      if (p?.path.replace(/^\//, '') === 'packages/ticket/detail/index') return true;
      const cont = await findIn(report, '#report-similar-continue');
      if (cont) await cont.tap();
      return false;
    }, 30_000);
    const detail = await currentPage(mp, 'packages/ticket/detail/index');
    const id = Number((detail.query as Record<string, string>).id);
    expect(await textOf(detail, '#ticket-status')).toContain('待受理');
    expect(await textOf(detail, '#ticket-holder')).toContain('街道');
    const residentSession = JSON.parse(String(await mp.callWxMethod('getStorageSync', 'linli.session'))) as SessionResponse;

    // 2-3. Staff steps over HTTP as the seeded demo staff.
    const dispatcher = (await api<SessionResponse>('POST', '/auth/demo-login', { account: 'street_dispatcher' })).token;
    const handler = (await api<SessionResponse>('POST', '/auth/demo-login', { account: 'department_handler' })).token;
    let t = await api<TicketResponse>('GET', `/tickets/${id}`, undefined, dispatcher);
    t = await api<TicketResponse>('POST', `/tickets/${id}/actions`, { action: 'file', version: t.version }, dispatcher);
    t = await api<TicketResponse>('POST', `/tickets/${id}/actions`, { action: 'dispatch', version: t.version, target: { kind: 'departments', departments: ['chengguan'] } }, dispatcher);
    t = await api<TicketResponse>('GET', `/tickets/${id}`, undefined, handler);
    t = await api<TicketResponse>('POST', `/tickets/${id}/actions`, { action: 'accept', version: t.version }, handler);
    const after = await uploadAs(handler);
    t = await api<TicketResponse>('POST', `/tickets/${id}/actions`, { action: 'handle', version: t.version, result: '已联系商户清理杂物，人行道恢复通行。', photoIds: [after] }, handler);
    expect(t.status).toBe('handled');

    // 4. The resident confirms in the mini-program.
    let page = await mp.reLaunch(`/packages/ticket/detail/index?id=${id}`);
    if (!page) throw new Error('reLaunch to the detail failed');
    await element(page, '#ticket-result', 30_000);
    await tap(page, '#action-verify_pass');
    await tap(page, '#action-submit');
    await waitFor('已核查', async () => (await textOf(page!, '#ticket-status')).includes('已核查'));

    // 5. The dispatcher closes it.
    t = await api<TicketResponse>('GET', `/tickets/${id}`, undefined, dispatcher);
    await api<TicketResponse>('POST', `/tickets/${id}/actions`, { action: 'close', version: t.version }, dispatcher);

    // 6. The resident rates it.
    page = await mp.reLaunch(`/packages/ticket/detail/index?id=${id}`);
    if (!page) throw new Error('reLaunch to the detail failed');
    await tap(page, '#action-rate');
    await tap(page, '#action-rating-5');
    await tap(page, '#action-submit');
    await waitFor('已评价', async () => (await textOf(page!, '#ticket-status')).includes('已评价'));
    const mine = await api<TicketResponse>('GET', `/tickets/${id}`, undefined, residentSession.token);
    expect(mine.rating?.score).toBe(5);

    // 7. The figures count it.
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const figures = await api<FiguresResponse>('GET', `/figures?from=${day}&to=${day}&streetId=${mine.street.id}`, undefined, dispatcher);
    expect(figures.total.closed).toBeGreaterThanOrEqual(1);
    expect(figures.total.rated).toBeGreaterThanOrEqual(1);
  });
});
