import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import type { ReplyDetail, Template } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';

/** Where a reply can be written: the case is being worked on, or its last reply came back rejected. */
export const EDITABLE_STATUSES = ['IN_PROGRESS', 'VERIFYING', 'REJECTED'];

/**
 * Draft from a template (the server fills in the case's variables) or from scratch, edit, then submit to a
 * validator. An open draft or rejected reply of this agent is edited rather than a new one started.
 */
export function ReplyEditor(props: {
  caseId: string;
  replies: ReplyDetail[];
  userId: string;
  onDone: () => void;
}) {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [templateKey, setTemplateKey] = useState('');
  const current = [...props.replies]
    .reverse()
    .find((r) => r.author.id === props.userId && (r.status === 'DRAFT' || r.status === 'REJECTED'));
  const [text, setText] = useState(current?.text ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<{ templates: Template[] }>('/api/templates').then(
      (b) => setTemplates(b.templates),
      () => {},
    );
  }, []);
  useEffect(() => setText(current?.text ?? ''), [current?.id, current?.version]);

  const guard = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      props.onDone();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t.error.generic);
    } finally {
      setBusy(false);
    }
  };
  /** Saves the text: a new draft, or the edited current one; returns the reply's id and version. */
  const save = async (): Promise<{ id: string; version: number }> => {
    if (!current) return api.post(`/api/cases/${encodeURIComponent(props.caseId)}/replies`, { text });
    if (current.text === text.trim() && current.status === 'DRAFT') return current;
    return api.patch(`/api/replies/${current.id}`, { text, version: current.version });
  };
  const useTemplate = () =>
    guard(async () => {
      if (!templateKey) return;
      if (current) {
        const template = templates.find((tpl) => tpl.key === templateKey);
        if (template) setText(template.body);
        return;
      }
      const reply = await api.post<{ text: string }>(
        `/api/cases/${encodeURIComponent(props.caseId)}/replies`,
        {
          templateKey,
        },
      );
      setText(reply.text);
    });

  return (
    <section class="panel reply-editor">
      <h2>{t.reply.editor}</h2>
      <div class="row">
        <label class="filter">
          <span>{t.reply.template}</span>
          <select
            name="template"
            value={templateKey}
            onChange={(e) => setTemplateKey((e.target as HTMLSelectElement).value)}
          >
            <option value="">{t.reply.chooseTemplate}</option>
            {templates.map((tpl) => (
              <option key={tpl.key} value={tpl.key}>
                {tpl.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" name="use-template" disabled={busy || !templateKey} onClick={useTemplate}>
          {t.reply.useTemplate}
        </button>
      </div>
      <label class="stack">
        <span>{t.reply.text}</span>
        <textarea
          name="reply"
          rows={6}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="buttons">
        <button
          type="button"
          name="save"
          disabled={busy || !text.trim()}
          onClick={() => guard(async () => void (await save()))}
        >
          {t.reply.saveDraft}
        </button>
        <button
          type="button"
          name="submit-reply"
          class="primary"
          disabled={busy || !text.trim()}
          onClick={() =>
            guard(async () => {
              const saved = await save();
              await api.post(`/api/replies/${saved.id}/submit`, { version: saved.version });
            })
          }
        >
          {t.reply.submit}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
