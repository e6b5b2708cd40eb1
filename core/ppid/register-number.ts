import { DateTime } from 'luxon';
import type { Prisma } from '../db/generated/client.ts';

/**
 * Register number of a formal information request (UU 14/2008 asks for a register of requests):
 *
 *   PPID/<AGENCY-ID-UPPERCASE>/<YEAR>/<SEQ padded to 5 digits>     e.g. PPID/DINAS-KOMINFO/2027/00042
 *
 * YEAR is the calendar year in the agency's own time zone at `at` (a request received on 31 December
 * 18:00 UTC is already 1 January in Asia/Jakarta), SEQ restarts at 1 each year per agency.
 * Agency ids are lowercase slugs, so upper-casing keeps numbers of different agencies distinct.
 */
export function formatRegisterNumber(agencyId: string, year: number, seq: number): string {
  return `PPID/${agencyId.toUpperCase()}/${year}/${String(seq).padStart(5, '0')}`;
}

/** The calendar year of an instant in a time zone (IANA name). */
export function localYear(at: Date, timeZone: string): number {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new Error(`invalid time zone or date: ${timeZone} ${at.toISOString()}`);
  return local.year;
}

export interface RegisterNumber {
  year: number;
  seq: number;
  registerNumber: string;
}

/**
 * Takes the next number of the agency's register for the local year, inside the caller's transaction.
 *
 * The counter row is created or bumped in one statement; its row lock is held until the transaction ends,
 * so concurrent requests of the same agency and year queue up behind each other (no duplicates), and a
 * transaction that rolls back also rolls back its increment, so the next one gets the same number
 * (no gaps). Call it as late as possible in the transaction: the lock serialises everyone behind it.
 */
export async function assignRegisterNumber(
  tx: Prisma.TransactionClient,
  input: { agencyId: string; at: Date; timeZone: string },
): Promise<RegisterNumber> {
  const year = localYear(input.at, input.timeZone);
  const rows = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO "RegisterCounter" ("agencyId", "year", "last")
    VALUES (${input.agencyId}, ${year}::int, 1)
    ON CONFLICT ("agencyId", "year") DO UPDATE SET "last" = "RegisterCounter"."last" + 1
    RETURNING "last"`;
  const seq = Number(rows[0]?.last);
  if (!Number.isInteger(seq) || seq < 1) throw new Error('register counter returned no number');
  return { year, seq, registerNumber: formatRegisterNumber(input.agencyId, year, seq) };
}
