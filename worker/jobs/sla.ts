import type { Job, Queue } from 'bullmq';
import type { PrismaClient } from '../../core/db/client.ts';
import { JOBS, notifyJobId } from '../../core/jobs/catalogue.ts';
import { recordSlaNotice } from '../../core/notifications/sla-notice.ts';
import type { CaseEmitter } from '../../core/realtime/case-emitter.ts';
import type { NotificationEmitter } from '../../core/realtime/notification-emitter.ts';
import { clockPolicyOf, isPaused } from '../../core/sla/case-sla.ts';
import { parseKind, slaStateOf } from '../../core/sla/sla-state.ts';

export interface SlaDeps {
  prisma: PrismaClient;
  emitCase: CaseEmitter;
  emitNotification: NotificationEmitter;
  notifyQueue: Queue;
}

/**
 * A delayed SLA checkpoint (a warning or the breach of one clock). The case is re-read: a closed or paused
 * case, an answered one (for the first-response clock), restarted clocks (another epoch) or a deadline that
 * has moved since the job was queued make it a no-op. Otherwise one SlaEvent row (unique per case and kind),
 * the case's slaState, one AuditEvent and the supervisors' notification are written in one transaction; then
 * the dashboard is told and the e-mail/Telegram delivery is queued. A repeated, retried or rescheduled job
 * finds the row already there and records nothing.
 */
export async function handleSla(job: Job, deps: SlaDeps) {
  const { caseId, kind, dueAt, fireAt } = JOBS.sla.payload.parse(job.data);
  const parsed = parseKind(kind);
  if (!parsed) return { skipped: 'unknown kind' };
  const row = await deps.prisma.case.findUnique({
    where: { id: caseId },
    select: {
      agencyId: true,
      status: true,
      subject: true,
      slaClock: true,
      slaEpoch: true,
      firstResponseAt: true,
      firstResponseDueAt: true,
      resolvedAt: true,
      resolutionDueAt: true,
      agency: { select: { timeZone: true } },
    },
  });
  if (!row) return { skipped: 'no such case' };
  if (row.status === 'CLOSED') return { skipped: 'closed' };
  if (isPaused(clockPolicyOf(row), row.status)) return { skipped: 'paused' };
  if (parsed.epoch !== row.slaEpoch) return { skipped: 'clocks restarted' };
  if (parsed.clock === 'first' && row.firstResponseAt) return { skipped: 'answered' };
  const currentDue = parsed.clock === 'first' ? row.firstResponseDueAt : row.resolutionDueAt;
  if (currentDue?.getTime() !== dueAt) return { skipped: 'deadline moved' };

  const recorded = await deps.prisma.$transaction(async (tx) => {
    // One SLA job per case at a time: a warning and a breach firing together must each see the other's
    // event, or the one committing last would write a state computed without it (a breach lowered to AT_RISK).
    await tx.$queryRaw`SELECT 1 FROM "Case" WHERE id = ${caseId} FOR UPDATE`;
    const inserted = await tx.slaEvent.createMany({
      data: [{ caseId, kind, dueAt: new Date(dueAt), fireAt: new Date(fireAt) }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return null;
    const events = await tx.slaEvent.findMany({ where: { caseId }, select: { kind: true } });
    await tx.case.update({
      where: { id: caseId },
      data: {
        slaState: slaStateOf({
          policy: clockPolicyOf(row),
          epoch: row.slaEpoch,
          eventKinds: events.map((e) => e.kind),
          firstResponseAt: row.firstResponseAt,
          firstResponseDueAt: row.firstResponseDueAt,
          resolvedAt: row.resolvedAt,
          resolutionDueAt: row.resolutionDueAt,
        }),
      },
    });
    await tx.auditEvent.create({
      data: {
        agencyId: row.agencyId,
        action: parsed.level === 'breach' ? 'sla.breached' : 'sla.warning',
        entityType: 'Case',
        entityId: caseId,
        data: {
          clock: parsed.clock,
          kind,
          dueAt: new Date(dueAt).toISOString(),
          fireAt: new Date(fireAt).toISOString(),
        },
      },
    });
    const noticeId = await recordSlaNotice(tx, {
      caseId,
      agencyId: row.agencyId,
      kind,
      parsed,
      subject: row.subject,
      dueAt: new Date(dueAt),
      timeZone: row.agency.timeZone,
    });
    return { noticeId };
  });
  // Emitted and queued whenever the event exists, so a job re-run after a crash between commit and emit still
  // tells the dashboard; event ids are per case and kind, the browser drops one it has already seen, and the
  // notify job id is per notification.
  await deps.emitCase(caseId, `sla-${caseId}-${kind}`, 'updated');
  const notice = await deps.prisma.notification.findUnique({
    where: { dedupeKey: `sla-${caseId}-${kind}` },
    select: { id: true },
  });
  if (notice) {
    await deps.emitNotification(notice.id);
    await deps.notifyQueue.add('notify', JOBS.notify.payload.parse({ notificationId: notice.id }), {
      ...JOBS.notify.options,
      jobId: notifyJobId(notice.id),
    });
  }
  return recorded ? { recorded: kind } : { skipped: 'already recorded' };
}
