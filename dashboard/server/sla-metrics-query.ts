import { z } from 'zod';
import { visibleAgencies } from '../../core/cases/access.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { MAX_CASES, METRIC_GROUPS, slaMetrics } from '../../core/sla/sla-metrics.ts';
import { ApiError } from './api/api-route.ts';

const DAY_MS = 86_400_000;

/** Query of the metrics API and of the metrics socket subscription. */
export const ZMetricsQuery = z
  .object({
    groupBy: z.enum(METRIC_GROUPS, { message: `expected one of ${METRIC_GROUPS.join(', ')}` }).default('day'),
    from: z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time' }).optional(),
    to: z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time' }).optional(),
    /** Without from/to: the last N days up to now. */
    days: z.coerce.number().int().min(1).max(366).default(30),
    /** Narrow to one agency of the user's scope. */
    agencyId: z.string().min(1).max(64).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type TMetricsQuery = z.infer<typeof ZMetricsQuery>;

/** Runs a metrics query within what the user may see; an agency outside it is a 404. */
export async function metricsFor(
  prisma: PrismaClient,
  user: { role: 'AGENT' | 'VALIDATOR' | 'SUPERVISOR' | 'ADMIN'; agencyId: string },
  query: TMetricsQuery,
  now = new Date(),
) {
  const scope = await visibleAgencies(prisma, user);
  if (query.agencyId && !scope.includes(query.agencyId)) {
    throw new ApiError(404, 'not_found', 'Instansi tidak ditemukan.', 'agencyId');
  }
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - query.days * DAY_MS);
  try {
    return await slaMetrics(prisma, {
      agencyIds: query.agencyId ? [query.agencyId] : scope,
      from,
      to,
      groupBy: query.groupBy,
    });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ApiError(
        422,
        'too_many_cases',
        `Periode terlalu panjang: lebih dari ${MAX_CASES} kasus.`,
        'from',
      );
    }
    throw error;
  }
}
