import type { Browser } from 'playwright-core';
import { readFileSync } from 'fs';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startStack, stopStack } from '../helpers/stack';
import { signInAsDemo } from '../helpers/session';

/**
 * Open data in the browser: the district admin issues an Open311 API key on the 开放数据接口 page -> a 311
 * client submits a request with it (form-encoded, the standard's way) -> it is a public request and shows
 * on the board 身边的事 of a visitor who is not signed in, without anyone's identity -> the street
 * dispatcher reads the figures on the dashboard (definition on tap) and downloads them as CSV -> the
 * admin revokes the key and the client is refused.
 */
describe('H5: open data (Open311, the board, the dashboard)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
  });
  afterAll(() => stopStack({ server, browser }));

  /** The demo grid's centre (DEMO_POINT in unit.seeder.ts): the board's default centre too. */
  const DEMO = { lat: 32.2429, long: 118.456338 };

  it('key issued -> request submitted -> on the board -> figures and CSV -> key revoked', async () => {
    // 1. The admin issues a key for the district.
    const admin = await newPage(browser, 'desktop');
    await signInAsDemo(admin.page, server.url, 'admin');
    await admin.page.locator('#home-open311-entry >> visible=true').click();
    await admin.page.locator('#open311-issue >> visible=true').waitFor({ timeout: 15000 });
    await admin.page.locator('#open311-name >> visible=true').locator('input').fill('城市服务聚合平台');
    await admin.page.locator('#open311-issue >> visible=true').locator('.unit-picker').getByText('选择', { exact: true }).first().click();
    await admin.page.locator('#open311-issue-submit >> visible=true').click();
    const keyText = admin.page.locator('#open311-issued-key >> visible=true');
    await keyText.waitFor({ timeout: 15000 });
    const key = (await keyText.innerText()).trim();
    expect(key).toMatch(/^o311_/);
    await screenshot(admin.page, 'open311-key-issued');

    // 2. A 311 client lists the services and submits a request with the key.
    const services = (await (await fetch(`${server.url}/api/open311/v2/services.json`)).json()) as Array<{ service_code: string; service_name: string; metadata: boolean }>;
    expect(services.length).toBeGreaterThan(10);
    let service: { service_code: string; service_name: string } | null = null;
    for (const s of services) {
      const def = (await (await fetch(`${server.url}/api/open311/v2/services/${s.service_code}.json`)).json()) as { attributes: Array<{ required: boolean }> };
      if (!def.attributes.some((a) => a.required)) {
        service = s;
        break;
      }
    }
    expect(service).not.toBeNull();
    const form = new URLSearchParams({ api_key: key, service_code: service!.service_code, lat: String(DEMO.lat), long: String(DEMO.long), description: '公园东门的路灯坏了好几天，晚上一片漆黑', email: 'citizen@example.org' });
    const posted = await fetch(`${server.url}/api/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(posted.status).toBe(200);
    const [{ service_request_id: id }] = (await posted.json()) as Array<{ service_request_id: string }>;
    const one = (await (await fetch(`${server.url}/api/open311/v2/requests/${id}.json`)).json()) as Array<Record<string, unknown>>;
    expect(one[0]).toMatchObject({ service_request_id: id, status: 'open', status_notes: '待受理', service_code: service!.service_code });
    expect(JSON.stringify(one)).not.toContain('citizen@example.org');

    // 3. A visitor (not signed in) sees it on the board near the demo grid.
    const visitor = await newPage(browser, 'phone');
    await visitor.page.goto(`${server.url}/#/packages/board/index/index`);
    const item = visitor.page.locator(`#board-item-${id} >> visible=true`);
    await item.waitFor({ timeout: 20000 });
    expect(await item.innerText()).toContain(service!.service_name);
    expect(await item.innerText()).toContain('待受理');
    await screenshot(visitor.page, 'board');

    // 4. The street dispatcher reads the figures, taps a card for its definition, downloads the CSV.
    const dispatcher = await newPage(browser, 'desktop');
    await signInAsDemo(dispatcher.page, server.url, 'street_dispatcher');
    await dispatcher.page.locator('#home-dashboard-entry >> visible=true').click();
    await dispatcher.page.locator('#figure-filed >> visible=true').waitFor({ timeout: 20000 });
    await dispatcher.page.locator('#figure-closureRate >> visible=true').click();
    await dispatcher.page.getByText('结案数 ÷ 立案数').first().waitFor({ timeout: 10000 });
    await dispatcher.page.getByText('知道了').first().click();
    await dispatcher.page.locator('#dashboard-breakdown-category >> visible=true').click();
    await screenshot(dispatcher.page, 'dashboard');
    const [download] = await Promise.all([dispatcher.page.waitForEvent('download', { timeout: 20000 }), dispatcher.page.locator('#dashboard-export >> visible=true').click()]);
    expect(download.suggestedFilename()).toMatch(/^figures-\d{8}-\d{8}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0].startsWith('分组,上报数,不予受理数,立案数')).toBe(true);
    expect(lines[1].startsWith('合计,')).toBe(true);

    // 5. The admin revokes the key; the client is refused from then on.
    await admin.page.reload();
    const row = admin.page.locator('#open311-key-list >> visible=true').locator('.card', { hasText: '城市服务聚合平台' });
    await row.waitFor({ timeout: 15000 });
    await row.getByText('停用', { exact: true }).click();
    // the confirm dialog's button (the last "停用" on the page)
    await admin.page.getByText('停用', { exact: true }).last().click();
    await row.locator('text=已停用').waitFor({ timeout: 15000 });
    const refused = await fetch(`${server.url}/api/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: 'invalid api_key' }]);

    expect(admin.errors).toEqual([]);
    expect(visitor.errors).toEqual([]);
    expect(dispatcher.errors).toEqual([]);
  });
});
