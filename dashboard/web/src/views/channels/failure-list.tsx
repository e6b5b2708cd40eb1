import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import { formatTime } from '../../format/time.ts';
import { t } from '../../i18n/id.ts';
import type { Zones } from '../../live/agency-zones.ts';

export interface ProcessingFailure {
  id: string;
  channelId: string;
  externalId: string | null;
  reason: string;
  raw: string;
  createdAt: string;
}

/** Items that could not be processed; an admin retries or dismisses each (POST /api/failures/:id/…). */
export function FailureList({
  failures,
  zones,
  onChange,
}: {
  failures: ProcessingFailure[];
  zones: Zones;
  onChange: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const act = async (id: string, action: 'retry' | 'dismiss') => {
    setError(null);
    try {
      await api.post(`/api/failures/${encodeURIComponent(id)}/${action}`);
      onChange();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t.error.generic);
    }
  };
  return (
    <section class="panel">
      <h2>
        {t.channels.failures} ({failures.length})
      </h2>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {failures.length === 0 ? (
        <p class="muted">{t.channels.noFailures}</p>
      ) : (
        <ul class="failures" id="failures">
          {failures.map((f) => (
            <li key={f.id} data-failure-id={f.id}>
              <div class="msg-meta">
                {formatTime(f.createdAt, zones.ofChannel(f.channelId))} · {f.channelId} ·{' '}
                {f.externalId ?? '—'}
              </div>
              <p>
                {t.channels.reason}: {f.reason}
              </p>
              <details>
                <summary>
                  {t.channels.raw} ({f.raw.length})
                </summary>
                <pre>{f.raw}</pre>
              </details>
              <div class="buttons">
                <button type="button" name="retry" onClick={() => act(f.id, 'retry')}>
                  {t.channels.retry}
                </button>
                <button type="button" name="dismiss" onClick={() => act(f.id, 'dismiss')}>
                  {t.channels.dismiss}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
