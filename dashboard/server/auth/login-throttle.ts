import type { Redis } from 'ioredis';

const MAX_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;
const MAX_ATTEMPTS_PER_IP = 30;
const IP_WINDOW_SECONDS = 60;

/**
 * Failed logins lock an account for 15 minutes after 5 failures in 15 minutes; one address may try
 * 30 times a minute. Counters live in Redis so every dashboard process enforces the same limits.
 */
export function createLoginThrottle(redis: Redis, prefix: string) {
  const userKey = (username: string) => `${prefix}:login-fail:${username.toLowerCase()}`;
  const ipKey = (ip: string) => `${prefix}:login-ip:${ip}`;
  return {
    /** Counts this attempt against the address; says whether the attempt may proceed. */
    async check(username: string, ip: string): Promise<'ok' | 'locked' | 'rate_limited'> {
      const attempts = await redis.incr(ipKey(ip));
      if (attempts === 1) await redis.expire(ipKey(ip), IP_WINDOW_SECONDS);
      if (attempts > MAX_ATTEMPTS_PER_IP) return 'rate_limited';
      const failures = Number(await redis.get(userKey(username)));
      return failures >= MAX_FAILURES ? 'locked' : 'ok';
    },
    async recordFailure(username: string): Promise<void> {
      const failures = await redis.incr(userKey(username));
      if (failures === 1) await redis.expire(userKey(username), WINDOW_SECONDS);
    },
    async recordSuccess(username: string): Promise<void> {
      await redis.del(userKey(username));
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
