import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const TTL_SECONDS = 12 * 3600;

export const ZSessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN']),
  agencyId: z.string(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

/**
 * Sessions live in Redis under an HMAC of the cookie token: every dashboard process shares them,
 * and a copy of Redis alone does not yield a usable cookie.
 */
export function createSessionStore(redis: Redis, prefix: string, secret: string) {
  const keyFor = (token: string) =>
    `${prefix}:session:${createHmac('sha256', secret).update(token).digest('hex')}`;
  return {
    async create(user: TSessionUser): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await redis.set(keyFor(token), JSON.stringify(user), 'EX', TTL_SECONDS);
      return token;
    },
    async read(token: string | undefined): Promise<TSessionUser | null> {
      if (!token || token.length > 100) return null;
      const raw = await redis.get(keyFor(token));
      if (!raw) return null;
      const parsed = ZSessionUser.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    },
    async destroy(token: string | undefined): Promise<void> {
      if (token) await redis.del(keyFor(token));
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;

export const SESSION_COOKIE = 'tanggap_sid';
