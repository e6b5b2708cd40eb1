import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import type { SessionUser } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import type { Zones } from '../../live/agency-zones.ts';
import { type EmergingCluster, fastestFirst } from './emerging-types.ts';
import { PromoteForm } from './promote-form.tsx';

const STATUSES = ['OPEN', 'PROMOTED', 'DISMISSED'] as const;
// Clusters grow as the worker files messages; there is no socket event for them, so a slow refresh.
const REFRESH_MS = 30_000;

/** Emerging claims, fastest growing first; validators and supervisors promote or dismiss them. */
export function EmergingClaims({
  user,
  zones,
  onPromoted,
}: {
  user: SessionUser;
  zones: Zones;
  onPromoted: () => void;
}) {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('OPEN');
  const [clusters, setClusters] = useState<EmergingCluster[] | null>(null);
  const [promoting, setPromoting] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canDecide = user.role === 'VALIDATOR' || user.role === 'SUPERVISOR';

  const load = useCallback(() => {
    api.get<{ clusters: EmergingCluster[] }>(`/api/emerging-clusters?status=${status}&days=7`).then(
      (b) => setClusters([...b.clusters].sort(fastestFirst)),
      (e: unknown) => setError(e instanceof ApiFailure ? e.message : t.error.generic),
    );
  }, [status]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const dismiss = async (id: string) => {
    setError(null);
    try {
      await api.post(`/api/emerging-clusters/${encodeURIComponent(id)}/dismiss`);
      setNotice(t.hoaks.dismissed);
      load();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t.error.generic);
    }
  };

  return (
    <section class="panel emerging" id="emerging">
      <div class="panel-head">
        <h2>{t.hoaks.emerging}</h2>
        <select
          name="cluster-status"
          aria-label="Status"
          value={status}
          onChange={(e) => setStatus((e.target as HTMLSelectElement).value as typeof status)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t.hoaks.clusterStatus[s]}
            </option>
          ))}
        </select>
      </div>
      <p class="muted">{t.hoaks.emergingHint}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {clusters && clusters.length === 0 && <p class="empty">{t.hoaks.emergingEmpty}</p>}
      <ol class="clusters">
        {(clusters ?? []).map((c) => {
          const channels = Object.entries(c.channels).sort((a, b) => b[1] - a[1]);
          const zone = zones.ofChannel(channels[0]?.[0]);
          return (
            <li key={c.id} class="cluster" data-cluster-id={c.id}>
              <p class="cluster-text">{c.representativeText}</p>
              <dl class="cluster-stats">
                <div>
                  <dt>{t.hoaks.size}</dt>
                  <dd class="cluster-count">{c.count}</dd>
                </div>
                <div>
                  <dt>{t.hoaks.lastHour}</dt>
                  <dd class="cluster-growth">{t.hoaks.perHour(c.growthPerHour.lastHour)}</dd>
                </div>
                <div>
                  <dt>{t.hoaks.last6Hours}</dt>
                  <dd class="cluster-growth-6h">{t.hoaks.perHour(c.growthPerHour.last6Hours)}</dd>
                </div>
                <div>
                  <dt>{t.hoaks.channels}</dt>
                  <dd class="cluster-channels">
                    {channels.map(([id, n]) => `${id} (${n})`).join(', ') || '—'}
                  </dd>
                </div>
                <div>
                  <dt>{t.hoaks.firstSeen}</dt>
                  <dd class="time first-seen">{formatTime(c.firstSeen, zone)}</dd>
                </div>
                <div>
                  <dt>{t.hoaks.lastSeen}</dt>
                  <dd class="time">{formatTime(c.lastSeen, zone)}</dd>
                </div>
              </dl>
              {canDecide && c.status === 'OPEN' && promoting !== c.id && (
                <div class="buttons">
                  <button type="button" name="promote" onClick={() => setPromoting(c.id)}>
                    {t.hoaks.promote}
                  </button>
                  <button type="button" name="dismiss" onClick={() => void dismiss(c.id)}>
                    {t.hoaks.dismiss}
                  </button>
                </div>
              )}
              {promoting === c.id && (
                <PromoteForm
                  cluster={c}
                  onCancel={() => setPromoting(null)}
                  onDone={(linked) => {
                    setPromoting(null);
                    setNotice(t.hoaks.promoted(linked));
                    load();
                    onPromoted();
                  }}
                />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
