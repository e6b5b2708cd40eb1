import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { PrismaClient } from '../../../core/db/client.ts';

/** Liveness for load balancers and compose: both the database and Redis must answer. */
export function healthRoutes(prisma: PrismaClient, redis: Redis): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const [db, cache] = await Promise.allSettled([prisma.$queryRaw`select 1`, redis.ping()]);
    const body = {
      db: db.status === 'fulfilled' ? 'ok' : 'down',
      redis: cache.status === 'fulfilled' ? 'ok' : 'down',
    };
    res.status(body.db === 'ok' && body.redis === 'ok' ? 200 : 503).json(body);
  });
  return router;
}
