import { Redis } from 'ioredis';

/**
 * Workers block on Redis and must never give up a command (BullMQ requires maxRetriesPerRequest: null);
 * code that only adds jobs or reads state fails fast instead, so a request never hangs when Redis is down.
 */
export function createRedis(url: string, purpose: 'worker' | 'client'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose === 'worker',
    connectTimeout: 5_000,
    lazyConnect: false,
  });
}
