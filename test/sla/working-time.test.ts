import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../core/sla/instant.ts';
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  explainDue,
  formatInZone,
  isWorkingTime,
  nextWorkingInstant,
  workingMinutesBetween,
} from '../../core/sla/working-time.ts';
import { compile, JAKARTA, JAYAPURA, MAKASSAR } from './calendars.ts';

const wita = compile(MAKASSAR);
const at = (iso: string) => new Date(iso);
const show = (date: Date) => formatInZone(date, 'Asia/Makassar');

describe('isWorkingTime', () => {
  it.each([
    ['2026-03-13T07:30:00+08:00', true, 'at the opening'],
    ['2026-03-13T07:29:59+08:00', false, 'just before the opening'],
    ['2026-03-13T11:29:59+08:00', true, 'just before the Friday break'],
    ['2026-03-13T11:30:00+08:00', false, 'at the start of the Friday break'],
    ['2026-03-13T13:00:00+08:00', true, 'when the break ends'],
    ['2026-03-13T16:30:00+08:00', false, 'at the close'],
    ['2026-03-14T10:00:00+08:00', false, 'on a Saturday'],
    ['2026-03-19T10:00:00+08:00', false, 'on Nyepi'],
    ['2026-03-20T10:00:00+08:00', false, 'on cuti bersama'],
    ['2026-03-13T01:00:00Z', true, 'at 09:00 WITA, given in UTC'],
  ])('%s → %s (%s)', (iso, expected) => {
    expect(isWorkingTime(wita, at(iso))).toBe(expected);
  });
});

