import type { Db } from '../db/client.ts';
import type { TCaseSummary } from '../events.ts';

const SUMMARY_SELECT = {
  id: true,
  agencyId: true,
  channelId: true,
  category: true,
  status: true,
  slaState: true,
  priority: true,
  subject: true,
  openedAt: true,
  firstResponseDueAt: true,
  version: true,
  assigneeId: true,
  assignee: { select: { displayName: true } },
  agency: { select: { name: true, timeZone: true } },
  channel: { select: { platform: true } },
  messages: {
    select: { contact: { select: { displayName: true, handle: true } } },
    take: 1,
    orderBy: { postedAt: 'asc' },
  },
  _count: { select: { messages: true } },
} as const;

type SummaryRow = Awaited<ReturnType<typeof loadRows>>[number];

function loadRows(db: Db, where: { id?: string; agencyId?: { in: string[] } }, take: number) {
  return db.case.findMany({ where, select: SUMMARY_SELECT, orderBy: { openedAt: 'desc' }, take });
}

function toSummary(row: SummaryRow): TCaseSummary {
  const contact = row.messages[0]?.contact;
  return {
    id: row.id,
    agencyId: row.agencyId,
    agencyName: row.agency.name,
    timeZone: row.agency.timeZone,
    channelId: row.channelId,
    platform: row.channel.platform,
    category: row.category,
    status: row.status,
    slaState: row.slaState,
    priority: row.priority,
    subject: row.subject,
    contactName: contact?.displayName ?? contact?.handle ?? null,
    messageCount: row._count.messages,
    openedAt: row.openedAt.toISOString(),
    firstResponseDueAt: row.firstResponseDueAt?.toISOString() ?? null,
    version: row.version,
    assigneeId: row.assigneeId,
    assigneeName: row.assignee?.displayName ?? null,
  };
}

export async function caseSummary(db: Db, caseId: string): Promise<TCaseSummary | null> {
  const [row] = await loadRows(db, { id: caseId }, 1);
  return row ? toSummary(row) : null;
}

export async function listCaseSummaries(db: Db, agencyIds: string[], take = 200): Promise<TCaseSummary[]> {
  const rows = await loadRows(db, { agencyId: { in: agencyIds } }, take);
  return rows.map(toSummary);
}
