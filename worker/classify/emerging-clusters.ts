import type { PrismaClient } from '../../core/db/client.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { type ClusterIndex, type EmergingMessage, rebuildClusterIndex } from './emerging/cluster-index.ts';

/** pg advisory lock key: one assignment at a time across every worker process. */
const LOCK_KEY = 7_243_001;
/** Clusters rebuilt at start: members of open clusters that joined within this many days. */
const LOOKBACK_DAYS = 30;

/**
 * Emerging claims, stored: flagged messages matching no registry claim are grouped into candidate claims
 * (EmergingCluster/EmergingClusterMember). Each worker process keeps the clusterer in memory; an assignment
 * takes a Postgres advisory lock, first replays what other processes stored since (members in `seq` order,
 * clusters closed since), then assigns and stores, so every process holds the same clusters and ids. A
 * failed transaction discards the in-memory index, which is rebuilt from the tables on the next message.
 */
export function createEmergingClusters(prisma: PrismaClient, now: () => Date = () => new Date()) {
  let index: ClusterIndex | null = null;
  let watermark = 0n;
  let closedSince = new Date(0);

  async function rebuild(tx: Prisma.TransactionClient) {
    const since = new Date(now().getTime() - LOOKBACK_DAYS * 86_400_000);
    const rows = await tx.emergingClusterMember.findMany({
      where: { createdAt: { gte: since }, cluster: { status: 'OPEN' } },
      orderBy: { seq: 'asc' },
      select: { messageId: true, clusterId: true, message: { select: { text: true } } },
    });
    index = rebuildClusterIndex(
      rows.map((r) => ({ messageId: r.messageId, clusterId: r.clusterId, text: r.message.text })),
      { nextIdNumber: await nextIdNumber(tx) },
    );
    const last = await tx.emergingClusterMember.aggregate({ _max: { seq: true } });
    watermark = last._max.seq ?? 0n;
    closedSince = now();
    return index;
  }

  async function catchUp(tx: Prisma.TransactionClient, current: ClusterIndex) {
    const rows = await tx.emergingClusterMember.findMany({
      where: { seq: { gt: watermark } },
      orderBy: { seq: 'asc' },
      select: {
        seq: true,
        messageId: true,
        clusterId: true,
        message: { select: { text: true } },
        cluster: { select: { status: true } },
      },
    });
    for (const r of rows) {
      // A closed cluster never comes back, even through a member another process added as it closed.
      if (r.cluster.status === 'OPEN') {
        current.replay({ messageId: r.messageId, clusterId: r.clusterId, text: r.message.text });
      }
      watermark = r.seq;
    }
    const closed = await tx.emergingCluster.findMany({
      where: { status: { not: 'OPEN' }, updatedAt: { gte: closedSince } },
      select: { id: true, updatedAt: true },
    });
    for (const c of closed) current.remove(c.id);
    closedSince = new Date(Math.max(closedSince.getTime(), ...closed.map((c) => c.updatedAt.getTime())));
    current.reserveIds(await nextIdNumber(tx));
  }

  return {
    /** Puts a message into its candidate claim; returns the cluster id, or null when too short to compare. */
    async assign(message: EmergingMessage): Promise<string | null> {
      try {
        return await prisma.$transaction(
          async (tx) => {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
            const existing = await tx.emergingClusterMember.findUnique({
              where: { messageId: message.id },
              select: { clusterId: true },
            });
            if (existing) return existing.clusterId;
            let current = index;
            if (current) await catchUp(tx, current);
            else current = await rebuild(tx);
            const assigned = current.assign(message);
            if (!assigned) return null;
            const representative = current.representative(assigned.clusterId)!;
            await tx.emergingCluster.upsert({
              where: { id: assigned.clusterId },
              create: {
                id: assigned.clusterId,
                representativeText: representative.text,
                representativeMessageId: representative.messageId,
              },
              update: {
                representativeText: representative.text,
                representativeMessageId: representative.messageId,
              },
            });
            const member = await tx.emergingClusterMember.create({
              data: { messageId: message.id, clusterId: assigned.clusterId, similarity: assigned.similarity },
              select: { seq: true },
            });
            watermark = member.seq;
            return assigned.clusterId;
          },
          { timeout: 20_000 },
        );
      } catch (error) {
        index = null;
        throw error;
      }
    },
  };
}

async function nextIdNumber(tx: Prisma.TransactionClient): Promise<number> {
  const [row] = await tx.$queryRaw<{ max: number | null }[]>`
    SELECT max(substring(id from 2)::int) AS max FROM "EmergingCluster" WHERE id ~ '^c[0-9]+$'`;
  return (row?.max ?? 0) + 1;
}
