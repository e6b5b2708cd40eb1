import { standardCalendar } from './agency-calendar.ts';
import type { CompiledCalendar } from './compiled-calendar.ts';
import { addWorkingMinutes, dueAt, workingMinutesBetween } from './working-time.ts';

/**
 * The SLA clocks of one case (pure: no database, no clock reads; `now` is passed in).
 *
 * A case runs up to two clocks from `openedAt`: first response and resolution. Each has a target in working
 * time (the agency's working calendar) or calendar time, warnings at fractions of the target and a breach at
 * the deadline. Time spent waiting on the citizen does not count: each pause pushes every later instant back
 * by the pause's length, measured the way the target is (office minutes for a working target, wall-clock
 * minutes for a calendar one). An open pause (still waiting) counts up to `now`, so the stored deadline is
 * "due if work resumed now"; jobs that fire while a case is paused do nothing and resuming reschedules.
 *
 * Known simplification: a working-days target treats office time on the day of receipt like any other,
 * so a pause on that day (which the law does not count anyway) still shifts the deadline.
 */

export type SlaTarget =
  | { readonly workingMinutes: number }
  | { readonly workingHours: number }
  | { readonly workingDays: number }
  | { readonly calendarMinutes: number }
  | { readonly calendarHours: number };

/** What a case runs on: a snapshot of its policy for its category, stored on the case when it opens. */
export interface CaseClockPolicy {
  firstResponse?: SlaTarget;
  resolution?: SlaTarget;
  /** Increasing fractions in (0, 1). */
  warnAt: readonly number[];
  /** What a forward (disposisi) does to the clocks; absent on cases opened before it existed = keep. */
  onForward?: 'keep' | 'restart';
  /** States in which the clocks stand still; absent = waiting on the citizen only. */
  pauseIn?: readonly string[];
}

export interface Pause {
  from: Date;
  /** null while the case is still waiting. */
  to: Date | null;
}

export type ClockName = 'first' | 'resolution';

export interface SlaCheckpoint {
  clock: ClockName;
  /** "first-warn50", "resolution-breach": unique per case. */
  kind: string;
  level: 'warning' | 'breach';
  /** When it fires. */
  at: Date;
  /** The clock's deadline it belongs to (a job for an older deadline is stale). */
  dueAt: Date;
}

export interface CaseClock {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  /** Every warning instant, both clocks, in time order. */
  warnings: Date[];
  /** Warnings and breaches, in time order. */
  checkpoints: SlaCheckpoint[];
}

export interface CaseClockInput {
  policy: CaseClockPolicy;
  timeZone: string;
  openedAt: Date;
  pauses?: readonly Pause[];
  /** Ends an open pause; required only when a pause is open. */
  now?: Date;
  /** The agency's working calendar; defaults to the standard office week in `timeZone`. */
  calendar?: CompiledCalendar;
}

const MINUTE_MS = 60_000;

interface Measure {
  between(a: Date, b: Date): number;
  add(from: Date, minutes: number): Date;
}

function measureFor(target: SlaTarget, cal: CompiledCalendar): Measure {
  if ('calendarMinutes' in target || 'calendarHours' in target) {
    return {
      between: (a, b) => (b.getTime() - a.getTime()) / MINUTE_MS,
      add: (from, minutes) => new Date(from.getTime() + Math.round(minutes * MINUTE_MS)),
    };
  }
  return {
    between: (a, b) => workingMinutesBetween(cal, a, b),
    add: (from, minutes) => addWorkingMinutes(cal, from, minutes),
  };
}

/** The deadline ignoring pauses. */
function unpausedDue(target: SlaTarget, cal: CompiledCalendar, openedAt: Date): Date {
  if ('workingDays' in target) return dueAt(cal, openedAt, { workingDays: target.workingDays });
  if ('workingMinutes' in target) return addWorkingMinutes(cal, openedAt, target.workingMinutes);
  if ('workingHours' in target) return addWorkingMinutes(cal, openedAt, target.workingHours * 60);
  if ('calendarMinutes' in target) return new Date(openedAt.getTime() + target.calendarMinutes * MINUTE_MS);
  return new Date(openedAt.getTime() + target.calendarHours * 3_600_000);
}

/** The instant at which `amount` minutes of unpaused time (in the measure) have elapsed since `start`. */
function advance(
  measure: Measure,
  start: Date,
  amount: number,
  pauses: readonly { from: Date; to: Date }[],
): Date {
  let t = start;
  let remaining = amount;
  for (const pause of pauses) {
    if (pause.to.getTime() <= t.getTime()) continue;
    const pauseStart = pause.from.getTime() > t.getTime() ? pause.from : t;
    const available = measure.between(t, pauseStart);
    if (remaining <= available) return measure.add(t, remaining);
    remaining -= available;
    t = pause.to;
  }
  return measure.add(t, remaining);
}

export function computeCaseClock(input: CaseClockInput): CaseClock {
  const cal = input.calendar ?? standardCalendar(input.timeZone);
  const pauses = (input.pauses ?? [])
    .map((p) => {
      const to = p.to ?? input.now;
      if (!to) throw new RangeError('an open pause needs `now`');
      return { from: p.from, to };
    })
    .filter((p) => p.to.getTime() > p.from.getTime())
    .sort((a, b) => a.from.getTime() - b.from.getTime());

  const checkpoints: SlaCheckpoint[] = [];
  const due: Record<ClockName, Date | null> = { first: null, resolution: null };
  for (const clock of ['first', 'resolution'] as const) {
    const target = clock === 'first' ? input.policy.firstResponse : input.policy.resolution;
    if (!target) continue;
    const measure = measureFor(target, cal);
    const base = unpausedDue(target, cal, input.openedAt);
    const total = measure.between(input.openedAt, base);
    const deadline = pauses.length === 0 ? base : advance(measure, input.openedAt, total, pauses);
    due[clock] = deadline;
    for (const fraction of input.policy.warnAt) {
      checkpoints.push({
        clock,
        kind: `${clock}-warn${Math.round(fraction * 100)}`,
        level: 'warning',
        at: advance(measure, input.openedAt, total * fraction, pauses),
        dueAt: deadline,
      });
    }
    checkpoints.push({ clock, kind: `${clock}-breach`, level: 'breach', at: deadline, dueAt: deadline });
  }
  checkpoints.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    firstResponseDueAt: due.first,
    resolutionDueAt: due.resolution,
    warnings: checkpoints.filter((c) => c.level === 'warning').map((c) => c.at),
    checkpoints,
  };
}

/** Pauses as stored on a case (JSON): [{ from, to }] with ISO strings. */
export function parsePauses(value: unknown): Pause[] {
  if (!Array.isArray(value)) return [];
  return value.map((p: { from: string; to: string | null }) => ({
    from: new Date(p.from),
    to: p.to ? new Date(p.to) : null,
  }));
}

export function serialisePauses(pauses: readonly Pause[]): { from: string; to: string | null }[] {
  return pauses.map((p) => ({ from: p.from.toISOString(), to: p.to ? p.to.toISOString() : null }));
}
