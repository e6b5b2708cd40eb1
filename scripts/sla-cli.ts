/**
 * npm run --silent sla -- due --calendar FILE.yaml --received ISO-8601 (--working-days N | --working-minutes N)
 *
 * Prints the deadline as ISO-8601 in the calendar's offset and nothing else, so scripts can use it.
 * Exit 2: bad arguments (the line names the flag). Exit 1: unreadable or invalid calendar (the line names
 * the file and the key), or a calendar that never opens.
 */
import { parseArgs } from 'node:util';
import { loadCalendarFile } from '../core/sla/calendar-schema.ts';
import { compileCalendar } from '../core/sla/compiled-calendar.ts';
import { parseInstant } from '../core/sla/instant.ts';
import { type DueAmount, dueAt, formatInZone } from '../core/sla/working-time.ts';

const USAGE =
  'usage: sla due --calendar FILE.yaml --received ISO-8601 (--working-days N | --working-minutes N)';
// Far beyond any legal clock; stops a typo from walking the calendar for centuries.
const MAX_DAYS = 10_000;
const MAX_MINUTES = 10_000_000;

class UsageError extends Error {}

function main(argv: string[]): string {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    // parseArgs says "Unknown option '--x'. To specify…" or "Option '--calendar <value>' argument missing".
    const { code, message } = error as Error & { code?: string };
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? 'arguments';
    const problem =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? 'unknown option'
        : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? 'needs a value'
          : message.split('\n')[0];
    throw new UsageError(`${flag}: ${problem}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'due' || positionals.length > 1) {
    throw new UsageError(
      positionals.length === 0
        ? `missing command; ${USAGE}`
        : `unknown command "${positionals.join(' ')}"; ${USAGE}`,
    );
  }
  if (!values.calendar) throw new UsageError(`--calendar: required; ${USAGE}`);
  if (!values.received) throw new UsageError(`--received: required; ${USAGE}`);
  const amount = readAmount(values['working-days'], values['working-minutes']);
  // Checked before the calendar is read so that argument errors always exit 2; without an offset the
  // text is local time, so the instant itself needs the calendar's zone.
  if (!parseInstant(values.received, 'UTC')) {
    throw new UsageError(
      `--received: expected an ISO-8601 date-time such as 2026-03-13T15:00:00+08:00, got "${values.received}"`,
    );
  }

  const calendar = loadCalendarFile(values.calendar);
  const received = parseInstant(values.received, calendar.timezone)!;
  return formatInZone(dueAt(compileCalendar(calendar), received, amount), calendar.timezone);
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      calendar: { type: 'string' },
      received: { type: 'string' },
      'working-days': { type: 'string' },
      'working-minutes': { type: 'string' },
    },
  });
}

function readAmount(days: string | undefined, minutes: string | undefined): DueAmount {
  if (days !== undefined && minutes !== undefined) {
    throw new UsageError('--working-days, --working-minutes: give one, not both');
  }
  if (days !== undefined) return { workingDays: wholeNumber('--working-days', days, 1, MAX_DAYS) };
  if (minutes !== undefined)
    return { workingMinutes: wholeNumber('--working-minutes', minutes, 0, MAX_MINUTES) };
  throw new UsageError(`--working-days or --working-minutes: required; ${USAGE}`);
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

try {
  process.stdout.write(`${main(process.argv.slice(2))}\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sla: ${message.replaceAll('\n', ' ')}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
