import type { CaseDetail } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';

type Entry = CaseDetail['history'][number];
interface AuditData {
  after?: { status?: string; category?: string };
  before?: { category?: string };
  error?: string;
  note?: string;
}

/** The audit action in words: known actions from i18n, others as "<area>: <action>". */
export function auditLabel(action: string): string {
  const known = t.audit[action];
  if (known) return known;
  const [area, rest] = action.split('.', 2);
  const prefix = t.auditPrefix[area ?? ''];
  return prefix && rest ? `${prefix}: ${rest.replaceAll('_', ' ')}` : action;
}

function detail(h: Entry): string {
  const d = (h.data ?? {}) as AuditData;
  if (h.action === 'case.recategorised' && d.after?.category)
    return `${t.category[d.before?.category ?? ''] ?? d.before?.category ?? '—'} → ${t.category[d.after.category] ?? d.after.category}`;
  if (h.action === 'reply.publish_failed' && d.error) return d.error;
  if (d.after?.status) return `→ ${t.status[d.after.status] ?? d.after.status}`;
  return '';
}

/** The case's audit trail, oldest first. */
export function History({ history, timeZone }: { history: CaseDetail['history']; timeZone: string }) {
  return (
    <section class="panel">
      <h2>{t.case.history}</h2>
      <ol class="history">
        {history.map((h, i) => {
          const more = detail(h);
          return (
            <li key={i} data-action={h.action}>
              <time dateTime={h.createdAt}>{formatTime(h.createdAt, timeZone)}</time>{' '}
              <span class="audit-label">{auditLabel(h.action)}</span>
              {more && <span class="audit-detail"> {more}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
