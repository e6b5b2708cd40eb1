import type { CaseSummary } from '../../api/types.ts';

/** The queue's filter, named as GET /api/cases's query parameters; '' means "any". */
export interface QueueFilter {
  category: string;
  channelId: string;
  /** A status, or 'open' for every status but CLOSED. */
  status: string;
  /** A user id, 'me' or 'none'. */
  assigneeId: string;
  slaState: string;
  q: string;
}

export const EMPTY_FILTER: QueueFilter = {
  category: '',
  channelId: '',
  status: '',
  assigneeId: '',
  slaState: '',
  q: '',
};

/** The filter as a query string (empty fields left out). */
export function filterQuery(f: QueueFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...f, ...extra })) {
    const v = key === 'q' ? value.trim() : value;
    if (v) params.set(key, v);
  }
  return params.toString();
}

/**
 * Pure: whether a case (from a live event) belongs in the list the server would return for this filter. The
 * server matches the search against every citizen of the case; a summary carries the first one only.
 */
export function matchesFilter(c: CaseSummary, f: QueueFilter, userId: string): boolean {
  const needle = f.q.trim().toLocaleLowerCase('id');
  const assignee = f.assigneeId === 'me' ? userId : f.assigneeId;
  return (
    (!f.category || c.category === f.category) &&
    (!f.channelId || c.channelId === f.channelId) &&
    (!f.status || (f.status === 'open' ? c.status !== 'CLOSED' : c.status === f.status)) &&
    (!f.slaState || c.slaState === f.slaState) &&
    (!assignee || (assignee === 'none' ? !c.assigneeId : c.assigneeId === assignee)) &&
    (!needle ||
      c.subject.toLocaleLowerCase('id').includes(needle) ||
      (c.contactName ?? '').toLocaleLowerCase('id').includes(needle))
  );
}

/** The queue's order, as the server's: newest opened first, then id descending. */
export function newestFirst(
  a: Pick<CaseSummary, 'openedAt' | 'id'>,
  b: Pick<CaseSummary, 'openedAt' | 'id'>,
) {
  return b.openedAt.localeCompare(a.openedAt) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
}
