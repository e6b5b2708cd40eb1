import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { visibleAgencies } from '../../core/cases/access.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { caseChangesChannel, EVENT } from '../../core/events.ts';
import type { TSessionUser } from './auth/sessions.ts';
import { metricsFor, type TMetricsQuery, ZMetricsQuery } from './sla-metrics-query.ts';

/** Changes arriving closer together than this are folded into one recomputation per subscriber. */
const DEBOUNCE_MS = 1_000;

interface Subscription {
  socket: Socket;
  user: TSessionUser;
  query: TMetricsQuery;
  scope: Set<string>;
  timer: NodeJS.Timeout | null;
}

type Ack = (answer: { ok: true } | { ok: false; error: string; field?: string }) => void;

/**
 * The live SLA metrics stream for supervisors: a socket subscribes with the same query as
 * GET /api/metrics/sla and gets `metrics` at once and again (debounced) whenever a case in its scope
 * changes anywhere — the worker's case emitter publishes each changed case's agency on a Redis channel.
 */
export function createMetricsStream(deps: { prisma: PrismaClient; sub: Redis; redisPrefix: string }) {
  const subscriptions = new Map<string, Subscription>();
  const channel = caseChangesChannel(deps.redisPrefix);

  const push = async (s: Subscription) => {
    s.timer = null;
    try {
      const result = await metricsFor(deps.prisma, s.user, s.query);
      s.socket.emit(EVENT.metrics, { query: s.query, result });
    } catch (error) {
      s.socket.emit('metrics:error', { error: error instanceof Error ? error.message : 'gagal' });
    }
  };

  const onChange = (_channel: string, agencyId: string) => {
    for (const s of subscriptions.values()) {
      if (!s.scope.has(agencyId) || s.timer) continue;
      s.timer = setTimeout(() => void push(s), DEBOUNCE_MS);
    }
  };
  const ready = deps.sub.subscribe(channel).then(() => deps.sub.on('message', onChange));

  return {
    ready,
    attach(_io: Server, socket: Socket) {
      const user = socket.data.user as TSessionUser;
      socket.on('metrics:subscribe', async (payload: unknown, ack?: Ack) => {
        if (user.role !== 'SUPERVISOR' && user.role !== 'ADMIN') {
          return ack?.({ ok: false, error: 'Peran Anda tidak berwenang untuk ini.' });
        }
        const parsed = ZMetricsQuery.safeParse(payload ?? {});
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          return ack?.({ ok: false, error: issue.message, field: issue.path.join('.') });
        }
        const scope = new Set(await visibleAgencies(deps.prisma, user));
        if (parsed.data.agencyId && !scope.has(parsed.data.agencyId)) {
          return ack?.({ ok: false, error: 'Instansi tidak ditemukan.', field: 'agencyId' });
        }
        const previous = subscriptions.get(socket.id);
        if (previous?.timer) clearTimeout(previous.timer);
        const subscription: Subscription = { socket, user, query: parsed.data, scope, timer: null };
        subscriptions.set(socket.id, subscription);
        ack?.({ ok: true });
        await push(subscription);
      });
      const drop = () => {
        const s = subscriptions.get(socket.id);
        if (s?.timer) clearTimeout(s.timer);
        subscriptions.delete(socket.id);
      };
      socket.on('metrics:unsubscribe', drop);
      socket.on('disconnect', drop);
    },
    async close() {
      for (const s of subscriptions.values()) if (s.timer) clearTimeout(s.timer);
      subscriptions.clear();
      deps.sub.off('message', onChange);
      await deps.sub.unsubscribe(channel).catch(() => undefined);
    },
  };
}
