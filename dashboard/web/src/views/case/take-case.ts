import { ApiFailure, api } from '../../api/http.ts';
import type { CaseDetail } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';

type Moved = { status: string; version: number };
const ATTEMPTS = 3;

async function takeFrom(caseId: string, from: Moved): Promise<Moved> {
  let { status, version } = from;
  const move = (action: string) =>
    api.post<Moved>(`/api/cases/${encodeURIComponent(caseId)}/transitions`, { action, version });
  if (status === 'NEW') ({ status, version } = await move('triage'));
  if (status === 'FLAGGED') return move('start_verification');
  if (status === 'TRIAGED') return move('claim');
  throw new ApiFailure(409, t.queue.notTakeable, undefined, 'state');
}

/**
 * "Assign to me" for an agent: a NEW case is triaged first, then claimed (claim sets the assignee). The
 * queue's summary carries status and version, so the first try needs no fetch. A fresh case is still being
 * touched by the worker (SLA scheduling bumps its version), so a version conflict is retried from a fresh
 * read; the server's state checks still refuse a case someone else took.
 */
export async function takeCase(caseId: string, known?: Moved): Promise<Moved> {
  for (let attempt = 1; ; attempt++) {
    try {
      const from =
        attempt === 1 && known
          ? known
          : (await api.get<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}`)).case;
      return await takeFrom(caseId, from);
    } catch (error) {
      if (!(error instanceof ApiFailure && error.code === 'conflict' && attempt < ATTEMPTS)) throw error;
    }
  }
}
