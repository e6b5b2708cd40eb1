import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './test-services.ts';

/** Deletes every key a test or benchmark created under its prefix (plain and BullMQ hash-tagged). */
export async function deleteRedisPrefix(prefix: string) {
  const redis = new Redis(TEST_REDIS_URL);
  for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  redis.disconnect();
}
