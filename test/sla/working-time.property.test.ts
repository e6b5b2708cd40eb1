import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  INDONESIAN_TIME_ZONES,
  parseCalendar,
  parsePeriod,
  type TCalendar,
  WEEKDAYS,
} from '../../core/sla/calendar-schema.ts';
import { compileCalendar } from '../../core/sla/compiled-calendar.ts';
import { nationalHolidays } from '../../core/sla/national-holidays.ts';
import {
  addWorkingDays,
  addWorkingMinutes,
  dueAt,
  explainDue,
  formatInZone,
  isWorkingTime,
  workingMinutesBetween,
} from '../../core/sla/working-time.ts';

const RUNS = { numRuns: 300 };
const FROM = Date.UTC(2024, 11, 25);
const TO = Date.UTC(2027, 11, 31);

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** 0–3 sorted, non-overlapping periods a day, any minute boundaries (00:00–24:00). */
const dayPeriods = fc
  .integer({ min: 0, max: 3 })
  .chain((count) =>
    fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2 * count, maxLength: 2 * count }),
  )
  .map((edges) => {
    const sorted = [...edges].sort((a, b) => a - b);
    const periods: string[] = [];
    for (let i = 0; i < sorted.length; i += 2) periods.push(`${hhmm(sorted[i]!)}-${hhmm(sorted[i + 1]!)}`);
    return periods;
  });

const localDate = fc
  .integer({ min: FROM / 86_400_000, max: TO / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

const calendarArb: fc.Arbitrary<TCalendar> = fc
  .record({
    timezone: fc.constantFrom(...INDONESIAN_TIME_ZONES),
    officeHours: fc.record(
      Object.fromEntries(WEEKDAYS.map((d) => [d, dayPeriods])) as Record<string, typeof dayPeriods>,
    ),
    holidays: fc.array(localDate, { maxLength: 20 }),
    closures: fc.array(localDate, { maxLength: 5 }),
    useNationalHolidays: fc.boolean(),
  })
  .filter((c) => Object.values(c.officeHours).some((p) => p.length > 0))
  .map((c) => parseCalendar(c));

const instantArb = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms));

/** Independent of the engine: reads the config with luxon to say whether an instant is office time. */
function oracleIsWorking(calendar: TCalendar, instant: Date): boolean {
  const local = DateTime.fromJSDate(instant, { zone: calendar.timezone });
  return oraclePeriodsOn(calendar, local).some(({ start, end }) => {
    const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
    return start <= minute && minute < end;
  });
}

function oraclePeriodsOn(calendar: TCalendar, local: DateTime): { start: number; end: number }[] {
  const date = local.toISODate()!;
  const closed =
    calendar.holidays.includes(date) ||
    calendar.closures.includes(date) ||
    (calendar.useNationalHolidays && nationalHolidays(local.year).has(date));
  return closed ? [] : (calendar.officeHours[WEEKDAYS[local.weekday % 7]!] ?? []).map(parsePeriod);
}

