import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../config/env.ts';
import { formatPath } from '../../config/format-issues.ts';

/**
 * Defined here rather than imported from config/tanggap-schema.ts so that tanggap-schema can embed
 * ZCalendar without an import cycle.
 */
export const INDONESIAN_TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type IndonesianTimeZone = (typeof INDONESIAN_TIME_ZONES)[number];

/** Order matches JS `getUTCDay()` (0 = Sunday), which the engine indexes by. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const WEEKDAY_NAMES: Record<Weekday, string> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};

const PERIOD_MESSAGE = 'expected "HH:MM-HH:MM"';
const DATE_MESSAGE = 'expected a local date "YYYY-MM-DD"';
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const PERIOD = new RegExp(`^(${TIME})-(${TIME}|24:00)$`);

/** Minutes after local midnight; a period is [start, end). */
export interface Period {
  readonly start: number;
  readonly end: number;
}

/** Parses a period string the schema has accepted ("07:30-16:00" → { start: 450, end: 960 }). */
export function parsePeriod(text: string): Period {
  const period = tryParsePeriod(text);
  if (!period) throw new Error(`${PERIOD_MESSAGE}, got "${text}"`);
  return period;
}

// zod 4 runs later checks even after the regex failed, so the checks below must tolerate bad input.
function tryParsePeriod(text: string): Period | null {
  const match = PERIOD.exec(text);
  return match ? { start: minutesOf(match[1]!), end: minutesOf(match[2]!) } : null;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const ZPeriod = z
  .string({ message: PERIOD_MESSAGE })
  .regex(PERIOD, PERIOD_MESSAGE)
  .refine((text) => {
    const period = tryParsePeriod(text);
    return !period || period.start < period.end;
  }, 'a period must end after it starts');

const ZDayPeriods = z
  .array(ZPeriod, { message: 'expected a list of "HH:MM-HH:MM" periods' })
  .superRefine((periods, ctx) => {
    for (let i = 1; i < periods.length; i++) {
      const previous = tryParsePeriod(periods[i - 1]!);
      const current = tryParsePeriod(periods[i]!);
      if (previous && current && current.start < previous.end) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `must start at or after the end of "${periods[i - 1]}" (periods are sorted and do not overlap)`,
        });
      }
    }
  });

const ZLocalDate = z
  .string({ message: DATE_MESSAGE })
  .regex(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return Number.isNaN(date.getTime()) || date.toISOString().startsWith(text);
  }, 'no such date');

const ZDateList = z.array(ZLocalDate, { message: 'expected a list of local dates "YYYY-MM-DD"' });

const ZOfficeHours = z
  .strictObject(
    {
      mon: ZDayPeriods.optional(),
      tue: ZDayPeriods.optional(),
      wed: ZDayPeriods.optional(),
      thu: ZDayPeriods.optional(),
      fri: ZDayPeriods.optional(),
      sat: ZDayPeriods.optional(),
      sun: ZDayPeriods.optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown weekday ${issue.keys.map((k) => `"${k}"`).join(', ')} (use mon, tue, wed, thu, fri, sat, sun)`
          : 'expected a map of weekday (mon…sun) → list of "HH:MM-HH:MM" periods',
    },
  )
  .refine(
    (hours) => Object.values(hours).some((periods) => periods && periods.length > 0),
    'no weekday has office hours; a calendar needs at least one',
  );

/**
 * A working calendar, as written in a calendar file or under an agency in tanggap.yaml.
 * A working day is a date whose weekday has office hours and which is not a holiday or closure.
 */
export const ZCalendar = z
  .strictObject(
    {
      timezone: z.enum(INDONESIAN_TIME_ZONES, {
        message: `expected one of ${INDONESIAN_TIME_ZONES.join(', ')}`,
      }),
      /** weekday → periods; a missing weekday (or an empty list) is closed. */
      officeHours: ZOfficeHours,
      /** Extra non-working local dates, added to the national defaults (national holidays, cuti bersama). */
      holidays: ZDateList.default([]),
      /** Agency-specific closed dates (office move, local election day…); kept apart for the explanation. */
      closures: ZDateList.default([]),
      /**
       * Dates worked although the national defaults list them, e.g. a service unit that works through
       * cuti bersama, or a holiday the government later moved. Config wins over the defaults.
       */
      workingDays: ZDateList.default([]),
      /** false: only this calendar's own holidays and closures apply. */
      useNationalHolidays: z.boolean({ message: 'expected true or false' }).default(true),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key ${issue.keys.map(suggestKey).join(', ')}`
          : 'expected a calendar (timezone, officeHours, holidays…)',
    },
  )
  .superRefine((calendar, ctx) => {
    const closed = new Map<string, string>();
    for (const date of calendar.holidays) closed.set(date, 'holidays');
    for (const date of calendar.closures) closed.set(date, 'closures');
    calendar.workingDays.forEach((date, i) => {
      const list = closed.get(date);
      if (list) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingDays', i],
          message: `${date} is also listed in ${list}`,
        });
        return;
      }
      // A working day only lifts a holiday; it cannot invent office hours for a weekday that has none.
      const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
      if (weekday && !calendar.officeHours[weekday]?.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['workingDays', i],
          message: `${date} is a ${WEEKDAY_NAMES[weekday]}, which has no office hours`,
        });
      }
    });
  });

// Agencies in tanggap.yaml spell it timeZone; point at the one-letter difference instead of a bare "unknown".
function suggestKey(key: string): string {
  const known = Object.keys(ZCalendar.shape).find((k) => k.toLowerCase() === key.toLowerCase());
  return known ? `"${key}" (did you mean "${known}"?)` : `"${key}"`;
}

export type TCalendar = z.output<typeof ZCalendar>;
export type TCalendarInput = z.input<typeof ZCalendar>;

/** A calendar that could not be read or is invalid; the message names the source and the key path. */
export class CalendarError extends ConfigError {
  override name = 'CalendarError';
}

/** Validates an already-parsed calendar; throws one line: `<source>: <key path>: <problem>; …`. */
export function parseCalendar(value: unknown, source = 'calendar'): TCalendar {
  const result = ZCalendar.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new CalendarError(`${source}: ${problems.join('; ')}`);
}

/** Reads a calendar YAML file (same shape as a calendar in tanggap.yaml). */
export function loadCalendarFile(path: string): TCalendar {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CalendarError(`${path}: cannot read the calendar file${code ? ` (${code})` : ''}`);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos?.[0]
      ? ` (line ${first.linePos[0].line}, column ${first.linePos[0].col})`
      : '';
    throw new CalendarError(`${path}: invalid YAML${where}: ${first.message.split('\n')[0]}`);
  }
  return parseCalendar(doc.toJS(), path);
}
