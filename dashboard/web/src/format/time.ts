import { t } from '../i18n/id.ts';

const ZONE_LABEL: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('id-ID', {
      ...(withDate ? { dateStyle: 'medium' } : {}),
      timeStyle: 'short',
      timeZone,
    });
    formats.set(key, format);
  }
  return format;
}

/** Times are shown in the agency's own zone, as its office and the law count them, not the viewer's. */
export function formatTime(iso: string | null | undefined, timeZone: string, withDate = true): string {
  if (!iso) return '—';
  return `${formatFor(timeZone, withDate).format(new Date(iso))} ${ZONE_LABEL[timeZone] ?? timeZone}`;
}

/** "2 j 15 mnt" for a span in milliseconds (absolute value). */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return t.duration.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t.duration.hours(hours, minutes % 60);
  return t.duration.days(Math.floor(hours / 24), hours % 24);
}

/** Midnight today in a zone, as an ISO string with that zone's offset (for "today" metrics queries). */
export function startOfTodayIso(timeZone: string, now = new Date()): string {
  const ymd = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .slice(0, 10);
  const offsetName =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = offsetName === 'GMT' ? '+00:00' : offsetName.slice(3);
  return `${ymd}T00:00:00${offset}`;
}
