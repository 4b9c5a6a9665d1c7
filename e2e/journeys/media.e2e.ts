import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { newPage, screenshot } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { startStack, stopStack } from '../helpers/stack';
import { signInAsDemo } from '../helpers/session';

/**
 * Photo upload in H5: a resident changes their avatar on the profile page through the browser's file
 * picker (the mini-program's chooseAvatar does not exist there), sees the upload progress and then the
 * new avatar; a file that is not an image is refused with the server's Chinese message and 重试.
 */
describe('H5: uploading an avatar', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startStack());
  });
  afterAll(() => stopStack({ server, browser }));

  const signInAsResident = (page: Page) => signInAsDemo(page, server.url, 'resident');

  async function openProfile(page: Page) {
    await page.goto(`${server.url}/#/packages/account/profile/index`);
    await page.locator('#profile-avatar-add >> visible=true').waitFor();
  }

  async function pickFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
    const chooser = page.waitForEvent('filechooser');
    await page.locator('#profile-avatar-add >> visible=true').click();
    await (await chooser).setFiles(file);
  }

  it('a resident uploads an avatar, watches the progress and sees it shown', async () => {
    const { context, page, errors } = await newPage(browser);
    await signInAsResident(page);
    await openProfile(page);
    // Hold the upload's answer for a moment so the progress bar can be seen.
    await page.route('**/api/media', async (route) => {
      await new Promise((r) => setTimeout(r, 1200));
      await route.continue();
    });
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#2e86de' } }).jpeg().toBuffer();
    await pickFile(page, { name: 'me.jpg', mimeType: 'image/jpeg', buffer: photo });

    const progress = page.locator('#profile-avatar-progress >> visible=true');
    await progress.waitFor({ timeout: 5000 });
    await expect(page.locator('.photo-uploader__item >> visible=true').innerText()).resolves.toMatch(/\d+%[\s\S]*取消/);
    await screenshot(page, 'avatar-uploading');

    const avatar = page.locator('#profile-avatar-image >> visible=true');
    await avatar.waitFor({ timeout: 15000 });
    await page.waitForFunction(() => {
      const img = document.querySelector('#profile-avatar-image img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    const src = await page.locator('#profile-avatar-image img >> visible=true').getAttribute('src');
    expect(src).toMatch(/\/api\/media\/\d+\/file\?variant=thumb&exp=\d+&sig=/);
    expect(await page.locator('#profile-avatar-progress').count()).toBe(0);

    // saved on the account as the stable avatar URL
    const token = await page.evaluate(() => {
      // Taro's H5 storage wraps each value as {"data": <what setStorageSync got>}; the store saves JSON text.
      let v: unknown = JSON.parse(localStorage.getItem('linli.session') ?? 'null');
      if (v && typeof v === 'object' && 'data' in v) v = (v as { data: unknown }).data;
      if (typeof v === 'string') v = JSON.parse(v);
      return (v as { token?: string } | null)?.token;
    });
    expect(token).toBeTruthy();
    const me = await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(me.data.avatarUrl).toMatch(/^\/api\/media\/\d+\/avatar$/);
    await screenshot(page, 'avatar-uploaded');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a file that is not an image is refused with the Chinese message, and can be removed', async () => {
    const { context, page, errors } = await newPage(browser);
    await signInAsResident(page);
    await openProfile(page);
    // the avatar uploaded before is shown again after a fresh sign-in (resolved through GET /api/media/:id)
    await page.waitForFunction(() => {
      const img = document.querySelector('#profile-avatar-image img') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    }, undefined, { timeout: 10000 });
    await pickFile(page, { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这是一份文字笔记，不是照片。\n'.repeat(30)) });
    const item = page.locator('.photo-uploader__item--failed >> visible=true');
    await item.waitFor({ timeout: 10000 });
    await expect(item.innerText()).resolves.toContain('只能上传 JPG、PNG 或 WebP 格式的图片');
    await expect(item.innerText()).resolves.toContain('重试');
    await screenshot(page, 'avatar-wrong-type');
    await page.locator('.photo-uploader__item--failed .photo-uploader__remove >> visible=true').click();
    await expect(page.locator('.photo-uploader__item >> visible=true').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
