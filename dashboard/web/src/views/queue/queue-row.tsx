import type { CaseSummary } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import { linkClick } from '../../router.ts';

export function statusText(c: Pick<CaseSummary, 'status' | 'slaState'>): string {
  const sla = c.slaState === 'AT_RISK' || c.slaState === 'BREACHED' ? t.sla[c.slaState] : undefined;
  return [t.status[c.status] ?? c.status, sla].filter(Boolean).join(' · ');
}

export function QueueRow({
  c,
  selected,
  isNew,
  onSelect,
}: {
  c: CaseSummary;
  selected: boolean;
  isNew: boolean;
  onSelect: () => void;
}) {
  const href = `/kasus/${encodeURIComponent(c.id)}`;
  return (
    <tr
      data-case-id={c.id}
      data-category={c.category}
      class={`${selected ? 'selected' : ''} ${isNew ? 'row-new' : ''}`}
      aria-selected={selected}
      onClick={onSelect}
    >
      <td class={`cat cat-${c.category.toLowerCase()}`}>{t.category[c.category] ?? c.category}</td>
      <td class="subject">
        <a href={href} onClick={(e) => linkClick(e, href)}>
          {c.subject}
        </a>
      </td>
      <td class="contact">{c.contactName ?? '—'}</td>
      <td class="agency">{c.agencyName}</td>
      <td class="time">{formatTime(c.openedAt, c.timeZone)}</td>
      <td class="time">{formatTime(c.firstResponseDueAt, c.timeZone)}</td>
      <td class="num">{c.messageCount}</td>
      <td class={`status sla-${c.slaState.toLowerCase()}`}>{statusText(c)}</td>
    </tr>
  );
}
