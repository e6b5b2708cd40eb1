import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/http.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import type { Zones } from '../../live/agency-zones.ts';

interface ClaimCluster {
  id: string;
  agencyId: string | null;
  title: string;
  verdict: string;
  clarificationUrl: string | null;
  createdAt: string;
  size: number;
  firstSeen: string | null;
  lastHour: number;
  perHour24h: number;
  channels: string[];
}

const SEARCH_DELAY_MS = 250;

/** The claim registry with each claim's cluster of matched messages; searched by title and text. */
export function ClaimRegistry({ zones, reloadKey }: { zones: Zones; reloadKey: number }) {
  const [q, setQ] = useState('');
  const [claims, setClaims] = useState<ClaimCluster[] | null>(null);
  useEffect(() => {
    const timer = setTimeout(
      () => {
        const qs = q.trim() ? `?q=${encodeURIComponent(q.trim())}` : '';
        api.get<{ claims: ClaimCluster[] }>(`/api/claims${qs}`).then(
          (b) => setClaims(b.claims),
          () => setClaims([]),
        );
      },
      reloadKey && !q ? 0 : SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [q, reloadKey]);
  return (
    <section class="panel registry">
      <h2>{t.hoaks.registry}</h2>
      <input
        type="search"
        name="claim-search"
        class="search"
        placeholder={t.hoaks.search}
        aria-label={t.hoaks.search}
        value={q}
        onInput={(e) => setQ((e.target as HTMLInputElement).value)}
      />
      {claims && claims.length === 0 && <p class="empty">{t.hoaks.empty}</p>}
      <div class="table-wrap">
        <table class="queue" id="claims">
          <thead>
            <tr>
              <th>{t.hoaks.verdict}</th>
              <th>{t.hoaks.claim}</th>
              <th>{t.hoaks.size}</th>
              <th>{t.hoaks.growth}</th>
              <th>{t.hoaks.channels}</th>
              <th>{t.hoaks.firstSeen}</th>
              <th>{t.hoaks.clarification}</th>
            </tr>
          </thead>
          <tbody>
            {(claims ?? []).map((c) => (
              <tr key={c.id} data-claim-id={c.id}>
                <td>
                  <span class={`badge verdict-${c.verdict.toLowerCase()}`}>
                    {t.verdict[c.verdict] ?? c.verdict}
                  </span>
                </td>
                <td class="subject">{c.title}</td>
                <td class="num">{c.size}</td>
                <td class="num">
                  {c.perHour24h} {c.lastHour > 0 ? `(+${c.lastHour})` : ''}
                </td>
                <td>{c.channels.join(', ') || '—'}</td>
                <td class="time">
                  {formatTime(
                    c.firstSeen,
                    c.channels[0] ? zones.ofChannel(c.channels[0]) : zones.ofAgency(c.agencyId),
                  )}
                </td>
                <td>
                  {c.clarificationUrl ? (
                    <a href={c.clarificationUrl} rel="noopener noreferrer" target="_blank">
                      {t.hoaks.clarification}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
