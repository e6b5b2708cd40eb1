import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  loadCalendarFile,
  parseCalendar,
  parsePeriod,
  type TCalendarInput,
} from '../../core/sla/calendar-schema.ts';
import { MAKASSAR } from './calendars.ts';

function problemOf(input: unknown): string {
  try {
    parseCalendar(input, 'agency.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(CalendarError);
    return (error as Error).message;
  }
  throw new Error('expected the calendar to be rejected');
}

const withHours = (fri: unknown): unknown => ({
  ...MAKASSAR,
  officeHours: { ...MAKASSAR.officeHours, fri },
});

describe('calendar schema', () => {
  it('accepts the issue example and fills defaults', () => {
    const calendar = parseCalendar({ ...MAKASSAR, holidays: ['2026-03-19', '2026-03-20'] });
    expect(calendar).toMatchObject({ closures: [], workingDays: [], useNationalHolidays: true });
    expect(calendar.officeHours.sat).toBeUndefined();
  });

  it('parses periods into minutes after midnight, 24:00 included', () => {
    expect(parsePeriod('07:30-16:00')).toEqual({ start: 450, end: 960 });
    expect(parsePeriod('00:00-24:00')).toEqual({ start: 0, end: 1440 });
  });

  it.each<[string, unknown, string]>([
    [
      'a malformed period',
      withHours(['07:30-11:30', '1300-16:30']),
      'officeHours.fri[1]: expected "HH:MM-HH:MM"',
    ],
    ['a period that is not a string', withHours([730]), 'officeHours.fri[0]: expected "HH:MM-HH:MM"'],
    ['an hour past 24', withHours(['07:30-25:00']), 'officeHours.fri[0]: expected "HH:MM-HH:MM"'],
    [
      'a period ending before it starts',
      withHours(['16:30-13:00']),
      'officeHours.fri[0]: a period must end after it starts',
    ],
    [
      'overlapping periods',
      withHours(['07:30-11:30', '11:00-16:30']),
      'officeHours.fri[1]: must start at or after the end of "07:30-11:30"',
    ],
    [
      'unsorted periods',
      withHours(['13:00-16:30', '07:30-11:30']),
      'officeHours.fri[1]: must start at or after',
    ],
    [
      'periods that are not a list',
      withHours('07:30-16:00'),
      'officeHours.fri: expected a list of "HH:MM-HH:MM" periods',
    ],
    [
      'an unknown weekday',
      { ...MAKASSAR, officeHours: { ...MAKASSAR.officeHours, jum: [] } },
      'officeHours: unknown weekday "jum"',
    ],
    [
      'no office hours at all',
      { ...MAKASSAR, officeHours: { mon: [] } },
      'officeHours: no weekday has office hours',
    ],
    [
      'a zone outside Indonesia',
      { ...MAKASSAR, timezone: 'Asia/Singapore' },
      'timezone: expected one of Asia/Jakarta, Asia/Makassar, Asia/Jayapura',
    ],
    ['a missing timezone', { officeHours: MAKASSAR.officeHours }, 'timezone: expected one of'],
    [
      'a badly written holiday',
      { ...MAKASSAR, holidays: ['2026-03-19', '19-03-2026'] },
      'holidays[1]: expected a local date "YYYY-MM-DD"',
    ],
    ['a holiday that does not exist', { ...MAKASSAR, holidays: ['2026-02-30'] }, 'holidays[0]: no such date'],
    [
      'a closure that is not a date',
      { ...MAKASSAR, closures: [20260410] },
      'closures[0]: expected a local date "YYYY-MM-DD"',
    ],
    [
      'a working day that is also a holiday',
      { ...MAKASSAR, holidays: ['2026-03-20'], workingDays: ['2026-03-20'] },
      'workingDays[0]: 2026-03-20 is also listed in holidays',
    ],
    [
      'a working day on a weekday without office hours',
      { ...MAKASSAR, workingDays: ['2026-03-22'] },
      'workingDays[0]: 2026-03-22 is a Sunday, which has no office hours',
    ],
    [
      'a non-boolean switch',
      { ...MAKASSAR, useNationalHolidays: 'ya' },
      'useNationalHolidays: expected true or false',
    ],
    [
      'an unknown key',
      { ...MAKASSAR, timeZone: 'Asia/Makassar' },
      '(root): unknown key "timeZone" (did you mean "timezone"?)',
    ],
    ['not a map', ['Asia/Makassar'], '(root): expected a calendar'],
  ])('rejects %s, naming the key path', (_name, input, message) => {
    const problem = problemOf(input);
    expect(problem.startsWith('agency.yaml: ')).toBe(true);
    expect(problem).toContain(message);
    expect(problem).not.toContain('\n');
  });

  it('reports every problem on one line', () => {
    const input: TCalendarInput = { ...MAKASSAR, holidays: ['x'], closures: ['y'] };
    expect(problemOf(input)).toBe(
      'agency.yaml: holidays[0]: expected a local date "YYYY-MM-DD"; closures[0]: expected a local date "YYYY-MM-DD"',
    );
  });
});

describe('loadCalendarFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanggap-sla-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads YAML with unquoted dates and times as strings', () => {
    const path = write(
      'ok.yaml',
      'timezone: Asia/Jayapura\nofficeHours:\n  mon: [08:00-16:00]\nholidays: [2026-03-19]\n',
    );
    expect(loadCalendarFile(path)).toMatchObject({
      officeHours: { mon: ['08:00-16:00'] },
      holidays: ['2026-03-19'],
    });
  });

  it('names the file and the key path', () => {
    const path = write(
      'bad.yaml',
      'timezone: Asia/Makassar\nofficeHours:\n  fri: ["07:30-11:30", "13.00-16.30"]\n',
    );
    expect(() => loadCalendarFile(path)).toThrow(`${path}: officeHours.fri[1]: expected "HH:MM-HH:MM"`);
  });

  it('names the file and the line of a YAML syntax error', () => {
    const path = write('syntax.yaml', 'timezone: Asia/Makassar\nofficeHours: [\n');
    expect(() => loadCalendarFile(path)).toThrow(
      new RegExp(`^${path}: invalid YAML \\(line \\d+, column \\d+\\)`),
    );
  });

  it('names a file it cannot read', () => {
    const path = join(dir, 'missing.yaml');
    expect(() => loadCalendarFile(path)).toThrow(`${path}: cannot read the calendar file (ENOENT)`);
  });
});
