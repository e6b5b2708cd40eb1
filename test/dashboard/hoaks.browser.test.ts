import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { ensureWebBuild, screenshot, signedInPage } from './dashboard-page.ts';

const SLOW = 'Beredar kabar bansos tunai Rp 2 juta bisa dicairkan lewat tautan pendaftaran ini';
const FAST = 'Pesan berantai: air PDAM tercemar bahan kimia, warga diminta tidak minum air keran';
const HOUR = 3_600_000;

/**
 * Hoaks: emerging claims fastest-growing first, promote with a prefilled title, dismiss; the registry search
 * finds the promoted claim; Hoaks and Kanal show times in the agency's zone (WITA here), not the browser's.
 */
describe('Hoaks and Kanal in Chromium', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;
  const firstSeen = new Date(Date.now() - 5 * HOUR);

  async function cluster(id: string, text: string, postedAgo: number[]) {
    await ctx.prisma.emergingCluster.create({ data: { id, representativeText: text } });
    for (const [i, ago] of postedAgo.entries()) {
      const m = await ctx.prisma.message.create({
        data: {
          channelId: 'tg-dinas',
          externalId: `${id}-${i}`,
          direction: 'INBOUND',
          kind: 'DM',
          threadKey: `${id}-${i}`,
          text: `${text} (${i})`,
          raw: {},
          postedAt: i === 0 ? firstSeen : new Date(Date.now() - ago),
          classification: {
            create: { category: 'MISINFORMATION', confidence: 0.8, reasons: [], modelVersion: 'rules-1' },
          },
        },
      });
      await ctx.prisma.emergingClusterMember.create({
        data: { messageId: m.id, clusterId: id, similarity: 0.9 },
      });
    }
  }

  beforeAll(async () => {
    ensureWebBuild();
    ctx = await createTestContext('hoaks');
    system = await startSystem(ctx, { worker: false });
    // The agency keeps its office in Makassar: every time shown must be WITA, whatever the browser's zone.
    await ctx.prisma.agency.update({ where: { id: 'dinas' }, data: { timeZone: 'Asia/Makassar' } });
    await ctx.prisma.channel.update({ where: { id: 'tg-dinas' }, data: { lastPolledAt: firstSeen } });
    await createUser(ctx, 'validator', 'VALIDATOR', 'dinas');
    await createUser(ctx, 'agen', 'AGENT', 'dinas');
    await createUser(ctx, 'supervisor', 'SUPERVISOR', 'dinas');
    // More messages, but none in the last hour; the other grows now.
    await cluster('c1', SLOW, [5 * HOUR, 4 * HOUR, 4 * HOUR, 3 * HOUR, 3 * HOUR, 2 * HOUR]);
    await cluster('c2', FAST, [5 * HOUR, 20 * 60_000, 10 * 60_000, 5 * 60_000]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  const wita = (d: Date) =>
    `${new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Makassar' }).format(d)} WITA`;

  it('lists emerging claims fastest first; a validator promotes one and dismisses another', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'validator');
    await page.goto(`${system.dashboard.url}/hoaks`);
    await page.locator('[data-cluster-id]').nth(1).waitFor();
    expect(
      await page.$$eval('[data-cluster-id]', (els) => els.map((e) => (e as HTMLElement).dataset.clusterId)),
    ).toEqual(['c2', 'c1']);
    const fast = page.locator('[data-cluster-id="c2"]');
    await expect(fast.locator('.cluster-growth').textContent()).resolves.toBe('+3/jam');
    await expect(fast.locator('.cluster-growth-6h').textContent()).resolves.toBe('+0,7/jam');
    await expect(fast.locator('.cluster-count').textContent()).resolves.toBe('4');
    await expect(fast.locator('.cluster-channels').textContent()).resolves.toBe('tg-dinas (4)');
    await expect(fast.locator('.first-seen').textContent()).resolves.toBe(wita(firstSeen));

    await fast.locator('button[name=promote]').click();
    await expect(fast.locator('input[name=title]').inputValue()).resolves.toBe(FAST);
    await fast.locator('input[name=title]').fill('Air PDAM tercemar bahan kimia');
    await fast.locator('select[name=verdict]').selectOption('HOAKS');
    await fast.locator('input[name=clarificationUrl]').fill('https://dinas.example.go.id/klarifikasi/pdam');
    await screenshot(page, 'hoaks-promosi');
    await fast.locator('button[name=save]').click();
    await page.locator('.emerging .notice', { hasText: '4 pesan' }).waitFor();
    await expect.poll(() => page.locator('[data-cluster-id="c2"]').count()).toBe(0);
    const claim = await ctx.prisma.claim.findFirstOrThrow({
      where: { title: 'Air PDAM tercemar bahan kimia' },
    });
    expect([claim.verdict, claim.clarificationUrl]).toEqual([
      'HOAKS',
      'https://dinas.example.go.id/klarifikasi/pdam',
    ]);

    // The registry shows it, searchable, with its verdict and clarification link, times in WITA.
    await page.fill('input[name=claim-search]', 'pdam');
    const row = page.locator(`#claims [data-claim-id="${claim.id}"]`);
    await row.waitFor();
    await expect(row.locator('.badge').textContent()).resolves.toBe('Hoaks');
    await expect(row.locator('a').getAttribute('href')).resolves.toBe(
      'https://dinas.example.go.id/klarifikasi/pdam',
    );
    await expect(row.locator('td.time').textContent()).resolves.toBe(wita(firstSeen));

    await page.locator('[data-cluster-id="c1"] button[name=dismiss]').click();
    await expect.poll(() => page.locator('[data-cluster-id]').count()).toBe(0);
    expect((await ctx.prisma.emergingCluster.findUniqueOrThrow({ where: { id: 'c1' } })).status).toBe(
      'DISMISSED',
    );
    await page.selectOption('select[name=cluster-status]', 'DISMISSED');
    await page.locator('[data-cluster-id="c1"]').waitFor();
    await screenshot(page, 'hoaks');
    await page.context().close();
  });

  it('an agent, on a phone, sees emerging claims without the promote and dismiss buttons', async () => {
    await cluster('c3', 'Video lama banjir bandang disebut terjadi kemarin di kota kita', [30 * 60_000]);
    const page = await signedInPage(browser, system.dashboard.url, 'agen', { width: 390, height: 844 });
    await page.goto(`${system.dashboard.url}/hoaks`);
    await page.locator('[data-cluster-id="c3"]').waitFor();
    // On a phone: no sideways scrolling of the page.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await screenshot(page, 'hoaks-ponsel');
    expect(await page.locator('#emerging button[name=promote], #emerging button[name=dismiss]').count()).toBe(
      0,
    );
    await page.context().close();
  });

  it('Kanal shows a channel’s times in its agency’s zone', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'supervisor');
    await page.goto(`${system.dashboard.url}/kanal`);
    const row = page.locator('[data-channel-id="tg-dinas"]');
    await row.waitFor();
    await expect.poll(() => row.locator('td.time').first().textContent()).toContain(wita(firstSeen));
    await screenshot(page, 'kanal');
    await page.context().close();
  });
});
