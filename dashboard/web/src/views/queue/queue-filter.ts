import type { CaseSummary } from '../../api/types.ts';

export interface QueueFilter {
  category: string;
  channel: string;
  /** A status, '' for all, or 'open' for every status but CLOSED. */
  status: string;
  /** '' all, 'mine', 'unassigned'. */
  assignee: string;
  sla: string;
  search: string;
}

export const EMPTY_FILTER: QueueFilter = {
  category: '',
  channel: '',
  status: '',
  assignee: '',
  sla: '',
  search: '',
};

/** Pure: which cases a filter keeps, newest first. */
export function applyFilter(cases: CaseSummary[], f: QueueFilter, userId: string): CaseSummary[] {
  const needle = f.search.trim().toLocaleLowerCase('id');
  return cases
    .filter(
      (c) =>
        (!f.category || c.category === f.category) &&
        (!f.channel || c.channelId === f.channel) &&
        (!f.status || (f.status === 'open' ? c.status !== 'CLOSED' : c.status === f.status)) &&
        (!f.sla || c.slaState === f.sla) &&
        (!f.assignee || (f.assignee === 'mine' ? c.assigneeId === userId : !c.assigneeId)) &&
        (!needle ||
          c.subject.toLocaleLowerCase('id').includes(needle) ||
          (c.contactName ?? '').toLocaleLowerCase('id').includes(needle)),
    )
    .sort((a, b) => b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id));
}

export function countByCategory(cases: CaseSummary[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const c of cases) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}
