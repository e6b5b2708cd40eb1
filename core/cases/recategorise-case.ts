import type { TSlaPolicy } from '../../config/tanggap-schema.ts';
import { Prisma } from '../db/generated/client.ts';
import type { CaseCategory, Role } from '../db/generated/enums.ts';
import { DomainError } from '../domain-error.ts';
import { CLOCK_FIELDS, clockOf, clockPolicyFor } from '../sla/case-sla.ts';
import { slaStateOf } from '../sla/sla-state.ts';
import { CATEGORY_PRIORITY } from './category-priority.ts';

export interface RecategoriseInput {
  caseId: string;
  category: CaseCategory;
  secondary: CaseCategory | null;
  /** The message whose label is corrected; the conversation's first inbound message by default. */
  messageId?: string;
  actor: { id: string; role: Role };
  /** The agency's SLA policy: the case's clocks follow its new category. Absent: clocks stay as they are. */
  policy?: TSlaPolicy;
  now?: Date;
}

/**
 * A person corrects what the classifier said. The case takes the new category (and its priority and SLA
 * targets, counted from when the case opened), and the message with the corrected label becomes a training
 * example for the next model (one per message: a later correction replaces it). One audit event.
 * Returns whether the SLA deadlines changed (the caller reschedules after commit).
 */
export async function recategoriseCase(tx: Prisma.TransactionClient, input: RecategoriseInput) {
  const kase = await tx.case.findUnique({
    where: { id: input.caseId },
    select: {
      id: true,
      agencyId: true,
      category: true,
      status: true,
      slaEpoch: true,
      firstResponseAt: true,
      resolvedAt: true,
      slaEvents: { select: { kind: true } },
      ...CLOCK_FIELDS,
    },
  });
  if (!kase) throw new DomainError(404, 'not_found', 'Kasus tidak ditemukan.');
  if (input.secondary === input.category) {
    throw new DomainError(400, 'invalid_input', 'Label kedua harus berbeda dari label utama.', 'secondary');
  }
  const message = await tx.message.findFirst({
    where: {
      caseId: kase.id,
      direction: 'INBOUND',
      ...(input.messageId ? { id: input.messageId } : {}),
    },
    orderBy: { postedAt: 'asc' },
    select: { id: true, text: true, kind: true, classification: { select: { category: true } } },
  });
  if (!message)
    throw new DomainError(400, 'invalid_input', 'Pesan tidak ditemukan pada kasus ini.', 'messageId');

  const now = input.now ?? new Date();
  const slaClock = input.policy ? clockPolicyFor(input.policy, input.category, message.kind) : undefined;
  const clock =
    slaClock !== undefined
      ? clockOf({ ...kase, slaClock: slaClock as unknown as Prisma.JsonValue }, now)
      : null;
  await tx.case.update({
    where: { id: kase.id },
    data: {
      category: input.category,
      priority: CATEGORY_PRIORITY[input.category],
      version: { increment: 1 },
      ...(slaClock !== undefined
        ? {
            slaClock: slaClock === null ? Prisma.DbNull : (slaClock as unknown as Prisma.InputJsonValue),
            firstResponseDueAt: clock?.firstResponseDueAt ?? null,
            resolutionDueAt: clock?.resolutionDueAt ?? null,
            // New targets, new standing: derived again from the stored facts.
            slaState: slaStateOf({
              policy: slaClock,
              epoch: kase.slaEpoch,
              eventKinds: kase.slaEvents.map((e) => e.kind),
              firstResponseAt: kase.firstResponseAt,
              firstResponseDueAt: clock?.firstResponseDueAt ?? null,
              resolvedAt: kase.resolvedAt,
              resolutionDueAt: clock?.resolutionDueAt ?? null,
            }),
          }
        : {}),
    },
  });
  await tx.trainingExample.upsert({
    where: { messageId: message.id },
    create: {
      messageId: message.id,
      text: message.text,
      label: input.category,
      secondary: input.secondary,
      source: `correction:${input.actor.role.toLowerCase()}`,
      createdById: input.actor.id,
    },
    update: { label: input.category, secondary: input.secondary, createdById: input.actor.id },
  });
  await tx.auditEvent.create({
    data: {
      agencyId: kase.agencyId,
      actorId: input.actor.id,
      action: 'case.recategorised',
      entityType: 'Case',
      entityId: kase.id,
      data: {
        messageId: message.id,
        before: { category: kase.category, classifier: message.classification?.category ?? null },
        after: { category: input.category, secondary: input.secondary },
      },
    },
  });
  return { id: kase.id, slaChanged: clock !== null };
}
