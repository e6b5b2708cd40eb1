import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import type { SessionUser } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';
import { caseStore } from '../../live/case-store.ts';
import { socket } from '../../live/socket.ts';
import { useKeys } from '../queue/use-queue-keys.ts';
import { ReviewCard } from './review-card.tsx';
import type { ReviewItem } from './review-types.ts';

/** The validator's queue: drafts and verdicts awaiting approval, one keystroke to approve or reject. */
export function ReviewView({ user }: { user: SessionUser }) {
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [selected, setSelected] = useState(0);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const canDecide = user.role === 'VALIDATOR';

  const load = useCallback(() => {
    api.get<{ items: ReviewItem[] }>('/api/review-queue').then(
      (b) => setItems(b.items),
      (e: unknown) =>
        setMessage({ text: e instanceof ApiFailure ? e.message : t.error.generic, error: true }),
    );
  }, []);
  useEffect(() => {
    load();
    // A case entering or leaving AWAITING_VALIDATION anywhere in scope changes this list.
    const off = caseStore.onEvent(() => load());
    socket.on('ready', load);
    return () => {
      off();
      socket.off('ready', load);
    };
  }, [load]);

  const list = items ?? [];
  const current = list[Math.min(selected, list.length - 1)];
  const decide = async (item: ReviewItem, decision: 'approve' | 'reject', comment?: string) => {
    setBusy(true);
    try {
      await api.post(`/api/replies/${item.reply.id}/${decision}`, {
        version: item.reply.version,
        ...(comment !== undefined ? { comment } : {}),
      });
      setMessage({ text: decision === 'approve' ? t.review.approved : t.review.rejected, error: false });
      setRejecting(null);
      setItems((xs) => (xs ?? []).filter((x) => x.reply.id !== item.reply.id));
    } catch (e) {
      setMessage({ text: e instanceof ApiFailure ? e.message : t.error.generic, error: true });
    } finally {
      setBusy(false);
    }
  };
  useKeys({
    j: () => setSelected((i) => Math.min(list.length - 1, i + 1)),
    k: () => setSelected((i) => Math.max(0, i - 1)),
    s: () => canDecide && current && !busy && void decide(current, 'approve'),
    t: () => canDecide && current && setRejecting(current.reply.id),
  });

  return (
    <section class="review-view">
      <h1>{t.review.title}</h1>
      <p class="hint">{t.review.keys}</p>
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {items && list.length === 0 && <p class="empty">{t.review.empty}</p>}
      <div id="review-items">
        {list.map((item, i) => (
          <ReviewCard
            key={item.reply.id}
            item={item}
            selected={item === current}
            canDecide={canDecide}
            rejecting={rejecting === item.reply.id}
            busy={busy}
            onSelect={() => setSelected(i)}
            onApprove={() => void decide(item, 'approve')}
            onStartReject={() => setRejecting(item.reply.id)}
            onReject={(comment) => void decide(item, 'reject', comment)}
          />
        ))}
      </div>
    </section>
  );
}
