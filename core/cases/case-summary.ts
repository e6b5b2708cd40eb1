import type { Db, Prisma } from '../db/client.ts';
import type { TCaseSummary } from '../events.ts';

interface SummaryRow {
  id: string;
  agencyId: string;
  agencyName: string;
  timeZone: string;
  channelId: string;
  platform: string;
  category: TCaseSummary['category'];
  status: string;
  slaState: string;
  priority: string;
  subject: string;
  contactName: string | null;
  messageCount: number;
  openedAt: Date;
  firstResponseDueAt: Date | null;
  version: number;
  assigneeId: string | null;
  assigneeName: string | null;
}

/**
 * The summaries of these cases in one statement. Prisma's nested select costs a round trip per relation and
 * its `_count` groups the whole Message table before joining (130 ms at 100,000 messages); here the first
 * message's citizen and the message count are per-case subqueries on the (caseId, postedAt) index.
 */
async function summariesOf(db: Db, ids: string[]): Promise<TCaseSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<SummaryRow[]>`
    SELECT c.id, c."agencyId", a.name AS "agencyName", a."timeZone", c."channelId", ch.platform::text AS platform,
           c.category::text AS category, c.status::text AS status, c."slaState"::text AS "slaState",
           c.priority::text AS priority, c.subject, first."contactName",
           (SELECT count(*) FROM "Message" m WHERE m."caseId" = c.id)::int AS "messageCount",
           c."openedAt", c."firstResponseDueAt", c.version, c."assigneeId", u."displayName" AS "assigneeName"
    FROM "Case" c
    JOIN "Agency" a ON a.id = c."agencyId"
    JOIN "Channel" ch ON ch.id = c."channelId"
    LEFT JOIN "User" u ON u.id = c."assigneeId"
    LEFT JOIN LATERAL (
      SELECT coalesce(ct."displayName", ct.handle) AS "contactName"
      FROM "Message" m LEFT JOIN "Contact" ct ON ct.id = m."contactId"
      WHERE m."caseId" = c.id ORDER BY m."postedAt" ASC LIMIT 1
    ) first ON true
    WHERE c.id = ANY(${ids}::text[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r
      ? [
          {
            ...r,
            openedAt: r.openedAt.toISOString(),
            firstResponseDueAt: r.firstResponseDueAt?.toISOString() ?? null,
          },
        ]
      : [];
  });
}

export async function caseSummary(db: Db, caseId: string): Promise<TCaseSummary | null> {
  const [summary] = await summariesOf(db, [caseId]);
  return summary ?? null;
}

/** Case summaries matching `where` (already limited to the user's scope), newest first. */
export async function queryCaseSummaries(
  db: Db,
  where: Prisma.CaseWhereInput,
  take: number,
): Promise<TCaseSummary[]> {
  // (openedAt, id) is the queue's total order; the id breaks ties so keyset pages neither skip nor repeat.
  const ids = await db.case.findMany({
    where,
    select: { id: true },
    orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
    take,
  });
  return summariesOf(
    db,
    ids.map((r) => r.id),
  );
}

export async function listCaseSummaries(db: Db, agencyIds: string[], take = 200): Promise<TCaseSummary[]> {
  return queryCaseSummaries(db, { agencyId: { in: agencyIds } }, take);
}
