import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineState } from '../support/pipeline-state.ts';
import { createUser, getJson, login, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

describe('bad input is kept and shown, never dropped and never fatal', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let adminCookie: string;

  beforeAll(async () => {
    ctx = await createTestContext('badinput');
    system = await startSystem(ctx);
    await createUser(ctx, 'admin-prov', 'ADMIN', 'prov');
    await createUser(ctx, 'agen-prov', 'AGENT', 'prov');
    adminCookie = await login(system.dashboard.url, 'admin-prov');
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  it('stores the good updates of a page and records each malformed one as a failure', async () => {
    const from = { id: 42, first_name: 'Dewi', is_bot: false };
    const chat = { id: 42, type: 'private', first_name: 'Dewi' };
    system.telegram.pushMessage({
      from: { id: 41, firstName: 'Asep' },
      text: 'Syarat bikin KTP baru apa aja min?',
    });
    const missingText = system.telegram.pushRawUpdate({
      message: { message_id: 900, date: 1_700_000_000, chat, from },
    });
    const wrongTypes = system.telegram.pushRawUpdate({
      message: { message_id: 'sembilan', date: 'kemarin', chat, from, text: 12345 },
    });
    system.telegram.pushMessage({
      from: { id: 43, firstName: 'Rudi' },
      text: 'Jalan di Jl. Merdeka berlubang, bahaya!',
    });

    await waitUntil(async () => (await pipelineState(ctx.prisma)).notified === 2, {
      what: 'two good messages',
    });
    const failures = await waitUntil(
      async () => {
        const rows = await ctx.prisma.processingFailure.findMany({ orderBy: { createdAt: 'asc' } });
        return rows.length >= 2 && rows;
      },
      { what: 'two failures' },
    );
    expect(failures.map((f) => f.externalId).sort()).toEqual(
      [String(missingText), String(wrongTypes)].sort(),
    );
    expect(failures.every((f) => f.raw.length > 0 && f.reason.length > 0)).toBe(true);
    expect(failures.map((f) => f.reason).join(' ')).toMatch(/text|message_id|date/);
  });

  it('records an unreadable page (invalid JSON, a 5 MB body) and keeps polling afterwards', async () => {
    system.telegram.failNext({ status: 200, rawBody: '{"ok":true,"result":[{"update_id":' });
    await waitUntil(
      async () =>
        (await ctx.prisma.processingFailure.count({ where: { dedupeKey: { startsWith: 'page:' } } })) >= 1,
      {
        what: 'the invalid JSON page to be recorded',
      },
    );
    system.telegram.failNext({
      status: 200,
      rawBody: `{"ok":true,"result":[],"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`,
    });
    await waitUntil(
      async () =>
        (await ctx.prisma.processingFailure.count({ where: { dedupeKey: { startsWith: 'page:' } } })) >= 2,
      {
        what: 'the 5 MB page to be recorded',
      },
    );
    const big = await ctx.prisma.processingFailure.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    expect(big.raw.length).toBeLessThanOrEqual(64 * 1024);

    system.telegram.pushMessage({
      from: { id: 44, firstName: 'Wati' },
      text: 'Kapan pendaftaran PPDB SMA dibuka?',
    });
    await waitUntil(async () => (await pipelineState(ctx.prisma)).notified === 3, {
      what: 'polling to go on',
    });
    const channel = await ctx.prisma.channel.findUniqueOrThrow({ where: { id: 'tg-dinas' } });
    expect(channel.status).toBe('ACTIVE');
  });

  it('shows failures to an admin only', async () => {
    const asAdmin = await getJson(`${system.dashboard.url}/api/failures`, adminCookie);
    expect(asAdmin.status).toBe(200);
    expect((asAdmin.body.failures as unknown[]).length).toBeGreaterThanOrEqual(4);
    const asAgent = await getJson(
      `${system.dashboard.url}/api/failures`,
      await login(system.dashboard.url, 'agen-prov'),
    );
    expect(asAgent.status).toBe(403);
    expect((await getJson(`${system.dashboard.url}/api/failures`)).status).toBe(401);
  });

  it('lists failures and channel health on the admin page, escaped', async () => {
    system.telegram.pushRawUpdate({
      message: { message_id: 901, date: 1, chat: { id: 5, type: 'private' }, text: ['<script>x</script>'] },
    });
    await waitUntil(async () => (await ctx.prisma.processingFailure.count()) >= 5, {
      what: 'the fifth failure',
    });
    const res = await fetch(`${system.dashboard.url}/admin`, { headers: { cookie: adminCookie } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('Gagal diproses (5)');
    expect(body).toContain('tg-dinas');
    expect(body).toContain('&lt;script&gt;');
    expect(body).not.toContain('<script>x</script>');
  });
});
