import { IANAZone } from 'luxon';
import {
  type IndonesianTimeZone,
  type Period,
  parsePeriod,
  type TCalendar,
  WEEKDAYS,
} from './calendar-schema.ts';
import { nationalHolidays } from './national-holidays.ts';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Why a local date has no office time. */
export type ClosedReason =
  | { readonly kind: 'no-office-hours' }
  | { readonly kind: 'libur-nasional' | 'cuti-bersama'; readonly name: string; readonly source: string }
  | { readonly kind: 'holiday' }
  | { readonly kind: 'closure' };

/** An office period as UTC epoch milliseconds, [start, end). */
export interface InstantPeriod {
  readonly start: number;
  readonly end: number;
}

/** Everything the engine needs about one local date, computed once and cached. */
export interface DayInfo {
  /** Local day number: whole days since 1970-01-01 in the calendar's zone. */
  readonly day: number;
  /** Local date "YYYY-MM-DD". */
  readonly date: string;
  /** Local midnight and the next local midnight, as UTC epoch ms: the day is [start, end). */
  readonly start: number;
  readonly end: number;
  /** Office periods in order; empty when the day is closed. */
  readonly periods: readonly InstantPeriod[];
  /** Total office time of the day in milliseconds. */
  readonly officeMs: number;
  /** null on a working day. */
  readonly closed: ClosedReason | null;
}

/** A calendar ready for the working-time functions; build it once per calendar and reuse it. */
export interface CompiledCalendar {
  readonly timezone: IndonesianTimeZone;
  /** The local day that contains an instant (UTC epoch ms). */
  dayNumberAt(instantMs: number): number;
  day(dayNumber: number): DayInfo;
}

// Plenty for every deadline the app computes; only bounds memory for a long-running process.
const MAX_CACHED_DAYS = 20_000;

export function compileCalendar(calendar: TCalendar): CompiledCalendar {
  const zone = IANAZone.create(calendar.timezone);
  if (!zone.isValid) throw new Error(`time zone ${calendar.timezone} is unknown to this runtime's ICU`);
  const weekly: (readonly Period[])[] = WEEKDAYS.map((weekday) =>
    (calendar.officeHours[weekday] ?? []).map(parsePeriod),
  );
  const holidays = new Set(calendar.holidays);
  const closures = new Set(calendar.closures);
  const workingDays = new Set(calendar.workingDays);
  const cache = new Map<number, DayInfo>();

  /** Wall-clock ms (local time read as if UTC) → instant. Two steps so a zone with DST would work too. */
  const wallToInstant = (wallMs: number): number => {
    const guess = wallMs - zone.offset(wallMs) * MINUTE_MS;
    return wallMs - zone.offset(guess) * MINUTE_MS;
  };

  const closedReason = (date: string, localPeriods: readonly Period[]): ClosedReason | null => {
    if (localPeriods.length === 0) return { kind: 'no-office-hours' };
    if (workingDays.has(date)) return null;
    if (closures.has(date)) return { kind: 'closure' };
    if (calendar.useNationalHolidays) {
      const national = nationalHolidays(Number(date.slice(0, 4))).get(date);
      if (national) return { kind: national.kind, name: national.name, source: national.source };
    }
    if (holidays.has(date)) return { kind: 'holiday' };
    return null;
  };

  const build = (dayNumber: number): DayInfo => {
    const midnightWall = dayNumber * DAY_MS;
    const date = new Date(midnightWall).toISOString().slice(0, 10);
    const localPeriods = weekly[new Date(midnightWall).getUTCDay()]!;
    const closed = closedReason(date, localPeriods);
    const periods = closed
      ? []
      : localPeriods.map(({ start, end }) => ({
          start: wallToInstant(midnightWall + start * MINUTE_MS),
          end: wallToInstant(midnightWall + end * MINUTE_MS),
        }));
    const officeMs = periods.reduce((sum, p) => sum + (p.end - p.start), 0);
    const start = wallToInstant(midnightWall);
    const end = wallToInstant(midnightWall + DAY_MS);
    return { day: dayNumber, date, start, end, periods, officeMs, closed };
  };

  const day = (dayNumber: number): DayInfo => {
    let info = cache.get(dayNumber);
    if (!info) {
      if (cache.size >= MAX_CACHED_DAYS) cache.clear();
      info = build(dayNumber);
      cache.set(dayNumber, info);
    }
    return info;
  };

  // Asking Intl for the offset costs microseconds per call; instead guess with today's offset and check
  // against the cached day bounds. A past offset change (Jakarta was +07:30 until 1964) is under a day,
  // so the guess is off by at most one day.
  const guessOffsetMs = zone.offset(Date.now()) * MINUTE_MS;
  const dayNumberAt = (instantMs: number): number => {
    if (!Number.isFinite(instantMs)) throw new RangeError('invalid instant (an Invalid Date?)');
    const guess = Math.floor((instantMs + guessOffsetMs) / DAY_MS);
    const info = day(guess);
    if (instantMs < info.start) return guess - 1;
    if (instantMs >= info.end) return guess + 1;
    return guess;
  };

  return { timezone: calendar.timezone, dayNumberAt, day };
}
