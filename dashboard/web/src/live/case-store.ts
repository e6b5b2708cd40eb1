import { api } from '../api/http.ts';
import type { CaseEvent, CaseSummary, NotificationEvent } from '../api/types.ts';
import { createEmitter } from './emitter.ts';
import { type LiveState, socket } from './socket.ts';

const SEEN_LIMIT = 5_000;

/**
 * The cases of the user's scope, kept live. A snapshot from GET /api/cases is taken each time the socket has
 * (re)joined its rooms; events arriving while the snapshot loads are held and applied after it in order, so a
 * gap (server restart, network loss) leaves neither missed nor duplicated rows. Repeated events (a worker
 * retry) are dropped by their eventId.
 */
export function createCaseStore() {
  const changed = createEmitter();
  const cases = new Map<string, CaseSummary>();
  /** When a case first arrived live (not from a snapshot): the queue highlights and may hold it back. */
  const arrivedAt = new Map<string, number>();
  const seen = new Set<string>();
  const eventListeners = new Set<(event: CaseEvent) => void>();
  const notifications: NotificationEvent[] = [];
  let held: CaseEvent[] | null = null;
  let state: LiveState = 'connecting';
  let loaded = false;
  let syncRun = 0;

  const setState = (next: LiveState) => {
    state = next;
    changed.emit();
  };

  const apply = (event: CaseEvent) => {
    if (event.kind === 'moved') {
      cases.delete(event.case.id);
    } else {
      if (!cases.has(event.case.id) && loaded) arrivedAt.set(event.case.id, Date.now());
      cases.set(event.case.id, event.case);
    }
    for (const l of eventListeners) l(event);
  };

  const resync = async () => {
    const run = ++syncRun;
    held = [];
    setState('syncing');
    try {
      const body = await api.get<{ cases: CaseSummary[] }>('/api/cases');
      if (run !== syncRun) return;
      cases.clear();
      for (const c of body.cases) cases.set(c.id, c);
      const pending = held;
      held = null;
      loaded = true;
      for (const event of pending) apply(event);
      setState(socket.connected ? 'on' : 'off');
    } catch {
      if (run === syncRun) {
        held = null;
        setState('off');
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
    notifications.unshift(event);
    notifications.length = Math.min(notifications.length, 50);
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
    list: () => [...cases.values()],
    get: (id: string) => cases.get(id),
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
