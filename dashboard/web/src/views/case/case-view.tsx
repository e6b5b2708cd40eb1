import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import type { CaseDetail, SessionUser, SlaExplanation } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import { caseStore } from '../../live/case-store.ts';
import { socket } from '../../live/socket.ts';
import { linkClick } from '../../router.ts';
import { statusText } from '../queue/queue-row.tsx';
import { CaseActions } from './case-actions.tsx';
import { History } from './history.tsx';
import { MatchedClaims } from './matched-claims.tsx';
import { usePresence } from './presence.ts';
import { Recategorise } from './recategorise.tsx';
import { EDITABLE_STATUSES, ReplyEditor } from './reply-editor.tsx';
import { ReplyList } from './reply-list.tsx';
import { SlaPanel } from './sla-panel.tsx';
import { Thread } from './thread.tsx';

/** One case: thread, classification, claims, SLA, history, presence, reply editor and allowed actions. */
export function CaseView({ id, user }: { id: string; user: SessionUser }) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [sla, setSla] = useState<SlaExplanation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const viewers = usePresence(id, user.id);

  const load = useCallback(() => {
    const path = `/api/cases/${encodeURIComponent(id)}`;
    api.get<CaseDetail>(path).then(
      (d) => {
        setDetail(d);
        setError(null);
      },
      (e: unknown) => setError(e instanceof ApiFailure ? e.message : t.error.generic),
    );
    api.get<SlaExplanation>(`${path}/sla`).then(setSla, () => setSla(null));
    setReloadKey((k) => k + 1);
  }, [id]);

  useEffect(() => {
    load();
    // Any change to this case (a reply published, a validator's verdict, an SLA breach) reloads it; so does a
    // reconnect, which may have hidden some.
    const offEvent = caseStore.onEvent((event) => {
      if (event.case.id === id) load();
    });
    socket.on('ready', load);
    return () => {
      offEvent();
      socket.off('ready', load);
    };
  }, [id, load]);

  if (error && !detail) return <p class="error">{error}</p>;
  if (!detail) return <p class="muted">{t.app.loading}</p>;
  const c = detail.case;
  const zone = c.agency.timeZone;
  const canWrite = user.role === 'AGENT' && EDITABLE_STATUSES.includes(c.status);
  const canRecategorise = user.role !== 'ADMIN' && c.status !== 'CLOSED';
  const lastReply = c.replies.at(-1);
  const secondary = c.messages.find((m) => m.classification)?.classification?.secondary ?? null;
  return (
    <article class="case" data-case-id={c.id} data-status={c.status}>
      <a href="/" class="back" onClick={(e) => linkClick(e, '/')}>
        {t.case.back}
      </a>
      <header class="case-head">
        <h1>{c.subject}</h1>
        <p class="meta">
          <span class={`cat cat-${c.category.toLowerCase()}`}>{t.category[c.category] ?? c.category}</span> ·{' '}
          <span class={`status case-status sla-${c.slaState.toLowerCase()}`}>{statusText(c)}</span> ·{' '}
          {c.agency.name} · {c.channelId} · {formatTime(c.openedAt, zone)} · {t.case.assignee}:{' '}
          {c.assignee?.displayName ?? t.case.none}
        </p>
        {lastReply?.status === 'FAILED' && (
          <p class="error publish-failed-banner" role="alert">
            <strong>{t.case.lastReplyFailed}</strong> {lastReply.error ?? t.error.generic}
          </p>
        )}
        {viewers.length > 0 && (
          <p class="presence" aria-live="polite">
            {t.case.presence}: {viewers.map((v) => v.name).join(', ')}
          </p>
        )}
      </header>
      <div class="case-grid">
        <div class="col-main">
          <section class="panel">
            <h2>{t.case.thread}</h2>
            <Thread messages={c.messages} timeZone={zone} />
          </section>
          <ReplyList replies={c.replies} timeZone={zone} />
          {canWrite && <ReplyEditor caseId={c.id} replies={c.replies} userId={user.id} onDone={load} />}
        </div>
        <aside class="col-side">
          <CaseActions caseId={c.id} status={c.status} version={c.version} role={user.role} onDone={load} />
          <SlaPanel
            firstResponseDueAt={c.firstResponseDueAt}
            firstResponseAt={c.firstResponseAt}
            resolutionDueAt={c.resolutionDueAt}
            timeZone={zone}
            sla={sla}
          />
          {canRecategorise && (
            <Recategorise caseId={c.id} category={c.category} secondary={secondary} onDone={load} />
          )}
          <MatchedClaims caseId={c.id} reloadKey={reloadKey} />
          <History history={detail.history} timeZone={zone} />
        </aside>
      </div>
    </article>
  );
}
