import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseEmitter } from '../../core/realtime/case-emitter.ts';
import { createRedis } from '../../core/redis.ts';
import { clockOf, clockPolicyFor } from '../../core/sla/case-sla.ts';
import { apiAs } from '../support/api-client.ts';
import { connectSocket, createOtherAgency, createUser, login, startSystem } from '../support/system.ts';
import { createTestContext, type TestContext, waitUntil } from '../support/test-context.ts';

const POLICY = `firstResponse: { COMPLAINT: { workingHours: 2 } }
    resolution: { COMPLAINT: { workingDays: 5 } }`;
const CALENDAR = `calendars:
  dinas-kal:
    timezone: Asia/Jakarta
    officeHours: { mon: ["08:00-16:00"], tue: ["08:00-16:00"], wed: ["08:00-16:00"], thu: ["08:00-16:00"], fri: ["08:00-16:00"] }
    closures: ["2026-03-05"]`;
const wib = (local: string) => new Date(`${local}+07:00`);
const MINUTE = 60_000;

describe('SLA explanation and metrics: API and live stream', () => {
  let ctx: TestContext;
  let system: Awaited<ReturnType<typeof startSystem>>;
  let agentId = '';

  beforeAll(async () => {
    ctx = await createTestContext('sla-metrics');
    system = await startSystem(ctx, {
      worker: false,
      slaPolicy: POLICY,
      configExtra: { dinasFields: 'calendar: dinas-kal', topLevel: CALENDAR },
    });
    agentId = (await createUser(ctx, 'agen', 'AGENT', 'dinas')).id;
    await createUser(ctx, 'spv', 'SUPERVISOR', 'prov');
    await createOtherAgency(ctx);
  });
  afterAll(async () => {
    await system?.stop();
    await ctx?.cleanup();
  });

  /** A complaint case in "dinas" with its clock as the worker sets it, answered `answeredAfterMin` later. */
  async function openCase(openedAt: Date, answeredAfterMin: number | null, extra = {}) {
    const policy = clockPolicyFor(system.config.slaPolicies.standar, 'COMPLAINT')!;
    const agency = await ctx.prisma.agency.findUniqueOrThrow({
      where: { id: 'dinas' },
      select: { timeZone: true, calendar: true },
    });
    const clock = clockOf(
      { openedAt, slaStartedAt: null, slaClock: JSON.parse(JSON.stringify(policy)), slaPauses: [], agency },
      openedAt,
    )!;
    return ctx.prisma.case.create({
      data: {
        agencyId: 'dinas',
        channelId: 'tg-dinas',
        threadKey: `t-${Math.random()}`,
        category: 'COMPLAINT',
        status: answeredAfterMin === null ? 'TRIAGED' : 'ANSWERED',
        subject: 'Lampu jalan mati',
        openedAt,
        slaClock: { ...policy },
        firstResponseDueAt: clock.firstResponseDueAt,
        resolutionDueAt: clock.resolutionDueAt,
        firstResponseAt:
          answeredAfterMin === null ? null : new Date(openedAt.getTime() + answeredAfterMin * MINUTE),
        ...extra,
      },
    });
  }

  it('explains a deadline: start, target, days counted and skipped with the reason', async () => {
    const kase = await openCase(wib('2026-03-04T15:00:00'), null);
    const agent = await apiAs(system.dashboard.url, 'agen');
    const res = await agent.get(`/api/cases/${kase.id}/sla`);
    expect(res.status).toBe(200);
    const { explanation } = res.body;
    expect(explanation).toMatchObject({
      timeZone: 'Asia/Jakarta',
      zoneLabel: 'WIB',
      calendar: 'configured',
      startedAt: '2026-03-04T15:00:00+07:00',
      startedBy: 'opened',
    });
    const [first, resolution] = explanation.clocks;
    expect(first).toMatchObject({
      clock: 'first',
      targetText: '2 jam kerja',
      dueAt: '2026-03-06T09:00:00+07:00',
    });
    expect(first.days).toEqual([
      { date: '2026-03-04', counted: true, minutes: 60 },
      { date: '2026-03-05', counted: false, minutes: 0, reason: 'kantor tutup (konfigurasi instansi)' },
      { date: '2026-03-06', counted: true, minutes: 60 },
    ]);
    expect(resolution.targetText).toBe('5 hari kerja');
    expect(resolution.dueAt).toBe('2026-03-12T16:00:00+07:00');
    expect(resolution.days.slice(0, 3)).toEqual([
      { date: '2026-03-04', counted: false, minutes: 0, reason: 'hari diterima (tidak dihitung)' },
      { date: '2026-03-05', counted: false, minutes: 0, reason: 'kantor tutup (konfigurasi instansi)' },
      { date: '2026-03-06', counted: true, minutes: 480, workingDay: 1 },
    ]);
    expect(resolution.days.find((d: { date: string }) => d.date === '2026-03-07').reason).toBe(
      'bukan hari kerja',
    );

    // Another agency's user cannot read it (404, as if it did not exist).
    await createUser(ctx, 'agen-lain', 'AGENT', 'lain');
    expect(
      (await (await apiAs(system.dashboard.url, 'agen-lain')).get(`/api/cases/${kase.id}/sla`)).status,
    ).toBe(404);
  });

  it('computes p50/p90 in calendar and working minutes and the breach rate, per group', async () => {
    // Mon 9 Mar 2026 09:00 WIB: answers after 30, 60, 90 and 600 minutes (the last at 19:00, after closing:
    // 420 working minutes, 08:00–16:00 counted up to 16:00).
    const opened = wib('2026-03-09T09:00:00');
    for (const after of [30, 60, 90]) await openCase(opened, after, { assigneeId: agentId });
    await openCase(opened, 600, { slaState: 'BREACHED' });
    const spv = await apiAs(system.dashboard.url, 'spv');
    const range = `from=${encodeURIComponent('2026-03-09T00:00:00+07:00')}&to=${encodeURIComponent('2026-03-10T00:00:00+07:00')}`;
    const byCategory = await spv.get(`/api/metrics/sla?groupBy=category&${range}`);
    expect(byCategory.status).toBe(200);
    expect(byCategory.body.total).toMatchObject({
      cases: 4,
      breached: 1,
      breachRate: 0.25,
      firstResponse: {
        count: 4,
        calendarMinutes: { p50: 60, p90: 600 },
        workingMinutes: { p50: 60, p90: 420 },
      },
      resolution: { count: 0, calendarMinutes: { p50: null, p90: null } },
    });
    expect(byCategory.body.rows).toHaveLength(1);
    expect(byCategory.body.rows[0]).toMatchObject({ key: 'COMPLAINT', label: 'Pengaduan', cases: 4 });

    const byAgent = await spv.get(`/api/metrics/sla?groupBy=agent&${range}`);
    expect(byAgent.body.rows.map((r: { label: string; cases: number }) => [r.label, r.cases]).sort()).toEqual(
      [
        ['Belum ditugaskan', 1],
        ['agen', 3],
      ],
    );
    const byDay = await spv.get(`/api/metrics/sla?groupBy=day&${range}`);
    expect(byDay.body.rows.map((r: { key: string }) => r.key)).toEqual(['2026-03-09']);

    // Bad input names the parameter; scope and role are checked.
    const bad = await spv.get('/api/metrics/sla?groupBy=week');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('groupBy');
    expect((await spv.get('/api/metrics/sla?agencyId=lain')).status).toBe(404);
    expect((await (await apiAs(system.dashboard.url, 'agen')).get('/api/metrics/sla')).status).toBe(403);
  });

  it('streams fresh metrics to a subscribed supervisor when a case in scope changes', async () => {
    const spv = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'spv'));
    const agent = await connectSocket(system.dashboard.url, await login(system.dashboard.url, 'agen'));
    const redis = createRedis(ctx.redisUrl, 'client');
    try {
      const updates: { result: { total: { cases: number } } }[] = [];
      spv.socket.on('metrics', (m) => updates.push(m));
      const query = {
        groupBy: 'category',
        from: '2026-03-16T00:00:00+07:00',
        to: '2026-03-17T00:00:00+07:00',
      };
      expect(await spv.socket.emitWithAck('metrics:subscribe', query)).toEqual({ ok: true });
      await waitUntil(async () => updates.length === 1, { what: 'the first metrics' });
      expect(updates[0]!.result.total.cases).toBe(0);

      const kase = await openCase(wib('2026-03-16T10:00:00'), 45);
      await createCaseEmitter(ctx.prisma, redis, ctx.redisPrefix)(kase.id, `test-${kase.id}`, 'updated');
      await waitUntil(async () => updates.length === 2, { what: 'metrics after the change' });
      expect(updates[1]!.result.total.cases).toBe(1);

      const refused = await agent.socket.emitWithAck('metrics:subscribe', query);
      expect(refused).toMatchObject({ ok: false });
      const invalid = await spv.socket.emitWithAck('metrics:subscribe', { groupBy: 'week' });
      expect(invalid).toMatchObject({ ok: false, field: 'groupBy' });
    } finally {
      spv.socket.close();
      agent.socket.close();
      redis.disconnect();
    }
  });
});
