import { Queue, Worker } from 'bullmq';
import { POLLED_PLATFORMS } from '../config/channel-settings.ts';
import type { TEnv } from '../config/env.ts';
import type { TTanggapConfig } from '../config/tanggap-schema.ts';
import { syncConfig } from '../core/config-sync.ts';
import type { PrismaClient } from '../core/db/client.ts';
import { JOBS } from '../core/jobs/catalogue.ts';
import { pollQueueName, QUEUE, queuePrefix } from '../core/jobs/queues.ts';
import type { Logger } from '../core/logger.ts';
import { createCaseEmitter } from '../core/realtime/case-emitter.ts';
import { createNotificationEmitter } from '../core/realtime/notification-emitter.ts';
import { createRedis } from '../core/redis.ts';
import { createSlaScheduler } from '../core/sla/case-sla.ts';
import { createActiveModel } from './classify/active-model.ts';
import { createClaimRegistry } from './classify/claim-registry.ts';
import { createEmergingClusters } from './classify/emerging-clusters.ts';
import { connectorForChannel } from './connectors/for-channel.ts';
import { handleClassify } from './jobs/classify.ts';
import { handleNotify } from './jobs/notify.ts';
import { handlePoll } from './jobs/poll.ts';
import { handlePublish } from './jobs/publish.ts';
import { handleRetrain } from './jobs/retrain.ts';
import { pollSchedulerId, schedulePolling } from './jobs/schedule-polling.ts';
import { handleSla } from './jobs/sla.ts';
import { handleWebhook } from './jobs/webhook.ts';

export interface WorkerDeps {
  env: Pick<TEnv, 'REDIS_URL' | 'REDIS_PREFIX'> & Partial<Pick<TEnv, 'JOB_LOCK_SECONDS'>>;
  config: TTanggapConfig;
  prisma: PrismaClient;
  logger: Logger;
  /** Environment holding channel credentials (tests pass their own). */
  secrets?: NodeJS.ProcessEnv;
  concurrency?: number;
  /** The clock SLA deadlines are scheduled against (tests pass a controllable one). */
  now?: () => Date;
  /** The dashboard's public URL, for links in e-mail/Telegram notifications. */
  publicUrl?: string;
}

export interface RunningWorker {
  close(): Promise<void>;
}

