import { DateTime } from 'luxon';
import type { Prisma } from '../db/generated/client.ts';
import { zoneLabel } from '../sla/instant.ts';
import type { ParsedKind } from '../sla/sla-state.ts';

const CLOCK_LABEL = { first: 'respons pertama', resolution: 'penyelesaian' } as const;
export interface SlaNoticeInput {
  caseId: string;
  agencyId: string;
  /** The SlaEvent kind ("first-warn50", "e1-resolution-breach"). */
  kind: string;
  parsed: ParsedKind;
  subject: string;
  dueAt: Date;
  timeZone: string;
}

/** The supervisors' notice for one SLA event, in Bahasa Indonesia, with the deadline in the agency's zone. */
export function slaNoticeText(input: SlaNoticeInput): { title: string; body: string } {
  const clock = CLOCK_LABEL[input.parsed.clock];
  const due = `${DateTime.fromJSDate(input.dueAt, { zone: input.timeZone })
    .setLocale('id')
    .toFormat('d LLL yyyy HH:mm')} ${zoneLabel(input.timeZone)}`;
  const percent = /warn(\d+)$/.exec(input.kind)?.[1];
  const title =
    input.parsed.level === 'breach'
      ? `Batas waktu ${clock} terlewati`
      : `Peringatan SLA: ${percent ?? ''}% waktu ${clock} terpakai`;
  const subject = input.subject.length > 120 ? `${input.subject.slice(0, 117)}…` : input.subject;
  return { title, body: `"${subject}" — batas ${clock}: ${due}.` };
}

/**
 * Records the in-app notice inside the SLA event's transaction; its key is the SLA event's, so a retried job
 * never creates a second one. Returns the notification id, or null when it already existed.
 */
export async function recordSlaNotice(
  tx: Prisma.TransactionClient,
  input: SlaNoticeInput,
): Promise<string | null> {
  const { title, body } = slaNoticeText(input);
  const [created] = await tx.notification.createManyAndReturn({
    data: [
      {
        agencyId: input.agencyId,
        caseId: input.caseId,
        kind: input.parsed.level === 'breach' ? 'sla.breached' : 'sla.warning',
        title,
        body,
        dedupeKey: `sla-${input.caseId}-${input.kind}`,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  });
  return created?.id ?? null;
}
