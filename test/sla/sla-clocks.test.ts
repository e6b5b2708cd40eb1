import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionCase } from '../../core/cases/transition-case.ts';
import { slaJobId } from '../../core/jobs/catalogue.ts';
import { QUEUE, queuePrefix } from '../../core/jobs/queues.ts';
import { createRedis } from '../../core/redis.ts';
import { createSlaScheduler } from '../../core/sla/case-sla.ts';
import { connectSocket, createUser, login, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

/**
 * A tiny calendar-time policy (12 s to first response, warning at 50%) so the test does not depend on office
 * hours. The worker's clock is frozen by the test: delays are "due − now" on that clock, so a case whose
 * clock reads 5.7 s gets its warning 0.3 s and its breach 6.3 s after it is scheduled, however long the poll
 * and classification took. Real BullMQ delayed jobs in Redis do the waiting.
 */
const TARGET = '{ calendarMinutes: 0.2 }';
const SLA_POLICY = `firstResponse: { INFO_REQUEST: ${TARGET}, COMPLAINT: ${TARGET}, MISINFORMATION: ${TARGET} }
    warnAt: [0.5]`;
const TARGET_MS = 12_000;
const COMPLAINT =
  'Lapor pak, jalan di depan pasar rusak parah dan berlubang, sudah tiga bulan tidak diperbaiki. Tolong ditindaklanjuti!';

describe('SLA clocks: delayed warning and breach jobs', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let redis: Redis;
  let slaQueue: Queue;
  let clock = new Date();
  const now = () => clock;
  let sender = 9100;

  beforeAll(async () => {
    ctx = await createTestContext('sla');
    system = await startSystem(ctx, { slaPolicy: SLA_POLICY, now });
    redis = createRedis(ctx.redisUrl, 'worker');
    slaQueue = new Queue(QUEUE.sla, { connection: redis, prefix: queuePrefix(ctx.redisPrefix) });
  });
  afterAll(async () => {
    await slaQueue?.close();
    redis?.disconnect();
    await system?.stop();
    await ctx?.cleanup();
  });

  /** A citizen's complaint posted a minute ago, with the worker's clock `elapsedMs` after the posting. */
  async function openCase(elapsedMs: number) {
    const postedSec = Math.floor(Date.now() / 1000) - 60;
    const postedAt = new Date(postedSec * 1000);
    clock = new Date(postedAt.getTime() + elapsedMs);
    const from = { id: ++sender, firstName: `Warga${sender}` };
    system.telegram.pushMessage({ from, text: COMPLAINT, date: postedSec });
    const kase = await waitUntil(
      () =>
        ctx.prisma.case.findFirst({
          where: { threadKey: { contains: String(from.id) } },
          select: { id: true, firstResponseDueAt: true, openedAt: true },
        }),
      { what: 'the case to open' },
    );
    expect(kase.openedAt.getTime()).toBe(postedAt.getTime());
    return { ...kase, postedAt };
  }

  const audits = (caseId: string, action: string) =>
    ctx.prisma.auditEvent.count({ where: { entityType: 'Case', entityId: caseId, action } });

  async function jobState(caseId: string, kind: string, due: Date) {
    const job = await slaQueue.getJob(slaJobId(caseId, kind, due));
    return job ? { state: await job.getState(), result: job.returnvalue } : null;
  }

  it('warns then breaches exactly once each, the breach surviving a worker restart', async () => {
    await createUser(ctx, 'admin-sla', 'ADMIN', 'prov');
    const live = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'admin-sla'));
    try {
      const kase = await openCase(5_700);
      const due = new Date(kase.postedAt.getTime() + TARGET_MS);
      expect(kase.firstResponseDueAt?.toISOString()).toBe(due.toISOString());

      await waitUntil(() => audits(kase.id, 'sla.warning'), { what: 'the warning', timeoutMs: 10_000 });
      expect(await audits(kase.id, 'sla.breached')).toBe(0);
      const warned = await ctx.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
      expect(warned.slaState).toBe('AT_RISK');

      // The worker goes down between warning and breach; the breach waits in Redis as a delayed job.
      await system.stopWorker();
      expect((await jobState(kase.id, 'first-breach', due))?.state).toBe('delayed');
      await system.startWorker();

      await waitUntil(async () => (await jobState(kase.id, 'first-breach', due))?.state === 'completed', {
        what: 'the breach job to run',
        timeoutMs: 15_000,
      });
      // Every SLA job of this case has run (the restart's rescheduling added nothing new).
      const counts = await slaQueue.getJobCounts('delayed', 'waiting', 'active', 'prioritized');
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);

      expect(await audits(kase.id, 'sla.warning')).toBe(1);
      expect(await audits(kase.id, 'sla.breached')).toBe(1);
      const events = await ctx.prisma.slaEvent.findMany({
        where: { caseId: kase.id },
        orderBy: { fireAt: 'asc' },
      });
      expect(events.map((e) => e.kind)).toEqual(['first-warn50', 'first-breach']);
      expect(events[1]!.dueAt.toISOString()).toBe(due.toISOString());
      const breached = await ctx.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
      expect(breached.slaState).toBe('BREACHED');

      // The dashboard heard both, once each.
      await waitUntil(async () => live.events.some((e) => e.eventId === `sla-${kase.id}-first-breach`), {
        what: 'the breach event on the dashboard socket',
      });
      expect(live.events.filter((e) => e.eventId === `sla-${kase.id}-first-warn50`)).toHaveLength(1);
      expect(live.events.filter((e) => e.eventId === `sla-${kase.id}-first-breach`)).toHaveLength(1);
      expect(live.events.find((e) => e.eventId === `sla-${kase.id}-first-breach`)?.kind).toBe('updated');
    } finally {
      live.socket.close();
    }
  });

  it('moves the deadline by the time spent waiting on the citizen; jobs for the old deadline do nothing', async () => {
    const kase = await openCase(4_000);
    const oldDue = kase.firstResponseDueAt!;
    const at = (ms: number) => new Date(kase.postedAt.getTime() + ms);
    const agent = await createUser(ctx, `agen-${kase.id.slice(-6)}`, 'AGENT', 'dinas');
    const actor = { id: agent.id, role: 'AGENT' as const };
    await ctx.prisma.$transaction(async (tx) => {
      await transitionCase(tx, { caseId: kase.id, action: 'triage', actor, now: at(4_100) });
      await transitionCase(tx, { caseId: kase.id, action: 'claim', actor, now: at(4_200) });
      await transitionCase(tx, { caseId: kase.id, action: 'wait_on_citizen', actor, now: at(4_500) });
    });
    // Ten seconds (on the case's clock) waiting on the citizen, then back to work.
    clock = at(14_500);
    const resumed = await ctx.prisma.$transaction((tx) =>
      transitionCase(tx, { caseId: kase.id, action: 'resume', actor, now: at(14_500) }),
    );
    expect(resumed.slaChanged).toBe(true);
    const newDue = at(TARGET_MS + 10_000);
    const moved = await ctx.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(moved.firstResponseDueAt?.toISOString()).toBe(newDue.toISOString());
    await createSlaScheduler(ctx.prisma, slaQueue, now)(kase.id);

    await waitUntil(async () => (await jobState(kase.id, 'first-breach', newDue))?.state === 'completed', {
      what: 'the breach for the moved deadline',
      timeoutMs: 15_000,
    });
    const old = await waitUntil(
      async () => {
        const job = await jobState(kase.id, 'first-breach', oldDue);
        return job?.state === 'completed' && job;
      },
      { what: 'the breach job for the old deadline to run', timeoutMs: 15_000 },
    );
    expect(old?.result).toEqual({ skipped: 'deadline moved' });
    expect(await audits(kase.id, 'sla.warning')).toBe(1);
    expect(await audits(kase.id, 'sla.breached')).toBe(1);
    const breach = await ctx.prisma.slaEvent.findUniqueOrThrow({
      where: { caseId_kind: { caseId: kase.id, kind: 'first-breach' } },
    });
    expect(breach.dueAt.toISOString()).toBe(newDue.toISOString());
  });

  it('never breaches a case that was closed before its deadline', async () => {
    const kase = await openCase(5_700);
    const due = kase.firstResponseDueAt!;
    await waitUntil(() => audits(kase.id, 'sla.warning'), { what: 'the warning', timeoutMs: 10_000 });
    const supervisor = await createUser(ctx, 'spv-sla', 'SUPERVISOR', 'dinas');
    await ctx.prisma.$transaction((tx) =>
      transitionCase(tx, {
        caseId: kase.id,
        action: 'close',
        actor: { id: supervisor.id, role: 'SUPERVISOR' },
      }),
    );
    await waitUntil(async () => (await jobState(kase.id, 'first-breach', due))?.state === 'completed', {
      what: 'the breach job to run',
      timeoutMs: 15_000,
    });
    expect((await jobState(kase.id, 'first-breach', due))?.result).toEqual({ skipped: 'closed' });
    expect(await audits(kase.id, 'sla.breached')).toBe(0);
  });
});
