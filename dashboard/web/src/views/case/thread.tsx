import type { MessageDetail } from '../../api/types.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';

/** The conversation, oldest first; message text is rendered as text (JSX escapes it). */
export function Thread({ messages, timeZone }: { messages: MessageDetail[]; timeZone: string }) {
  return (
    <ol class="thread">
      {messages.map((m) => (
        <li key={m.id} class={`msg msg-${m.direction.toLowerCase()}`} data-message-id={m.id}>
          <div class="msg-meta">
            <strong>
              {m.direction === 'INBOUND'
                ? (m.contact?.displayName ?? m.contact?.handle ?? t.case.inbound)
                : t.case.outbound}
            </strong>{' '}
            <time dateTime={m.postedAt}>{formatTime(m.postedAt, timeZone)}</time>
          </div>
          <p class="msg-text">{m.text}</p>
          {m.classification && (
            <details class="why">
              <summary>
                {t.case.classification}: {t.category[m.classification.category] ?? m.classification.category}{' '}
                ({t.case.confidence} {Math.round(m.classification.confidence * 100)}%)
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
      ))}
    </ol>
  );
}
