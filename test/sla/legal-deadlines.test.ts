import { describe, expect, it } from 'vitest';
import { LEGAL_CLOCKS } from '../../core/sla/legal-clocks.ts';
import { addWorkingDays, type DueAmount, dueAt, formatInZone } from '../../core/sla/working-time.ts';
import { compile, JAKARTA, JAYAPURA, MAKASSAR } from './calendars.ts';

/**
 * Legal deadlines counted by hand on the real calendars (national defaults only: SKB 3 Menteri 2025 incl.
 * the 18 August 2025 amendment, SKB 2026; 2027 = date-holidays' public holidays, no cuti bersama yet).
 * Each comment lists the dates skipped and the date of the last working day, so a reviewer can recount.
 *
 * Office hours (calendars.ts) — close Mon–Thu 16:00, Fri 16:30 in all three zones.
 */
const cal = { WIB: compile(JAKARTA), WITA: compile(MAKASSAR), WIT: compile(JAYAPURA) };
type Zone = keyof typeof cal;

const REQUEST: DueAmount = { workingDays: LEGAL_CLOCKS.informationRequest.workingDays }; // 10
const EXTENDED: DueAmount = {
  workingDays:
    LEGAL_CLOCKS.informationRequest.workingDays + LEGAL_CLOCKS.informationRequestExtension.workingDays,
}; // 17
const OBJECTION: DueAmount = { workingDays: LEGAL_CLOCKS.objection.workingDays }; // 30

