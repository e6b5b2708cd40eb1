import { useState } from 'preact/hooks';
import { ApiFailure, api } from '../../api/http.ts';
import type { Role } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';

/**
 * The workflow actions a role may take from a state (core/cases/workflow.ts, minus the reply actions, which
 * the editor and the Validasi view drive). The server checks again; this only hides buttons that would fail.
 */
const ACTIONS: Record<string, { from: string[]; roles: Role[] }> = {
  triage: { from: ['NEW'], roles: ['AGENT', 'SUPERVISOR'] },
  claim: { from: ['TRIAGED'], roles: ['AGENT'] },
  start_verification: { from: ['FLAGGED'], roles: ['AGENT'] },
  wait_on_citizen: { from: ['IN_PROGRESS'], roles: ['AGENT'] },
  resume: { from: ['WAITING_ON_CITIZEN'], roles: ['AGENT', 'SUPERVISOR'] },
  accept_forward: { from: ['FORWARDED'], roles: ['AGENT', 'SUPERVISOR'] },
  close: { from: ['NEW', 'TRIAGED', 'FLAGGED', 'ANSWERED', 'CLARIFIED'], roles: ['AGENT', 'SUPERVISOR'] },
};

export function CaseActions(props: {
  caseId: string;
  status: string;
  version: number;
  role: Role;
  onDone: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allowed = Object.entries(ACTIONS).filter(
    ([, rule]) => rule.from.includes(props.status) && rule.roles.includes(props.role),
  );
  if (allowed.length === 0) return null;
  const run = async (action: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/cases/${encodeURIComponent(props.caseId)}/transitions`, {
        action,
        version: props.version,
      });
      props.onDone();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t.error.generic);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="panel actions">
      <h2>{t.case.actions}</h2>
      <div class="buttons">
        {allowed.map(([action]) => (
          <button key={action} type="button" data-action={action} disabled={busy} onClick={() => run(action)}>
            {t.action[action] ?? action}
          </button>
        ))}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
