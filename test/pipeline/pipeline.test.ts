import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CORPUS } from '../fakes/demo-corpus.ts';
import { flaggedThreads, pipelineState } from '../support/pipeline-state.ts';
import { connectSocket, createUser, login, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

// 60 corpus messages: several senders write more than once, so some conversations carry 2+ messages.
const SAMPLE = DEMO_CORPUS.slice(0, 60);

describe('pipeline: Telegram → messages → cases → dashboard events', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let live: Awaited<ReturnType<typeof connectSocket>>;

  beforeAll(async () => {
    ctx = await createTestContext('pipeline');
    system = await startSystem(ctx);
    await createUser(ctx, 'admin-prov', 'ADMIN', 'prov');
    live = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'admin-prov'));
  });
  afterAll(async () => {
    live?.socket.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  it('stores every message, opens one case per flagged conversation and emits one event per case', async () => {
    for (const m of SAMPLE) system.telegram.pushMessage({ from: m.from, text: m.text });
    const done = await waitUntil(
      async () => {
        const s = await pipelineState(ctx.prisma);
        return s.notified === SAMPLE.length && s;
      },
      { what: 'all messages classified and announced' },
    );
    expect(done.messages).toBe(SAMPLE.length);
    expect(done.classified).toBe(SAMPLE.length);
    expect(done.duplicateCases).toBe(0);
    expect(done.cases).toBe(await flaggedThreads(ctx.prisma));
    expect(done.cases).toBeGreaterThan(20);

    const created = await waitUntil(
      async () => {
        const c = live.events.filter((e) => e.kind === 'created');
        return c.length >= done.cases && c;
      },
      { what: 'one created event per case' },
    );
    expect(new Set(created.map((e) => e.case.id)).size).toBe(done.cases);
    expect(created).toHaveLength(done.cases);
    // Every announced case really is in the database, with the category its first flagged message got.
    const first = created[0]!.case;
    const stored = await ctx.prisma.case.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored.category).toBe(first.category);
    expect(stored.agencyId).toBe('dinas');
    expect(first.agencyName).toBe('Dinas Contoh');
  });

  it('keeps the channel cursor past the last update and the channel healthy', async () => {
    const channel = await ctx.prisma.channel.findUniqueOrThrow({ where: { id: 'tg-dinas' } });
    expect(channel.status).toBe('ACTIVE');
    expect(Number(channel.cursor)).toBeGreaterThan(0);
    expect(channel.lastPolledAt).not.toBeNull();
  });
});
