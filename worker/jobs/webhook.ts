import { createHash } from 'node:crypto';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Platform } from '../../core/db/generated/enums.ts';
import { JOBS, WEBHOOK_MAX_BYTES } from '../../core/jobs/catalogue.ts';
import { instagramConnector, whatsAppConnector } from '../connectors/for-channel.ts';
import { capUtf8 } from '../connectors/http-client.ts';
import { parseFacebookWebhook, WebhookPayloadError } from '../connectors/meta/facebook-webhook.ts';
import { parseInstagramWebhook } from '../connectors/meta/instagram-webhook.ts';
import type { DeliveryStatus, WebhookBatch } from '../connectors/types.ts';
import { mergeDeliveryStatus } from '../connectors/whatsapp-parse.ts';
import { storeItems } from '../ingest/store-page.ts';
import { queueClassify } from './poll.ts';

export interface WebhookDeps {
  prisma: PrismaClient;
  config: TTanggapConfig;
  secrets: NodeJS.ProcessEnv;
  classifyQueue: Queue;
}

/**
 * One verified webhook delivery (Facebook, Instagram, WhatsApp): parsed by the platform's parser, its items
 * stored through the same path as polled pages (unique key per channel and platform id, so Meta's retries
 * store nothing twice) and queued for classification; WhatsApp delivery receipts update the outbound
 * message, keeping the furthest status whatever order they arrive in. A body that cannot be parsed at all is
 * kept as a processing failure, never dropped.
 */
export async function handleWebhook(job: Job, deps: WebhookDeps) {
  const { channelId, body } = JOBS.webhook.payload.parse(job.data);
  const channel = await deps.prisma.channel.findUnique({
    where: { id: channelId },
    select: { id: true, platform: true },
  });
  if (!channel) throw new UnrecoverableError(`channel ${channelId} does not exist`);
  let batch: WebhookBatch;
  try {
    batch = await parseDelivery(channel.platform, JSON.parse(body), deps, channelId);
  } catch (error) {
    if (!(error instanceof SyntaxError) && !(error instanceof WebhookPayloadError)) throw error;
    const dedupeKey = `webhook:${createHash('sha256').update(body).digest('hex')}`;
    const reason = `webhook body not understood: ${(error as Error).message}`.slice(0, 1000);
    // Upsert: a replayed body that fails again shows up again (a retry had marked it handled).
    await deps.prisma.processingFailure.upsert({
      where: { channelId_dedupeKey: { channelId, dedupeKey } },
      create: { channelId, dedupeKey, reason, raw: capUtf8(body, WEBHOOK_MAX_BYTES) },
      update: { reason, resolvedAt: null },
    });
    return { stored: 0, failed: 'body' };
  }
  const newIds = await deps.prisma.$transaction((tx) => storeItems(tx, channel, batch.items, batch.failures));
  await queueClassify(deps.classifyQueue, newIds);
  for (const status of batch.statuses) await applyStatus(deps.prisma, channelId, status);
  return { stored: newIds.length, failures: batch.failures.length, statuses: batch.statuses.length };
}

async function parseDelivery(
  platform: Platform,
  body: unknown,
  deps: WebhookDeps,
  channelId: string,
): Promise<WebhookBatch> {
  switch (platform) {
    case 'WHATSAPP':
      return whatsAppConnector(deps.config, channelId, deps.secrets).parseWebhook(body);
    case 'FACEBOOK':
      return parseFacebookWebhook(body);
    case 'INSTAGRAM': {
      const batch = parseInstagramWebhook(body);
      // A mention names a comment or caption, never its text: read each through the Graph API.
      const connector = instagramConnector(deps.config, channelId, deps.secrets);
      for (const ref of batch.mentions) {
        const item = await connector.fetchMention(ref);
        if (item) batch.items.push(item);
      }
      return batch;
    }
    default:
      throw new UnrecoverableError(`channel ${channelId}: ${platform} does not deliver webhooks`);
  }
}

async function applyStatus(prisma: PrismaClient, channelId: string, incoming: DeliveryStatus) {
  // Conditional on what was read, so two receipts processed at once cannot overwrite each other: the loser
  // reads again and merges with the winner's status.
  for (let attempt = 0; attempt < 5; attempt++) {
    const message = await prisma.message.findUnique({
      where: { channelId_externalId: { channelId, externalId: incoming.externalId } },
      select: { id: true, deliveryStatus: true, deliveryStatusAt: true },
    });
    if (!message) return;
    const current =
      message.deliveryStatus && message.deliveryStatusAt
        ? {
            externalId: incoming.externalId,
            status: message.deliveryStatus as DeliveryStatus['status'],
            at: message.deliveryStatusAt,
          }
        : null;
    const merged = mergeDeliveryStatus(current, incoming);
    if (merged === current) return;
    const updated = await prisma.message.updateMany({
      where: {
        id: message.id,
        deliveryStatus: message.deliveryStatus,
        deliveryStatusAt: message.deliveryStatusAt,
      },
      data: { deliveryStatus: merged.status, deliveryStatusAt: merged.at },
    });
    if (updated.count === 1) return;
  }
  throw new Error(`delivery status of ${incoming.externalId}: too many concurrent updates`);
}
