import { type Job, UnrecoverableError } from 'bullmq';
import { transitionCase } from '../../core/cases/transition-case.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { JOBS } from '../../core/jobs/catalogue.ts';
import type { CaseEmitter } from '../../core/realtime/case-emitter.ts';
import { type Connector, ConnectorError, type PublishedReply } from '../connectors/types.ts';

export interface PublishDeps {
  prisma: PrismaClient;
  connectorFor: (channelId: string) => Connector;
  emitCase: CaseEmitter;
}

/**
 * Sends an approved reply to the platform, then records it: outbound message, reply PUBLISHED, the case's
 * first response time and its move to ANSWERED (or CLARIFIED for a verdict). State is re-read first, so a
 * retried job never sends a published reply again; and a retry first asks the platform whether the reply
 * already went out (a crash between the platform's answer and our commit), where the platform can tell
 * (X, YouTube, Facebook, Instagram, e-mail's Sent folder; not Telegram or WhatsApp). A refusal by platform
 * policy (`rejected`) or a dead credential fails the reply at once and is shown on the case.
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
    select: { externalId: true, kind: true, postedAt: true },
  });
  if (!lastInbound) throw new UnrecoverableError(`case ${reply.case.id} has no inbound message to answer`);

  const connector = deps.connectorFor(reply.case.channelId);
  const outbound = {
    replyId,
    threadKey: reply.case.threadKey,
    inReplyToExternalId: lastInbound.externalId,
    inReplyToPostedAt: lastInbound.postedAt,
    text: reply.text,
  };
  let sent: PublishedReply;
  try {
    // A retry may follow a crash after the platform took the reply: look for it before posting again.
    const earlier =
      job.attemptsMade > 0 && connector.findPublishedReply
        ? await connector.findPublishedReply(outbound, new Date(job.timestamp))
        : null;
    sent = earlier ?? (await connector.publishReply(outbound));
  } catch (error) {
    const permanent = error instanceof ConnectorError && (error.kind === 'auth' || error.kind === 'rejected');
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (permanent || last) {
      const message = error instanceof Error ? error.message : String(error);
      await deps.prisma.$transaction(async (tx) => {
        await tx.reply.update({ where: { id: replyId }, data: { status: 'FAILED', error: message } });
        // Shown on the case: e.g. WhatsApp's 24-hour window closed, so a template message is needed.
        const kase = await tx.case.update({
          where: { id: reply.case.id },
          data: { version: { increment: 1 } },
          select: { agencyId: true },
        });
        await tx.auditEvent.create({
          data: {
            agencyId: kase.agencyId,
            action: 'reply.publish_failed',
            entityType: 'Case',
            entityId: reply.case.id,
            data: { replyId, error: message },
          },
        });
      });
      await deps.emitCase(reply.case.id, `publish-failed-${replyId}`, 'updated');
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
