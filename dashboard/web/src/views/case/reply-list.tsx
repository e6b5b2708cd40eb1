import type { ReplyDetail } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';

/** Every reply of the case with its state and the validators' comments. */
export function ReplyList({ replies, timeZone }: { replies: ReplyDetail[]; timeZone: string }) {
  if (replies.length === 0) return null;
  return (
    <section class="panel">
      <h2>{t.case.replies}</h2>
      <ol class="replies">
        {replies.map((r) => (
          <li key={r.id} class={`reply reply-${r.status.toLowerCase()}`} data-reply-status={r.status}>
            <div class="msg-meta">
              <span class="badge">{t.reply.status[r.status] ?? r.status}</span> {r.author.displayName}{' '}
              {formatTime(r.publishedAt ?? r.createdAt, timeZone)}
              {r.verdict && ` · ${t.reply.verdict}: ${t.verdict[r.verdict] ?? r.verdict}`}
            </div>
            <p class="msg-text">{r.text}</p>
            {r.reviews.map((v) => (
              <p key={v.createdAt} class="review-note">
                {v.validator.displayName}:{' '}
                {v.decision === 'APPROVE' ? t.reply.status.APPROVED : t.reply.status.REJECTED}
                {v.comment ? ` — ${v.comment}` : ''}
              </p>
            ))}
            {r.error && (
              <p class="error publish-error" role="alert">
                {r.status === 'FAILED' && <strong>{t.case.publishFailed}: </strong>}
                {r.error}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
