import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TEnv } from '../../config/env.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { createRedis } from '../../core/redis.ts';
import { createApp } from './app.ts';
import { createSessionStore } from './auth/sessions.ts';
import { attachSocketServer } from './socket.ts';

export interface RunningDashboard {
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(deps: {
  env: Pick<TEnv, 'REDIS_URL' | 'REDIS_PREFIX' | 'PORT' | 'HOST' | 'SESSION_SECRET' | 'NODE_ENV'>;
  prisma: PrismaClient;
  logger: Logger;
}): Promise<RunningDashboard> {
  const { env, prisma, logger } = deps;
  const redis = createRedis(env.REDIS_URL, 'client');
  const sub = createRedis(env.REDIS_URL, 'worker');
  const sessions = createSessionStore(redis, env.REDIS_PREFIX, env.SESSION_SECRET);
  const app = createApp({
    prisma,
    redis,
    sessions,
    logger,
    secureCookies: env.NODE_ENV === 'production',
    sessionSecret: env.SESSION_SECRET,
    redisPrefix: env.REDIS_PREFIX,
  });
  const server = createServer(app);
  const io = attachSocketServer(server, { prisma, sessions, pub: redis, sub, redisPrefix: env.REDIS_PREFIX });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
  logger.info({ url }, 'dashboard listening');
  return {
    url,
    async close() {
      // io.close() also closes the HTTP server; stop accepting first, then drop sockets and Redis.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      redis.disconnect();
      sub.disconnect();
    },
  };
}
