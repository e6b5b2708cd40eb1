import { Router } from 'express';
import { z } from 'zod';
import { visibleAgencies } from '../../../core/cases/access.ts';
import { queryCaseSummaries } from '../../../core/cases/case-summary.ts';
import type { Prisma, PrismaClient } from '../../../core/db/client.ts';
import { CaseCategory, CaseStatus, SlaState } from '../../../core/db/generated/enums.ts';
import { requireUser } from '../auth/middleware.ts';
import { sendInvalid } from '../http-errors.ts';

const PAGE_MAX = 200;
/** An empty query parameter (a cleared filter in a shared link) means "no filter". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const ZQueueQuery = z.object({
  category: optional(z.enum(CaseCategory)),
  channelId: optional(z.string().max(60)),
  /** A status, or `open`: every status but CLOSED. */
  status: optional(z.union([z.enum(CaseStatus), z.literal('open')])),
  /** A user id, `me` or `none`. */
  assigneeId: optional(z.string().max(40)),
  slaState: optional(z.enum(SlaState)),
  /** Subject or citizen name contains this (case-insensitive). */
  q: optional(z.string().trim().max(200)),
  /** Keyset cursor: the last row of the previous page, `<openedAt ISO>~<id>`. */
  before: optional(
    z
      .string()
      .max(80)
      .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z~[\w-]{1,40}$/, 'expected <openedAt>~<id> from nextCursor'),
  ),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(100),
  /** `only`: just the per-category counts (the queue refreshes them as cases change). */
  counts: optional(z.enum(['only'])),
});
export type TQueueQuery = z.infer<typeof ZQueueQuery>;

/** The filter as SQL conditions, inside the user's scope; `category` is left out for the counts. */
export function queueWhere(
  query: TQueueQuery,
  scope: string[],
  userId: string,
  withCategory = true,
): Prisma.CaseWhereInput[] {
  const and: Prisma.CaseWhereInput[] = [{ agencyId: { in: scope } }];
  if (withCategory && query.category) and.push({ category: query.category });
  if (query.channelId) and.push({ channelId: query.channelId });
  if (query.status === 'open') and.push({ status: { not: 'CLOSED' } });
  else if (query.status) and.push({ status: query.status });
  if (query.slaState) and.push({ slaState: query.slaState });
  if (query.assigneeId === 'none') and.push({ assigneeId: null });
  else if (query.assigneeId) and.push({ assigneeId: query.assigneeId === 'me' ? userId : query.assigneeId });
  if (query.q) {
    // Prisma's `contains` is ILIKE '%…%' and passes % and _ through as wildcards (prisma/prisma#19506);
    // escaped with Postgres's default escape character, the search text matches literally.
    const contains = { contains: query.q.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const };
    and.push({
      OR: [
        { subject: contains },
        { messages: { some: { contact: { OR: [{ displayName: contains }, { handle: contains }] } } } },
      ],
    });
  }
  return and;
}

function afterCursor(before: string): Prisma.CaseWhereInput {
  const [iso, id] = before.split('~') as [string, string];
  const openedAt = new Date(iso);
  return { OR: [{ openedAt: { lt: openedAt } }, { openedAt, id: { lt: id } }] };
}

/**
 * The queue: cases of the user's scope (own agency; supervisors and admins their subtree), newest first,
 * filtered and searched in SQL and keyset-paged on (openedAt, id), with counts per category for the same
 * filter (all categories) and the channels of the scope for the filter menu (first page only).
 */
export function caseRoutes(prisma: PrismaClient): Router {
  const router = Router();
  router.get('/api/cases', requireUser(), async (req, res, next) => {
    try {
      const parsed = ZQueueQuery.safeParse(req.query);
      if (!parsed.success) return sendInvalid(res, parsed.error);
      const query = parsed.data;
      const user = req.user!;
      const scope = await visibleAgencies(prisma, user);
      const countsOf = async () => {
        const groups = await prisma.case.groupBy({
          by: ['category'],
          where: { AND: queueWhere(query, scope, user.id, false) },
          _count: { _all: true },
        });
        return Object.fromEntries(groups.map((g) => [g.category, g._count._all]));
      };
      const channelsOf = async () =>
        (
          await prisma.channel.findMany({
            where: { agencyId: { in: scope } },
            select: { id: true },
            orderBy: { id: 'asc' },
          })
        ).map((c) => c.id);
      if (query.counts === 'only') {
        const [counts, channels] = await Promise.all([countsOf(), channelsOf()]);
        return void res.json({ counts, channels });
      }
      const where = queueWhere(query, scope, user.id);
      if (query.before) where.push(afterCursor(query.before));
      // One more than asked tells whether another page exists. A later page ("muat lebih") carries no counts:
      // they describe the whole filter and came with the first page.
      const [rows, counts, channels] = await Promise.all([
        queryCaseSummaries(prisma, { AND: where }, query.limit + 1),
        query.before ? null : countsOf(),
        query.before ? null : channelsOf(),
      ]);
      const cases = rows.slice(0, query.limit);
      const last = cases.at(-1);
      const nextCursor = rows.length > query.limit && last ? `${last.openedAt}~${last.id}` : null;
      res.json({ cases, nextCursor, counts, channels });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
