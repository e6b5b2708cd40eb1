import { type Job, UnrecoverableError } from 'bullmq';
import { transitionCase } from '../../core/cases/transition-case.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { JOBS } from '../../core/jobs/catalogue.ts';
import type { CaseEmitter } from '../../core/realtime/case-emitter.ts';
import { type Connector, ConnectorError } from '../connectors/types.ts';

export interface PublishDeps {
  prisma: PrismaClient;
  connectorFor: (channelId: string) => Connector;
  emitCase: CaseEmitter;
}

/**
 * Sends an approved reply to the platform, then records it: outbound message, reply PUBLISHED, the case's
 * first response time and its move to ANSWERED (or CLARIFIED for a verdict). State is re-read first, so a
 * retried job never sends a published reply again. A crash between the platform's answer and our commit
 * can still send twice (no platform here offers an idempotency key); that window is one request wide.
 */
export async function handlePublish(job: Job, deps: PublishDeps) {
  const { replyId } = JOBS.publish.payload.parse(job.data);
  const reply = await deps.prisma.reply.findUnique({
    where: { id: replyId },
    select: {
      id: true,
      status: true,
      kind: true,
      text: true,
      case: { select: { id: true, channelId: true, threadKey: true, firstResponseAt: true } },
    },
  });
  if (!reply) throw new UnrecoverableError(`reply ${replyId} does not exist`);
  if (reply.status === 'PUBLISHED') return { skipped: 'already published' };
  if (reply.status !== 'APPROVED')
    throw new UnrecoverableError(`reply ${replyId} is ${reply.status}, not APPROVED`);

  const lastInbound = await deps.prisma.message.findFirst({
    where: { caseId: reply.case.id, direction: 'INBOUND' },
    orderBy: { postedAt: 'desc' },
    select: { externalId: true, kind: true },
  });
  if (!lastInbound) throw new UnrecoverableError(`case ${reply.case.id} has no inbound message to answer`);

  let sent: { externalId: string; postedAt: Date };
  try {
    sent = await deps.connectorFor(reply.case.channelId).publishReply({
      replyId,
      threadKey: reply.case.threadKey,
      inReplyToExternalId: lastInbound.externalId,
      text: reply.text,
    });
  } catch (error) {
    const permanent = error instanceof ConnectorError && error.kind === 'auth';
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (permanent || last) {
      await deps.prisma.reply.update({
        where: { id: replyId },
        data: { status: 'FAILED', error: error instanceof Error ? error.message : String(error) },
      });
    }
    if (permanent) throw new UnrecoverableError((error as Error).message);
    throw error;
  }

  const moved = await deps.prisma.$transaction(async (tx) => {
    await tx.message.createMany({
      data: [
        {
          channelId: reply.case.channelId,
          externalId: sent.externalId,
          direction: 'OUTBOUND',
          kind: lastInbound.kind,
          threadKey: reply.case.threadKey,
          text: reply.text,
          raw: { replyId },
          postedAt: sent.postedAt,
          caseId: reply.case.id,
          notifiedAt: new Date(),
        },
      ],
      skipDuplicates: true,
    });
    await tx.reply.update({
      where: { id: replyId },
      data: { status: 'PUBLISHED', externalId: sent.externalId, publishedAt: sent.postedAt, error: null },
    });
    if (!reply.case.firstResponseAt) {
      await tx.case.update({ where: { id: reply.case.id }, data: { firstResponseAt: sent.postedAt } });
    }
    return transitionCase(tx, {
      caseId: reply.case.id,
      action: reply.kind === 'VERDICT' ? 'clarified' : 'published',
      actor: 'SYSTEM',
      data: { replyId, externalId: sent.externalId },
    });
  });
  await deps.emitCase(moved.id, `case:${moved.id}:v${moved.version}`, 'updated');
  return { externalId: sent.externalId };
}
