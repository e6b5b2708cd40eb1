import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../../api/http.ts';
import type { SessionUser } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';
import { caseStore } from '../../live/case-store.ts';
import { useEmitter } from '../../live/emitter.ts';
import { navigate } from '../../router.ts';
import { takeCase } from '../case/take-case.ts';
import { filterQuery, type QueueFilter } from './queue-filter.ts';
import { QueueFilters } from './queue-filters.tsx';
import { QueueRow } from './queue-row.tsx';
import { useKeys } from './use-queue-keys.ts';

/** Below this scroll offset the reader is "at the top" and new cases may slide in above them. */
const TOP_PX = 40;
const HIGHLIGHT_MS = 8_000;

export function QueueView({ user }: { user: SessionUser }) {
  const cases = useEmitter(caseStore.changed, () => caseStore.list());
  const loaded = useEmitter(caseStore.changed, () => caseStore.loaded);
  const filter = caseStore.filter;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Cases that arrive while the reader is scrolled down wait behind a banner, so the list does not jump.
  const [releasedAt, setReleasedAt] = useState(() => Date.now());
  const [atTop, setAtTop] = useState(() => window.scrollY <= TOP_PX);

  useEffect(() => {
    const onScroll = () => {
      const top = window.scrollY <= TOP_PX;
      setAtTop(top);
      if (top) setReleasedAt(Date.now());
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);

  const onFilter = useCallback((name: keyof QueueFilter, value: string) => {
    caseStore.setFilter({ ...caseStore.filter, [name]: value });
  }, []);

  const heldBack = atTop ? [] : cases.filter((c) => (caseStore.arrivedAt(c.id) ?? 0) > releasedAt);
  const visible = heldBack.length ? cases.filter((c) => !heldBack.includes(c)) : cases;
  const selectedIndex = visible.findIndex((c) => c.id === selectedId);

  const move = (delta: number) => {
    const next = visible[Math.max(0, Math.min(visible.length - 1, selectedIndex + delta))];
    if (!next) return;
    setSelectedId(next.id);
    document.querySelector(`tr[data-case-id="${CSS.escape(next.id)}"]`)?.scrollIntoView({ block: 'nearest' });
  };
  useKeys({
    j: () => move(1),
    k: () => move(-1),
    e: () => selectedId && navigate(`/kasus/${encodeURIComponent(selectedId)}`),
    a: () => {
      const selected = selectedId ? caseStore.get(selectedId) : undefined;
      if (!selected || user.role !== 'AGENT') return;
      takeCase(selected.id, selected).then(
        () => setNotice(t.queue.assigned),
        (error: unknown) => setNotice(error instanceof ApiFailure ? error.message : t.error.generic),
      );
    },
  });

  const counts = Object.entries(caseStore.counts()).sort((a, b) => b[1] - a[1]);
  const now = Date.now();
  return (
    <section class="queue-view">
      <h1>{t.queue.title}</h1>
      <p class="counts" id="counts" aria-live="polite">
        {counts.map(([cat, n]) => `${t.category[cat] ?? cat}: ${n}`).join(' · ')}
      </p>
      <QueueFilters filter={filter} cases={cases} channels={caseStore.channels()} onChange={onFilter} />
      <p class="hint">{t.queue.keys}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {heldBack.length > 0 && (
        <button
          type="button"
          class="pending"
          onClick={() => {
            setReleasedAt(Date.now());
            window.scrollTo({ top: 0 });
          }}
        >
          {t.queue.pending(heldBack.length)}
        </button>
      )}
      <div class="table-wrap">
        <table class="queue">
          <thead>
            <tr>
              {Object.values(t.queue.columns).map((label) => (
                <th key={label}>{label}</th>
              ))}
            </tr>
          </thead>
          <tbody id="cases" aria-busy={!loaded}>
            {visible.map((c) => (
              <QueueRow
                key={c.id}
                c={c}
                selected={c.id === selectedId}
                isNew={now - (caseStore.arrivedAt(c.id) ?? 0) < HIGHLIGHT_MS}
                onSelect={() => setSelectedId(c.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {loaded && visible.length === 0 && (
        <p id="empty" class="empty">
          {filterQuery(filter) === '' ? t.queue.empty : t.queue.noMatch}
        </p>
      )}
      {caseStore.hasMore && (
        <button
          type="button"
          id="load-more"
          class="load-more"
          disabled={caseStore.loadingMore}
          onClick={() => void caseStore.loadMore()}
        >
          {caseStore.loadingMore ? t.app.loading : t.queue.loadMore}
        </button>
      )}
    </section>
  );
}
