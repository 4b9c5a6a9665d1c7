import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, newPage, screenshot } from '../helpers/browser';
import { RunningServer, startServer } from '../helpers/server';
import { signInAsDemo } from '../helpers/session';

/**
 * The watch-rota journey (issue 6) on the H5 build: the demo community police officer creates a rota
 * over the 120 seeded shops of 津浦路 -> the demo shop owner sees the duty week -> asks the next shop for
 * a swap -> that shop's staff (the demo resident) accepts -> the officer approves -> when the week
 * comes, the owner checks in on duty (location inside the area) -> the third check-in completes the
 * duty and the points ledger awards the points.
 *
 * "When the week comes": the server runs with a test-only clock (a Date preload passed in NODE_OPTIONS,
 * written to a temp folder by this file): the journey moves the server's time to the Monday of the
 * owner's new duty week. H5_DIR may point at a separate H5 build.
 */

/** Node preload: shifts the server's Date by the milliseconds in LINLI_E2E_CLOCK_FILE (re-read every 100 ms). */
const CLOCK_PRELOAD = `
const fs = require('fs');
const file = process.env.LINLI_E2E_CLOCK_FILE;
let offset = 0;
const read = () => { try { offset = Number(fs.readFileSync(file, 'utf8')) || 0; } catch (e) {} };
read();
setInterval(read, 100).unref();
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
  static now() { return RealDate.now() + offset; }
}
global.Date = ShiftedDate;
`;

/** WGS-84 -> GCJ-02 (as the H5 client converts the browser's position), for placing the browser. */
function wgs84ToGcj02(lng: number, lat: number): [number, number] {
  const A = 6378245.0;
  const EE = 0.00669342162296594323;
  const x = lng - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** The centre of the demo grid 津浦社区第1网格 in GCJ-02 (server/src/modules/unit/unit.seeder.ts DEMO_POINT). */
const DEMO_POINT: [number, number] = [118.456338, 32.2429];

const DAY = 86_400_000;
/** Beijing date `YYYY-MM-DD` of an instant. */
const beijingDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
/** The instant a Beijing date starts. */
const beijingMidnight = (d: string) => Date.parse(`${d}T00:00:00+08:00`);
const mondayOf = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * DAY).toISOString().slice(0, 10);
};
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const periodZh = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

