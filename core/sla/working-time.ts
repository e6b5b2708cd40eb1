import type { IndonesianTimeZone } from './calendar-schema.ts';
import { type ClosedReason, type CompiledCalendar, type DayInfo, MINUTE_MS } from './compiled-calendar.ts';

export { formatInZone } from './instant.ts';

/**
 * Working-time arithmetic over a compiled calendar. Instants are JS Dates (UTC); a day's office periods
 * are half-open [opening, close). Every loop steps a whole local day at a time through the calendar's
 * per-day cache, so a deadline of N working days costs N+weekends cache lookups, never minute steps.
 * Semantics are written out in docs/SLA.md.
 */

export type DueAmount = { readonly workingDays: number } | { readonly workingMinutes: number };

/** Why a date did not count towards a deadline. */
export type SkipReason =
  | ClosedReason
  | { readonly kind: 'day-of-receipt' }
  | { readonly kind: 'after-office-hours' };

export type DueStep =
  | {
      readonly kind: 'counted';
      readonly date: string;
      /** Office minutes counted on this date. */
      readonly minutes: number;
      /** Working days only: 1 for the first working day after receipt, … N for the deadline's day. */
      readonly workingDay?: number;
    }
  | { readonly kind: 'skipped'; readonly date: string; readonly reason: SkipReason };

export interface DueExplanation {
  readonly timezone: IndonesianTimeZone;
  readonly received: Date;
  readonly amount: DueAmount;
  /** When the clock started running: the first office instant that counts. */
  readonly countingStart: Date;
  readonly due: Date;
  /** Each local date from the day of receipt to the deadline's day, in order. */
  readonly steps: readonly DueStep[];
}

/**
 * A run of closed days this long means the calendar never opens again (e.g. closures listed for years);
 * failing beats looping forever.
 */
const MAX_CLOSED_RUN_DAYS = 3660;

type Visit = (info: DayInfo, countedMs: number, workingDay: number) => void;

/** True when the instant lies in an office period of a working day ([opening, close)). */
export function isWorkingTime(cal: CompiledCalendar, instant: Date): boolean {
  const t = instant.getTime();
  return cal.day(cal.dayNumberAt(t)).periods.some((p) => p.start <= t && t < p.end);
}

/** The instant itself when it is working time, else the next opening. */
export function nextWorkingInstant(cal: CompiledCalendar, instant: Date): Date {
  return addWorkingMinutes(cal, instant, 0);
}

/**
 * The instant at which `minutes` of office time have elapsed, counting from `from` (or from the next
 * opening when `from` is outside office hours). Ending exactly at a close gives that close.
 * `minutes` = 0 gives the counting start: `from` in office hours, else the next opening.
 */
export function addWorkingMinutes(cal: CompiledCalendar, from: Date, minutes: number): Date {
  return new Date(walkMinutes(cal, from.getTime(), toMs(minutes)).end);
}

export function addWorkingHours(cal: CompiledCalendar, from: Date, hours: number): Date {
  assertAmount(hours, 'hours', 0);
  return addWorkingMinutes(cal, from, hours * 60);
}

/**
 * The close of the last office period of working day `days`, where day 1 is the first working day after
 * the local date of `from` (the day of receipt never counts, whatever the hour). `days` ≥ 1.
 */
export function addWorkingDays(cal: CompiledCalendar, from: Date, days: number): Date {
  assertAmount(days, 'days', 1);
  return new Date(walkDays(cal, from.getTime(), days));
}

