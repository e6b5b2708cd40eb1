import type { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseEmitter, createCaseEmitter } from '../../core/realtime/case-emitter.ts';
import { createRedis } from '../../core/redis.ts';
import { type ApiUser, apiAs } from '../support/api-client.ts';
import { launchChromium } from '../support/browser.ts';
import { createUser, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';
import { ensureWebBuild, screenshot, signedInPage } from './dashboard-page.ts';
import { seedOpenCases } from './scratch-dashboard.ts';

const SEEDED = 250;

/** The queue filters, searches and pages on the server; live cases join only the list they match. */
describe('queue at scale: server-side filters, search, keyset paging, live rows under a filter', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let browser: Browser;
  let redis: Redis;
  let emitCase: CaseEmitter;
  let agent: ApiUser;
  let agentId: string;

  beforeAll(async () => {
    ensureWebBuild();
    ctx = await createTestContext('queue-scale');
    system = await startSystem(ctx, { worker: false });
    agentId = (await createUser(ctx, 'agen', 'AGENT', 'dinas')).id;
    await seedOpenCases(ctx.databaseUrl, SEEDED);
    redis = createRedis(ctx.redisUrl, 'client');
    emitCase = createCaseEmitter(ctx.prisma, redis, ctx.redisPrefix);
    agent = await apiAs(system.dashboard.url, 'agen');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    redis?.disconnect();
    await system?.stop();
    await ctx?.cleanup();
  });

  const dbIds = async (where: object = {}) =>
    (
      await ctx.prisma.case.findMany({
        where,
        select: { id: true },
        orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
      })
    ).map((c) => c.id);

  it('pages through every case once, in order, by keyset cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = cursor ? `&before=${encodeURIComponent(cursor)}` : '';
      const res = await agent.get(`/api/cases?limit=100${qs}`);
      expect(res.status).toBe(200);
      expect(res.body.cases.length).toBeLessThanOrEqual(100);
      seen.push(...res.body.cases.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(await dbIds());
    expect(new Set(seen).size).toBe(SEEDED);
  });

  it('filters and counts in SQL over the scope, and searches subject and citizen literally', async () => {
    const complaintsNew = await agent.get('/api/cases?category=COMPLAINT&status=NEW&limit=200');
    expect(complaintsNew.body.cases.map((c: { id: string }) => c.id)).toEqual(
      await dbIds({ category: 'COMPLAINT', status: 'NEW' }),
    );
    // Counts ignore the category (they are the menu of categories) but follow the other filters.
    const groups = await ctx.prisma.case.groupBy({
      by: ['category'],
      where: { status: 'NEW' },
      _count: true,
    });
    expect(complaintsNew.body.counts).toEqual(Object.fromEntries(groups.map((g) => [g.category, g._count])));
    expect(complaintsNew.body.channels).toEqual(['tg-dinas']);

    const bySubject = await agent.get(`/api/cases?q=${encodeURIComponent('rt 17 ')}&limit=200`);
    expect(bySubject.body.cases.length).toBe(
      await ctx.prisma.case.count({ where: { subject: { contains: 'RT 17 ' } } }),
    );
    expect(bySubject.body.cases.length).toBeGreaterThan(0);
    const byCitizen = await agent.get(`/api/cases?q=${encodeURIComponent('Warga 123')}`);
    expect(byCitizen.body.cases.map((c: { id: string }) => c.id)).toEqual(['seedk0000123']);
    // LIKE wildcards in the search text are matched literally, not as "anything".
    expect((await agent.get('/api/cases?q=%25')).body.cases).toEqual([]);
    expect((await agent.get('/api/cases?q=_')).body.cases).toEqual([]);

    await ctx.prisma.case.update({ where: { id: 'seedk0000007' }, data: { assigneeId: agentId } });
    const mine = await agent.get('/api/cases?assigneeId=me');
    expect(mine.body.cases.map((c: { id: string; assigneeName: string }) => [c.id, c.assigneeName])).toEqual([
      ['seedk0000007', 'agen'],
    ]);
    const unassigned = await agent.get('/api/cases?assigneeId=none&limit=1');
    expect(Object.values(unassigned.body.counts).reduce((a, b) => Number(a) + Number(b), 0)).toBe(SEEDED - 1);

    const bad = await agent.get('/api/cases?limit=500');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('limit');
    expect((await agent.get('/api/cases?before=nonsense')).body.error.field).toBe('before');
  });

  const rowIds = (page: Page) =>
    page.$$eval('#cases tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.caseId!));

  async function newCase(category: 'COMPLAINT' | 'OTHER', subject: string) {
    const n = Math.random().toString(36).slice(2, 8);
    const kase = await ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: `live-${n}`,
        openKey: `tg-dinas:live-${n}`,
        category,
        subject,
        openedAt: new Date(),
      },
    });
    await emitCase(kase.id, `test-${kase.id}`, 'created');
    return kase.id;
  }

  it('in Chromium: first page, "muat lebih", server filter and search, live row under the filter', async () => {
    const page = await signedInPage(browser, system.dashboard.url, 'agen');
    await expect.poll(() => page.locator('#cases tr').count()).toBe(100);
    expect(await rowIds(page)).toEqual((await dbIds()).slice(0, 100));
    const complaints = await ctx.prisma.case.count({ where: { category: 'COMPLAINT' } });
    await expect(page.locator('#counts').textContent()).resolves.toContain(`Pengaduan: ${complaints}`);

    await page.click('#load-more');
    await expect.poll(() => page.locator('#cases tr').count()).toBe(200);
    await page.click('#load-more');
    await expect.poll(() => page.locator('#cases tr').count()).toBe(SEEDED);
    await expect(page.locator('#load-more').count()).resolves.toBe(0);
    expect(await rowIds(page)).toEqual(await dbIds());

    await page.selectOption('select[name=category]', 'COMPLAINT');
    const complaintIds = await dbIds({ category: 'COMPLAINT' });
    await expect.poll(() => rowIds(page)).toEqual(complaintIds.slice(0, 100));

    await page.fill('input[name=q]', 'Warga 12');
    const matching = await dbIds({
      category: 'COMPLAINT',
      messages: { some: { contact: { displayName: { contains: 'Warga 12' } } } },
    });
    expect(matching.length).toBeGreaterThan(0);
    await expect.poll(() => rowIds(page)).toEqual(matching);
    await page.fill('input[name=q]', '');
    await expect.poll(() => rowIds(page)).toEqual(complaintIds.slice(0, 100));

    // Live: a case of another category stays out; one that matches slides in on top, highlighted.
    const other = await newCase('OTHER', 'Pertanyaan umum tentang jam layanan');
    const complaint = await newCase('COMPLAINT', 'Saluran air tersumbat di blok C');
    await page.locator(`#cases tr[data-case-id="${complaint}"].row-new`).waitFor();
    expect((await rowIds(page))[0]).toBe(complaint);
    expect(await page.locator(`#cases tr[data-case-id="${other}"]`).count()).toBe(0);
    await expect.poll(() => page.locator('#counts').textContent()).toContain(`Pengaduan: ${complaints + 1}`);
    await screenshot(page, 'antrian-filter-langsung');

    // "a" takes the selected case from its summary (status, version): no detail fetch.
    const detailFetches: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'GET' && /\/api\/cases\/[^/?]+$/.test(new URL(r.url()).pathname))
        detailFetches.push(r.url());
    });
    await page.locator('h1').click(); // out of the search box: keys typed there are text
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await page.locator('.notice', { hasText: 'Kasus diambil.' }).waitFor();
    expect(detailFetches).toEqual([]);
    const taken = await ctx.prisma.case.findUniqueOrThrow({ where: { id: complaint } });
    expect([taken.status, taken.assigneeId]).toEqual(['IN_PROGRESS', agentId]);
    await page.context().close();
  });
});
