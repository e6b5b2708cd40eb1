import type { Redis } from 'ioredis';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationEmitter } from '../../core/realtime/notification-emitter.ts';
import { createRedis } from '../../core/redis.ts';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { ensureWebBuild, screenshot, signedInPage } from './dashboard-page.ts';

/** SLA notifications reach supervisors as toasts on any view, each linking to its case; agents get none. */
describe('supervisor notifications in Chromium', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;
  let redis: Redis;

  beforeAll(async () => {
    ensureWebBuild();
    ctx = await createTestContext('notify-ui');
    system = await startSystem(ctx, { worker: false });
    await createUser(ctx, 'supervisor', 'SUPERVISOR', 'prov');
    await createUser(ctx, 'agen', 'AGENT', 'dinas');
    redis = createRedis(ctx.redisUrl, 'client');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    redis?.disconnect();
    await system?.stop();
    await ctx?.cleanup();
  });

  it('shows sla.breached as a toast with a link to the case, text escaped', async () => {
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: 'n:1',
        openKey: 'tg-dinas:n:1',
        category: 'COMPLAINT',
        subject: 'Sampah menumpuk',
        openedAt: new Date(Date.now() - 9 * 3_600_000),
      },
    });
    const supervisor = await signedInPage(browser, system.dashboard.url, 'supervisor');
    const agent = await signedInPage(browser, system.dashboard.url, 'agen');
    // The supervisor is on another view: toasts show everywhere.
    await supervisor.goto(`${system.dashboard.url}/hoaks`);
    await supervisor.waitForSelector('#live[data-state="on"]');
    const n = await ctx.prisma.notification.create({
      data: {
        agencyId: 'dinas',
        caseId: kase.id,
        kind: 'sla.breached',
        title: 'Tenggat respons terlewati: <b>Sampah menumpuk</b>',
        body: 'Dinas Contoh · Pengaduan · lewat 1 jam',
        dedupeKey: `test:${kase.id}:breach`,
      },
    });
    await createNotificationEmitter(ctx.prisma, redis, ctx.redisPrefix)(n.id);

    const toast = supervisor.locator(`.toast[data-notification-id="${n.id}"]`);
    await toast.waitFor();
    await expect(toast.locator('.toast-head strong').textContent()).resolves.toBe('SLA terlewati');
    await expect(toast.locator('.toast-title').textContent()).resolves.toBe(
      'Tenggat respons terlewati: <b>Sampah menumpuk</b>',
    );
    expect(await toast.locator('b').count()).toBe(0);
    await screenshot(supervisor, 'notifikasi-supervisor');
    await toast.locator('a.toast-link').click();
    await supervisor.waitForURL(new RegExp(`/kasus/${kase.id}$`));
    await supervisor.locator(`article.case[data-case-id="${kase.id}"]`).waitFor();
    expect(await supervisor.locator('.toast').count()).toBe(0);

    // The agent's page was open all along: notifications are for supervisors, it shows no toast.
    expect(await agent.locator('.toasts').count()).toBe(0);
    await supervisor.context().close();
    await agent.context().close();
  });
});
