import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem, TEST_PASSWORD } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';
import { ensureWebBuild, screenshot, signedInPage } from './dashboard-page.ts';

describe('dashboard in Chromium: log in, then cases arrive without a reload', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuild();
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
    const page = await browser.newPage({ timezoneId: 'UTC' });
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

  it('shows a new case live within 2 s of being stored, text escaped, times in the agency zone', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'agen-dinas');
    let alerted = false;
    page.on('dialog', async (dialog) => {
      alerted = true;
      await dialog.dismiss();
    });
    expect(await page.locator('#cases tr').count()).toBe(0);

    const text =
      'Jalan rusak parah <b>tolong</b> <img src=x onerror=alert(1)> <script>alert(2)</script> segera diperbaiki!';
    system.telegram.pushMessage({ from: { id: 9001, firstName: 'Ujang' }, text });
    // "Served by the platform" = stored by the worker; from then the row must show within 2 s, no reload.
    const stored = await waitUntil(() => ctx.prisma.message.findFirst({ select: { fetchedAt: true } }), {
      intervalMs: 20,
      what: 'the message to be stored',
    });
    const storedAt = Date.now();
    const row = page.locator('#cases tr').first();
    await row.waitFor({ timeout: 5_000 });
    expect(Date.now() - storedAt).toBeLessThan(2_000);
    expect(stored.fetchedAt).toBeInstanceOf(Date);

    await expect(row.locator('.subject').textContent()).resolves.toBe(text);
    expect(await page.locator('#cases img, #cases b, #cases script').count()).toBe(0);
    expect(alerted).toBe(false);
    await expect(row.getAttribute('data-case-id')).resolves.toMatch(/\w+/);
    await expect(row.locator('.cat').textContent()).resolves.toBe('Pengaduan');
    await expect(row.locator('.status').textContent()).resolves.toBe('Baru');
    await expect(page.locator('#counts').textContent()).resolves.toContain('Pengaduan: 1');
    // Shown in the agency's zone (WIB), not the browser's (UTC here).
    const openedAt = await ctx.prisma.case.findFirstOrThrow({ select: { openedAt: true } });
    const wib = new Intl.DateTimeFormat('id-ID', { timeStyle: 'short', timeZone: 'Asia/Jakarta' });
    await expect(row.locator('td').nth(4).textContent()).resolves.toContain(
      `${wib.format(openedAt.openedAt)} WIB`,
    );
    await screenshot(page, 'antrian');

    // The same text in the case view stays text too.
    await row.locator('.subject a').click();
    await page.waitForSelector('.thread .msg-text');
    await expect(page.locator('.thread .msg-text').first().textContent()).resolves.toBe(text);
    expect(await page.locator('.thread img, .thread script, .thread b').count()).toBe(0);
    expect(alerted).toBe(false);

    // The logout form carries the CSRF token, so the real button works.
    await page.click('text=Keluar');
    await page.waitForURL(/\/login$/);
    await page.goto(`${system.dashboard.url}/`);
    expect(page.url()).toMatch(/\/login$/);
    await page.context().close();
  });

  it('on a phone the queue shows cards without sideways scrolling', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'agen-dinas', { width: 390, height: 844 });
    await page.locator('#cases tr').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'antrian-ponsel');
    await page.context().close();
  });

  it('keeps TEST_PASSWORD out of the page', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'agen-dinas');
    expect(await page.content()).not.toContain(TEST_PASSWORD);
    await page.context().close();
  });
});
