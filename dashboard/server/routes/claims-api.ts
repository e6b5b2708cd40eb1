import { z } from 'zod';
import { visibleAgencies } from '../../../core/cases/access.ts';
import type { PrismaClient } from '../../../core/db/client.ts';
import { defineRoute } from '../api/api-route.ts';
import { loadVisibleCase } from './case-api.ts';

const ZClaimSearch = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const ZCaseParams = z.object({ id: z.string().min(1).max(40) });
const CLAIM_FIELDS = {
  id: true,
  agencyId: true,
  title: true,
  verdict: true,
  clarificationUrl: true,
  createdAt: true,
} as const;

interface ClusterRow {
  claimId: string;
  size: number;
  firstSeen: Date;
  lastSeen: Date;
  lastHour: number;
  last24h: number;
  channels: string[];
}

/**
 * The claim registry and, per claim, the cluster of messages the classifier matched to it (Classification.claimId)
 * within the user's scope: size, first/last seen, growth (last hour, last 24 h) and the channels it spreads on.
 */
export function claimApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/claims',
      summary: 'Claim registry search (q) with each claim’s message cluster: size, growth per hour, channels',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      query: ZClaimSearch,
      handler: async ({ user, query }) => {
        const scope = await visibleAgencies(prisma, user);
        const claims = await prisma.claim.findMany({
          where: {
            // Shared registry entries (no agency) are everyone's; an agency's own only within its scope.
            OR: [{ agencyId: null }, { agencyId: { in: scope } }],
            ...(query.q
              ? {
                  AND: [
                    {
                      OR: [
                        { title: { contains: query.q, mode: 'insensitive' as const } },
                        { text: { contains: query.q, mode: 'insensitive' as const } },
                      ],
                    },
                  ],
                }
              : {}),
          },
          orderBy: { createdAt: 'desc' },
          take: query.limit,
          select: CLAIM_FIELDS,
        });
        const ids = claims.map((c) => c.id);
        const rows = ids.length
          ? await prisma.$queryRaw<ClusterRow[]>`
              SELECT cl."claimId",
                     count(*)::int AS size,
                     min(m."postedAt") AS "firstSeen",
                     max(m."postedAt") AS "lastSeen",
                     (count(*) FILTER (WHERE m."postedAt" >= now() - interval '1 hour'))::int AS "lastHour",
                     (count(*) FILTER (WHERE m."postedAt" >= now() - interval '24 hours'))::int AS "last24h",
                     array_agg(DISTINCT m."channelId") AS channels
              FROM "Classification" cl
              JOIN "Message" m ON m.id = cl."messageId"
              JOIN "Channel" ch ON ch.id = m."channelId"
              WHERE cl."claimId" = ANY(${ids}::text[]) AND ch."agencyId" = ANY(${scope}::text[])
              GROUP BY cl."claimId"`
          : [];
        const byClaim = new Map(rows.map((r) => [r.claimId, r]));
        return {
          claims: claims
            .map((c) => {
              const r = byClaim.get(c.id);
              return {
                ...c,
                size: r?.size ?? 0,
                firstSeen: r?.firstSeen ?? null,
                lastSeen: r?.lastSeen ?? null,
                lastHour: r?.lastHour ?? 0,
                perHour24h: r ? Math.round((r.last24h / 24) * 10) / 10 : 0,
                channels: r?.channels ?? [],
              };
            })
            .sort((a, b) => b.lastHour - a.lastHour || b.size - a.size),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/claims',
      summary: 'Registry claims matched to the messages of one case',
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      params: ZCaseParams,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      handler: async ({ params }) => {
        const claims = await prisma.claim.findMany({
          where: { classifications: { some: { message: { caseId: params.id } } } },
          select: CLAIM_FIELDS,
        });
        return { claims };
      },
    }),
  ];
}
