import { parseCalendar } from './calendar-schema.ts';
import { type CompiledCalendar, compileCalendar } from './compiled-calendar.ts';
import { LEGAL_CLOCKS } from './legal-clocks.ts';
import { dueAt } from './working-time.ts';

/**
 * The standard office week of Indonesian government offices (Mon–Thu 08:00–16:00, Fri 08:00–16:30 with the
 * Friday prayer break) over national holidays and cuti bersama, in the agency's zone. Used until an agency
 * configures its own calendar in tanggap.yaml (SLA issue).
 */
const STANDARD_OFFICE_HOURS = {
  mon: ['08:00-16:00'],
  tue: ['08:00-16:00'],
  wed: ['08:00-16:00'],
  thu: ['08:00-16:00'],
  fri: ['08:00-11:30', '13:00-16:30'],
};

const compiled = new Map<string, CompiledCalendar>();

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
export function legalDeadline(timeZone: string, from: Date, clock: keyof typeof LEGAL_CLOCKS): Date {
  return dueAt(standardCalendar(timeZone), from, { workingDays: LEGAL_CLOCKS[clock].workingDays });
}
