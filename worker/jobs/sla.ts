import type { Job } from 'bullmq';
import type { PrismaClient } from '../../core/db/client.ts';
import { JOBS } from '../../core/jobs/catalogue.ts';
import type { CaseEmitter } from '../../core/realtime/case-emitter.ts';
import { PAUSE_STATUS } from '../../core/sla/case-sla.ts';

export interface SlaDeps {
  prisma: PrismaClient;
  emitCase: CaseEmitter;
}

/**
 * A delayed SLA checkpoint (a warning or the breach of one clock). The case is re-read: a closed or paused
 * case, an answered one (for the first-response clock) or a deadline that has moved since the job was
 * queued makes it a no-op. Otherwise one SlaEvent row (unique per case and kind), the case's slaState
 * (AT_RISK, or BREACHED) and one AuditEvent are written in one transaction, then the dashboard is told.
 * A repeated, retried or rescheduled job finds the row already there and records nothing.
 */
export async function handleSla(job: Job, deps: SlaDeps) {
  const { caseId, kind, dueAt, fireAt } = JOBS.sla.payload.parse(job.data);
  const clock = kind.startsWith('first-') ? 'first' : 'resolution';
  const breach = kind.endsWith('-breach');
  const row = await deps.prisma.case.findUnique({
    where: { id: caseId },
    select: {
      agencyId: true,
      status: true,
      firstResponseAt: true,
      firstResponseDueAt: true,
      resolutionDueAt: true,
    },
  });
  if (!row) return { skipped: 'no such case' };
  if (row.status === 'CLOSED') return { skipped: 'closed' };
  if (row.status === PAUSE_STATUS) return { skipped: 'paused' };
  if (clock === 'first' && row.firstResponseAt) return { skipped: 'answered' };
  const currentDue = clock === 'first' ? row.firstResponseDueAt : row.resolutionDueAt;
  if (currentDue?.getTime() !== dueAt) return { skipped: 'deadline moved' };

  const recorded = await deps.prisma.$transaction(async (tx) => {
    const inserted = await tx.slaEvent.createMany({
      data: [{ caseId, kind, dueAt: new Date(dueAt), fireAt: new Date(fireAt) }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return false;
    await tx.case.update({
      where: { id: caseId },
      data: { slaState: breach ? 'BREACHED' : 'AT_RISK' },
    });
    if (!breach) {
      // A warning never lowers a breach already recorded on the other clock.
      await tx.case.updateMany({
        where: { id: caseId, slaEvents: { some: { kind: { endsWith: '-breach' } } } },
        data: { slaState: 'BREACHED' },
      });
    }
    await tx.auditEvent.create({
      data: {
        agencyId: row.agencyId,
        action: breach ? 'sla.breached' : 'sla.warning',
        entityType: 'Case',
        entityId: caseId,
        data: {
          clock,
          kind,
          dueAt: new Date(dueAt).toISOString(),
          fireAt: new Date(fireAt).toISOString(),
        },
      },
    });
    return true;
  });
  // Emitted whenever the event exists, so a job re-run after a crash between commit and emit still tells
  // the dashboard; the event id is per case and kind, and the browser drops an id it has already seen.
  await deps.emitCase(caseId, `sla-${caseId}-${kind}`, 'updated');
  return recorded ? { recorded: kind } : { skipped: 'already recorded' };
}
