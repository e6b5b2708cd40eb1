import type { CaseDetail } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';

/** The case's audit trail, oldest first. */
export function History({ history, timeZone }: { history: CaseDetail['history']; timeZone: string }) {
  return (
    <section class="panel">
      <h2>{t.case.history}</h2>
      <ol class="history">
        {history.map((h, i) => {
          const to = (h.data as { after?: { status?: string } } | null)?.after?.status;
          return (
            <li key={i}>
              <time dateTime={h.createdAt}>{formatTime(h.createdAt, timeZone)}</time> {h.action}
              {to ? ` → ${t.status[to] ?? to}` : ''}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
