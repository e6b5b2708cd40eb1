import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import type { TEnv } from '../../config/env.ts';
import type { TTanggapConfig } from '../../config/tanggap-schema.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { JOBS, publishJobId } from '../../core/jobs/catalogue.ts';
import { QUEUE, queuePrefix } from '../../core/jobs/queues.ts';
import type { Logger } from '../../core/logger.ts';
import { createCaseEmitter } from '../../core/realtime/case-emitter.ts';
import { createRedis } from '../../core/redis.ts';
import { createSlaScheduler } from '../../core/sla/case-sla.ts';
import { listExpressRoutes } from './api/list-routes.ts';
import { createApp } from './app.ts';
import { createSessionStore } from './auth/sessions.ts';
import { createMetricsStream } from './metrics-stream.ts';
import { attachSocketServer } from './socket.ts';

export interface RunningDashboard {
  url: string;
  /** Every method + path the app answers (for tests that must cover them all). */
  routes: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startDashboard(deps: {
  env: Pick<TEnv, 'REDIS_URL' | 'REDIS_PREFIX' | 'PORT' | 'HOST' | 'SESSION_SECRET' | 'NODE_ENV'>;
  prisma: PrismaClient;
  logger: Logger;
  /** The channel configuration and the env holding its credentials: enables the Meta webhook endpoints. */
  channels?: { config: TTanggapConfig; secrets: NodeJS.ProcessEnv };
}): Promise<RunningDashboard> {
  const { env, prisma, logger } = deps;
  const redis = createRedis(env.REDIS_URL, 'client');
  const sub = createRedis(env.REDIS_URL, 'worker');
  // Its own connection: a subscribed connection can do nothing else, and the adapter owns `sub`.
  const metricsSub = createRedis(env.REDIS_URL, 'worker');
  const metrics = createMetricsStream({ prisma, sub: metricsSub, redisPrefix: env.REDIS_PREFIX });
  const sessions = createSessionStore(redis, env.REDIS_PREFIX, env.SESSION_SECRET);
  const publishQueue = new Queue(QUEUE.publish, { connection: redis, prefix: queuePrefix(env.REDIS_PREFIX) });
  const enqueuePublish = async (replyId: string) => {
    await publishQueue.add('publish', JOBS.publish.payload.parse({ replyId }), {
      ...JOBS.publish.options,
      jobId: publishJobId(replyId),
    });
  };
  const slaQueue = new Queue(QUEUE.sla, { connection: redis, prefix: queuePrefix(env.REDIS_PREFIX) });
  const webhookQueue = new Queue(QUEUE.webhook, { connection: redis, prefix: queuePrefix(env.REDIS_PREFIX) });
  let closing = false;
  const app = createApp({
    emitCase: createCaseEmitter(prisma, redis, env.REDIS_PREFIX),
    enqueuePublish,
    scheduleSla: createSlaScheduler(prisma, slaQueue),
    prisma,
    redis,
    sessions,
    logger,
    secureCookies: env.NODE_ENV === 'production',
    sessionSecret: env.SESSION_SECRET,
    redisPrefix: env.REDIS_PREFIX,
    ...(deps.channels
      ? { webhooks: { ...deps.channels, webhookQueue, logger }, config: deps.channels.config }
      : {}),
  });
  const server = createServer(app);
  const io = attachSocketServer(server, {
    isClosing: () => closing,
    sessions,
    prisma,
    pub: redis,
    sub,
    redisPrefix: env.REDIS_PREFIX,
    onConnection: metrics.attach,
  });
  await metrics.ready;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
  logger.info({ url }, 'dashboard listening');
  return {
    url,
    routes: listExpressRoutes(app),
    async close() {
      closing = true;
      // io.close() also closes the HTTP server; stop accepting first, then drop sockets and Redis.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all([publishQueue.close(), slaQueue.close(), webhookQueue.close(), metrics.close()]);
      redis.disconnect();
      sub.disconnect();
      metricsSub.disconnect();
    },
  };
}
