import { createHash } from 'node:crypto';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '../../core/db/client.ts';
import { classifyJobId, JOBS } from '../../core/jobs/catalogue.ts';
import type { Logger } from '../../core/logger.ts';
import { type Connector, ConnectorError } from '../connectors/types.ts';
import { storePage } from '../ingest/store-page.ts';

/** Pages fetched in one run at most, so one busy channel cannot hold a worker slot forever. */
const MAX_PAGES_PER_RUN = 10;
/** Unclassified messages re-queued per run: heals a crash between storing a page and queueing its jobs. */
const SWEEP_LIMIT = 500;

export interface PollDeps {
  prisma: PrismaClient;
  redis: Redis;
  redisPrefix: string;
  classifyQueue: Queue;
  connectorFor: (channelId: string) => Connector;
  stopPolling: (channelId: string) => Promise<void>;
  logger: Logger;
}

export async function handlePoll(job: Job, deps: PollDeps): Promise<{ stored: number; skipped?: string }> {
  const { channelId } = JOBS.poll.payload.parse(job.data);
  const channel = await deps.prisma.channel.findUnique({
    where: { id: channelId },
    select: { id: true, platform: true, status: true, cursor: true },
  });
  if (!channel) throw new UnrecoverableError(`channel ${channelId} does not exist`);
  if (channel.status === 'PAUSED' || channel.status === 'AUTH_FAILED')
    return { stored: 0, skipped: channel.status };
  const limitedKey = `${deps.redisPrefix}:rate-limited:${channelId}`;
  if (await deps.redis.exists(limitedKey)) return { stored: 0, skipped: 'rate-limited' };

  const connector = deps.connectorFor(channelId);
  let cursor = channel.cursor;
  let stored = 0;
  try {
    for (let pages = 0; pages < MAX_PAGES_PER_RUN; pages++) {
      const page = await connector.fetchSince(cursor);
      const newIds = await storePage(deps.prisma, channel, page);
      await queueClassify(deps.classifyQueue, newIds);
      stored += newIds.length;
      cursor = page.nextCursor;
      // The platform says the window is nearly spent: this channel waits before its next call, others go on.
      const slowDownMs = page.rateLimit?.slowDownMs ?? 0;
      // (storePage kept the window on the channel for the health view.)
      if (slowDownMs > 0) await deps.redis.set(limitedKey, '1', 'PX', Math.ceil(slowDownMs));
      if (!page.hasMore || slowDownMs > 0) break;
    }
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    await onConnectorError(error, channelId, limitedKey, deps);
  }
  await sweepUnclassified(deps, channelId);
  await deps.prisma.channel.updateMany({
    where: { id: channelId, status: 'ERROR' },
    data: { status: 'ACTIVE', lastError: null },
  });
  return { stored };
}

async function onConnectorError(
  error: ConnectorError,
  channelId: string,
  limitedKey: string,
  deps: PollDeps,
) {
  const at = new Date();
  switch (error.kind) {
    case 'auth':
      // No retry storm: the channel stops until an admin fixes the credential.
      await deps.prisma.channel.update({
        where: { id: channelId },
        data: { status: 'AUTH_FAILED', lastError: error.message, lastErrorAt: at },
      });
      await deps.stopPolling(channelId);
      throw new UnrecoverableError(error.message);
    case 'rate_limited': {
      // Only this channel waits; other channels on the same queue keep polling.
      const waitMs = Math.max(1_000, error.details.retryAfterMs ?? 60_000);
      await deps.redis.set(limitedKey, '1', 'PX', waitMs);
      await deps.prisma.channel.update({
        where: { id: channelId },
        data: {
          lastError: error.message,
          lastErrorAt: at,
          rateLimitedUntil: new Date(at.getTime() + waitMs),
        },
      });
      deps.logger.warn({ channelId, waitMs }, 'channel rate-limited by the platform');
      return;
    }
    case 'malformed_page': {
      // The whole page was unreadable: keep it for an admin, mark the channel, and let the job retry.
      const raw = error.details.raw ?? '';
      const dedupeKey = `page:${sha256(raw)}`;
      // Upsert: the same page failing again after an admin's retry shows up again.
      await deps.prisma.processingFailure.upsert({
        where: { channelId_dedupeKey: { channelId, dedupeKey } },
        create: { channelId, dedupeKey, reason: error.message, raw },
        update: { reason: error.message, resolvedAt: null },
      });
      await markError(deps, channelId, error.message, at);
      throw error;
    }
    case 'transient':
    case 'rejected':
      // A refusal while reading (rare: a platform policy on the whole listing) is shown like an outage.
      await markError(deps, channelId, error.message, at);
      throw error;
  }
}

function markError(deps: PollDeps, channelId: string, message: string, at: Date) {
  return deps.prisma.channel.update({
    where: { id: channelId },
    data: { status: 'ERROR', lastError: message, lastErrorAt: at },
  });
}

export async function queueClassify(queue: Queue, messageIds: string[]) {
  if (messageIds.length === 0) return;
  await queue.addBulk(
    messageIds.map((messageId) => ({
      name: 'classify',
      data: JOBS.classify.payload.parse({ messageId }),
      opts: { ...JOBS.classify.options, jobId: classifyJobId(messageId) },
    })),
  );
}

async function sweepUnclassified(deps: PollDeps, channelId: string) {
  const orphans = await deps.prisma.message.findMany({
    where: { channelId, direction: 'INBOUND', classification: null },
    select: { id: true },
    orderBy: { fetchedAt: 'asc' },
    take: SWEEP_LIMIT,
  });
  await queueClassify(
    deps.classifyQueue,
    orphans.map((m) => m.id),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
