import { useState } from 'preact/hooks';
import type { NotificationEvent } from '../api/types.ts';
import { formatTime } from '../format/time.ts';
import { t } from '../i18n/id.ts';
import type { Zones } from '../live/agency-zones.ts';
import { caseStore } from '../live/case-store.ts';
import { useEmitter } from '../live/emitter.ts';
import { linkClick } from '../router.ts';

const SHOWN = 3;

/**
 * SLA warnings and breaches for supervisors and admins (socket `notification`), as toasts on every view
 * until closed; each links to its case. The SLA board keeps the full list.
 */
export function NotificationToasts({ zones }: { zones: Zones }) {
  const all = useEmitter(caseStore.changed, () => caseStore.notifications());
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const open = all.filter((n) => !closed.has(n.id));
  if (open.length === 0) return null;
  const close = (ids: string[]) => setClosed((s) => new Set([...s, ...ids]));
  return (
    <aside class="toasts" aria-live="assertive" aria-label={t.notify.label}>
      {open.slice(0, SHOWN).map((n) => (
        <Toast key={n.id} n={n} timeZone={zones.ofAgency(n.agencyId)} onClose={() => close([n.id])} />
      ))}
      {open.length > SHOWN && (
        <button type="button" class="toast-more" onClick={() => close(open.map((n) => n.id))}>
          {t.notify.more(open.length - SHOWN)}
        </button>
      )}
    </aside>
  );
}

function Toast({ n, timeZone, onClose }: { n: NotificationEvent; timeZone: string; onClose: () => void }) {
  const href = n.caseId ? `/kasus/${encodeURIComponent(n.caseId)}` : null;
  return (
    <div class={`toast toast-${n.kind.replace(/\W/g, '-')}`} role="alert" data-notification-id={n.id}>
      <div class="toast-head">
        <strong>{t.notify.kind[n.kind] ?? n.title}</strong>
        <time dateTime={n.createdAt}>{formatTime(n.createdAt, timeZone, false)}</time>
        <button type="button" class="toast-close" aria-label={t.notify.close} onClick={onClose}>
          ×
        </button>
      </div>
      <p class="toast-title">{n.title}</p>
      <p class="toast-body">{n.body}</p>
      {href && (
        <a
          href={href}
          class="toast-link"
          onClick={(e) => {
            linkClick(e, href);
            onClose();
          }}
        >
          {t.notify.open}
        </a>
      )}
    </div>
  );
}
