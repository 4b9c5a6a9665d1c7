import type { Page } from 'playwright-core';

/** Signs in on the H5 login page as the demo account `key`, the way a person does, and waits for home. */
export async function signInAsDemo(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/login/index`);
  await page.locator(`#demo-account-${key}`).click();
  await page.locator('#privacy-agree .check__box').click();
  await page.locator('#demo-login-submit').click();
  await page.locator('#home-greeting').waitFor({ timeout: 15000 });
}
