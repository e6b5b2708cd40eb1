import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import type { SessionUser } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import { useZones } from '../../live/agency-zones.ts';
import { FailureList, type ProcessingFailure } from './failure-list.tsx';

/** GET /api/channels; every field past the first few may be missing on an older server. */
interface ChannelHealth {
  id: string;
  agencyId: string;
  platform: string;
  account: string;
  status: string;
  lastPolledAt?: string | null;
  lastSuccessAt?: string | null;
  lastError?: string | null;
  lastErrorAt?: string | null;
  rateLimit?: { remaining?: number; limit?: number; resetAt?: string } | null;
  rateLimitedUntil?: string | null;
  itemsLastHour?: number | null;
  nextPollAt?: string | null;
}

// Channel health has no socket events of its own; a slow refresh keeps the page honest.
const REFRESH_MS = 15_000;

function rateLimitText(c: ChannelHealth, zone: string): string {
  if (c.rateLimitedUntil && Date.parse(c.rateLimitedUntil) > Date.now())
    return t.channels.limitedUntil(formatTime(c.rateLimitedUntil, zone, false));
  const r = c.rateLimit;
  if (r?.remaining !== undefined && r.limit !== undefined)
    return t.channels.remaining(String(r.remaining), String(r.limit));
  return '—';
}

export function ChannelsView({ user }: { user: SessionUser }) {
  const [channels, setChannels] = useState<ChannelHealth[] | null>(null);
  const [failures, setFailures] = useState<ProcessingFailure[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isAdmin = user.role === 'ADMIN';
  // Each channel's times in the zone of the agency that owns it (WIB/WITA/WIT).
  const zones = useZones(user);

  const load = useCallback(() => {
    api.get<{ channels: ChannelHealth[] }>('/api/channels').then(
      (b) => setChannels(b.channels),
      (e: unknown) => setError(e instanceof ApiFailure ? e.message : t.error.generic),
    );
    if (isAdmin)
      api.get<{ failures: ProcessingFailure[] }>('/api/failures').then(
        (b) => setFailures(b.failures),
        () => {},
      );
  }, [isAdmin]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <section class="channels-view">
      <h1>{t.channels.title}</h1>
      {error && <p class="error">{error}</p>}
      <div class="table-wrap">
        <table class="queue" id="channels">
          <thead>
            <tr>
              <th>{t.nav.channels}</th>
              <th>Platform</th>
              <th>Status</th>
              <th>{t.channels.lastPoll}</th>
              <th>{t.channels.perHour}</th>
              <th>{t.channels.rateLimit}</th>
              <th>{t.channels.error}</th>
            </tr>
          </thead>
          <tbody>
            {(channels ?? []).map((c) => {
              const zone = zones.ofAgency(c.agencyId);
              return (
                <tr key={c.id} data-channel-id={c.id} data-status={c.status}>
                  <td>
                    <strong>{c.id}</strong>
                    <div class="muted">{c.account}</div>
                  </td>
                  <td>{t.platform[c.platform] ?? c.platform}</td>
                  <td class={`channel-status status-${c.status.toLowerCase()}`}>
                    {t.channels.status[c.status] ?? c.status}
                  </td>
                  <td class="time">
                    {formatTime(c.lastPolledAt, zone)}
                    {c.lastSuccessAt && (
                      <div class="muted">
                        {t.channels.lastSuccess}: {formatTime(c.lastSuccessAt, zone)}
                      </div>
                    )}
                  </td>
                  <td class="num">{c.itemsLastHour ?? '—'}</td>
                  <td>{rateLimitText(c, zone)}</td>
                  <td class="channel-error">
                    {c.lastError ?? '—'}
                    {c.lastErrorAt && <div class="muted">{formatTime(c.lastErrorAt, zone)}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {isAdmin && failures && <FailureList failures={failures} zones={zones} onChange={load} />}
    </section>
  );
}
