import Holidays from 'date-holidays';
import { z } from 'zod';
import officialData from '../../config/calendars/id-national-holidays.json' with { type: 'json' };

export type HolidayKind = 'libur-nasional' | 'cuti-bersama';

export interface NationalHoliday {
  readonly date: string;
  readonly name: string;
  readonly kind: HolidayKind;
  /** Where the date comes from: "date-holidays" or the SKB that sets it. */
  readonly source: string;
}

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZOfficialYear = z.strictObject({
  source: z.string().min(1),
  cutiBersama: z.array(z.strictObject({ date: ZDate, name: z.string().min(1) })),
  corrections: z.strictObject({
    remove: z.array(z.strictObject({ date: ZDate, why: z.string().min(1) })),
    add: z.array(z.strictObject({ date: ZDate, name: z.string().min(1), why: z.string().min(1) })),
  }),
});
const ZOfficialData = z.strictObject({
  about: z.string(),
  years: z.record(z.string().regex(/^\d{4}$/), ZOfficialYear),
});

// Validated once at load: a bad edit of the data file must fail loudly, not shift deadlines silently.
const official = ZOfficialData.parse(officialData).years;

/** Years whose default list follows a published SKB (with cuti bersama); other years are date-holidays only. */
export const SKB_YEARS: readonly number[] = Object.keys(official).map(Number);

const DATE_HOLIDAYS_SOURCE = 'date-holidays (ID, public)';
let library: Holidays | undefined;
const byYear = new Map<number, ReadonlyMap<string, NationalHoliday>>();

/**
 * The default non-working days of a year, by local date "YYYY-MM-DD": date-holidays' public holidays for
 * Indonesia, corrected to the SKB 3 Menteri where one is on file, plus that SKB's cuti bersama.
 * Years without an SKB on file (2027 at the time of writing) get date-holidays alone, so no cuti bersama.
 */
export function nationalHolidays(year: number): ReadonlyMap<string, NationalHoliday> {
  let days = byYear.get(year);
  if (!days) {
    days = buildYear(year);
    byYear.set(year, days);
  }
  return days;
}

function buildYear(year: number): ReadonlyMap<string, NationalHoliday> {
  library ??= new Holidays('ID');
  const days = new Map<string, NationalHoliday>();
  for (const holiday of library.getHolidays(year)) {
    if (holiday.type !== 'public') continue;
    // "2025-03-30 00:00:00 -0600": the leading local date is the holiday; the offset only marks that
    // Islamic days begin at the previous sunset.
    const date = holiday.date.slice(0, 10);
    days.set(date, { date, name: holiday.name, kind: 'libur-nasional', source: DATE_HOLIDAYS_SOURCE });
  }
  const skb = official[String(year)];
  if (!skb) return days;
  for (const { date } of skb.corrections.remove) days.delete(date);
  for (const { date, name } of skb.corrections.add) {
    days.set(date, { date, name, kind: 'libur-nasional', source: skb.source });
  }
  for (const { date, name } of skb.cutiBersama) {
    days.set(date, { date, name, kind: 'cuti-bersama', source: skb.source });
  }
  return days;
}
