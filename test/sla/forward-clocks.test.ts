import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import { transitionCase } from '../../core/cases/transition-case.ts';
import { syncConfig } from '../../core/config-sync.ts';
import { extendRequest, openFormalRequest } from '../../core/ppid/formal-request.ts';
import { clockOf, clockPolicyFor } from '../../core/sla/case-sla.ts';
import { createTestContext, type TestContext } from '../support/test-context.ts';

/**
 * Forward (disposisi) and the SLA clocks: `keep` runs on from the opening in the receiving office's
 * calendar, `restart` starts fresh clocks at the forward with their own warnings (epoch 1).
 * The office "dinas" works Mon–Fri 08:00–16:00 and is closed on 2026-03-05; the province runs the standard
 * office week (Friday until 16:30 with a prayer break).
 */
const CONFIG = `
agencies:
  - { id: prov, name: PPID Utama Provinsi, kind: PPID_UTAMA, timeZone: Asia/Jakarta, slaPolicy: tetap }
  - { id: dinas, name: Dinas Contoh, kind: PPID_PELAKSANA, parent: prov, timeZone: Asia/Jakarta, slaPolicy: ulang, calendar: dinas-kal }
  - { id: badan, name: Badan Contoh, kind: PPID_PELAKSANA, parent: prov, timeZone: Asia/Jakarta, slaPolicy: tetap }
  - { id: kantor, name: Kantor Contoh, kind: PPID_PELAKSANA, parent: prov, timeZone: Asia/Jakarta, slaPolicy: jeda }
calendars:
  dinas-kal:
    timezone: Asia/Jakarta
    officeHours: { mon: ["08:00-16:00"], tue: ["08:00-16:00"], wed: ["08:00-16:00"], thu: ["08:00-16:00"], fri: ["08:00-16:00"] }
    closures: ["2026-03-05"]
slaPolicies:
  tetap:
    firstResponse: { COMPLAINT: { workingHours: 2 } }
    resolution: { COMPLAINT: { workingDays: 5 }, INFO_REQUEST: { workingDays: 10 } }
    byChannelType:
      private: { firstResponse: { COMPLAINT: { workingDays: 1 } } }
  jeda:
    firstResponse: { COMPLAINT: { calendarHours: 4 } }
    pauseIn: [WAITING_ON_CITIZEN, FORWARDED]
  ulang:
    firstResponse: { COMPLAINT: { workingHours: 2 } }
    resolution: { COMPLAINT: { workingDays: 5 } }
    onForward: restart
channels:
  - { id: tg-prov, agency: prov, platform: telegram, account: "@ProvBot", pollIntervalSeconds: 60, credentials: { token: X_TOKEN } }
  - { id: tg-dinas, agency: dinas, platform: telegram, account: "@DinasBot", pollIntervalSeconds: 60, credentials: { token: X_TOKEN } }
  - { id: tg-kantor, agency: kantor, platform: telegram, account: "@KantorBot", pollIntervalSeconds: 60, credentials: { token: X_TOKEN } }
`;
const wib = (local: string) => new Date(`${local}+07:00`);

