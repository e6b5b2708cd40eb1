import { useEffect, useRef } from 'preact/hooks';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import { linkClick } from '../../router.ts';
import type { ReviewItem } from './review-types.ts';

export function ReviewCard(props: {
  item: ReviewItem;
  selected: boolean;
  canDecide: boolean;
  rejecting: boolean;
  busy: boolean;
  onSelect: () => void;
  onApprove: () => void;
  onStartReject: () => void;
  onReject: (comment: string) => void;
}) {
  const { item } = props;
  const zone = item.case.timeZone;
  const comment = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (props.rejecting) comment.current?.focus();
  }, [props.rejecting]);
  const href = `/kasus/${encodeURIComponent(item.case.id)}`;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: j/k are the keyboard path to selection
    <article
      class={`review-card ${props.selected ? 'selected' : ''}`}
      data-reply-id={item.reply.id}
      data-case-id={item.case.id}
      onClick={props.onSelect}
    >
      <header>
        <a href={href} onClick={(e) => linkClick(e, href)}>
          {item.case.subject}
        </a>{' '}
        <span class={`cat cat-${item.case.category.toLowerCase()}`}>{t.category[item.case.category]}</span> ·{' '}
        {item.case.agencyName}
      </header>
      <div class="side-by-side">
        <section>
          <h3>{t.review.original}</h3>
          {item.original.map((m) => (
            <div key={m.id} class="msg msg-inbound">
              <div class="msg-meta">
                <strong>{m.contactName ?? t.case.inbound}</strong> {formatTime(m.postedAt, zone)}
              </div>
              <p class="msg-text">{m.text}</p>
            </div>
          ))}
        </section>
        <section>
          <h3>
            {item.reply.kind === 'VERDICT' ? t.review.verdict : t.review.draft} {t.review.by}{' '}
            {item.reply.author.displayName}
          </h3>
          {item.reply.verdict && (
            <p>
              <span class={`badge verdict-${item.reply.verdict.toLowerCase()}`}>
                {t.verdict[item.reply.verdict] ?? item.reply.verdict}
              </span>{' '}
              {item.reply.claimTitle}
            </p>
          )}
          <p class="msg-text draft-text">{item.reply.text}</p>
        </section>
      </div>
      {props.canDecide && (
        <footer class="buttons">
          <button
            type="button"
            name="approve"
            class="primary"
            disabled={props.busy}
            onClick={props.onApprove}
          >
            {t.review.approve}
          </button>
          <button type="button" name="reject" disabled={props.busy} onClick={props.onStartReject}>
            {t.review.reject}
          </button>
        </footer>
      )}
      {props.rejecting && (
        <form
          class="reject-form"
          onSubmit={(e) => {
            e.preventDefault();
            props.onReject(comment.current?.value ?? '');
          }}
        >
          <textarea
            ref={comment}
            name="comment"
            rows={2}
            placeholder={t.review.comment}
            aria-label={t.review.comment}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                props.onReject(comment.current?.value ?? '');
              }
            }}
          />
          <button type="submit" disabled={props.busy}>
            {t.review.sendReject}
          </button>
        </form>
      )}
    </article>
  );
}
