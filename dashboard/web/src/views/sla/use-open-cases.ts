import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/http.ts';
import type { CaseSummary } from '../../api/types.ts';
import { caseStore } from '../../live/case-store.ts';

const REFRESH_DELAY_MS = 1_000;

/**
 * The newest 200 open cases of the scope for the board, whatever the queue's filter is; re-read (debounced)
 * whenever a case in scope changes.
 */
export function useOpenCases(): CaseSummary[] {
  const [cases, setCases] = useState<CaseSummary[]>([]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let live = true;
    const load = () => {
      timer = null;
      api.get<{ cases: CaseSummary[] }>('/api/cases?status=open&limit=200').then(
        (b) => live && setCases(b.cases),
        () => {},
      );
    };
    load();
    const off = caseStore.onEvent(() => {
      timer ??= setTimeout(load, REFRESH_DELAY_MS);
    });
    return () => {
      live = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return cases;
}
