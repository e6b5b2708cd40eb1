import { ApiFailure, api } from '../../api/http.ts';
import type { CaseDetail } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';

type Moved = { status: string; version: number };
const ATTEMPTS = 3;

async function takeOnce(caseId: string): Promise<Moved> {
  const detail = await api.get<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}`);
  let { status, version } = detail.case;
  const move = (action: string) =>
    api.post<Moved>(`/api/cases/${encodeURIComponent(caseId)}/transitions`, { action, version });
  if (status === 'NEW') ({ status, version } = await move('triage'));
  if (status === 'FLAGGED') return move('start_verification');
  if (status === 'TRIAGED') return move('claim');
  throw new ApiFailure(409, t.queue.notTakeable, undefined, 'state');
}

/**
 * "Assign to me" for an agent: a NEW case is triaged first, then claimed (claim sets the assignee). A fresh
 * case is still being touched by the worker (SLA scheduling bumps its version), so a version conflict is
 * retried from a fresh read; the server's state checks still refuse a case someone else took.
 */
export async function takeCase(caseId: string): Promise<Moved> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await takeOnce(caseId);
    } catch (error) {
      if (!(error instanceof ApiFailure && error.code === 'conflict' && attempt < ATTEMPTS)) throw error;
    }
  }
}
