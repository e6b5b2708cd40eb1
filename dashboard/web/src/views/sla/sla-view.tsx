import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api/http.ts';
import type { AgencyNode, SessionUser } from '../../api/types.ts';
import { formatDuration, formatTime, startOfTodayIso } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import { caseStore } from '../../live/case-store.ts';
import { useEmitter } from '../../live/emitter.ts';
import { linkClick } from '../../router.ts';
import { AgencyTree } from './agency-tree.tsx';
import { SlaCharts } from './sla-charts.tsx';
import { useLiveMetrics, useMetrics } from './use-metrics.ts';
import { useOpenCases } from './use-open-cases.ts';

/** Statuses in which the first response is still owed. */
const AWAITING_RESPONSE = new Set([
  'NEW',
  'TRIAGED',
  'IN_PROGRESS',
  'AWAITING_VALIDATION',
  'REJECTED',
  'APPROVED',
  'FLAGGED',
  'VERIFYING',
  'VERDICT',
  'FORWARDED',
]);

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Supervisor board: live counters, open cases by time left, load per agent and agency, trend charts. */
export function SlaView({ user }: { user: SessionUser }) {
  const [agencies, setAgencies] = useState<AgencyNode[]>([]);
  useEffect(() => {
    api.get<{ agencies: AgencyNode[] }>('/api/agencies').then(
      (b) => setAgencies(b.agencies),
      () => {},
    );
  }, []);
  const zone = agencies.find((a) => a.id === user.agencyId)?.timeZone;
  // "Today" is the supervisor's agency's local day; the stream re-sends whenever a case in scope changes.
  const today = useMemo(() => (zone ? { groupBy: 'agency', from: startOfTodayIso(zone) } : null), [zone]);
  const live = useLiveMetrics(today);
  const byDay = useMetrics({ groupBy: 'day', days: 14 });
  const byChannel = useMetrics({ groupBy: 'channel', days: 14 });
  const byAgent = useMetrics({ groupBy: 'agent', days: 30 });
  const cases = useOpenCases();
  const notifications = useEmitter(caseStore.changed, () => caseStore.notifications());
  const now = useNow(15_000);

  const open = cases.filter((c) => c.status !== 'CLOSED');
  const warnings = open.filter((c) => c.slaState === 'AT_RISK');
  const byTimeLeft = open
    .filter((c) => c.firstResponseDueAt && AWAITING_RESPONSE.has(c.status))
    .sort((a, b) => a.firstResponseDueAt!.localeCompare(b.firstResponseDueAt!))
    .slice(0, 15);

  return (
    <section class="sla-view">
      <h1>{t.slaBoard.title}</h1>
      <div class="tiles">
        <div class="tile">
          <span>{t.slaBoard.open}</span>
          <strong id="open-count">{open.length}</strong>
        </div>
        <div class="tile tile-breach">
          <span>{t.slaBoard.breachesToday}</span>
          <strong id="breaches-today" data-loaded={live ? 'yes' : 'no'}>
            {live ? live.total.breached : '…'}
          </strong>
        </div>
        <div class="tile tile-warn">
          <span>{t.slaBoard.warnings}</span>
          <strong id="warning-count">{warnings.length}</strong>
        </div>
      </div>
      <div class="board-grid">
        <section class="panel">
          <h2>{t.slaBoard.byTimeLeft}</h2>
          <ol class="time-left">
            {byTimeLeft.map((c) => {
              const left = Date.parse(c.firstResponseDueAt!) - now;
              const href = `/kasus/${encodeURIComponent(c.id)}`;
              return (
                <li key={c.id} data-case-id={c.id} class={left < 0 ? 'overdue' : ''}>
                  <a href={href} onClick={(e) => linkClick(e, href)}>
                    {c.subject}
                  </a>
                  <span class="muted">
                    {c.agencyName} ·{' '}
                    {left >= 0 ? t.case.left(formatDuration(left)) : t.case.overdue(formatDuration(left))}
                  </span>
                </li>
              );
            })}
          </ol>
        </section>
        <section class="panel">
          <h2>{t.slaBoard.perAgent}</h2>
          <table class="compact">
            <tbody>
              {(byAgent?.rows ?? []).map((r) => (
                <tr key={r.key}>
                  <td>{r.label}</td>
                  <td class="num">
                    {r.open} {t.slaBoard.openCount}
                  </td>
                  <td class="num">
                    {r.breached} {t.slaBoard.breached}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <AgencyTree agencies={agencies} rows={live?.rows ?? []} />
        <section class="panel">
          <h2>{t.slaBoard.notifications}</h2>
          {notifications.length === 0 ? (
            <p class="muted">{t.slaBoard.noNotifications}</p>
          ) : (
            <ul class="notifications" id="notifications">
              {notifications.map((n) => (
                <li key={n.id} class={`notif notif-${n.kind}`}>
                  <strong>{n.title}</strong>{' '}
                  <span class="muted">{formatTime(n.createdAt, zone ?? 'Asia/Jakarta')}</span>
                  <p>{n.body}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <SlaCharts byDay={byDay?.rows ?? []} byChannel={byChannel?.rows ?? []} />
    </section>
  );
}
