import { describe, expect, it } from 'vitest';
import { parseTanggapConfig } from '../../config/load-tanggap.ts';
import { legalDeadline } from '../../core/sla/agency-calendar.ts';
import { type CaseClockPolicy, computeCaseClock } from '../../core/sla/case-clock.ts';
import { clockPolicyFor } from '../../core/sla/case-sla.ts';

const ZONE = 'Asia/Jakarta';
/** Local WIB time (+07:00) as an instant. Tuesday 3 March 2026 and Wednesday 4 March are working days. */
const wib = (local: string) => new Date(`${local}+07:00`);
const iso = (d: Date | null) => d?.toISOString() ?? null;

function clock(
  policy: CaseClockPolicy,
  openedAt: Date,
  pauses: { from: Date; to: Date | null }[] = [],
  now?: Date,
) {
  return computeCaseClock({ policy, timeZone: ZONE, openedAt, pauses, ...(now ? { now } : {}) });
}

describe('case clock', () => {
  it('counts a calendar target in wall-clock time, with warnings at the fractions', () => {
    const c = clock(
      { firstResponse: { calendarMinutes: 30 }, warnAt: [0.5, 0.8] },
      wib('2026-03-07T22:00:00'),
    );
    expect(iso(c.firstResponseDueAt)).toBe(iso(wib('2026-03-07T22:30:00')));
    expect(c.resolutionDueAt).toBeNull();
    expect(c.warnings.map(iso)).toEqual([iso(wib('2026-03-07T22:15:00')), iso(wib('2026-03-07T22:24:00'))]);
    expect(c.checkpoints.map((p) => p.kind)).toEqual(['first-warn50', 'first-warn80', 'first-breach']);
  });

  it('counts a working target in office hours only, warnings included', () => {
    const c = clock(
      { firstResponse: { workingMinutes: 120 }, warnAt: [0.5, 0.8] },
      wib('2026-03-03T15:00:00'),
    );
    // 60 minutes on Tuesday until the 16:00 close, 60 on Wednesday from 08:00.
    expect(iso(c.firstResponseDueAt)).toBe(iso(wib('2026-03-04T09:00:00')));
    expect(c.warnings.map(iso)).toEqual([iso(wib('2026-03-03T16:00:00')), iso(wib('2026-03-04T08:36:00'))]);
  });

  it('gives the statutory deadline for working days (UU 14/2008: 10 working days)', () => {
    const opened = wib('2026-03-03T10:00:00');
    const c = clock({ resolution: { workingDays: 10 }, warnAt: [] }, opened);
    expect(iso(c.resolutionDueAt)).toBe(iso(legalDeadline({ timeZone: ZONE }, opened, 'informationRequest')));
  });

  it('shifts a calendar clock by the time paused, and warnings after the pause with it', () => {
    const opened = wib('2026-03-03T10:00:00');
    const c = clock({ firstResponse: { calendarMinutes: 30 }, warnAt: [0.5] }, opened, [
      { from: wib('2026-03-03T10:05:00'), to: wib('2026-03-03T10:20:00') },
    ]);
    expect(iso(c.firstResponseDueAt)).toBe(iso(wib('2026-03-03T10:45:00')));
    expect(c.warnings.map(iso)).toEqual([iso(wib('2026-03-03T10:30:00'))]);
  });

  it('does not move a warning that came before the pause', () => {
    const c = clock({ firstResponse: { calendarMinutes: 30 }, warnAt: [0.5] }, wib('2026-03-03T10:00:00'), [
      { from: wib('2026-03-03T10:20:00'), to: wib('2026-03-03T11:00:00') },
    ]);
    expect(c.warnings.map(iso)).toEqual([iso(wib('2026-03-03T10:15:00'))]);
    expect(iso(c.firstResponseDueAt)).toBe(iso(wib('2026-03-03T11:10:00')));
  });

  it('shifts a working clock by the paused working time only', () => {
    const opened = wib('2026-03-03T10:00:00');
    const policy: CaseClockPolicy = { firstResponse: { workingMinutes: 120 }, warnAt: [] };
    expect(iso(clock(policy, opened).firstResponseDueAt)).toBe(iso(wib('2026-03-03T12:00:00')));
    // Paused from 11:00 Tuesday to 09:00 Wednesday: 60 minutes ran before, 60 remain after the pause.
    const paused = clock(policy, opened, [
      { from: wib('2026-03-03T11:00:00'), to: wib('2026-03-04T09:00:00') },
    ]);
    expect(iso(paused.firstResponseDueAt)).toBe(iso(wib('2026-03-04T10:00:00')));
    // A pause entirely outside office hours moves nothing.
    const night = clock(policy, wib('2026-03-03T15:00:00'), [
      { from: wib('2026-03-03T17:00:00'), to: wib('2026-03-04T07:00:00') },
    ]);
    expect(iso(night.firstResponseDueAt)).toBe(iso(wib('2026-03-04T09:00:00')));
  });

  it('runs both clocks, each with its own warnings, and sums several pauses', () => {
    const c = clock(
      { firstResponse: { calendarMinutes: 10 }, resolution: { calendarMinutes: 100 }, warnAt: [0.5] },
      wib('2026-03-03T10:00:00'),
      [
        { from: wib('2026-03-03T10:30:00'), to: wib('2026-03-03T10:40:00') },
        { from: wib('2026-03-03T11:00:00'), to: wib('2026-03-03T11:05:00') },
      ],
    );
    expect(iso(c.firstResponseDueAt)).toBe(iso(wib('2026-03-03T10:10:00')));
    expect(iso(c.resolutionDueAt)).toBe(iso(wib('2026-03-03T11:55:00')));
    expect(c.checkpoints.map((p) => p.kind)).toEqual([
      'first-warn50',
      'first-breach',
      'resolution-warn50',
      'resolution-breach',
    ]);
    // 30 minutes before the first pause, 20 after it: the warning lands as the second pause starts.
    expect(iso(c.checkpoints[2]!.at)).toBe(iso(wib('2026-03-03T11:00:00')));
  });

  it('counts an open pause up to now, and needs now to do so', () => {
    const policy: CaseClockPolicy = { firstResponse: { calendarMinutes: 30 }, warnAt: [] };
    const opened = wib('2026-03-03T10:00:00');
    const pauses = [{ from: wib('2026-03-03T10:10:00'), to: null }];
    const c = clock(policy, opened, pauses, wib('2026-03-03T12:10:00'));
    expect(iso(c.firstResponseDueAt)).toBe(iso(wib('2026-03-03T12:30:00')));
    expect(() => clock(policy, opened, pauses)).toThrow(/now/);
  });
});

