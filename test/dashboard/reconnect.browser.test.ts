import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDashboard, startDashboard } from '../../dashboard/server/start-dashboard.ts';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';
import { ensureWebBuild, signedInPage } from './dashboard-page.ts';

/** The dashboard restarts while cases keep arriving; the open queue must end up exactly as the database. */
describe('dashboard in Chromium: the queue resyncs after the server restarts', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;
  let restarted: RunningDashboard | null = null;

  beforeAll(async () => {
    ensureWebBuild();
    ctx = await createTestContext('browser-reconnect');
    system = await startSystem(ctx);
    await createUser(ctx, 'agen', 'AGENT', 'dinas');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await restarted?.close();
    // The first dashboard was closed by the test itself; stop what is left.
    await system?.stopWorker();
    await system?.telegram.close();
    await ctx?.cleanup();
  });

  const dbCaseIds = async () =>
    (await ctx.prisma.case.findMany({ select: { id: true } })).map((c) => c.id).sort();
  const rowIds = (page: import('playwright-core').Page) =>
    page.$$eval('#cases tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.caseId!).sort());

  it('shows the cases that opened while it was down, once each', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'agen');
    system.telegram.pushMessage({
      from: { id: 6001, firstName: 'Ani' },
      text: 'Jalan berlubang di RT 02 mohon ditambal.',
    });
    await page.locator('#cases tr').first().waitFor();

    const port = Number(new URL(system.dashboard.url).port);
    // The dashboard goes down (its sockets with it); the worker keeps storing cases and emitting events.
    await system.dashboard.close();
    await page.locator('#live[data-state="off"]').waitFor();
    system.telegram.pushMessage({
      from: { id: 6002, firstName: 'Bayu' },
      text: 'Sampah menumpuk di pasar baru, tolong diangkut.',
    });
    system.telegram.pushMessage({
      from: { id: 6003, firstName: 'Cici' },
      text: 'Bagaimana cara mengurus akta kelahiran anak?',
    });
    await waitUntil(async () => (await dbCaseIds()).length === 3, { what: 'three cases in the database' });
    expect(await page.locator('#cases tr').count()).toBe(1);

    // Back on the same port with the same Redis: the session survives and socket.io reconnects by itself.
    restarted = await startDashboard({
      env: {
        REDIS_URL: ctx.redisUrl,
        REDIS_PREFIX: ctx.redisPrefix,
        PORT: port,
        HOST: '127.0.0.1',
        SESSION_SECRET: 'test-session-secret-0123456789',
        NODE_ENV: 'test',
      },
      prisma: ctx.prisma,
      logger: ctx.logger,
    });
    expect(new URL(restarted.url).port).toBe(String(port));
    await page.locator('#live[data-state="on"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => rowIds(page)).toEqual(await dbCaseIds());

    // Live again after the gap: a new case arrives once, and the row count still matches the database.
    system.telegram.pushMessage({
      from: { id: 6004, firstName: 'Dedi' },
      text: 'Lampu PJU di jembatan padam, mohon dicek.',
    });
    await waitUntil(async () => (await dbCaseIds()).length === 4, { what: 'the fourth case' });
    await expect.poll(() => rowIds(page)).toEqual(await dbCaseIds());
    await page.context().close();
  });

  it('under a filter, resyncs to exactly the database rows that match it', async () => {
    const complaintIds = async () =>
      (await ctx.prisma.case.findMany({ where: { category: 'COMPLAINT' }, select: { id: true } }))
        .map((c) => c.id)
        .sort();
    const page = await signedInPage(browser, restarted!.url, 'agen');
    await page.selectOption('select[name=category]', 'COMPLAINT');
    await expect.poll(() => rowIds(page)).toEqual(await complaintIds());
    const before = (await dbCaseIds()).length;

    const port = Number(new URL(restarted!.url).port);
    await restarted!.close();
    await page.locator('#live[data-state="off"]').waitFor();
    system.telegram.pushMessage({
      from: { id: 6005, firstName: 'Eka' },
      text: 'Saluran air tersumbat di gang mawar, tolong dibersihkan.',
    });
    system.telegram.pushMessage({
      from: { id: 6006, firstName: 'Fajar' },
      text: 'Bagaimana cara mengurus surat pindah domisili?',
    });
    await waitUntil(async () => (await dbCaseIds()).length === before + 2, { what: 'two more cases' });
    restarted = await startDashboard({
      env: {
        REDIS_URL: ctx.redisUrl,
        REDIS_PREFIX: ctx.redisPrefix,
        PORT: port,
        HOST: '127.0.0.1',
        SESSION_SECRET: 'test-session-secret-0123456789',
        NODE_ENV: 'test',
      },
      prisma: ctx.prisma,
      logger: ctx.logger,
    });
    await page.locator('#live[data-state="on"]').waitFor({ timeout: 15_000 });
    const expected = await complaintIds();
    // The filter survived the reconnect, and the list is that filter's rows: the new complaint, not the question.
    await expect(page.locator('select[name=category]').inputValue()).resolves.toBe('COMPLAINT');
    await expect.poll(() => rowIds(page)).toEqual(expected);
    expect(expected.length).toBeLessThan(before + 2);
    await page.context().close();
  });
});
