import { describe, expect, it } from 'vitest';
import { nationalHolidays, SKB_YEARS } from '../../core/sla/national-holidays.ts';

/**
 * The official lists, typed from the SKB 3 Menteri. If a date-holidays upgrade changes its Indonesian
 * data, these fail and the corrections in config/calendars/id-national-holidays.json need a look.
 */
// biome-ignore format: seven dates a line keeps the list checkable by eye
const SKB_2025_LIBUR_NASIONAL = [
  '2025-01-01', '2025-01-27', '2025-01-29', '2025-03-29', '2025-03-31', '2025-04-01', '2025-04-18',
  '2025-04-20', '2025-05-01', '2025-05-12', '2025-05-29', '2025-06-01', '2025-06-06', '2025-06-27',
  '2025-08-17', '2025-09-05', '2025-12-25',
];
// biome-ignore format: seven dates a line keeps the list checkable by eye
const SKB_2025_CUTI_BERSAMA = [
  '2025-01-28', '2025-03-28', '2025-04-02', '2025-04-03', '2025-04-04', '2025-04-07', '2025-05-13',
  '2025-05-30', '2025-06-09', '2025-08-18', '2025-12-26',
];
// biome-ignore format: seven dates a line keeps the list checkable by eye
const SKB_2026_LIBUR_NASIONAL = [
  '2026-01-01', '2026-01-16', '2026-02-17', '2026-03-19', '2026-03-21', '2026-03-22', '2026-04-03',
  '2026-04-05', '2026-05-01', '2026-05-14', '2026-05-27', '2026-05-31', '2026-06-01', '2026-06-16',
  '2026-08-17', '2026-08-25', '2026-12-25',
];
// biome-ignore format: seven dates a line keeps the list checkable by eye
const SKB_2026_CUTI_BERSAMA = [
  '2026-02-16', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-05-15', '2026-05-28',
  '2026-12-24',
];

function datesOf(year: number, kind: 'libur-nasional' | 'cuti-bersama'): string[] {
  return [...nationalHolidays(year).values()]
    .filter((h) => h.kind === kind)
    .map((h) => h.date)
    .sort();
}

describe('national holidays and cuti bersama', () => {
  it('2025 equals the SKB (incl. the 18 August amendment)', () => {
    expect(datesOf(2025, 'libur-nasional')).toEqual(SKB_2025_LIBUR_NASIONAL);
    expect(datesOf(2025, 'cuti-bersama')).toEqual(SKB_2025_CUTI_BERSAMA);
  });

  it('2026 equals the SKB', () => {
    expect(datesOf(2026, 'libur-nasional')).toEqual(SKB_2026_LIBUR_NASIONAL);
    expect(datesOf(2026, 'cuti-bersama')).toEqual(SKB_2026_CUTI_BERSAMA);
  });

  it('names the SKB as the source of corrected and cuti bersama days', () => {
    expect(nationalHolidays(2025).get('2025-06-27')).toMatchObject({
      kind: 'libur-nasional',
      source: expect.stringContaining('1017 Tahun 2024'),
    });
    expect(nationalHolidays(2026).get('2026-03-20')?.name).toBe('Cuti bersama Idulfitri 1447 Hijriah');
    expect(nationalHolidays(2025).get('2025-01-27')?.name).toBe('Isra Mikraj Nabi Muhammad SAW');
  });

  it('2027 has no SKB on file yet: date-holidays public holidays, no cuti bersama', () => {
    expect(SKB_YEARS).toEqual([2025, 2026]);
    const days = nationalHolidays(2027);
    expect(datesOf(2027, 'cuti-bersama')).toEqual([]);
    for (const date of ['2027-01-01', '2027-03-10', '2027-08-17', '2027-12-25']) {
      expect(days.get(date)?.source).toMatch(/^date-holidays/);
    }
  });

  it('returns the same cached map for a year', () => {
    expect(nationalHolidays(2026)).toBe(nationalHolidays(2026));
  });
});