describe('H5: watch rota journey (轮值轮防)', () => {
  let server: RunningServer;
  let browser: Browser;
  let dir: string;
  let clockFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linli-rota-e2e-'));
    clockFile = join(dir, 'clock-offset');
    writeFileSync(join(dir, 'clock.js'), CLOCK_PRELOAD);
    writeFileSync(clockFile, '0');
    server = await startServer({ NODE_OPTIONS: `--require ${join(dir, 'clock.js')}`, LINLI_E2E_CLOCK_FILE: clockFile });
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function api<T>(path: string, token: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}/api${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!json.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.data as T;
  }
  /** The page's session token (Taro's H5 storage wraps values as `{"data": ...}`). */
  const tokenOf = async (page: Page) => {
    const raw = JSON.parse((await page.evaluate(() => localStorage.getItem('linli.session'))) ?? '{}');
    const value = raw && typeof raw === 'object' && 'data' in raw ? raw.data : raw;
    return (typeof value === 'string' ? JSON.parse(value) : value).token as string;
  };

  async function as(key: string, kind: 'phone' | 'desktop' = 'phone'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const s = await newPage(browser, kind);
    await signInAsDemo(s.page, server.url, key);
    return s;
  }
  const home = async (page: Page) => {
    await page.goto(`${server.url}/#/pages/home/index`);
    await page.locator('#home-greeting').waitFor({ timeout: 15000 });
  };

  it('officer creates a rota over 120 shops -> owner sees the duty week -> swap asked, accepted, approved -> check-ins -> points', async () => {
    const realToday = beijingDate(Date.now());
    const week0 = addDays(mondayOf(realToday), 7);
    const week1 = addDays(week0, 7);

    // 1. The officer creates the rota over every approved shop of the community's grids.
    const officer = await as('community_police', 'desktop');
    await home(officer.page);
    await officer.page.locator('#rota-manage-entry >> visible=true').click();
    await officer.page.locator('#rota-create-open >> visible=true').click();
    await officer.page.locator('#rota-create-name >> visible=true').locator('input').fill('津浦路商户轮值');
    await officer.page.locator('[id^="rota-create-grid-"] >> visible=true').first().waitFor({ timeout: 15000 });
    expect(await officer.page.locator('[id^="rota-create-grid-"] >> visible=true').count()).toBe(4);
    await expect(officer.page.locator('#rota-create-startDate >> visible=true').locator('input').inputValue()).resolves.toBe(week0);
    await officer.page.locator('#rota-create-submit >> visible=true').click();
    await officer.page.locator('#rota-detail >> visible=true').waitFor({ timeout: 20000 });
    await officer.page.getByText('参与的商户和志愿者（120）').first().waitFor();
    await screenshot(officer.page, 'rota-created');

    // 2. The demo shop owner sees the duty week (shop 1 is first in the rotation).
    const owner = await as('shop_owner');
    await home(owner.page);
    await owner.page.locator('#rota-my-duty-entry >> visible=true').click();
    const card = owner.page.locator('#rota-duty-card >> visible=true');
    await card.waitFor({ timeout: 15000 });
    await expect(card.innerText()).resolves.toContain('下次值守');
    await expect(owner.page.locator('#rota-duty-period >> visible=true').innerText()).resolves.toContain(periodZh(week0));
    await expect(owner.page.locator('#rota-duty-officer >> visible=true').innerText()).resolves.toContain('刘警官');
    await expect(owner.page.locator('#rota-checklist >> visible=true').innerText()).resolves.toContain('可疑');
    await screenshot(owner.page, 'rota-my-duty');

    // 3. The owner asks the shop on duty the week after (shop 2) to swap.
    await owner.page.locator('#rota-swap-request >> visible=true').click();
    await owner.page.locator('#rota-swap-new >> visible=true').waitFor({ timeout: 15000 });
    const option = owner.page.locator('[id^="rota-swap-option-"] >> visible=true', { hasText: '津浦路2号' }).first();
    await expect(option.innerText()).resolves.toContain(periodZh(week1));
    await option.click();
    await owner.page.locator('#rota-swap-reason >> visible=true').locator('textarea').fill('下周要去外地进货');
    await owner.page.locator('#rota-swap-submit >> visible=true').click();
    const status = owner.page.locator('[id^="rota-swap-status-"] >> visible=true').first();
    await status.waitFor({ timeout: 15000 });
    await expect(status.innerText()).resolves.toContain('等待对方同意');

    // 4. Shop 2's staff (the demo resident 王阿姨) accepts from 我的换班.
    const staff = await as('resident');
    await staff.page.goto(`${server.url}/#/packages/rota/swap/index`);
    const accept = staff.page.locator('[id^="rota-swap-accept-"] >> visible=true').first();
    await accept.waitFor({ timeout: 15000 });
    await accept.click();
    await staff.page.getByText('等待民警审批').first().waitFor({ timeout: 15000 });

    // 5. The officer approves it on the rota page; the schedule changes.
    await officer.page.reload();
    const approve = officer.page.locator('[id^="rota-swap-approve-"] >> visible=true').first();
    await approve.waitFor({ timeout: 15000 });
    await approve.click();
    await officer.page.getByText('没有待审批的申请').first().waitFor({ timeout: 15000 });
    const duty = await api<{ next: { start: string; id: number } | null; current: unknown }>('/rota/duty', await tokenOf(owner.page));
    expect(duty.next?.start).toBe(week1);

    // 6. Time moves to the Monday of the owner's new week, 10:00 Beijing time.
    writeFileSync(clockFile, String(beijingMidnight(week1) + 10 * 3_600_000 - Date.now()));
    await new Promise((r) => setTimeout(r, 400));
    await owner.context.close();
    const onDuty = await as('shop_owner');
    const [wgsLng, wgsLat] = [2 * DEMO_POINT[0] - wgs84ToGcj02(...DEMO_POINT)[0], 2 * DEMO_POINT[1] - wgs84ToGcj02(...DEMO_POINT)[1]];
    await onDuty.context.grantPermissions(['geolocation'], { origin: server.url });
    await onDuty.context.setGeolocation({ longitude: wgsLng, latitude: wgsLat, accuracy: 20 });
    await onDuty.page.goto(`${server.url}/#/packages/rota/my-duty/index`);
    const current = onDuty.page.locator('#rota-duty-card >> visible=true');
    await current.waitFor({ timeout: 15000 });
    await expect(current.innerText()).resolves.toContain('本周值守');
    await expect(current.innerText()).resolves.toContain('换班');

    // 7. Check-ins with consent: start + two patrols complete the duty (3 by default) and award points.
    await onDuty.page.locator('#rota-location-consent >> visible=true').locator('.check__box').click();
    await onDuty.page.locator('#rota-location-consent[data-checked="true"] >> visible=true').waitFor();
    for (const button of ['#rota-checkin-start', '#rota-checkin-patrol', '#rota-checkin-patrol']) {
      const count = onDuty.page.locator('#rota-checkin-count >> visible=true');
      const before = await count.innerText();
      await onDuty.page.locator(`${button} >> visible=true`).click();
      // The count changes, or the page says why not (the check-in message).
      const outcome = await Promise.race([
        count.filter({ hasNotText: before }).waitFor({ timeout: 15000 }).then(() => 'counted'),
        onDuty.page.locator('#rota-checkin-message >> visible=true').filter({ hasNotText: /已打卡|已完成/ }).waitFor({ timeout: 15000 }).then(async () => `refused: ${await onDuty.page.locator('#rota-checkin-message >> visible=true').innerText()}`),
      ]);
      expect(outcome).toBe('counted');
    }
    const message = onDuty.page.locator('#rota-checkin-count >> visible=true');
    await expect(message.innerText()).resolves.toContain('已完成');
    await expect(message.innerText()).resolves.toMatch(/获得 \d+ 积分/);
    await screenshot(onDuty.page, 'rota-duty-completed');
    const done = await api<{ current: { state: string; pointsAwarded: number | null } }>('/rota/duty', await tokenOf(onDuty.page));
    expect(done.current.state).toBe('completed');
    expect(done.current.pointsAwarded).toBeGreaterThan(0);

    for (const s of [officer, staff, onDuty]) expect(s.errors).toEqual([]);
    await officer.context.close();
    await staff.context.close();
    await onDuty.context.close();
  }, 240_000);
});