/** Office minutes in [a, b) (fractional below a minute); negative when b is before a. */
export function workingMinutesBetween(cal: CompiledCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return -workingMinutesBetween(cal, b, a);
  let total = 0;
  const lastDay = cal.dayNumberAt(to);
  for (let day = cal.dayNumberAt(from); day <= lastDay; day++) {
    const info = cal.day(day);
    if (info.periods.length === 0) continue;
    const first = info.periods[0]!;
    const last = info.periods[info.periods.length - 1]!;
    if (from <= first.start && last.end <= to) {
      total += info.officeMs;
      continue;
    }
    for (const p of info.periods) {
      const overlap = Math.min(p.end, to) - Math.max(p.start, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE_MS;
}

/** The deadline for an amount of working days or working minutes from receipt. */
export function dueAt(cal: CompiledCalendar, received: Date, amount: DueAmount): Date {
  return 'workingDays' in amount
    ? addWorkingDays(cal, received, amount.workingDays)
    : addWorkingMinutes(cal, received, amount.workingMinutes);
}

/** The same deadline as `dueAt`, with each date on the way and why it counted or not, for display. */
export function explainDue(cal: CompiledCalendar, received: Date, amount: DueAmount): DueExplanation {
  const steps: DueStep[] = [];
  const t = received.getTime();
  let countingStart = Number.NaN;
  let due: number;
  if ('workingDays' in amount) {
    assertAmount(amount.workingDays, 'days', 1);
    due = walkDays(cal, t, amount.workingDays, (info, countedMs, workingDay) => {
      // The walk visits the day of receipt first; it never counts, whatever the hour.
      if (steps.length === 0)
        steps.push({ kind: 'skipped', date: info.date, reason: { kind: 'day-of-receipt' } });
      else if (info.closed) steps.push({ kind: 'skipped', date: info.date, reason: info.closed });
      else {
        if (workingDay === 1) countingStart = info.periods[0]!.start;
        steps.push({ kind: 'counted', date: info.date, minutes: countedMs / MINUTE_MS, workingDay });
      }
    });
  } else {
    const walk = walkMinutes(cal, t, toMs(amount.workingMinutes), (info, countedMs) => {
      if (info.closed) steps.push({ kind: 'skipped', date: info.date, reason: info.closed });
      else if (countedMs === 0 && info.periods.every((p) => p.end <= t)) {
        steps.push({ kind: 'skipped', date: info.date, reason: { kind: 'after-office-hours' } });
      } else steps.push({ kind: 'counted', date: info.date, minutes: countedMs / MINUTE_MS });
    });
    countingStart = walk.start;
    due = walk.end;
  }
  return {
    timezone: cal.timezone,
    received,
    amount,
    countingStart: new Date(countingStart),
    due: new Date(due),
    steps,
  };
}

/** Walks office periods from `fromMs` until `amountMs` of office time has elapsed. */
function walkMinutes(
  cal: CompiledCalendar,
  fromMs: number,
  amountMs: number,
  visit?: Visit,
): { start: number; end: number } {
  let t = fromMs;
  let remaining = amountMs;
  let start = Number.NaN;
  let closedRun = 0;
  for (let day = cal.dayNumberAt(fromMs); ; day++) {
    const info = cal.day(day);
    let countedMs = 0;
    for (const p of info.periods) {
      if (p.end <= t) continue; // at or after this close: the next opening is where counting goes on
      const from = Math.max(p.start, t);
      if (Number.isNaN(start)) start = from;
      const available = p.end - from;
      if (remaining <= available) {
        visit?.(info, countedMs + remaining, 0);
        return { start, end: from + remaining };
      }
      remaining -= available;
      countedMs += available;
      t = p.end;
    }
    visit?.(info, countedMs, 0);
    closedRun = countedMs > 0 ? 0 : closedRun + 1;
    if (closedRun > MAX_CLOSED_RUN_DAYS) throw noWorkingTime(info.date);
  }
}

/** Walks local dates after the day of `fromMs`, returning the last close of working day `days`. */
function walkDays(cal: CompiledCalendar, fromMs: number, days: number, visit?: Visit): number {
  let day = cal.dayNumberAt(fromMs);
  visit?.(cal.day(day), 0, 0);
  let counted = 0;
  let closedRun = 0;
  for (;;) {
    const info = cal.day(++day);
    if (info.closed) {
      visit?.(info, 0, counted);
      if (++closedRun > MAX_CLOSED_RUN_DAYS) throw noWorkingTime(info.date);
      continue;
    }
    closedRun = 0;
    counted++;
    visit?.(info, info.officeMs, counted);
    if (counted === days) return info.periods[info.periods.length - 1]!.end;
  }
}

function toMs(minutes: number): number {
  assertAmount(minutes, 'minutes', 0);
  return Math.round(minutes * MINUTE_MS);
}

function assertAmount(value: number, unit: string, min: number): void {
  if (!Number.isFinite(value) || value < min || (unit === 'days' && !Number.isInteger(value))) {
    throw new RangeError(
      `working ${unit} must be ${unit === 'days' ? 'a whole number' : 'a number'} ≥ ${min}, got ${value}`,
    );
  }
}

function noWorkingTime(date: string): Error {
  return new Error(`the calendar has no working time for ${MAX_CLOSED_RUN_DAYS} days up to ${date}`);
}
