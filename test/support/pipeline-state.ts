import type { PrismaClient } from '../../core/db/client.ts';

/** Counts that tell whether the pipeline finished with the messages it was given. */
export async function pipelineState(prisma: PrismaClient) {
  const [messages, classified, notified, cases, openKeys] = await Promise.all([
    prisma.message.count(),
    prisma.classification.count(),
    prisma.message.count({ where: { notifiedAt: { not: null } } }),
    prisma.case.count(),
    prisma.case.groupBy({ by: ['channelId', 'threadKey'], _count: true }),
  ]);
  return {
    messages,
    classified,
    notified,
    cases,
    duplicateCases: openKeys.filter((g) => g._count > 1).length,
  };
}

/** Threads that hold at least one flagged message: each must have exactly one case. */
export async function flaggedThreads(prisma: PrismaClient): Promise<number> {
  const rows = await prisma.message.findMany({
    where: { classification: { category: { not: 'OTHER' } } },
    select: { channelId: true, threadKey: true },
    distinct: ['channelId', 'threadKey'],
  });
  return rows.length;
}