describe('forward keeps or restarts the SLA clocks as the policy says', () => {
  let ctx: TestContext;
  const config = parseTanggapConfig(CONFIG, 'forward.yaml');
  const actor = { id: '', role: 'SUPERVISOR' as const };

  beforeAll(async () => {
    ctx = await createTestContext('sla-forward');
    await syncConfig(ctx.prisma, config);
    actor.id = (
      await ctx.prisma.user.create({
        data: {
          username: 'spv',
          displayName: 'spv',
          passwordHash: 'x',
          role: 'SUPERVISOR',
          agencyId: 'prov',
        },
      })
    ).id;
  });
  afterAll(async () => ctx?.cleanup());

  /** A complaint case opened at `openedAt` in `agencyId`, its clock as the worker would set it. */
  async function openCase(
    agencyId: 'prov' | 'dinas' | 'kantor',
    openedAt: Date,
    category: 'COMPLAINT' | 'INFO_REQUEST' = 'COMPLAINT',
    kind: 'COMMENT' | 'DM' = 'COMMENT',
  ) {
    const agency = config.agencies.find((a) => a.id === agencyId)!;
    const policy = clockPolicyFor(config.slaPolicies[agency.slaPolicy], category, kind)!;
    const row = await ctx.prisma.case.create({
      data: {
        agencyId,
        channelId: `tg-${agencyId}`,
        threadKey: `t-${Math.random()}`,
        category,
        status: 'TRIAGED',
        subject: 'Jalan rusak',
        openedAt,
        slaClock: { ...policy },
      },
      select: { id: true, openedAt: true, slaStartedAt: true, slaClock: true, slaPauses: true },
    });
    const stored = await ctx.prisma.agency.findUniqueOrThrow({
      where: { id: agencyId },
      select: { timeZone: true, calendar: true },
    });
    const clock = clockOf({ ...row, agency: stored }, openedAt)!;
    await ctx.prisma.case.update({
      where: { id: row.id },
      data: { firstResponseDueAt: clock.firstResponseDueAt, resolutionDueAt: clock.resolutionDueAt },
    });
    return { id: row.id, clock };
  }

  const forward = (caseId: string, to: string, now: Date) =>
    ctx.prisma.$transaction((tx) =>
      transitionCase(tx, {
        caseId,
        action: 'forward',
        actor,
        set: { agencyId: to, forwardedFromId: 'x', forwardNote: 'disposisi' },
        now,
      }),
    );

  it('stores the configured calendar on the agency and counts in it (a closure skipped)', async () => {
    const dinas = await ctx.prisma.agency.findUniqueOrThrow({ where: { id: 'dinas' } });
    expect(dinas.calendar).toMatchObject({ timezone: 'Asia/Jakarta', closures: ['2026-03-05'] });
    expect((await ctx.prisma.agency.findUniqueOrThrow({ where: { id: 'prov' } })).calendar).toBeNull();
    // Wed 4 Mar 15:00: one office hour that day, Thu 5 closed, the second hour on Fri 6 until 09:00.
    const { clock } = await openCase('dinas', wib('2026-03-04T15:00:00'));
    expect(clock.firstResponseDueAt?.toISOString()).toBe(wib('2026-03-06T09:00:00').toISOString());
    // Working days 1–5: Fri 6, Mon 9, Tue 10, Wed 11, Thu 12 (Thu 5 closed) → Thu 12 Mar 16:00.
    expect(clock.resolutionDueAt?.toISOString()).toBe(wib('2026-03-12T16:00:00').toISOString());
  });

  it('keep: the deadline still runs from the opening, recomputed in the new office calendar', async () => {
    // Opened in the province on Wed 4 Mar 15:00; the standard week would make it due Thu 5 Mar 09:00.
    const { id, clock } = await openCase('prov', wib('2026-03-04T15:00:00'));
    expect(clock.firstResponseDueAt?.toISOString()).toBe(wib('2026-03-05T09:00:00').toISOString());
    const moved = await forward(id, 'dinas', wib('2026-03-04T15:30:00'));
    expect(moved.slaChanged).toBe(true);
    const after = await ctx.prisma.case.findUniqueOrThrow({ where: { id } });
    expect(after.slaEpoch).toBe(0);
    expect(after.slaStartedAt).toBeNull();
    // Same start, the office's calendar: Thu 5 is closed there, so Fri 6 09:00.
    expect(after.firstResponseDueAt?.toISOString()).toBe(wib('2026-03-06T09:00:00').toISOString());
  });

  it('restart: fresh clocks from the forward, a new epoch, the old warnings no longer count', async () => {
    const { id } = await openCase('dinas', wib('2026-03-09T08:00:00'));
    await ctx.prisma.slaEvent.create({
      data: { caseId: id, kind: 'first-warn50', dueAt: new Date(), fireAt: new Date() },
    });
    await ctx.prisma.case.update({ where: { id }, data: { slaState: 'AT_RISK' } });
    const at = wib('2026-03-09T10:30:00');
    const moved = await forward(id, 'badan', at);
    expect(moved.slaChanged).toBe(true);
    const after = await ctx.prisma.case.findUniqueOrThrow({ where: { id } });
    expect(after.slaEpoch).toBe(1);
    expect(after.slaStartedAt?.toISOString()).toBe(at.toISOString());
    expect(after.slaState).toBe('ON_TRACK');
    // Two working hours from Mon 10:30 in the standard week: 12:30 the same day.
    expect(after.firstResponseDueAt?.toISOString()).toBe(wib('2026-03-09T12:30:00').toISOString());
  });

  it('a case answered in time and closed is MET; answered late is BREACHED', async () => {
    const onTime = await openCase('prov', wib('2026-03-09T08:00:00'));
    await ctx.prisma.case.update({
      where: { id: onTime.id },
      data: { firstResponseAt: wib('2026-03-09T09:00:00') },
    });
    await ctx.prisma.$transaction((tx) =>
      transitionCase(tx, { caseId: onTime.id, action: 'close', actor, now: wib('2026-03-10T09:00:00') }),
    );
    expect((await ctx.prisma.case.findUniqueOrThrow({ where: { id: onTime.id } })).slaState).toBe('MET');

    const late = await openCase('prov', wib('2026-03-09T08:00:00'));
    await ctx.prisma.case.update({
      where: { id: late.id },
      data: { firstResponseAt: wib('2026-03-09T11:00:00') },
    });
    await ctx.prisma.$transaction((tx) =>
      transitionCase(tx, { caseId: late.id, action: 'close', actor, now: wib('2026-03-10T09:00:00') }),
    );
    expect((await ctx.prisma.case.findUniqueOrThrow({ where: { id: late.id } })).slaState).toBe('BREACHED');
  });

  it('a direct message runs on the private channel type’s target', async () => {
    const { clock } = await openCase('prov', wib('2026-03-09T10:00:00'), 'COMPLAINT', 'DM');
    // 1 working day: the day of receipt does not count; Tue 10 Mar closes at 16:00.
    expect(clock.firstResponseDueAt?.toISOString()).toBe(wib('2026-03-10T16:00:00').toISOString());
    const pub = await openCase('prov', wib('2026-03-09T10:00:00'), 'COMPLAINT', 'COMMENT');
    expect(pub.clock.firstResponseDueAt?.toISOString()).toBe(wib('2026-03-09T12:00:00').toISOString());
  });

  it('a policy that pauses while forwarded stops the clock until the office accepts the case', async () => {
    const { id } = await openCase('kantor', wib('2026-03-09T08:00:00'));
    await forward(id, 'badan', wib('2026-03-09T09:00:00'));
    const paused = await ctx.prisma.case.findUniqueOrThrow({ where: { id } });
    expect(paused.slaPauses).toEqual([{ from: wib('2026-03-09T09:00:00').toISOString(), to: null }]);
    await ctx.prisma.$transaction((tx) =>
      transitionCase(tx, { caseId: id, action: 'accept_forward', actor, now: wib('2026-03-09T11:00:00') }),
    );
    const resumed = await ctx.prisma.case.findUniqueOrThrow({ where: { id } });
    // 4 calendar hours from 08:00, plus the 2 hours it waited in FORWARDED.
    expect(resumed.firstResponseDueAt?.toISOString()).toBe(wib('2026-03-09T14:00:00').toISOString());
  });

  it('extending a formal request moves the case’s resolution deadline to the request’s new one', async () => {
    const { id, clock } = await openCase('prov', wib('2026-03-02T10:00:00'), 'INFO_REQUEST');
    const request = await ctx.prisma.$transaction((tx) => openFormalRequest(tx, { caseId: id, actor }));
    expect(clock.resolutionDueAt?.toISOString()).toBe(request.dueAt?.toISOString());
    const extended = await ctx.prisma.$transaction((tx) =>
      extendRequest(tx, {
        requestId: request.id,
        actor,
        reason: 'Dokumen harus dikumpulkan dari tiga bidang.',
      }),
    );
    const after = await ctx.prisma.case.findUniqueOrThrow({ where: { id } });
    expect(after.resolutionDueAt?.toISOString()).toBe(extended.dueAt?.toISOString());
    expect(after.resolutionDueAt!.getTime()).toBeGreaterThan(clock.resolutionDueAt!.getTime());
  });
});
