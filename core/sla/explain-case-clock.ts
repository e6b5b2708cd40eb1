import { agencyCalendar } from './agency-calendar.ts';
import {
  type CaseClockPolicy,
  type ClockName,
  type Pause,
  parsePauses,
  type SlaTarget,
} from './case-clock.ts';
import type { ClosedReason } from './compiled-calendar.ts';
import { formatInZone, zoneLabel } from './instant.ts';
import { parseKind } from './sla-state.ts';
import { type DueAmount, explainDue, type SkipReason } from './working-time.ts';

/**
 * How a case's deadlines were computed, from stored facts only, for the case view ("why is this due
 * then?"): where the clock started, its target, each local date counted or skipped (weekend, national
 * holiday or cuti bersama with its name, the agency's own closures), the pauses while waiting on the
 * citizen, and the warnings and breaches recorded. Times are ISO-8601 in the agency's zone.
 */
export interface CaseClockExplanation {
  timeZone: string;
  zoneLabel: string;
  calendar: 'standard' | 'configured';
  startedAt: string;
  /** Why the clock starts there: the case opening, or a forward that restarted the clocks. */
  startedBy: 'opened' | 'forward-restart';
  onForward: 'keep' | 'restart';
  pauses: { from: string; to: string | null }[];
  clocks: ClockExplanation[];
  events: { kind: string; clock: ClockName; level: 'warning' | 'breach'; dueAt: string; firedAt: string }[];
}

export interface ClockExplanation {
  clock: ClockName;
  target: SlaTarget;
  /** "10 hari kerja", "2 jam kerja", "2 jam kalender". */
  targetText: string;
  /** The deadline as stored on the case (pauses included). */
  dueAt: string | null;
  /** The deadline had the case never waited on the citizen. */
  dueWithoutPauses: string;
  /** Working targets only: each local date from the start to the deadline without pauses. */
  days: { date: string; counted: boolean; minutes: number; workingDay?: number; reason?: string }[];
}

export interface ExplainInput {
  openedAt: Date;
  slaStartedAt: Date | null;
  slaEpoch: number;
  slaClock: unknown;
  slaPauses: unknown;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  agency: { timeZone: string; calendar: unknown };
  slaEvents: { kind: string; dueAt: Date; createdAt: Date }[];
}

export function explainCaseClock(input: ExplainInput): CaseClockExplanation | null {
  const policy = input.slaClock as CaseClockPolicy | null;
  if (!policy) return null;
  const zone = input.agency.timeZone;
  const cal = agencyCalendar(input.agency);
  const start = input.slaStartedAt ?? input.openedAt;
  const at = (d: Date) => formatInZone(d, zone);
  const pauses: Pause[] = parsePauses(input.slaPauses);
  const clocks: ClockExplanation[] = [];
  for (const clock of ['first', 'resolution'] as const) {
    const target = clock === 'first' ? policy.firstResponse : policy.resolution;
    if (!target) continue;
    const stored = clock === 'first' ? input.firstResponseDueAt : input.resolutionDueAt;
    const amount = workingAmount(target);
    if (amount) {
      const walk = explainDue(cal, start, amount);
      clocks.push({
        clock,
        target,
        targetText: targetText(target),
        dueAt: stored ? at(stored) : null,
        dueWithoutPauses: at(walk.due),
        days: walk.steps.map((step) =>
          step.kind === 'counted'
            ? {
                date: step.date,
                counted: true,
                minutes: step.minutes,
                ...(step.workingDay ? { workingDay: step.workingDay } : {}),
              }
            : { date: step.date, counted: false, minutes: 0, reason: skipText(step.reason) },
        ),
      });
    } else {
      const hours =
        'calendarHours' in target
          ? target.calendarHours
          : (target as { calendarMinutes: number }).calendarMinutes / 60;
      clocks.push({
        clock,
        target,
        targetText: targetText(target),
        dueAt: stored ? at(stored) : null,
        dueWithoutPauses: at(new Date(start.getTime() + hours * 3_600_000)),
        days: [],
      });
    }
  }
  return {
    timeZone: zone,
    zoneLabel: zoneLabel(zone),
    calendar: input.agency.calendar ? 'configured' : 'standard',
    startedAt: at(start),
    startedBy: input.slaStartedAt ? 'forward-restart' : 'opened',
    onForward: policy.onForward ?? 'keep',
    pauses: pauses.map((p) => ({ from: at(p.from), to: p.to ? at(p.to) : null })),
    clocks,
    events: input.slaEvents.flatMap((e) => {
      const parsed = parseKind(e.kind);
      if (!parsed || parsed.epoch !== input.slaEpoch) return [];
      return [
        {
          kind: e.kind,
          clock: parsed.clock,
          level: parsed.level,
          dueAt: at(e.dueAt),
          firedAt: at(e.createdAt),
        },
      ];
    }),
  };
}

function workingAmount(target: SlaTarget): DueAmount | null {
  if ('workingDays' in target) return { workingDays: target.workingDays };
  if ('workingHours' in target) return { workingMinutes: target.workingHours * 60 };
  if ('workingMinutes' in target) return { workingMinutes: target.workingMinutes };
  return null;
}

function targetText(target: SlaTarget): string {
  if ('workingDays' in target) return `${target.workingDays} hari kerja`;
  if ('workingHours' in target) return `${target.workingHours} jam kerja`;
  if ('workingMinutes' in target) return `${target.workingMinutes} menit kerja`;
  if ('calendarHours' in target) return `${target.calendarHours} jam kalender`;
  return `${target.calendarMinutes} menit kalender`;
}

function skipText(reason: SkipReason | ClosedReason): string {
  switch (reason.kind) {
    case 'day-of-receipt':
      return 'hari diterima (tidak dihitung)';
    case 'after-office-hours':
      return 'di luar jam kerja';
    case 'no-office-hours':
      return 'bukan hari kerja';
    case 'libur-nasional':
      return `libur nasional: ${reason.name}`;
    case 'cuti-bersama':
      return `cuti bersama: ${reason.name}`;
    case 'holiday':
      return 'hari libur (konfigurasi instansi)';
    case 'closure':
      return 'kantor tutup (konfigurasi instansi)';
  }
}