describe('addWorkingMinutes', () => {
  it('0 minutes: the instant itself in office hours, else the next opening', () => {
    expect(show(addWorkingMinutes(wita, at('2026-03-12T10:00:00+08:00'), 0))).toBe(
      '2026-03-12T10:00:00+08:00',
    );
    expect(show(addWorkingMinutes(wita, at('2026-03-13T12:00:00+08:00'), 0))).toBe(
      '2026-03-13T13:00:00+08:00',
    );
    expect(show(nextWorkingInstant(wita, at('2026-03-13T16:30:00+08:00')))).toBe('2026-03-16T07:30:00+08:00');
  });

  it('counts from an opening received exactly at it', () => {
    expect(show(addWorkingMinutes(wita, at('2026-03-12T07:30:00+08:00'), 510))).toBe(
      '2026-03-12T16:00:00+08:00',
    );
  });

  it('keeps seconds of the receipt', () => {
    expect(addWorkingMinutes(wita, at('2026-03-12T10:00:30+08:00'), 1).toISOString()).toBe(
      '2026-03-12T02:01:30.000Z',
    );
  });

  it('adds hours as 60 minutes each', () => {
    expect(show(addWorkingHours(wita, at('2026-03-13T15:45:00+08:00'), 2))).toBe('2026-03-16T08:45:00+08:00');
  });

  it('rejects an invalid Date', () => {
    expect(() => addWorkingMinutes(wita, new Date(Number.NaN), 1)).toThrow(/invalid instant/);
    expect(() => isWorkingTime(wita, new Date('kemarin'))).toThrow(RangeError);
  });

  it('rejects negative and non-finite amounts', () => {
    expect(() => addWorkingMinutes(wita, at('2026-03-12T10:00:00Z'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(wita, at('2026-03-12T10:00:00Z'), Number.NaN)).toThrow(RangeError);
  });

  it('treats adjacent periods as continuous office time', () => {
    const cal = compile({ timezone: 'Asia/Jakarta', officeHours: { mon: ['08:00-12:00', '12:00-16:00'] } });
    expect(formatInZone(addWorkingMinutes(cal, at('2026-03-09T11:00:00+07:00'), 120), 'Asia/Jakarta')).toBe(
      '2026-03-09T13:00:00+07:00',
    );
  });

  it('handles a period ending at 24:00', () => {
    const cal = compile({
      timezone: 'Asia/Jayapura',
      officeHours: { mon: ['20:00-24:00'], tue: ['00:00-02:00'] },
    });
    const due = addWorkingMinutes(cal, at('2026-03-09T23:00:00+09:00'), 60);
    expect(formatInZone(due, 'Asia/Jayapura')).toBe('2026-03-10T00:00:00+09:00');
    expect(formatInZone(addWorkingMinutes(cal, at('2026-03-09T23:00:00+09:00'), 61), 'Asia/Jayapura')).toBe(
      '2026-03-10T00:01:00+09:00',
    );
  });
});

describe('addWorkingDays', () => {
  it('ignores the hour of receipt: midnight, before opening and after close give the same deadline', () => {
    const expected = '2026-03-13T16:30:00+08:00'; // Thu 12 Mar is day 1, Fri 13 Mar is day 2
    for (const time of ['00:00:00', '06:00:00', '12:00:00', '23:59:59']) {
      expect(show(addWorkingDays(wita, at(`2026-03-11T${time}+08:00`), 2))).toBe(expected);
    }
  });

  it('1 working day after a Friday is the next Monday', () => {
    expect(show(addWorkingDays(wita, at('2026-03-06T15:00:00+08:00'), 1))).toBe('2026-03-09T16:00:00+08:00');
  });

  it('rejects 0, fractions and negatives', () => {
    for (const n of [0, 1.5, -1, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingDays(wita, at('2026-03-12T10:00:00Z'), n)).toThrow(RangeError);
    }
  });

  it('uses the receipt date in the calendar zone, not in UTC', () => {
    // 2026-03-12T20:00Z is already Friday 13 Mar 05:00 in Jayapura, still Thursday in UTC.
    const wit = compile(JAYAPURA);
    expect(formatInZone(addWorkingDays(wit, at('2026-03-12T20:00:00Z'), 1), 'Asia/Jayapura')).toBe(
      '2026-03-16T16:00:00+09:00',
    );
  });
});

describe('calendar overrides', () => {
  it('config holidays add to the national defaults', () => {
    const cal = compile({ ...MAKASSAR, holidays: ['2026-03-12'] });
    expect(show(addWorkingDays(cal, at('2026-03-11T10:00:00+08:00'), 1))).toBe('2026-03-13T16:30:00+08:00');
  });

  it('closures close a date and say so', () => {
    const cal = compile({ ...MAKASSAR, closures: ['2026-03-12'] });
    const explanation = explainDue(cal, at('2026-03-11T10:00:00+08:00'), { workingDays: 1 });
    expect(explanation.steps[1]).toEqual({
      kind: 'skipped',
      date: '2026-03-12',
      reason: { kind: 'closure' },
    });
    expect(show(explanation.due)).toBe('2026-03-13T16:30:00+08:00');
  });

  it('workingDays lift a default holiday (config wins)', () => {
    // A unit that works through cuti bersama on Fri 20 Mar 2026.
    const cal = compile({ ...MAKASSAR, workingDays: ['2026-03-20'] });
    expect(show(addWorkingDays(cal, at('2026-03-17T10:00:00+08:00'), 1))).toBe('2026-03-20T16:30:00+08:00');
    expect(isWorkingTime(cal, at('2026-03-20T08:00:00+08:00'))).toBe(true);
  });

  it('useNationalHolidays: false keeps only the calendar’s own dates', () => {
    const cal = compile({ ...MAKASSAR, useNationalHolidays: false, holidays: ['2026-03-19', '2026-03-20'] });
    // Tue 17 Mar: 18 Mar (a cuti bersama by default) now counts as day 1.
    expect(show(addWorkingDays(cal, at('2026-03-17T10:00:00+08:00'), 1))).toBe('2026-03-18T16:00:00+08:00');
  });

  it('fails instead of looping when the calendar never opens again', () => {
    const sundays: string[] = [];
    for (let t = Date.UTC(2026, 2, 1); sundays.length < 600; t += 7 * 86_400_000) {
      sundays.push(new Date(t).toISOString().slice(0, 10));
    }
    const cal = compile({
      timezone: 'Asia/Jakarta',
      officeHours: { sun: ['08:00-12:00'] },
      closures: sundays,
    });
    expect(() => addWorkingDays(cal, at('2026-03-01T00:00:00Z'), 1)).toThrow(/no working time for 3660 days/);
    expect(() => addWorkingMinutes(cal, at('2026-03-01T00:00:00Z'), 1)).toThrow(/no working time/);
  });
});

describe('workingMinutesBetween', () => {
  it('counts only office time, across a break, a weekend and holidays', () => {
    // Fri 13 Mar 11:00 → Wed 25 Mar 08:30: Fri 30 + 210, Mon 16 & Tue 17 510 each, 18–24 closed, Wed 60.
    expect(
      workingMinutesBetween(wita, at('2026-03-13T11:00:00+08:00'), at('2026-03-25T08:30:00+08:00')),
    ).toBe(30 + 210 + 510 + 510 + 60);
  });

  it('is negative when the end comes first, and fractional below a minute', () => {
    const a = at('2026-03-12T10:00:00+08:00');
    const b = at('2026-03-12T10:00:30+08:00');
    expect(workingMinutesBetween(wita, a, b)).toBe(0.5);
    expect(workingMinutesBetween(wita, b, a)).toBe(-0.5);
    expect(workingMinutesBetween(wita, a, a)).toBe(0);
  });
});

describe('explainDue', () => {
  it('lists the receipt day, counted days and skipped dates with reasons', () => {
    const explanation = explainDue(wita, at('2026-03-17T11:00:00+08:00'), { workingDays: 1 });
    expect(
      explanation.steps.map((s) => [s.date, s.kind === 'counted' ? s.workingDay : s.reason.kind]),
    ).toEqual([
      ['2026-03-17', 'day-of-receipt'],
      ['2026-03-18', 'cuti-bersama'],
      ['2026-03-19', 'libur-nasional'],
      ['2026-03-20', 'cuti-bersama'],
      ['2026-03-21', 'no-office-hours'],
      ['2026-03-22', 'no-office-hours'],
      ['2026-03-23', 'cuti-bersama'],
      ['2026-03-24', 'cuti-bersama'],
      ['2026-03-25', 1],
    ]);
    expect(show(explanation.countingStart)).toBe('2026-03-25T07:30:00+08:00');
    expect(show(explanation.due)).toBe('2026-03-25T16:00:00+08:00');
    expect(explanation.steps[1]).toMatchObject({
      reason: {
        name: 'Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)',
        source: expect.stringContaining('1497'),
      },
    });
  });

  it('for minutes: counts from receipt, marks an after-hours receipt day', () => {
    const explanation = explainDue(wita, at('2026-03-13T17:00:00+08:00'), { workingMinutes: 90 });
    expect(explanation.steps).toEqual([
      { kind: 'skipped', date: '2026-03-13', reason: { kind: 'after-office-hours' } },
      { kind: 'skipped', date: '2026-03-14', reason: { kind: 'no-office-hours' } },
      { kind: 'skipped', date: '2026-03-15', reason: { kind: 'no-office-hours' } },
      { kind: 'counted', date: '2026-03-16', minutes: 90 },
    ]);
    expect(show(explanation.countingStart)).toBe('2026-03-16T07:30:00+08:00');
    expect(show(explanation.due)).toBe('2026-03-16T09:00:00+08:00');
  });
});

describe('formatInZone and parseInstant', () => {
  it('formats with the zone offset and no milliseconds', () => {
    const instant = at('2026-03-31T08:00:00.999Z');
    expect(formatInZone(instant, 'Asia/Jakarta')).toBe('2026-03-31T15:00:00+07:00');
    expect(formatInZone(instant, 'Asia/Makassar')).toBe('2026-03-31T16:00:00+08:00');
    expect(formatInZone(instant, 'Asia/Jayapura')).toBe('2026-03-31T17:00:00+09:00');
  });

  it('reads an offset or Z as given, and a bare local time in the calendar zone', () => {
    expect(parseInstant('2026-03-13T15:00:00+08:00', 'Asia/Jakarta')?.toISOString()).toBe(
      '2026-03-13T07:00:00.000Z',
    );
    expect(parseInstant('2026-03-13T07:00:00Z', 'Asia/Jayapura')?.toISOString()).toBe(
      '2026-03-13T07:00:00.000Z',
    );
    expect(parseInstant('2026-03-13T15:00', 'Asia/Makassar')?.toISOString()).toBe('2026-03-13T07:00:00.000Z');
    expect(parseInstant('2026-03-13', 'Asia/Jakarta')?.toISOString()).toBe('2026-03-12T17:00:00.000Z');
  });

  it('rejects what is not a calendar date-time', () => {
    for (const text of ['', 'kemarin', '2026-02-30T10:00', '2026-W11-5', '15:00', '2026-03-13T25:00']) {
      expect(parseInstant(text, 'Asia/Jakarta')).toBeNull();
    }
  });
});

describe('the three zones', () => {
  it('follows the zone’s historical offsets too (Jakarta was +07:30 until 1964)', () => {
    const cal = compile({ ...JAKARTA, useNationalHolidays: false });
    const due = addWorkingMinutes(cal, at('1960-01-04T00:10:00+07:30'), 60);
    expect(formatInZone(due, 'Asia/Jakarta')).toBe('1960-01-04T09:00:00+07:30');
    expect(isWorkingTime(cal, at('1960-01-04T07:59:00+07:30'))).toBe(false);
  });

  it('the same local receipt gives the same local deadline, hours apart as instants', () => {
    // Fri 13 Mar: Mon 16 = day 1, Tue 17 = day 2 (18 Mar is cuti bersama).
    const hours = JAKARTA.officeHours;
    const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
    const dues = zones.map((timezone) =>
      addWorkingDays(
        compile({ timezone, officeHours: hours }),
        parseInstant('2026-03-13T15:00', timezone)!,
        2,
      ),
    );
    expect(dues.map((d, i) => formatInZone(d, zones[i]!))).toEqual([
      '2026-03-17T16:00:00+07:00',
      '2026-03-17T16:00:00+08:00',
      '2026-03-17T16:00:00+09:00',
    ]);
    expect(dues[0]!.getTime() - dues[2]!.getTime()).toBe(2 * 3_600_000);
  });
});
