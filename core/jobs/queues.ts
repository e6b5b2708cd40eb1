/** Queue names. One poll queue per external API, so a rate limit on one platform never slows another. */
export const QUEUE = {
  pollTelegram: 'poll-telegram',
  classify: 'classify',
  publish: 'publish',
  sla: 'sla',
  notify: 'notify',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** BullMQ key prefix; the hash tag keeps one installation's keys on one Redis Cluster slot. */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}

export const pollQueueFor = {
  TELEGRAM: QUEUE.pollTelegram,
} as const satisfies Partial<Record<string, QueueName>>;
