import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import { CATEGORY_PRIORITY } from '../../core/cases/category-priority.ts';
import { transitionCase } from '../../core/cases/transition-case.ts';
import { CASE_ACTIONS, initialStatus } from '../../core/cases/workflow.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { agencyCalendar } from '../../core/sla/agency-calendar.ts';
import { computeCaseClock } from '../../core/sla/case-clock.ts';
import { clockPolicyFor } from '../../core/sla/case-sla.ts';
import type { ClassificationResult } from '../classify/rules.ts';

const PRIORITY = CATEGORY_PRIORITY;

/**
 * In one transaction: store the classification, then join the conversation's open case or, for a
 * flagged category, open one. Chatter (OTHER) with no open case stays a message without a case.
 * Two messages of one conversation racing here collide on Case.openKey; the loser's job retries and joins.
 * A new case gets its SLA clock (policy snapshot and deadlines); `slaChanged` tells the caller to schedule
 * the case's SLA jobs once this has committed.
 */
export async function attachToCase(
  prisma: PrismaClient,
  config: TTanggapConfig,
  messageId: string,
  result: ClassificationResult & { claimId?: string | null },
  now: Date = new Date(),
): Promise<{ caseId: string | undefined; slaChanged: boolean }> {
  return prisma.$transaction(async (tx) => {
    let slaChanged = false;
    const message = await tx.message.findUniqueOrThrow({
      where: { id: messageId },
      select: {
        threadKey: true,
        text: true,
        kind: true,
        postedAt: true,
        channel: {
          select: {
            id: true,
            agencyId: true,
            agency: { select: { slaPolicy: true, timeZone: true, calendar: true } },
          },
        },
      },
    });
    await tx.classification.create({
      data: {
        messageId,
        category: result.category,
        secondary: result.secondary,
        confidence: result.confidence,
        reasons: result.reasons,
        modelVersion: result.modelVersion,
        claimId: result.claimId ?? null,
      },
    });
    const openKey = `${message.channel.id}:${message.threadKey}`;
    const open = await tx.case.findUnique({
      where: { openKey },
      select: { id: true, category: true, status: true },
    });
    let caseId = open?.id;
    if (open) {
      // A conversation that started as chatter becomes the flagged category once it says more.
      const upgrade = open.category === 'OTHER' && result.category !== 'OTHER';
      await tx.case.update({
        where: { id: open.id },
        data: {
          version: { increment: 1 },
          ...(upgrade ? { category: result.category, priority: PRIORITY[result.category] } : {}),
        },
      });
      // The citizen wrote again: a case waiting on them or already answered goes back to work.
      if ((CASE_ACTIONS.citizen_wrote.from as readonly string[]).includes(open.status)) {
        const moved = await transitionCase(tx, {
          caseId: open.id,
          action: 'citizen_wrote',
          actor: 'SYSTEM',
          data: { messageId },
          now,
        });
        slaChanged = moved.slaChanged;
      }
    } else if (result.category !== 'OTHER') {
      const slaClock = clockPolicyFor(
        config.slaPolicies[message.channel.agency.slaPolicy],
        result.category,
        message.kind,
      );
      const clock = slaClock
        ? computeCaseClock({
            policy: slaClock,
            timeZone: message.channel.agency.timeZone,
            calendar: agencyCalendar(message.channel.agency),
            openedAt: message.postedAt,
          })
        : null;
      const created = await tx.case.create({
        data: {
          agencyId: message.channel.agencyId,
          channelId: message.channel.id,
          threadKey: message.threadKey,
          openKey,
          category: result.category,
          status: initialStatus(result.category),
          priority: PRIORITY[result.category],
          subject: message.text.slice(0, 140),
          openedAt: message.postedAt,
          firstResponseDueAt: clock?.firstResponseDueAt ?? null,
          resolutionDueAt: clock?.resolutionDueAt ?? null,
          ...(slaClock ? { slaClock: { ...slaClock } } : {}),
        },
        select: { id: true },
      });
      caseId = created.id;
      slaChanged = clock !== null;
      await tx.auditEvent.create({
        data: {
          agencyId: message.channel.agencyId,
          action: 'case.opened',
          entityType: 'Case',
          entityId: caseId,
          data: { messageId, category: result.category, confidence: result.confidence },
        },
      });
    }
    if (caseId) await tx.message.update({ where: { id: messageId }, data: { caseId } });
    return { caseId, slaChanged };
  });
}
