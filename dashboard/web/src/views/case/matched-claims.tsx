import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/http.ts';
import { t } from '../../i18n/id.ts';

interface MatchedClaim {
  id: string;
  title: string;
  verdict: string;
  clarificationUrl: string | null;
}

/** Registry claims the classifier matched to this case's messages (GET /api/cases/:id/claims). */
export function MatchedClaims({ caseId, reloadKey }: { caseId: string; reloadKey: number }) {
  const [claims, setClaims] = useState<MatchedClaim[] | null>(null);
  useEffect(() => {
    api.get<{ claims: MatchedClaim[] }>(`/api/cases/${encodeURIComponent(caseId)}/claims`).then(
      (b) => setClaims(b.claims),
      () => setClaims([]),
    );
  }, [caseId, reloadKey]);
  if (claims === null) return null;
  return (
    <section class="panel">
      <h2>{t.case.claims}</h2>
      {claims.length === 0 ? (
        <p class="muted">{t.case.noClaims}</p>
      ) : (
        <ul class="claims">
          {claims.map((c) => (
            <li key={c.id}>
              <span class={`badge verdict-${c.verdict.toLowerCase()}`}>
                {t.verdict[c.verdict] ?? c.verdict}
              </span>{' '}
              {c.title}
              {c.clarificationUrl && (
                <>
                  {' '}
                  <a href={c.clarificationUrl} rel="noopener noreferrer" target="_blank">
                    {t.hoaks.clarification}
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
