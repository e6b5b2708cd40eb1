import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/http.ts';
import type { MetricsResult } from '../../api/types.ts';
import { caseStore } from '../../live/case-store.ts';
import { socket } from '../../live/socket.ts';

type Query = Record<string, string | number>;
const REFRESH_MS = 2_000;

/**
 * The live metrics stream (`metrics:subscribe`, one per socket): the server pushes a fresh result whenever a
 * case in scope changes. Resubscribes after each reconnect.
 */
export function useLiveMetrics(query: Query | null): MetricsResult | null {
  const [result, setResult] = useState<MetricsResult | null>(null);
  const key = JSON.stringify(query);
  useEffect(() => {
    if (!query) return;
    const subscribe = () => socket.emit('metrics:subscribe', query);
    const onMetrics = (event: { query: Query; result: MetricsResult }) => setResult(event.result);
    socket.on('metrics', onMetrics);
    socket.on('ready', subscribe);
    if (socket.connected) subscribe();
    return () => {
      socket.off('metrics', onMetrics);
      socket.off('ready', subscribe);
      socket.emit('metrics:unsubscribe');
    };
  }, [key]);
  return result;
}

/** The same figures by REST for other groupings, refetched (at most every 2 s) when cases change. */
export function useMetrics(query: Query): MetricsResult | null {
  const [result, setResult] = useState<MetricsResult | null>(null);
  const key = JSON.stringify(query);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fetchNow = () => {
      timer = null;
      const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
      api.get<MetricsResult>(`/api/metrics/sla?${qs}`).then(setResult, () => {});
    };
    fetchNow();
    const off = caseStore.onEvent(() => {
      timer ??= setTimeout(fetchNow, REFRESH_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [key]);
  return result;
}