describe('policy for a category', () => {
  it('reads firstResponseHours as calendar hours, and the richer fields over it', () => {
    const config = parseTanggapConfig(`
agencies: [{ id: prov, name: PPID Utama, kind: PPID_UTAMA, timeZone: Asia/Jakarta, slaPolicy: p }]
slaPolicies:
  p:
    firstResponseHours: { INFO_REQUEST: 24, COMPLAINT: 8, MISINFORMATION: 4, OTHER: 72 }
    firstResponse: { COMPLAINT: { workingMinutes: 120 } }
    resolution: { INFO_REQUEST: { workingDays: 10 } }
    warnAt: [0.75]
`);
    const policy = config.slaPolicies.p;
    expect(clockPolicyFor(policy, 'INFO_REQUEST')).toEqual({
      firstResponse: { calendarHours: 24 },
      resolution: { workingDays: 10 },
      warnAt: [0.75],
      onForward: 'keep',
      pauseIn: ['WAITING_ON_CITIZEN'],
    });
    expect(clockPolicyFor(policy, 'COMPLAINT')).toEqual({
      firstResponse: { workingMinutes: 120 },
      warnAt: [0.75],
      onForward: 'keep',
      pauseIn: ['WAITING_ON_CITIZEN'],
    });
    expect(clockPolicyFor(undefined, 'COMPLAINT')).toBeNull();
  });
});
