import { parseCalendar } from './calendar-schema.ts';
import { type CompiledCalendar, compileCalendar } from './compiled-calendar.ts';
import { LEGAL_CLOCKS } from './legal-clocks.ts';
import { dueAt } from './working-time.ts';

/**
 * The standard office week of Indonesian government offices (Mon–Thu 08:00–16:00, Fri 08:00–16:30 with the
 * Friday prayer break) over national holidays and cuti bersama, in the agency's zone. Used until an agency
 * configures its own calendar in tanggap.yaml.
 */
const STANDARD_OFFICE_HOURS = {
  mon: ['08:00-16:00'],
  tue: ['08:00-16:00'],
  wed: ['08:00-16:00'],
  thu: ['08:00-16:00'],
  fri: ['08:00-11:30', '13:00-16:30'],
};

const compiled = new Map<string, CompiledCalendar>();
/** Configured calendars by their JSON; a handful per deployment, each compiled once per process. */
const configured = new Map<string, CompiledCalendar>();

/** What an agency row carries for its calendar: its zone and the calendar from tanggap.yaml, if any. */
export interface AgencyCalendarSource {
  timeZone: string;
  calendar?: unknown;
}

/**
 * The agency's working calendar: the one configured for it in tanggap.yaml (stored on the agency by the
 * config sync), else the standard office week in its zone.
 */
export function agencyCalendar(agency: AgencyCalendarSource): CompiledCalendar {
  if (agency.calendar === null || agency.calendar === undefined) return standardCalendar(agency.timeZone);
  const key = JSON.stringify(agency.calendar);
  let calendar = configured.get(key);
  if (!calendar) {
    calendar = compileCalendar(parseCalendar(agency.calendar, 'agency calendar'));
    configured.set(key, calendar);
  }
  return calendar;
}

export function standardCalendar(timeZone: string): CompiledCalendar {
  let calendar = compiled.get(timeZone);
  if (!calendar) {
    calendar = compileCalendar(
      parseCalendar({ timezone: timeZone, officeHours: STANDARD_OFFICE_HOURS }, 'standard calendar'),
    );
    compiled.set(timeZone, calendar);
  }
  return calendar;
}

/** A statutory deadline (UU 14/2008) from an instant, in the agency's working calendar. */
export function legalDeadline(
  agency: AgencyCalendarSource,
  from: Date,
  clock: keyof typeof LEGAL_CLOCKS,
): Date {
  return dueAt(agencyCalendar(agency), from, { workingDays: LEGAL_CLOCKS[clock].workingDays });
}
