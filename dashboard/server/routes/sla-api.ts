import { z } from 'zod';
import type { PrismaClient } from '../../../core/db/client.ts';
import { explainCaseClock } from '../../../core/sla/explain-case-clock.ts';
import { defineRoute } from '../api/api-route.ts';
import { metricsFor, ZMetricsQuery } from '../sla-metrics-query.ts';
import { loadVisibleCase } from './case-api.ts';

const ZCaseParams = z.object({ id: z.string().min(1).max(40) });
export function slaApiRoutes(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/cases/:id/sla',
      summary:
        "How the case's SLA deadlines were computed: start, target, days counted and skipped, pauses, events",
      roles: ['AGENT', 'VALIDATOR', 'SUPERVISOR', 'ADMIN'],
      params: ZCaseParams,
      authorize: ({ user, params }) => loadVisibleCase(prisma, user, params.id).then(() => undefined),
      handler: async ({ params }) => {
        const kase = await prisma.case.findUniqueOrThrow({
          where: { id: params.id },
          select: {
            slaState: true,
            openedAt: true,
            slaStartedAt: true,
            slaEpoch: true,
            slaClock: true,
            slaPauses: true,
            firstResponseAt: true,
            firstResponseDueAt: true,
            resolvedAt: true,
            resolutionDueAt: true,
            agency: { select: { timeZone: true, calendar: true } },
            slaEvents: {
              select: { kind: true, dueAt: true, createdAt: true },
              orderBy: { createdAt: 'asc' },
            },
          },
        });
        return {
          state: kase.slaState,
          firstResponseAt: kase.firstResponseAt?.toISOString() ?? null,
          resolvedAt: kase.resolvedAt?.toISOString() ?? null,
          explanation: explainCaseClock(kase),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/metrics/sla',
      summary:
        'SLA metrics: first-response and resolution p50/p90 (calendar and working minutes), breach rate, per agency, channel, category, agent or day',
      roles: ['SUPERVISOR', 'ADMIN'],
      query: ZMetricsQuery,
      handler: ({ user, query }) => metricsFor(prisma, user, query),
    }),
  ];
}