/** Starts the poll and classify workers and the per-channel poll schedules. */
export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const { env, config, prisma, logger } = deps;
  const prefix = queuePrefix(env.REDIS_PREFIX);
  const workerRedis = createRedis(env.REDIS_URL, 'worker');
  const clientRedis = createRedis(env.REDIS_URL, 'worker');
  const connection = workerRedis;
  // Stalled jobs (their worker died) go back to the queue once the lock lapses and a check runs.
  const lockMs = (env.JOB_LOCK_SECONDS ?? 30) * 1000;
  const lock = { lockDuration: lockMs, stalledInterval: lockMs };

  await syncConfig(prisma, config);
  const polled = [...new Set(config.channels.map((c) => c.platform))].filter((p) =>
    POLLED_PLATFORMS.includes(p),
  );
  // Telegram's queue always exists: demo and tests poll it, and an empty queue costs nothing.
  if (!polled.includes('telegram')) polled.unshift('telegram');
  const pollQueues = new Map(
    polled.map((platform) => [platform, new Queue(pollQueueName(platform), { connection, prefix })]),
  );
  const pollQueueOf = (channelId: string) => {
    const platform = config.channels.find((c) => c.id === channelId)?.platform ?? 'telegram';
    return pollQueues.get(platform) ?? pollQueues.get('telegram')!;
  };
  const classifyQueue = new Queue(QUEUE.classify, { connection, prefix });
  const slaQueue = new Queue(QUEUE.sla, { connection, prefix });
  const notifyQueue = new Queue(QUEUE.notify, { connection, prefix });
  const retrainQueue = new Queue(QUEUE.retrain, { connection, prefix });
  const now = deps.now ?? (() => new Date());
  const scheduleSla = createSlaScheduler(prisma, slaQueue, now);
  // Redis is the worker's durable store for rotated OAuth refresh tokens (AOF, noeviction in compose).
  const refreshTokens = {
    load: (key: string) => clientRedis.get(`${env.REDIS_PREFIX}:oauth-refresh:${key}`),
    save: async (key: string, token: string) => {
      await clientRedis.set(`${env.REDIS_PREFIX}:oauth-refresh:${key}`, token);
    },
  };
  const connectorFor = (id: string) =>
    connectorForChannel(config, id, deps.secrets, {
      warn: (message) => logger.warn({ channelId: id, message }, 'connector warning'),
      refreshTokens,
    });
  const claims = createClaimRegistry(prisma);
  const emerging = createEmergingClusters(prisma, now);
  const ensureModel = createActiveModel(prisma);
  const emitCase = createCaseEmitter(prisma, clientRedis, env.REDIS_PREFIX);
  const emitNotification = createNotificationEmitter(prisma, clientRedis, env.REDIS_PREFIX);

  const pollWorkers = [...pollQueues.keys()].map(
    (platform) =>
      new Worker(
        pollQueueName(platform),
        (job) =>
          handlePoll(job, {
            prisma,
            redis: clientRedis,
            redisPrefix: env.REDIS_PREFIX,
            classifyQueue,
            connectorFor,
            stopPolling: (id) =>
              pollQueueOf(id)
                .removeJobScheduler(pollSchedulerId(id))
                .then(() => undefined),
            logger,
          }),
        {
          connection: createRedis(env.REDIS_URL, 'worker'),
          prefix,
          concurrency: deps.concurrency ?? 4,
          ...lock,
        },
      ),
  );
  const classifyWorker = new Worker(
    QUEUE.classify,
    (job) =>
      handleClassify(job, { prisma, config, emitCase, scheduleSla, now, claims, emerging, ensureModel }),
    {
      connection: createRedis(env.REDIS_URL, 'worker'),
      prefix,
      concurrency: deps.concurrency ?? 8,
      ...lock,
    },
  );
  const publishWorker = new Worker(
    QUEUE.publish,
    (job) => handlePublish(job, { prisma, connectorFor, emitCase }),
    {
      connection: createRedis(env.REDIS_URL, 'worker'),
      prefix,
      concurrency: 4,
      ...lock,
    },
  );
  const slaWorker = new Worker(
    QUEUE.sla,
    (job) => handleSla(job, { prisma, emitCase, emitNotification, notifyQueue }),
    { connection: createRedis(env.REDIS_URL, 'worker'), prefix, concurrency: 4, ...lock },
  );
  const notifyWorker = new Worker(
    QUEUE.notify,
    (job) =>
      handleNotify(job, {
        prisma,
        config,
        secrets: deps.secrets ?? process.env,
        logger,
        ...(deps.publicUrl
          ? { caseUrl: (id: string) => `${deps.publicUrl}/?kasus=${encodeURIComponent(id)}` }
          : {}),
      }),
    { connection: createRedis(env.REDIS_URL, 'worker'), prefix, concurrency: 2, ...lock },
  );
  const webhookWorker = new Worker(
    QUEUE.webhook,
    (job) => handleWebhook(job, { prisma, config, secrets: deps.secrets ?? process.env, classifyQueue }),
    { connection: createRedis(env.REDIS_URL, 'worker'), prefix, concurrency: 4, ...lock },
  );
  // Training takes seconds of CPU: one at a time, on its own queue, never in the way of classification.
  const retrainWorker = new Worker(QUEUE.retrain, (job) => handleRetrain(job, { prisma, logger }), {
    connection: createRedis(env.REDIS_URL, 'worker'),
    prefix,
    concurrency: 1,
    lockDuration: 10 * 60_000,
  });
  await retrainQueue.upsertJobScheduler(
    'retrain-nightly',
    { pattern: '0 2 * * *', tz: 'Asia/Jakarta' },
    { name: 'retrain-nightly', data: {}, opts: JOBS.retrain.options },
  );
  const workers = [
    retrainWorker,
    ...pollWorkers,
    classifyWorker,
    publishWorker,
    slaWorker,
    notifyWorker,
    webhookWorker,
  ];
  for (const worker of workers) {
    worker.on('failed', (job, error) =>
      logger.warn(
        { queue: worker.name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message },
        'job failed',
      ),
    );
    worker.on('error', (error) => logger.error({ queue: worker.name, err: error.message }, 'worker error'));
  }

  const channels = await prisma.channel.findMany({
    select: { id: true, status: true, pollIntervalSeconds: true, platform: true },
  });
  for (const [platform, queue] of pollQueues) {
    const own = channels.filter((c) => c.platform.toLowerCase() === platform);
    // WhatsApp and other webhook-only channels get no schedule (their platform has no poll queue).
    await schedulePolling(queue, own);
  }
  // Heals a crash between a case's commit and the scheduling of its SLA jobs (ids are deterministic).
  const running = await prisma.case.findMany({
    where: { status: { notIn: ['CLOSED', 'WAITING_ON_CITIZEN'] } },
    select: { id: true },
  });
  for (const { id } of running) await scheduleSla(id);
  logger.info({ channels: channels.length, jobs: Object.keys(JOBS) }, 'worker started');

  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([
        ...[...pollQueues.values()].map((q) => q.close()),
        classifyQueue.close(),
        slaQueue.close(),
        notifyQueue.close(),
        retrainQueue.close(),
      ]);
      for (const redis of [workerRedis, clientRedis]) redis.disconnect();
    },
  };
}
