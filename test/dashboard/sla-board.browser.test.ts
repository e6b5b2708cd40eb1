import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';
import { ensureWebBuild, screenshot, signedInPage } from './dashboard-page.ts';

/** A calendar-minutes policy of 12 s to first response (test/sla/sla-clocks.test.ts), so breaches come fast. */
const TARGET = '{ calendarMinutes: 0.2 }';
const SLA_POLICY = `firstResponse: { INFO_REQUEST: ${TARGET}, COMPLAINT: ${TARGET}, MISINFORMATION: ${TARGET} }
    warnAt: [0.5]`;

describe('dashboard in Chromium: the supervisor’s SLA board follows breaches live', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuild();
    ctx = await createTestContext('browser-sla');
    system = await startSystem(ctx, { slaPolicy: SLA_POLICY });
    await createUser(ctx, 'supervisor', 'SUPERVISOR', 'prov');
    await createUser(ctx, 'admin', 'ADMIN', 'prov');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  it('moves the breach counter when a short-policy case breaches', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'supervisor');
    await page.click('nav >> text=SLA');
    const counter = page.locator('#breaches-today[data-loaded="yes"]');
    await counter.waitFor();
    await expect(counter.textContent()).resolves.toBe('0');

    // Posted 10 s ago with a 12 s target: the breach job fires about 2 s after the case opens.
    const postedSec = Math.floor(Date.now() / 1000) - 10;
    system.telegram.pushMessage({
      from: { id: 8101, firstName: 'Warga' },
      text: 'Lapor, lampu jalan di depan pasar mati sudah seminggu, mohon segera diperbaiki.',
      date: postedSec,
    });
    const kase = await waitUntil(() => ctx.prisma.case.findFirst({ select: { id: true } }), {
      what: 'the case to open',
    });
    await page.locator(`.time-left li[data-case-id="${kase.id}"]`).waitFor();
    await waitUntil(() => ctx.prisma.case.findFirst({ where: { id: kase.id, slaState: 'BREACHED' } }), {
      what: 'the breach to be stored',
    });
    // The metrics stream folds changes for 1 s before it recomputes.
    await page.locator('#breaches-today', { hasText: /^1$/ }).waitFor({ timeout: 10_000 });
    const stored = await ctx.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(stored.slaState).toBe('BREACHED');
    await expect(page.locator('#open-count').textContent()).resolves.toBe('1');
    await expect(page.locator('.tree [data-agency-id="dinas"]').textContent()).resolves.toContain(
      '1 lewat batas',
    );
    await screenshot(page, 'sla');
    await page.context().close();
  });

  it('shows channel health and the claim registry', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'admin');
    await page.click('nav >> text=Kanal');
    const channel = page.locator('#channels tr[data-channel-id="tg-dinas"]');
    await channel.waitFor();
    await expect(channel.locator('.channel-status').textContent()).resolves.toBe('aktif');
    await screenshot(page, 'kanal');

    await ctx.prisma.claim.create({
      data: {
        title: 'Vaksin mengandung chip pelacak',
        text: 'Tidak benar.',
        verdict: 'HOAKS',
        clarificationUrl: 'https://example.org/klarifikasi',
      },
    });
    await page.click('nav >> text=Hoaks');
    await page.fill('input[name=claim-search]', 'chip');
    const claim = page.locator('#claims tbody tr').first();
    await claim.waitFor();
    await expect(claim.locator('.subject').textContent()).resolves.toBe('Vaksin mengandung chip pelacak');
    await expect(claim.locator('a').getAttribute('href')).resolves.toBe('https://example.org/klarifikasi');
    await page.fill('input[name=claim-search]', 'tidak ada yang cocok');
    await page.locator('.hoaks-view .empty').waitFor();
    await screenshot(page, 'hoaks');
    await page.context().close();
  });
});
