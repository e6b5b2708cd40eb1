import { api } from '../api/http.ts';
import type { CaseEvent, CaseSummary, NotificationEvent } from '../api/types.ts';
import {
  EMPTY_FILTER,
  filterQuery,
  matchesFilter,
  newestFirst,
  type QueueFilter,
} from '../views/queue/queue-filter.ts';
import { createEmitter } from './emitter.ts';
import { type LiveState, socket } from './socket.ts';

const SEEN_LIMIT = 5_000;
const PAGE = 100;
/** Rows kept while cases stream in: the oldest go (and come back through "muat lebih"), so a tab left open
 * for a shift holds a bounded list. */
export const MAX_ROWS = 500;
const COUNTS_DELAY_MS = 1_000;
const NOTIFICATIONS_KEPT = 50;

interface QueuePage {
  cases: CaseSummary[];
  nextCursor: string | null;
  counts: Record<string, number>;
  channels: string[];
}

/**
 * The queue for the current filter, kept live. The server filters, searches and pages (GET /api/cases); a
 * snapshot of the first page is taken each time the socket has (re)joined its rooms or the filter changed,
 * and events arriving while it loads are held and applied after it in order, so a gap leaves neither missed
 * nor duplicated rows. A live case joins the list when it matches the filter and is newer than the last
 * loaded row (older ones come with "muat lebih"). Repeated events (a worker retry) are dropped by eventId.
 */
export function createCaseStore() {
  const changed = createEmitter();
  let rows: CaseSummary[] = [];
  /** When a case first arrived live (not from a snapshot): the queue highlights and may hold it back. */
  const arrivedAt = new Map<string, number>();
  const seen = new Set<string>();
  const eventListeners = new Set<(event: CaseEvent) => void>();
  let notifications: NotificationEvent[] = [];
  let filter: QueueFilter = EMPTY_FILTER;
  let userId = '';
  let nextCursor: string | null = null;
  let cap = MAX_ROWS;
  let counts: Record<string, number> = {};
  let channels: string[] = [];
  let held: CaseEvent[] | null = null;
  let state: LiveState = 'connecting';
  let loaded = false;
  let loadingMore = false;
  let syncRun = 0;
  let countsTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: LiveState) => {
    state = next;
    changed.emit();
  };

  const keep = (next: CaseSummary[]) => {
    rows = next;
    if (rows.length > cap) {
      const last = rows[cap - 1]!;
      for (const dropped of rows.slice(cap)) arrivedAt.delete(dropped.id);
      rows = rows.slice(0, cap);
      nextCursor = `${last.openedAt}~${last.id}`;
    }
  };

  /** Counts cover cases the list does not hold; re-read them (debounced) when a case changes. */
  const refreshCounts = () => {
    if (countsTimer) return;
    countsTimer = setTimeout(() => {
      countsTimer = null;
      const run = syncRun;
      api
        .get<Omit<QueuePage, 'cases' | 'nextCursor'>>(`/api/cases?${filterQuery(filter, { counts: 'only' })}`)
        .then(
          (b) => {
            if (run !== syncRun) return;
            counts = b.counts;
            channels = b.channels;
            changed.emit();
          },
          () => {},
        );
    }, COUNTS_DELAY_MS);
  };

  const apply = (event: CaseEvent) => {
    const c = event.case;
    const without = rows.filter((r) => r.id !== c.id);
    const had = without.length !== rows.length;
    if (event.kind === 'moved' || !matchesFilter(c, filter, userId)) {
      if (had) {
        arrivedAt.delete(c.id);
        rows = without;
      }
    } else {
      const last = rows.at(-1);
      // Older than the last loaded row while more pages exist: it will come with its page.
      if (had || !nextCursor || !last || newestFirst(c, last) < 0) {
        if (!had && loaded) arrivedAt.set(c.id, Date.now());
        keep([...without, c].sort(newestFirst));
      }
    }
    // A new case counts at once; the re-read settles anything else (a category or status change).
    if (event.kind === 'created' && matchesFilter(c, { ...filter, category: '' }, userId))
      counts = { ...counts, [c.category]: (counts[c.category] ?? 0) + 1 };
    refreshCounts();
    for (const l of eventListeners) l(event);
  };

  const resync = async () => {
    const run = ++syncRun;
    held = [];
    setState('syncing');
    try {
      const body = await api.get<QueuePage>(`/api/cases?${filterQuery(filter, { limit: String(PAGE) })}`);
      if (run !== syncRun) return;
      cap = MAX_ROWS;
      arrivedAt.clear();
      rows = body.cases;
      nextCursor = body.nextCursor;
      counts = body.counts;
      channels = body.channels;
      const pending = held;
      held = null;
      loaded = true;
      for (const event of pending) apply(event);
      setState(socket.connected ? 'on' : 'off');
    } catch {
      if (run === syncRun) {
        held = null;
        setState(socket.connected ? 'on' : 'off');
      }
    }
  };

  socket.on('ready', () => void resync());
  socket.on('disconnect', () => setState('off'));
  socket.on('connect_error', () => setState('off'));
  socket.on('case', (event: CaseEvent) => {
    if (seen.has(event.eventId)) return;
    seen.add(event.eventId);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
    if (held) held.push(event);
    else {
      apply(event);
      changed.emit();
    }
  });
  socket.on('notification', (event: NotificationEvent) => {
    if (notifications.some((n) => n.id === event.id)) return;
    notifications = [event, ...notifications].slice(0, NOTIFICATIONS_KEPT);
    changed.emit();
  });

  return {
    changed,
    get state() {
      return state;
    },
    get loaded() {
      return loaded;
    },
    get filter() {
      return filter;
    },
    get hasMore() {
      return nextCursor !== null;
    },
    get loadingMore() {
      return loadingMore;
    },
    setUser(id: string) {
      userId = id;
    },
    /** A new filter: the list is fetched again from the server (also while offline: the snapshot is REST). */
    setFilter(next: QueueFilter) {
      filter = next;
      loaded = false;
      void resync();
    },
    /** The next page after the last loaded row; the list may then hold more than MAX_ROWS. */
    async loadMore() {
      if (!nextCursor || loadingMore) return;
      const run = syncRun;
      loadingMore = true;
      changed.emit();
      try {
        const body = await api.get<QueuePage>(
          `/api/cases?${filterQuery(filter, { limit: String(PAGE), before: nextCursor })}`,
        );
        if (run !== syncRun) return;
        const known = new Set(rows.map((r) => r.id));
        rows = [...rows, ...body.cases.filter((c) => !known.has(c.id))];
        nextCursor = body.nextCursor;
        cap = Math.max(MAX_ROWS, rows.length);
      } finally {
        loadingMore = false;
        changed.emit();
      }
    },
    list: () => rows,
    counts: () => counts,
    channels: () => channels,
    get: (id: string) => rows.find((r) => r.id === id),
    arrivedAt: (id: string) => arrivedAt.get(id),
    notifications: () => notifications,
    /** Raw events, for views that follow one case (Kasus, Validasi). */
    onEvent(listener: (event: CaseEvent) => void) {
      eventListeners.add(listener);
      return () => {
        eventListeners.delete(listener);
      };
    },
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
export const caseStore = createCaseStore();
