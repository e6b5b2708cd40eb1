import { getCsrf } from '../api/http.ts';
import type { SessionUser } from '../api/types.ts';
import { t } from '../i18n/id.ts';
import { caseStore } from '../live/case-store.ts';
import { useEmitter } from '../live/emitter.ts';
import { canSee } from '../roles.ts';
import { linkClick, type Route } from '../router.ts';

const NAV: { view: Route['view']; path: string; label: string }[] = [
  { view: 'queue', path: '/', label: t.nav.queue },
  { view: 'review', path: '/validasi', label: t.nav.review },
  { view: 'sla', path: '/sla', label: t.nav.sla },
  { view: 'hoaks', path: '/hoaks', label: t.nav.hoaks },
  { view: 'channels', path: '/kanal', label: t.nav.channels },
];

export function TopBar({ user, current }: { user: SessionUser; current: Route['view'] }) {
  const state = useEmitter(caseStore.changed, () => caseStore.state);
  return (
    <header class="top">
      <strong class="brand">{t.app.name}</strong>
      <nav class="nav">
        {NAV.filter((n) => canSee(user.role, n.view)).map((n) => (
          <a
            key={n.view}
            href={n.path}
            aria-current={
              current === n.view || (current === 'case' && n.view === 'queue') ? 'page' : undefined
            }
            onClick={(e) => linkClick(e, n.path)}
          >
            {n.label}
          </a>
        ))}
        {user.role === 'ADMIN' && <a href="/admin">{t.app.admin}</a>}
      </nav>
      <span id="live" class="live" data-state={state}>
        {t.live[state]}
      </span>
      <span class="who">
        {user.displayName} · {t.role[user.role]}
      </span>
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={getCsrf()} />
        <button type="submit">{t.app.logout}</button>
      </form>
    </header>
  );
}
