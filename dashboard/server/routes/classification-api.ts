import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { TTanggapConfig } from '../../../config/tanggap-schema.ts';
import { recategoriseCase } from '../../../core/cases/recategorise-case.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { JOBS } from '../../../core/jobs/catalogue.ts';
import { QUEUE, queuePrefix } from '../../../core/jobs/queues.ts';
import type { CaseEmitter } from '../../../core/realtime/case-emitter.ts';
import { defineRoute } from '../api/api-route.ts';
import { loadVisibleCase } from './case-api.ts';

const CATEGORIES = ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'] as const;
const ZCaseParams = z.object({ id: z.string().min(1).max(40) });
const ZCorrection = z.object({
  category: z.enum(CATEGORIES, { message: `expected one of ${CATEGORIES.join(', ')}` }),
  secondary: z
    .enum(CATEGORIES, { message: `expected one of ${CATEGORIES.join(', ')}` })
    .nullable()
    .default(null),
  messageId: z.string().min(1).max(40).optional(),
});

/** Correcting the classifier: the case's category changes and the message becomes a training example. */
export function classificationApiRoutes(deps: {
  prisma: PrismaClient;
  redis: Redis;
  redisPrefix: string;
  emitCase: CaseEmitter;
  scheduleSla?: (caseId: string) => Promise<void>;
  /** The agencies' SLA policies: with them the case's clocks follow the new category. */
  config?: TTanggapConfig;
}) {
  const { prisma } = deps;
  let retrainQueue: Queue | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/api/classifier/models',
      summary: 'Classifier models: version, examples, held-out figures, which is active, corrections waiting',
      roles: ['SUPERVISOR', 'ADMIN'],
      handler: async () => {
        const [models, corrections] = await Promise.all([
          prisma.classifierModel.findMany({
            orderBy: { createdAt: 'desc' },
            take: 20,
            select: { version: true, examples: true, metrics: true, active: true, createdAt: true },
          }),
          prisma.trainingExample.count(),
        ]);
        return { models, corrections };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/classifier/retrain',
      summary: "Retrain the classifier now from the shipped examples and people's corrections",
      roles: ['ADMIN'],
      status: 202,
      handler: async ({ user }) => {
        retrainQueue ??= new Queue(QUEUE.retrain, {
          connection: deps.redis,
          prefix: queuePrefix(deps.redisPrefix),
        });
        // One manual retrain per minute at most: a double click queues one job.
        const jobId = `retrain-manual-${Math.floor(Date.now() / 60_000)}`;
        await retrainQueue.add('retrain-manual', JOBS.retrain.payload.parse({ requestedBy: user.id }), {
          ...JOBS.retrain.options,
          jobId,
        });
        return { queued: jobId };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/cases/:id/classification',
      summary: "Correct a case's category (and secondary label); the corrected message trains the next model",
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR'],
      params: ZCaseParams,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      body: ZCorrection,
      handler: async ({ user, params, body }) => {
        const agency = await prisma.case.findUniqueOrThrow({
          where: { id: params.id },
          select: { agency: { select: { slaPolicy: true } } },
        });
        const policy = deps.config?.slaPolicies[agency.agency.slaPolicy];
        const result = await prisma.$transaction((tx) =>
          recategoriseCase(tx, {
            caseId: params.id,
            category: body.category,
            secondary: body.secondary,
            ...(body.messageId ? { messageId: body.messageId } : {}),
            actor: user,
            ...(policy ? { policy } : {}),
          }),
        );
        if (result.slaChanged) await deps.scheduleSla?.(result.id);
        await deps.emitCase(result.id, `recategorised-${result.id}-${Date.now()}`, 'updated');
        return { ok: true, category: body.category, secondary: body.secondary };
      },
    }),
  ];
}