describe('working-time properties', () => {
  it('adding then measuring N working minutes gives N', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 30_000 }), (calendar, from, n) => {
        const cal = compileCalendar(calendar);
        expect(workingMinutesBetween(cal, from, addWorkingMinutes(cal, from, n))).toBe(n);
      }),
      RUNS,
    );
  });

  it('results never fall outside office hours or on a holiday', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 30_000 }), (calendar, from, n) => {
        const cal = compileCalendar(calendar);
        const due = addWorkingMinutes(cal, from, n);
        // n > 0 may end exactly at a close, so the minute before it must be office time.
        const probe = n === 0 ? due : new Date(due.getTime() - 1);
        expect(oracleIsWorking(calendar, probe)).toBe(true);
        expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
      }),
      RUNS,
    );
  });

  it('N working days: the close of a working day, with exactly N working days after the receipt date', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 40 }), (calendar, from, n) => {
        const due = addWorkingDays(compileCalendar(calendar), from, n);
        const dueLocal = DateTime.fromJSDate(due, { zone: calendar.timezone });
        const dueMinute = dueLocal.hour * 60 + dueLocal.minute || 1440; // a 24:00 close reads as next midnight
        const dueDay = dueMinute === 1440 && dueLocal.hour === 0 ? dueLocal.minus({ days: 1 }) : dueLocal;
        const periods = oraclePeriodsOn(calendar, dueDay);
        expect(periods.at(-1)?.end).toBe(dueMinute);
        let counted = 0;
        let day = DateTime.fromJSDate(from, { zone: calendar.timezone }).startOf('day').plus({ days: 1 });
        for (; day <= dueDay; day = day.plus({ days: 1 }))
          if (oraclePeriodsOn(calendar, day).length) counted++;
        expect(counted).toBe(n);
      }),
      { numRuns: 150 },
    );
  });

  it('ending exactly at a close gives that close, not the next opening', () => {
    const minuteAligned = instantArb.map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));
    fc.assert(
      fc.property(calendarArb, minuteAligned, fc.integer({ min: 1, max: 15 }), (calendar, from, days) => {
        const cal = compileCalendar(calendar);
        const close = addWorkingDays(cal, from, days);
        expect(addWorkingMinutes(cal, from, workingMinutesBetween(cal, from, close))).toEqual(close);
      }),
      RUNS,
    );
  });

  it('is monotonic in N', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (calendar, from, a, b) => {
          const cal = compileCalendar(calendar);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(addWorkingMinutes(cal, from, lo).getTime()).toBeLessThanOrEqual(
            addWorkingMinutes(cal, from, hi).getTime(),
          );
          const [dLo, dHi] = [1 + (lo % 40), 1 + (hi % 40)].sort((x, y) => x - y) as [number, number];
          if (dLo < dHi) {
            expect(addWorkingDays(cal, from, dLo).getTime()).toBeLessThan(
              addWorkingDays(cal, from, dHi).getTime(),
            );
          }
        },
      ),
      RUNS,
    );
  });

  it('is monotonic in the receipt instant', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        instantArb,
        fc.integer({ min: 0, max: 5_000 }),
        (calendar, a, b, n) => {
          const cal = compileCalendar(calendar);
          const [early, late] = a <= b ? [a, b] : [b, a];
          expect(addWorkingMinutes(cal, early, n) <= addWorkingMinutes(cal, late, n)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('respects the agency time zone: the same wall-clock receipt gives the same wall-clock deadline', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.constantFrom(...INDONESIAN_TIME_ZONES),
        instantArb,
        fc.integer({ min: 0, max: 20_000 }),
        (calendar, otherZone, from, n) => {
          const wall = DateTime.fromJSDate(from, { zone: calendar.timezone }).toISO({
            includeOffset: false,
          })!;
          const moved = { ...calendar, timezone: otherZone };
          const fromThere = DateTime.fromISO(wall, { zone: otherZone }).toJSDate();
          const here = addWorkingMinutes(compileCalendar(calendar), from, n);
          const there = addWorkingMinutes(compileCalendar(moved), fromThere, n);
          expect(formatInZone(there, otherZone).slice(0, 19)).toBe(
            formatInZone(here, calendar.timezone).slice(0, 19),
          );
        },
      ),
      RUNS,
    );
  });

  it('isWorkingTime agrees with the oracle', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.array(instantArb, { minLength: 1, maxLength: 20 }),
        (calendar, instants) => {
          const cal = compileCalendar(calendar);
          for (const instant of instants)
            expect(isWorkingTime(cal, instant)).toBe(oracleIsWorking(calendar, instant));
        },
      ),
      RUNS,
    );
  });

  it('explainDue gives the same deadline as dueAt, and its counted minutes add up', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 20_000 }), (calendar, from, n) => {
        const cal = compileCalendar(calendar);
        const explanation = explainDue(cal, from, { workingMinutes: n });
        expect(explanation.due).toEqual(dueAt(cal, from, { workingMinutes: n }));
        const counted = explanation.steps.reduce((sum, s) => sum + (s.kind === 'counted' ? s.minutes : 0), 0);
        expect(counted).toBeCloseTo(n, 6);
        const days = 1 + (n % 30);
        const byDays = explainDue(cal, from, { workingDays: days });
        expect(byDays.due).toEqual(addWorkingDays(cal, from, days));
        expect(byDays.steps.filter((s) => s.kind === 'counted')).toHaveLength(days);
      }),
      { numRuns: 150 },
    );
  });
});
