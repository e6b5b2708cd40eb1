import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { agencyWithDescendants } from '../../../core/agencies/agency-tree.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { JOBS, pollSchedulerId, webhookJobId } from '../../../core/jobs/catalogue.ts';
import { pollQueueName, QUEUE, queuePrefix } from '../../../core/jobs/queues.ts';
import { ApiError, defineRoute } from '../api/api-route.ts';

const ZFailureParams = z.object({ id: z.string().min(1).max(40) });
const HOUR_MS = 3_600_000;

/**
 * Channel health and processing failures (the Kanal view). Failures are items that could not be processed,
 * kept whole: an admin retries what can be replayed — a webhook body is queued again, an unreadable page is
 * fetched again (the cursor did not move past it) — or dismisses it; both are audited.
 */
export function failureApiRoutes(deps: { prisma: PrismaClient; redis: Redis; redisPrefix: string }) {
  const { prisma } = deps;
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: deps.redis, prefix: queuePrefix(deps.redisPrefix) });
      queues.set(name, q);
    }
    return q;
  };

  /** The failure, if it belongs to a channel of the admin's subtree; 404 otherwise. */
  const visibleFailure = async (agencyId: string, id: string) => {
    const failure = await prisma.processingFailure.findUnique({
      where: { id },
      select: {
        id: true,
        dedupeKey: true,
        raw: true,
        resolvedAt: true,
        channelId: true,
        channel: { select: { agencyId: true, platform: true } },
      },
    });
    if (!failure || !(await agencyWithDescendants(prisma, agencyId)).includes(failure.channel.agencyId)) {
      throw new ApiError(404, 'not_found', 'Kegagalan pemrosesan tidak ditemukan.');
    }
    return failure;
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/failures',
      summary: 'Unresolved processing failures of the channels in scope',
      roles: ['ADMIN'],
      handler: async ({ user }) => {
        const agencies = await agencyWithDescendants(prisma, user.agencyId);
        const failures = await prisma.processingFailure.findMany({
          where: { channel: { agencyId: { in: agencies } }, resolvedAt: null },
          select: {
            id: true,
            channelId: true,
            externalId: true,
            dedupeKey: true,
            reason: true,
            raw: true,
            createdAt: true,
          },
          orderBy: { createdAt: 'desc' },
          take: 200,
        });
        return {
          failures: failures.map(({ dedupeKey, ...f }) => ({
            ...f,
            raw: f.raw.slice(0, 2_000),
            retryable: retryKind(dedupeKey) !== null,
          })),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/failures/:id/retry',
      summary: 'Replay a failed webhook delivery or refetch an unreadable page',
      roles: ['ADMIN'],
      params: ZFailureParams,
      authorize: ({ user, params }) => visibleFailure(user.agencyId, params.id).then(() => undefined),
      handler: async ({ user, params }) => {
        const failure = await visibleFailure(user.agencyId, params.id);
        if (failure.resolvedAt) throw new ApiError(409, 'resolved', 'Kegagalan ini sudah ditangani.');
        const kind = retryKind(failure.dedupeKey);
        if (!kind) {
          throw new ApiError(
            409,
            'not_retryable',
            'Item ini tidak dapat diproses ulang otomatis (kursor kanal sudah melewatinya); abaikan setelah diperiksa.',
          );
        }
        // Marked handled before the replay is queued: a replay that fails again reopens it.
        await resolve(prisma, user, failure, 'failure.retried');
        if (kind === 'webhook') {
          const hash = createHash('sha256').update(failure.raw).digest('hex');
          await queue(QUEUE.webhook).add(
            'webhook',
            JOBS.webhook.payload.parse({
              channelId: failure.channelId,
              body: failure.raw,
              receivedAt: Date.now(),
            }),
            {
              ...JOBS.webhook.options,
              jobId: `${webhookJobId(failure.channelId, hash)}-retry-${Date.now()}`,
            },
          );
        } else {
          await queue(pollQueueName(failure.channel.platform)).add(
            'poll',
            JOBS.poll.payload.parse({ channelId: failure.channelId }),
            { ...JOBS.poll.options, jobId: `poll-${failure.channelId}-retry-${Date.now()}` },
          );
        }
        return { ok: true, retried: kind };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/failures/:id/dismiss',
      summary: 'Mark a processing failure as handled',
      roles: ['ADMIN'],
      params: ZFailureParams,
      authorize: ({ user, params }) => visibleFailure(user.agencyId, params.id).then(() => undefined),
      handler: async ({ user, params }) => {
        const failure = await visibleFailure(user.agencyId, params.id);
        if (!failure.resolvedAt) await resolve(prisma, user, failure, 'failure.dismissed');
        return { ok: true };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/channels',
      summary:
        'Channel health: status, last poll and success, items in the last hour, last error, rate-limit state, next poll',
      roles: ['ADMIN', 'SUPERVISOR'],
      handler: async ({ user }) => {
        const agencies = await agencyWithDescendants(prisma, user.agencyId);
        const channels = await prisma.channel.findMany({
          where: { agencyId: { in: agencies } },
          select: {
            id: true,
            agencyId: true,
            platform: true,
            account: true,
            status: true,
            pollIntervalSeconds: true,
            lastPolledAt: true,
            lastSuccessAt: true,
            lastError: true,
            lastErrorAt: true,
            rateLimit: true,
            rateLimitedUntil: true,
          },
          orderBy: { id: 'asc' },
        });
        const recent = await prisma.message.groupBy({
          by: ['channelId'],
          where: {
            channelId: { in: channels.map((c) => c.id) },
            direction: 'INBOUND',
            fetchedAt: { gte: new Date(Date.now() - HOUR_MS) },
          },
          _count: { _all: true },
        });
        const perHour = new Map(recent.map((r) => [r.channelId, r._count._all]));
        return {
          channels: await Promise.all(
            channels.map(async (c) => ({
              ...c,
              itemsLastHour: perHour.get(c.id) ?? 0,
              nextPollAt: await nextPoll(queue(pollQueueName(c.platform)), c.id),
            })),
          ),
        };
      },
    }),
  ];
}

/** What a retry replays: a webhook body, or the page the cursor is still on; item failures have neither. */
function retryKind(dedupeKey: string): 'webhook' | 'page' | null {
  if (dedupeKey.startsWith('webhook:')) return 'webhook';
  if (dedupeKey.startsWith('page:')) return 'page';
  return null;
}

async function nextPoll(queue: Queue, channelId: string): Promise<string | null> {
  const scheduler = await queue.getJobScheduler(pollSchedulerId(channelId)).catch(() => undefined);
  return scheduler?.next ? new Date(scheduler.next).toISOString() : null;
}

async function resolve(
  prisma: PrismaClient,
  user: { id: string },
  failure: { id: string; channel: { agencyId: string } },
  action: string,
) {
  await prisma.$transaction([
    prisma.processingFailure.update({ where: { id: failure.id }, data: { resolvedAt: new Date() } }),
    prisma.auditEvent.create({
      data: {
        agencyId: failure.channel.agencyId,
        actorId: user.id,
        action,
        entityType: 'ProcessingFailure',
        entityId: failure.id,
        data: {},
      },
    }),
  ]);
}
