import type { JobsOptions } from 'bullmq';
import { z } from 'zod';
import { QUEUE } from './queues.ts';

const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 } as const;
const KEEP_FAILED = { age: 7 * 24 * 3600 } as const;
/** Meta's webhook bodies are small; a larger one is refused before it reaches the queue. */
export const WEBHOOK_MAX_BYTES = 1024 * 1024;

/**
 * Every job Tanggap runs: its queue, payload schema and options. Payloads are parsed when added and
 * again in the worker. Job ids are deterministic, so adding the same work twice is a no-op.
 */
export const JOBS = {
  poll: {
    queue: QUEUE.pollTelegram,
    payload: z.object({ channelId: z.string().min(1) }),
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  },
  classify: {
    queue: QUEUE.classify,
    payload: z.object({ messageId: z.string().min(1) }),
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  },
  publish: {
    queue: QUEUE.publish,
    payload: z.object({ replyId: z.string().min(1) }),
    options: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  },
  sla: {
    queue: QUEUE.sla,
    payload: z.object({
      caseId: z.string().min(1),
      /** "first-warn50", "resolution-breach", "e1-first-warn50" after a restart… (core/sla/sla-state.ts). */
      kind: z.string().regex(/^(e\d+-)?(first|resolution)-(warn\d{1,2}|breach)$/),
      /** The clock's deadline the job was scheduled for (epoch ms); a moved deadline makes the job stale. */
      dueAt: z.number().int(),
      /** When the job was meant to fire (epoch ms). */
      fireAt: z.number().int(),
    }),
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  },
  notify: {
    queue: QUEUE.notify,
    payload: z.object({ notificationId: z.string().min(1) }),
    options: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  },
  webhook: {
    queue: QUEUE.webhook,
    payload: z.object({
      channelId: z.string().min(1),
      /** The raw body as received (its signature was checked by the dashboard before queueing). */
      body: z.string().max(WEBHOOK_MAX_BYTES),
      receivedAt: z.number().int(),
    }),
    options: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  },
  retrain: {
    queue: QUEUE.retrain,
    payload: z.object({ requestedBy: z.string().optional() }),
    options: {
      attempts: 2,
      backoff: { type: 'fixed', delay: 60_000 },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    },
  },
} as const satisfies Record<string, { queue: string; payload: z.ZodType; options: JobsOptions }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;

/** BullMQ forbids ":" in custom job ids (it is its own key separator). */
export function classifyJobId(messageId: string): string {
  return `classify-${messageId}`;
}

/** One publish job per approved reply, however many times approval is attempted. */
export function publishJobId(replyId: string): string {
  return `publish-${replyId}`;
}

/** One delayed job per case, SLA checkpoint and deadline: a moved deadline gets a new id, a repeat does not. */
export function slaJobId(caseId: string, kind: string, dueAt: Date): string {
  return `sla-${caseId}-${kind}-${dueAt.getTime()}`;
}

/** One delivery job per notification (e-mail and Telegram to every configured target). */
export function notifyJobId(notificationId: string): string {
  return `notify-${notificationId}`;
}

/** A delivery Meta retries carries the same body: one job per channel and body. */
export function webhookJobId(channelId: string, bodySha256: string): string {
  return `webhook-${channelId}-${bodySha256}`;
}

/** The job scheduler that polls one channel (BullMQ upsertJobScheduler id). */
export function pollSchedulerId(channelId: string): string {
  return `poll-${channelId}`;
}