// biome-ignore format: one case per line reads as a table
const cases: [string, Zone, string, DueAmount, string][] = [
  // Fri 24 Jan; skip 27 (Isra Mikraj), 28 (cuti Imlek), 29 (Imlek); day 1 = Thu 30 Jan … day 10 = Wed 12 Feb.
  ['Friday afternoon before Imlek, WIB', 'WIB', '2025-01-24T15:30:00+07:00', REQUEST, '2025-02-12T16:00:00+07:00'],
  // … day 11 Thu 13 Feb … day 17 = Fri 21 Feb (Friday close 16:30).
  ['same, with the 7-day extension', 'WIB', '2025-01-24T15:30:00+07:00', EXTENDED, '2025-02-21T16:30:00+07:00'],
  // Receipt on Isra Mikraj: 28, 29 Jan skipped; same count as above.
  ['filed on a holiday (Isra Mikraj 2025), WIB', 'WIB', '2025-01-27T10:00:00+07:00', REQUEST, '2025-02-12T16:00:00+07:00'],
  // Thu 27 Mar; skip 28 Mar (cuti Nyepi), 31 Mar–1 Apr (Idulfitri), 2–4, 7 Apr (cuti Idulfitri);
  // day 1 = Tue 8 Apr; 18 Apr (Wafat Yesus Kristus) skipped; day 10 = Tue 22 Apr.
  ['before the Idulfitri 2025 cuti bersama, WITA', 'WITA', '2025-03-27T10:00:00+08:00', REQUEST, '2025-04-22T16:00:00+08:00'],
  // … 23, 24, 25, 28, 29, 30 Apr = days 11–16; 1 May (Hari Buruh) skipped; day 17 = Fri 2 May.
  ['same, with the 7-day extension', 'WITA', '2025-03-27T10:00:00+08:00', EXTENDED, '2025-05-02T16:30:00+08:00'],
  // Day 1 = Thu 27 Mar; 28 Mar–7 Apr closed; 8–17 Apr = 2–9; 21–25 Apr = 10–14; 28–30 Apr = 15–17;
  // 2 May = 18; 5–9 May = 19–23; 12 May (Waisak), 13 May (cuti) skipped; 14–16 May = 24–26; 19–22 May = 27–30.
  ['objection before Idulfitri 2025, WIT', 'WIT', '2025-03-26T09:00:00+09:00', OBJECTION, '2025-05-22T16:00:00+09:00'],
  // Receipt on Idulfitri day 1; 1–7 Apr closed; 8–17 Apr = 1–8; 21, 22 Apr = 9, 10.
  ['filed on Idulfitri 2025, WIT', 'WIT', '2025-03-31T10:00:00+09:00', REQUEST, '2025-04-22T16:00:00+09:00'],
  // Fri 9 May; skip 12 May (Waisak), 13 May (cuti Waisak); 14–16 = 1–3; 19–23 = 4–8; 26, 27 May = 9, 10.
  ['Friday afternoon before Waisak 2025, WITA', 'WITA', '2025-05-09T15:00:00+08:00', REQUEST, '2025-05-27T16:00:00+08:00'],
  // Sunday 1 Jun (Pancasila); 2–5 Jun = 1–4; 6 Jun (Iduladha), 9 Jun (cuti Iduladha) skipped; 10–13 = 5–8;
  // 16, 17 Jun = 9, 10.
  ['filed on a Sunday holiday before Iduladha 2025, WITA', 'WITA', '2025-06-01T20:00:00+08:00', REQUEST, '2025-06-17T16:00:00+08:00'],
  // Thu 26 Jun: the SKB puts 1 Muharam on Fri 27 Jun (date-holidays says 26 Jun, which would give 10 Jul);
  // 30 Jun = 1; 1–4 Jul = 2–5; 7–11 Jul = 6–10 (Friday close).
  ['1 Muharam 2025 per SKB, not date-holidays, WIB', 'WIB', '2025-06-26T14:00:00+07:00', REQUEST, '2025-07-11T16:30:00+07:00'],
  // Fri 15 Aug; 18 Aug (cuti bersama HUT ke-80, SKB amendment) skipped; 19–22 = 1–4; 25–29 = 5–9; 1 Sep = 10.
  ['Friday afternoon before 18 Aug 2025, WITA', 'WITA', '2025-08-15T15:00:00+08:00', REQUEST, '2025-09-01T16:00:00+08:00'],
  // Mon 1 Dec; 2–5 = 1–4; 8–12 = 5–9; 15–19 = 10–14; 22–24 = 15–17; 25 (Natal), 26 (cuti) skipped;
  // 29–31 = 18–20; 1 Jan 2026 skipped; 2 Jan = 21; 5–9 Jan = 22–26; 12–15 Jan = 27–30.
  ['objection over the year end, WIT', 'WIT', '2025-12-01T10:00:00+09:00', OBJECTION, '2026-01-15T16:00:00+09:00'],
  // Thu 18 Dec; 19 = 1; 22–24 = 2–4; 25, 26 skipped; 29–31 = 5–7; 1 Jan skipped; 2 Jan = 8; 5, 6 Jan = 9, 10.
  ['before Natal 2025, WIB', 'WIB', '2025-12-18T10:00:00+07:00', REQUEST, '2026-01-06T16:00:00+07:00'],
  // … 7–9 Jan = 11–13; 12–15 Jan = 14–17 (16 Jan, Isra Mikraj, comes after).
  ['same, with the 7-day extension', 'WIB', '2025-12-18T10:00:00+07:00', EXTENDED, '2026-01-15T16:00:00+07:00'],
  // Saturday 27 Dec; 29–31 = 1–3; 1 Jan skipped; 2 Jan = 4; 5–9 Jan = 5–9; 12 Jan = 10.
  ['filed on a Saturday, WIB', 'WIB', '2025-12-27T10:00:00+07:00', REQUEST, '2026-01-12T16:00:00+07:00'],
  // Same UTC instant, two zones: 23:30 Wed 14 Jan in WIB, 01:30 Thu 15 Jan in WIT.
  // WIB: 15 Jan = 1; 16 Jan (Isra Mikraj) skipped; 19–23 = 2–6; 26–29 = 7–10.
  ['late evening, receipt date in WIB', 'WIB', '2026-01-14T16:30:00Z', REQUEST, '2026-01-29T16:00:00+07:00'],
  // WIT: receipt date 15 Jan; 16 Jan skipped; 19–23 = 1–5; 26–30 = 6–10 (Friday close).
  ['same instant, receipt date in WIT', 'WIT', '2026-01-14T16:30:00Z', REQUEST, '2026-01-30T16:30:00+09:00'],
  // Fri 13 Feb after close; 16 Feb (cuti Imlek), 17 Feb (Imlek) skipped; 18–20 = 1–3; 23–27 = 4–8; 2, 3 Mar = 9, 10.
  ['Friday after closing before Imlek 2026, WIB', 'WIB', '2026-02-13T16:45:00+07:00', REQUEST, '2026-03-03T16:00:00+07:00'],
  // Tue 17 Mar; 18 (cuti Nyepi), 19 (Nyepi), 20 (cuti Idulfitri), 23, 24 (cuti Idulfitri) skipped;
  // 25–27 = 1–3; 30 Mar–2 Apr = 4–7; 3 Apr (Wafat Yesus Kristus) skipped; 6–8 Apr = 8–10.
  ['before the Idulfitri 2026 cuti bersama, WITA', 'WITA', '2026-03-17T11:00:00+08:00', REQUEST, '2026-04-08T16:00:00+08:00'],
  // … 9, 10 Apr = 11, 12; 13–17 Apr = 13–17 (Friday close).
  ['same, with the 7-day extension', 'WITA', '2026-03-17T11:00:00+08:00', EXTENDED, '2026-04-17T16:30:00+08:00'],
  // Receipt on Nyepi (Thu 19 Mar); 20–24 closed; 25–27 = 1–3; 30 Mar–2 Apr = 4–7; 3 Apr skipped;
  // 6–10 = 8–12; 13–17 = 13–17; 20–24 = 18–22; 27–30 Apr = 23–26; 1 May (Hari Buruh) skipped; 4–7 May = 27–30.
  ['objection filed on Nyepi 2026, WIT', 'WIT', '2026-03-19T09:00:00+09:00', OBJECTION, '2026-05-07T16:00:00+09:00'],
  // Wed 13 May; 14 (Kenaikan), 15 (cuti) skipped; 18–22 = 1–5; 25, 26 = 6, 7; 27 (Iduladha), 28 (cuti) skipped;
  // 29 May = 8; 1 Jun (Pancasila) skipped; 2, 3 Jun = 9, 10.
  ['between Kenaikan and Iduladha 2026, WIB', 'WIB', '2026-05-13T15:00:00+07:00', REQUEST, '2026-06-03T16:00:00+07:00'],
  // … 4, 5 Jun = 11, 12; 8–12 Jun = 13–17 (Friday close; 16 Jun, 1 Muharam, comes after).
  ['same, with the 7-day extension', 'WIB', '2026-05-13T15:00:00+07:00', EXTENDED, '2026-06-12T16:30:00+07:00'],
  // Fri 14 Aug; 17 Aug (Proklamasi) skipped; 18–21 = 1–4; 24 = 5; 25 Aug (Maulid) skipped; 26–28 = 6–8;
  // 31 Aug, 1 Sep = 9, 10.
  ['Friday afternoon before 17 Aug 2026, WITA', 'WITA', '2026-08-14T14:00:00+08:00', REQUEST, '2026-09-01T16:00:00+08:00'],
  // Mon 21 Dec; 22, 23 = 1, 2; 24 (cuti Natal), 25 (Natal) skipped; 28–31 = 3–6; 1 Jan 2027 skipped;
  // 4 Jan = 7; 5 Jan (Isra Mikraj, date-holidays) skipped; 6–8 Jan = 8–10 (Friday close).
  ['over the year end into 2027, WIT', 'WIT', '2026-12-21T08:00:00+09:00', REQUEST, '2027-01-08T16:30:00+09:00'],
  // 2027 (date-holidays only): Fri 26 Feb; 1–5 Mar = 1–5; 8 (Nyepi), 9, 10 (Idulfitri) skipped; 11, 12 = 6, 7;
  // 15–19 = 8–12; 22–25 = 13–16; 26 Mar (Wafat) skipped; 29 Mar–2 Apr = 17–21; 5–9 Apr = 22–26; 12–15 Apr = 27–30.
  // Will move later once the 2027 SKB (cuti bersama around Idulfitri) is added to the data file.
  ['objection around Idulfitri 2027, WIB', 'WIB', '2027-02-26T15:00:00+07:00', OBJECTION, '2027-04-15T16:00:00+07:00'],
  // Working minutes (a first-response clock): Fri 15:45 → 16:30 = 45 min; Mon 16 Mar 07:30 + 75 min.
  ['120 working minutes from Friday afternoon, WITA', 'WITA', '2026-03-13T15:45:00+08:00', { workingMinutes: 120 }, '2026-03-16T08:45:00+08:00'],
  // Ends exactly at Friday's close: that close, not Monday's opening.
  ['60 working minutes ending at the close, WITA', 'WITA', '2026-03-13T15:30:00+08:00', { workingMinutes: 60 }, '2026-03-13T16:30:00+08:00'],
  // Received at the close counts from the next opening.
  ['1 working minute from the close, WITA', 'WITA', '2026-03-13T16:30:00+08:00', { workingMinutes: 1 }, '2026-03-16T07:31:00+08:00'],
  // 11:00–11:30 = 30 min, Friday prayer break, 13:00 + 30 min.
  ['60 working minutes across the Friday break, WITA', 'WITA', '2026-03-06T11:00:00+08:00', { workingMinutes: 60 }, '2026-03-06T13:30:00+08:00'],
  // Tue 17 Mar 15:00–16:00 = 60; 18–24 Mar closed; Wed 25 Mar 08–12 = 240, 13–16 = 180 → exactly 16:00.
  ['480 working minutes across the Idulfitri 2026 closure, WIB', 'WIB', '2026-03-17T15:00:00+07:00', { workingMinutes: 480 }, '2026-03-25T16:00:00+07:00'],
  // Received at opening time on Pancasila day (closed): Tue 2 Jun 08:00 + 30 min.
  ['30 working minutes from a holiday morning, WIT', 'WIT', '2026-06-01T08:00:00+09:00', { workingMinutes: 30 }, '2026-06-02T08:30:00+09:00'],
];

describe('legal deadlines on the real 2025–2027 calendars (hand-computed)', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases)('%s', (_name, zone, received, amount, expected) => {
    expect(formatInZone(dueAt(cal[zone], new Date(received), amount), cal[zone].timezone)).toBe(expected);
  });

  it('an extension of 7 working days from the 10-day deadline gives the 17-day deadline', () => {
    for (const [, zone, received, amount] of cases) {
      if (amount !== REQUEST) continue;
      const due10 = dueAt(cal[zone], new Date(received), REQUEST);
      expect(addWorkingDays(cal[zone], due10, 7)).toEqual(dueAt(cal[zone], new Date(received), EXTENDED));
    }
  });
});
