import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import { t } from '../../i18n/id.ts';
import { type EmergingCluster, suggestedTitle, VERDICTS } from './emerging-types.ts';

/** Turns an emerging claim into a registry claim (POST /api/emerging-clusters/:id/promote). */
export function PromoteForm({
  cluster,
  onDone,
  onCancel,
}: {
  cluster: EmergingCluster;
  onDone: (linkedMessages: number) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(() => suggestedTitle(cluster.representativeText));
  const [verdict, setVerdict] = useState<string>('HOAKS');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await api.post<{ linkedMessages: number }>(
        `/api/emerging-clusters/${encodeURIComponent(cluster.id)}/promote`,
        { title: title.trim(), verdict, ...(url.trim() ? { clarificationUrl: url.trim() } : {}) },
      );
      onDone(body.linkedMessages);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t.error.generic);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="promote-form" onSubmit={submit}>
      <label>
        <span>{t.hoaks.claimTitle}</span>
        <input
          name="title"
          required
          minLength={5}
          maxLength={200}
          value={title}
          onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        <span>{t.hoaks.verdict}</span>
        <select
          name="verdict"
          value={verdict}
          onChange={(e) => setVerdict((e.target as HTMLSelectElement).value)}
        >
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {t.verdict[v] ?? v}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.hoaks.clarificationUrl}</span>
        <input
          name="clarificationUrl"
          type="url"
          placeholder="https://"
          value={url}
          onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" name="save" disabled={busy}>
          {t.hoaks.save}
        </button>
        <button type="button" name="cancel" onClick={onCancel}>
          {t.hoaks.cancel}
        </button>
      </div>
    </form>
  );
}
