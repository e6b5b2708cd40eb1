import { parseCalendar, type TCalendarInput } from '../../core/sla/calendar-schema.ts';
import { type CompiledCalendar, compileCalendar } from '../../core/sla/compiled-calendar.ts';

/** WIB: a ministry in Jakarta with a lunch break, longer Friday break for Friday prayer. */
export const JAKARTA: TCalendarInput = {
  timezone: 'Asia/Jakarta',
  officeHours: {
    mon: ['08:00-12:00', '13:00-16:00'],
    tue: ['08:00-12:00', '13:00-16:00'],
    wed: ['08:00-12:00', '13:00-16:00'],
    thu: ['08:00-12:00', '13:00-16:00'],
    fri: ['08:00-11:30', '13:30-16:30'],
  },
};

/** WITA: the calendar of the issue, national defaults only. */
export const MAKASSAR: TCalendarInput = {
  timezone: 'Asia/Makassar',
  officeHours: {
    mon: ['07:30-16:00'],
    tue: ['07:30-16:00'],
    wed: ['07:30-16:00'],
    thu: ['07:30-16:00'],
    fri: ['07:30-11:30', '13:00-16:30'],
  },
};

/** WIT: one period a day, Friday closes later. */
export const JAYAPURA: TCalendarInput = {
  timezone: 'Asia/Jayapura',
  officeHours: {
    mon: ['08:00-16:00'],
    tue: ['08:00-16:00'],
    wed: ['08:00-16:00'],
    thu: ['08:00-16:00'],
    fri: ['08:00-16:30'],
  },
};

export function compile(input: TCalendarInput): CompiledCalendar {
  return compileCalendar(parseCalendar(input, 'test calendar'));
}
