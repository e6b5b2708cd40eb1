import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import { t } from '../../i18n/id.ts';

const CATEGORIES = ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'] as const;

/**
 * "Ubah kategori" (POST /api/cases/:id/classification): the case's category changes, its SLA targets follow,
 * and the message becomes a training example for the next classifier model — the form says so.
 */
export function Recategorise({
  caseId,
  category,
  secondary,
  onDone,
}: {
  caseId: string;
  category: string;
  secondary: string | null;
  onDone: () => void;
}) {
  const [next, setNext] = useState(category);
  const [second, setSecond] = useState(secondary ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (next === category && (second || null) === secondary) {
      setMessage({ ok: false, text: t.recategorise.same });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await api.post(`/api/cases/${encodeURIComponent(caseId)}/classification`, {
        category: next,
        secondary: second && second !== next ? second : null,
      });
      setMessage({ ok: true, text: t.recategorise.done });
      onDone();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiFailure ? e.message : t.error.generic });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel recategorise">
      <h2>{t.recategorise.title}</h2>
      <form onSubmit={submit}>
        <label>
          <span>{t.recategorise.category}</span>
          <select
            name="category"
            value={next}
            onChange={(e) => setNext((e.target as HTMLSelectElement).value)}
          >
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t.category[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.recategorise.secondary}</span>
          <select
            name="secondary"
            value={second}
            onChange={(e) => setSecond((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t.recategorise.none}</option>
            {CATEGORIES.filter((c) => c !== next).map((c) => (
              <option key={c} value={c}>
                {t.category[c]}
              </option>
            ))}
          </select>
        </label>
        <p class="muted hint">{t.recategorise.hint}</p>
        <button type="submit" name="recategorise" disabled={busy}>
          {t.recategorise.save}
        </button>
      </form>
      {message && (
        <p class={message.ok ? 'notice' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
