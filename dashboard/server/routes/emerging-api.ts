import { z } from 'zod';
import { visibleAgencies } from '../../../core/cases/access.ts';
import { clusterStats } from '../../../core/claims/cluster-stats.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { ApiError, defineRoute } from '../api/api-route.ts';

const VERDICTS = ['HOAKS', 'DISINFORMASI', 'MISINFORMASI', 'FAKTA', 'BELUM_TERVERIFIKASI'] as const;
const ZClusterParams = z.object({ id: z.string().regex(/^c\d{1,12}$/, 'expected a cluster id') });
const ZListQuery = z.object({
  status: z
    .enum(['OPEN', 'PROMOTED', 'DISMISSED'], { message: 'expected OPEN, PROMOTED or DISMISSED' })
    .default('OPEN'),
  /** Clusters that grew in the last N days. */
  days: z.coerce.number().int().min(1).max(90).default(7),
});
const ZPromote = z.object({
  title: z.string().trim().min(5, 'expected a title of at least 5 characters').max(200),
  /** The claim as it circulates; the cluster's representative message by default. */
  text: z.string().trim().min(10).max(5_000).optional(),
  verdict: z.enum(VERDICTS, { message: `expected one of ${VERDICTS.join(', ')}` }),
  clarificationUrl: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional(),
});
const LIST_LIMIT = 100;

/**
 * Emerging claims (candidate claims grouped by the worker): listed with their spread — count, first and
 * last seen, growth per hour, channels — over the members the user may see; a validator turns one into a
 * registry claim with a verdict (its messages then link to the claim, and new copies match it) or dismisses
 * it.
 */
export function emergingApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** The cluster if at least one of its messages is in the user's scope; 404 otherwise. */
  const visibleCluster = async (
    user: { role: 'AGENT' | 'VALIDATOR' | 'SUPERVISOR' | 'ADMIN'; agencyId: string },
    id: string,
  ) => {
    const scope = await visibleAgencies(prisma, user);
    const cluster = await prisma.emergingCluster.findFirst({
      where: { id, members: { some: { message: { channel: { agencyId: { in: scope } } } } } },
      select: { id: true, status: true, representativeText: true },
    });
    if (!cluster) throw new ApiError(404, 'not_found', 'Klaster klaim tidak ditemukan.');
    return cluster;
  };

  return [
    defineRoute({
      method: 'get',
      path: '/api/emerging-clusters',
      summary: 'Emerging claims: clusters of flagged messages matching no registry claim, with their spread',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      query: ZListQuery,
      handler: async ({ user, query }) => {
        const scope = await visibleAgencies(prisma, user);
        const now = new Date();
        const inScope = { message: { channel: { agencyId: { in: scope } } } };
        const clusters = await prisma.emergingCluster.findMany({
          where: {
            status: query.status,
            updatedAt: { gte: new Date(now.getTime() - query.days * 86_400_000) },
            members: { some: inScope },
          },
          orderBy: { updatedAt: 'desc' },
          take: LIST_LIMIT,
          select: {
            id: true,
            status: true,
            representativeText: true,
            claimId: true,
            members: {
              where: inScope,
              select: { message: { select: { postedAt: true, channelId: true } } },
            },
          },
        });
        return {
          clusters: clusters
            .map(({ members, ...c }) => {
              const stats = clusterStats(
                members.map((m) => m.message),
                now,
              );
              return {
                ...c,
                count: stats.count,
                firstSeen: stats.firstSeen?.toISOString() ?? null,
                lastSeen: stats.lastSeen?.toISOString() ?? null,
                growthPerHour: stats.growthPerHour,
                channels: stats.channels,
              };
            })
            .sort((a, b) => b.growthPerHour.lastHour - a.growthPerHour.lastHour || b.count - a.count),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/emerging-clusters/:id/promote',
      summary: 'Turn an emerging claim into a registry claim with a verdict; its messages link to the claim',
      roles: ['VALIDATOR', 'SUPERVISOR'],
      params: ZClusterParams,
      authorize: ({ user, params }) => visibleCluster(user, params.id).then(() => undefined),
      body: ZPromote,
      status: 201,
      handler: async ({ user, params, body }) => {
        const cluster = await visibleCluster(user, params.id);
        return prisma.$transaction(async (tx) => {
          const updated = await tx.emergingCluster.updateMany({
            where: { id: cluster.id, status: 'OPEN' },
            data: { status: 'PROMOTED' },
          });
          if (updated.count === 0) throw new ApiError(409, 'not_open', 'Klaster ini sudah ditangani.');
          const claim = await tx.claim.create({
            data: {
              agencyId: user.agencyId,
              title: body.title,
              text: body.text ?? cluster.representativeText,
              verdict: body.verdict,
              ...(body.clarificationUrl ? { clarificationUrl: body.clarificationUrl } : {}),
            },
          });
          await tx.emergingCluster.update({ where: { id: cluster.id }, data: { claimId: claim.id } });
          const linked = await tx.classification.updateMany({
            where: { message: { cluster: { clusterId: cluster.id } }, claimId: null },
            data: { claimId: claim.id },
          });
          await tx.auditEvent.create({
            data: {
              agencyId: user.agencyId,
              actorId: user.id,
              action: 'claim.promoted_from_cluster',
              entityType: 'Claim',
              entityId: claim.id,
              data: { clusterId: cluster.id, verdict: body.verdict, linkedMessages: linked.count },
            },
          });
          return { claim, linkedMessages: linked.count };
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/emerging-clusters/:id/dismiss',
      summary: 'Dismiss an emerging claim (not a claim worth registering)',
      roles: ['VALIDATOR', 'SUPERVISOR'],
      params: ZClusterParams,
      authorize: ({ user, params }) => visibleCluster(user, params.id).then(() => undefined),
      handler: async ({ user, params }) => {
        const cluster = await visibleCluster(user, params.id);
        await prisma.$transaction([
          prisma.emergingCluster.updateMany({
            where: { id: cluster.id, status: 'OPEN' },
            data: { status: 'DISMISSED' },
          }),
          prisma.auditEvent.create({
            data: {
              agencyId: user.agencyId,
              actorId: user.id,
              action: 'claim.cluster_dismissed',
              entityType: 'EmergingCluster',
              entityId: cluster.id,
              data: {},
            },
          }),
        ]);
        return { ok: true };
      },
    }),
  ];
}
