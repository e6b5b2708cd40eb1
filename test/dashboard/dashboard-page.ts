import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../support/system.ts';

/** Builds dashboard/web when its dist is missing or stale (lock-protected: test files start in parallel). */
export function ensureWebBuild(): void {
  const result = spawnSync('node', ['scripts/ensure-web-build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building dashboard/web failed');
}

/**
 * A signed-in page in its own browser context (its own cookies), in UTC so times prove they follow the
 * agency's zone; resolves once the live socket has synced.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  viewport = { width: 1366, height: 800 },
): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'UTC', viewport });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('#live[data-state="on"]');
  return page;
}

/** Screenshots for a human to look at (test-results/ is not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}
