import type { MessageDetail } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';

/** Only http(s) links become anchors: a platform URL is data from outside. */
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

function Message({ m, timeZone }: { m: MessageDetail; timeZone: string }) {
  const url = safeUrl(m.url);
  return (
    <li class={`msg msg-${m.direction.toLowerCase()}`} data-message-id={m.id}>
      <div class="msg-meta">
        <strong>
          {m.direction === 'INBOUND'
            ? (m.contact?.displayName ?? m.contact?.handle ?? t.case.inbound)
            : t.case.outbound}
        </strong>{' '}
        <time dateTime={m.postedAt}>{formatTime(m.postedAt, timeZone)}</time>
        {m.editedAt && (
          <span class="badge edited" title={formatTime(m.editedAt, timeZone)}>
            {t.case.edited}
          </span>
        )}
        {m.deliveryStatus && (
          <span class={`badge delivery delivery-${m.deliveryStatus}`} title={t.case.deliveryLabel}>
            {t.case.delivery[m.deliveryStatus] ?? m.deliveryStatus}
          </span>
        )}
        {url && (
          <a class="platform-link" href={url} target="_blank" rel="noopener noreferrer">
            {t.case.platformLink} ↗
          </a>
        )}
      </div>
      <p class="msg-text">{m.text}</p>
      {m.revisions.length > 0 && (
        <details class="revisions">
          <summary>{t.case.earlierText(m.revisions.length)}</summary>
          <ol>
            {m.revisions.map((r) => (
              <li key={r.replacedAt}>
                <p class="msg-text revision-text">{r.text}</p>
                <small>
                  {t.case.replacedAt} {formatTime(r.replacedAt, timeZone)}
                </small>
              </li>
            ))}
          </ol>
        </details>
      )}
      {m.classification && (
        <details class="why">
          <summary>
            {t.case.classification}: {t.category[m.classification.category] ?? m.classification.category}
            {m.classification.secondary &&
              ` + ${t.category[m.classification.secondary] ?? m.classification.secondary}`}{' '}
            ({t.case.confidence} {Math.round(m.classification.confidence * 100)}%)
            {m.classification.claimId && ` · ${t.case.linkedClaim}`}
          </summary>
          <ul>
            {(Array.isArray(m.classification.reasons) ? m.classification.reasons : []).map((r, i) => (
              <li key={i}>{String(r)}</li>
            ))}
          </ul>
          <small>{m.classification.modelVersion}</small>
        </details>
      )}
    </li>
  );
}

/** The conversation, oldest first; message text is rendered as text (JSX escapes it). */
export function Thread({ messages, timeZone }: { messages: MessageDetail[]; timeZone: string }) {
  return (
    <ol class="thread">
      {messages.map((m) => (
        <Message key={m.id} m={m} timeZone={timeZone} />
      ))}
    </ol>
  );
}
