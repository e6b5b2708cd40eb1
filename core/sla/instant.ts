import { DateTime } from 'luxon';

const ZONE_LABEL: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "WIB", "WITA", "WIT": how Indonesians name their zones; the IANA name for any other. */
export function zoneLabel(zone: string): string {
  return ZONE_LABEL[zone] ?? zone;
}

/**
 * "2026-03-31T16:00:00+08:00": ISO-8601 in the zone's offset, to the second. A sub-second part is
 * dropped (rounding down, so a displayed deadline is never later than the real one).
 */
export function formatInZone(instant: Date, zone: string): string {
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  const text = DateTime.fromMillis(wholeSeconds, { zone }).toISO({ suppressMilliseconds: true });
  if (!text) throw new RangeError(`cannot format ${instant.toISOString()} in zone ${zone}`);
  return text;
}

/**
 * Parses an ISO-8601 date-time. With an offset or Z it is that instant; without one it is read as local
 * time in `zone` (a PPID officer types the wall-clock time on the receipt). null when invalid.
 */
export function parseInstant(text: string, zone: string): Date | null {
  // luxon also accepts week dates, ordinals and bare times; receipts are written as calendar dates.
  if (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(text)) return null;
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  return parsed.isValid ? parsed.toJSDate() : null;
}
