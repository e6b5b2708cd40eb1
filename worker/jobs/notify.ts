import { type Job, UnrecoverableError } from 'bullmq';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { JOBS } from '../../core/jobs/catalogue.ts';
import type { Logger } from '../../core/logger.ts';
import { createEmailSender } from '../notify/send-email.ts';
import { createTelegramSender } from '../notify/send-telegram.ts';

export interface NotifyDeps {
  prisma: PrismaClient;
  config: TTanggapConfig;
  secrets: NodeJS.ProcessEnv;
  logger: Logger;
  /** Link to the case in the dashboard, when the public URL is known. */
  caseUrl?: (caseId: string) => string;
}

interface Target {
  via: 'email' | 'telegram';
  target: string;
}

/**
 * Delivers one notification to its agency's configured e-mail addresses and Telegram chats. Each delivery is
 * a row unique per (notification, via, target) and marked sent once done, so a retried job sends only what
 * is still unsent; a failure on one target is recorded and retried without resending the others.
 */
export async function handleNotify(job: Job, deps: NotifyDeps) {
  const { notificationId } = JOBS.notify.payload.parse(job.data);
  const notice = await deps.prisma.notification.findUnique({
    where: { id: notificationId },
    select: { id: true, agencyId: true, caseId: true, title: true, body: true },
  });
  if (!notice) throw new UnrecoverableError(`notification ${notificationId} does not exist`);
  const agency = deps.config.agencies.find((a) => a.id === notice.agencyId);
  const settings = deps.config.notifications;
  const targets: Target[] = [
    ...(settings?.email
      ? (agency?.notify?.email ?? []).map((t) => ({ via: 'email' as const, target: t }))
      : []),
    ...(settings?.telegram
      ? (agency?.notify?.telegram ?? []).map((t) => ({ via: 'telegram' as const, target: String(t) }))
      : []),
  ];
  if (targets.length === 0) return { sent: 0 };
  await deps.prisma.notificationDelivery.createMany({
    data: targets.map((t) => ({ notificationId, ...t })),
    skipDuplicates: true,
  });
  const pending = await deps.prisma.notificationDelivery.findMany({
    where: { notificationId, sentAt: null },
    select: { id: true, via: true, target: true },
  });
  const link = notice.caseId && deps.caseUrl ? `\n${deps.caseUrl(notice.caseId)}` : '';
  const text = `${notice.body}${link}`;
  const email = settings?.email ? createEmailSender(settings.email, deps.secrets) : null;
  const telegram = settings?.telegram ? createTelegramSender(settings.telegram, deps.secrets) : null;
  let failed = 0;
  try {
    for (const delivery of pending) {
      try {
        if (delivery.via === 'email' && email) {
          await email.send({
            to: delivery.target,
            subject: `[Tanggap] ${notice.title}`,
            text,
            messageId: `<notice-${notice.id}-${delivery.id}@tanggap>`,
          });
        } else if (delivery.via === 'telegram' && telegram) {
          await telegram.send(delivery.target, `${notice.title}\n${text}`);
        } else continue;
        await deps.prisma.notificationDelivery.update({
          where: { id: delivery.id },
          data: { sentAt: new Date(), error: null },
        });
      } catch (error) {
        failed++;
        const message = error instanceof Error ? error.message : String(error);
        await deps.prisma.notificationDelivery.update({
          where: { id: delivery.id },
          data: { error: message.slice(0, 500) },
        });
        deps.logger.warn({ notificationId, via: delivery.via, err: message }, 'notification delivery failed');
      }
    }
  } finally {
    email?.close();
  }
  if (failed > 0) throw new Error(`${failed} of ${pending.length} notification deliveries failed`);
  return { sent: pending.length };
}
