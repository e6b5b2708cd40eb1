import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem, TEST_PASSWORD } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

describe('dashboard in Chromium: log in, then cases arrive without a reload', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;
  // The browser's own zone differs from the agency's, so the test proves which one is used.
  const contextOptions = { timezoneId: 'UTC' };

  beforeAll(async () => {
    ctx = await createTestContext('browser');
    system = await startSystem(ctx);
    await createUser(ctx, 'agen-dinas', 'AGENT', 'dinas');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  it('rejects a wrong password with a message in Indonesian', async () => {
    const page = await browser.newPage(contextOptions);
    await page.goto(`${system.dashboard.url}/`);
    expect(page.url()).toMatch(/\/login$/);
    await page.fill('input[name=username]', 'agen-dinas');
    await page.fill('input[name=password]', 'salah');
    await page.click('button[type=submit]');
    await expect(page.locator('.error').textContent()).resolves.toContain(
      'Nama pengguna atau kata sandi salah',
    );
    await page.close();
  });

  it('shows a new case live, with the citizen text escaped', async () => {
    const page = await browser.newPage(contextOptions);
    await page.goto(`${system.dashboard.url}/login`);
    await page.fill('input[name=username]', 'agen-dinas');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('#live[data-state="on"]');
    expect(await page.locator('#cases tr').count()).toBe(0);

    const text =
      'Jalan di depan kantor kecamatan rusak parah <b>tolong</b> segera diperbaiki, sudah 3 bulan!';
    system.telegram.pushMessage({ from: { id: 9001, firstName: 'Ujang' }, text });
    const row = page.locator('#cases tr').first();
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator('.subject').textContent()).resolves.toBe(text);
    expect(await row.locator('.subject b').count()).toBe(0);
    await expect(row.locator('.cat').textContent()).resolves.toBe('Pengaduan');
    await expect(row.locator('.status').textContent()).resolves.toBe('Baru');
    await expect(page.locator('#counts').textContent()).resolves.toContain('Pengaduan: 1');
    // Shown in the agency's zone (WIB), not the browser's (UTC here).
    const openedAt = await ctx.prisma.case.findFirstOrThrow({ select: { openedAt: true } });
    const wib = new Intl.DateTimeFormat('id-ID', { timeStyle: 'short', timeZone: 'Asia/Jakarta' });
    await expect(row.locator('td').nth(4).textContent()).resolves.toContain(
      `${wib.format(openedAt.openedAt)} WIB`,
    );

    // The logout form carries the CSRF token, so the real button works.
    await page.click('text=Keluar');
    await page.waitForURL(/\/login$/);
    await page.goto(`${system.dashboard.url}/`);
    expect(page.url()).toMatch(/\/login$/);
    await page.close();
  });
});
