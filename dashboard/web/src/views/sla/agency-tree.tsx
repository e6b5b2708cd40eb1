import type { AgencyNode, MetricsRow } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';

/** PPID Utama → Pelaksana, each with its open and breached counts. */
export function AgencyTree({ agencies, rows }: { agencies: AgencyNode[]; rows: MetricsRow[] }) {
  const byId = new Map(rows.map((r) => [r.key, r]));
  const ids = new Set(agencies.map((a) => a.id));
  const roots = agencies.filter((a) => !a.parentId || !ids.has(a.parentId));
  const render = (node: AgencyNode) => {
    const row = byId.get(node.id);
    const children = agencies.filter((a) => a.parentId === node.id);
    return (
      <li key={node.id} data-agency-id={node.id}>
        <strong>{node.name}</strong>{' '}
        <span class="muted">
          {row?.open ?? 0} {t.slaBoard.openCount} · {row?.breached ?? 0} {t.slaBoard.breached}
        </span>
        {children.length > 0 && <ul>{children.map(render)}</ul>}
      </li>
    );
  };
  return (
    <section class="panel">
      <h2>{t.slaBoard.perAgency}</h2>
      <ul class="tree">{roots.map(render)}</ul>
    </section>
  );
}
