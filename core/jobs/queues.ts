/** Queue names. One poll queue per external API, so a rate limit on one platform never slows another. */
export const QUEUE = {
  pollTelegram: 'poll-telegram',
  classify: 'classify',
  publish: 'publish',
  sla: 'sla',
  notify: 'notify',
  webhook: 'webhook',
  retrain: 'retrain',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/** BullMQ key prefix; the hash tag keeps one installation's keys on one Redis Cluster slot. */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}

/** One poll queue per platform API (`poll-telegram`, `poll-x`…): a platform's rate limit never slows another. */
export function pollQueueName(platform: string): string {
  return `poll-${platform.toLowerCase()}`;
}
