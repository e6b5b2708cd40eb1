import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';

/** The calendar of the issue, verbatim. */
const ISSUE_CALENDAR = `timezone: Asia/Makassar
officeHours:            # weekday → periods; a missing weekday is closed
  mon: ["07:30-16:00"]
  tue: ["07:30-16:00"]
  wed: ["07:30-16:00"]
  thu: ["07:30-16:00"]
  fri: ["07:30-11:30", "13:00-16:30"]
holidays: ["2026-03-19", "2026-03-20"]   # local dates; national holidays and cuti bersama alike
`;

const dir = mkdtempSync(join(tmpdir(), 'tanggap-sla-cli-'));
const calendarFile = join(dir, 'kominfo-makassar.yaml');
writeFileSync(calendarFile, ISSUE_CALENDAR);
const badFile = join(dir, 'bad.yaml');
writeFileSync(badFile, ISSUE_CALENDAR.replace('"13:00-16:30"', '"13:00 - 16:30"'));

function sla(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/sla-cli.ts', ...args],
      { encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

// Each case starts a process (~0.8 s of tsx start-up), so they run side by side.
describe.concurrent('sla CLI', () => {
  it('prints the 10-working-day deadline of the issue example and nothing else', async ({ expect }) => {
    // Tue 10 Mar 2026; 11–13 = days 1–3; 16, 17 = 4, 5; 18 (cuti Nyepi), 19 (Nyepi), 20, 23, 24
    // (cuti Idulfitri) skipped; 25–27 = 6–8; 30, 31 Mar = 9, 10 → Tuesday close 16:00 WITA.
    const run = await sla(
      'due',
      '--calendar',
      calendarFile,
      '--received',
      '2026-03-10T15:00:00+08:00',
      '--working-days',
      '10',
    );
    expect(run).toEqual({ code: 0, stdout: '2026-03-31T16:00:00+08:00\n', stderr: '' });
  });

  it('prints a working-minutes deadline; a receipt without offset is local time', async ({ expect }) => {
    // Fri 13 Mar 15:45 WITA: 45 min to the 16:30 close, Mon 16 Mar 07:30 + 75 min.
    const run = await sla(
      'due',
      '--calendar',
      calendarFile,
      '--received',
      '2026-03-13T15:45',
      '--working-minutes',
      '120',
    );
    expect(run).toEqual({ code: 0, stdout: '2026-03-16T08:45:00+08:00\n', stderr: '' });
  });

  it('accepts a receipt in UTC and answers in the calendar offset', async ({ expect }) => {
    // 07:30Z = Fri 15:30 WITA; 60 minutes end exactly at the 16:30 close.
    const run = await sla(
      'due',
      '--calendar',
      calendarFile,
      '--received',
      '2026-03-13T07:30:00Z',
      '--working-minutes',
      '60',
    );
    expect(run.stdout).toBe('2026-03-13T16:30:00+08:00\n');
  });

  it.for<[string, string[], string]>([
    ['no command', [], 'sla: missing command; usage:'],
    ['an unknown command', ['hitung'], 'sla: unknown command "hitung"'],
    [
      'a missing --calendar',
      ['due', '--received', '2026-03-10', '--working-days', '10'],
      'sla: --calendar: required',
    ],
    ['--calendar without a value', ['due', '--calendar'], 'sla: --calendar: needs a value'],
    [
      'a missing --received',
      ['due', '--calendar', 'x.yaml', '--working-days', '10'],
      'sla: --received: required',
    ],
    [
      'no amount',
      ['due', '--calendar', 'x.yaml', '--received', '2026-03-10'],
      'sla: --working-days or --working-minutes: required',
    ],
    [
      'both amounts',
      [
        'due',
        '--calendar',
        'x.yaml',
        '--received',
        '2026-03-10',
        '--working-days',
        '1',
        '--working-minutes',
        '1',
      ],
      'sla: --working-days, --working-minutes: give one, not both',
    ],
    [
      'zero working days',
      ['due', '--calendar', 'x.yaml', '--received', '2026-03-10', '--working-days', '0'],
      'sla: --working-days: expected a whole number from 1 to 10000, got "0"',
    ],
    [
      'a fractional minute count',
      ['due', '--calendar', 'x.yaml', '--received', '2026-03-10', '--working-minutes', '1.5'],
      'sla: --working-minutes: expected a whole number from 0 to 10000000, got "1.5"',
    ],
    [
      'an unreadable instant',
      ['due', '--calendar', 'x.yaml', '--received', '10/03/2026', '--working-days', '10'],
      'sla: --received: expected an ISO-8601 date-time',
    ],
    ['an unknown flag', ['due', '--hari-kerja', '10'], 'sla: --hari-kerja: unknown option'],
  ])('exits 2 on %s, naming the flag', async ([, args, message], { expect }) => {
    const run = await sla(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(message)).toBe(true);
    expect(run.stderr.trimEnd()).not.toContain('\n');
  });

  it('exits 1 on an invalid calendar, naming the file and the key', async ({ expect }) => {
    const run = await sla(
      'due',
      '--calendar',
      badFile,
      '--received',
      '2026-03-10T15:00:00+08:00',
      '--working-days',
      '10',
    );
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `sla: ${badFile}: officeHours.fri[1]: expected "HH:MM-HH:MM"\n`,
    });
  });

  it('exits 1 when the calendar file is missing', async ({ expect }) => {
    const missing = join(dir, 'missing.yaml');
    const run = await sla('due', '--calendar', missing, '--received', '2026-03-10', '--working-days', '10');
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `sla: ${missing}: cannot read the calendar file (ENOENT)\n`,
    });
  });
});
