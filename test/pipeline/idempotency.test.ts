import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CORPUS } from '../fakes/demo-corpus.ts';
import { flaggedThreads, pipelineState } from '../support/pipeline-state.ts';
import {
  connectSocket,
  createUser,
  login,
  startSystem,
  systemConfigYaml,
  TOKEN_ENV,
} from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

describe('idempotency: replays, retries and a killed worker never duplicate anything', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let live: Awaited<ReturnType<typeof connectSocket>>;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    ctx = await createTestContext('idem');
    system = await startSystem(ctx, { worker: false });
    await createUser(ctx, 'sup-prov', 'SUPERVISOR', 'prov');
    live = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'sup-prov'));
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    live?.socket.close();
    await system?.stop();
    await ctx?.cleanup();
  });

  async function settled(expected: number) {
    return waitUntil(
      async () => {
        const s = await pipelineState(ctx.prisma);
        return s.notified === expected && s.messages === expected && s;
      },
      { what: `${expected} messages stored, classified and announced` },
    );
  }

  it('survives the worker being killed mid-way, then a replayed stream and a retried poll', async () => {
    const batch = DEMO_CORPUS.slice(0, 200);
    // A real worker process, killed with SIGKILL while it is classifying.
    const dir = mkdtempSync(path.join(tmpdir(), 'tanggap-idem-'));
    const configFile = path.join(dir, 'tanggap.yaml');
    writeFileSync(configFile, systemConfigYaml(system.telegram.url));
    // node itself (not the tsx wrapper), so SIGKILL hits the worker and not a parent that leaves it running.
    child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: ctx.databaseUrl,
        REDIS_URL: ctx.redisUrl,
        REDIS_PREFIX: ctx.redisPrefix,
        TANGGAP_CONFIG: configFile,
        [TOKEN_ENV]: system.token,
        LOG_LEVEL: 'silent',
        JOB_LOCK_SECONDS: '3',
      },
      stdio: 'ignore',
    });
    for (const m of batch) system.telegram.pushMessage({ from: m.from, text: m.text });
    await waitUntil(
      async () => (await ctx.prisma.message.count({ where: { notifiedAt: { not: null } } })) > 0,
      {
        what: 'the child worker to start classifying',
        intervalMs: 10,
      },
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const atKill = await pipelineState(ctx.prisma);
    expect(atKill.messages).toBeGreaterThan(0);

    await system.startWorker();
    const afterRestart = await settled(batch.length);
    expect(afterRestart.duplicateCases).toBe(0);
    expect(afterRestart.cases).toBe(await flaggedThreads(ctx.prisma));
    const createdOnce = live.events.filter((e) => e.kind === 'created');
    await waitUntil(async () => createdOnce.length >= afterRestart.cases || null, { what: 'created events' });
    expect(new Set(createdOnce.map((e) => e.case.id)).size).toBe(afterRestart.cases);

    // The platform serves the same updates again (an offset lost on its side, or ours reset).
    const eventsBefore = live.events.length;
    system.telegram.replayFrom(1);
    await ctx.prisma.channel.update({ where: { id: 'tg-dinas' }, data: { cursor: null } });
    const requestsBefore = system.telegram.requests;
    await waitUntil(async () => system.telegram.requests > requestsBefore + 1 || null, {
      what: 'two more polls',
    });
    // A transient failure makes BullMQ retry the poll job; the retry stores nothing twice.
    system.telegram.failNext({
      status: 502,
      body: { ok: false, error_code: 502, description: 'Bad Gateway' },
    });
    const extra = DEMO_CORPUS.slice(200, 205);
    for (const m of extra) system.telegram.pushMessage({ from: m.from, text: m.text });
    const final = await settled(batch.length + extra.length);
    expect(final.duplicateCases).toBe(0);
    expect(final.cases).toBe(await flaggedThreads(ctx.prisma));
    const replayedIds = live.events.slice(eventsBefore).map((e) => e.eventId);
    const batchIds = new Set(
      (
        await ctx.prisma.message.findMany({
          select: { id: true },
          orderBy: { fetchedAt: 'asc' },
          take: batch.length,
        })
      ).map((m) => m.id),
    );
    expect(replayedIds.filter((id) => batchIds.has(id))).toEqual([]);
  }, 120_000);
});
