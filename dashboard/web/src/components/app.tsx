import type { SessionUser } from '../api/types.ts';
import { t } from '../i18n/id.ts';
import { useZones } from '../live/agency-zones.ts';
import { canSee } from '../roles.ts';
import { useRoute } from '../router.ts';
import { CaseView } from '../views/case/case-view.tsx';
import { ChannelsView } from '../views/channels/channels-view.tsx';
import { HoaksView } from '../views/hoaks/hoaks-view.tsx';
import { QueueView } from '../views/queue/queue-view.tsx';
import { ReviewView } from '../views/review/review-view.tsx';
import { SlaView } from '../views/sla/sla-view.tsx';
import { NotificationToasts } from './notification-toasts.tsx';
import { TopBar } from './top-bar.tsx';

export function App({ user }: { user: SessionUser }) {
  const route = useRoute();
  const allowed = canSee(user.role, route.view);
  const zones = useZones(user);
  const supervises = user.role === 'SUPERVISOR' || user.role === 'ADMIN';
  return (
    <>
      <TopBar user={user} current={route.view} />
      <main class={`view view-${route.view}`}>
        {!allowed ? (
          <p class="error">{t.error.forbidden}</p>
        ) : route.view === 'case' ? (
          <CaseView key={route.id} id={route.id} user={user} />
        ) : route.view === 'review' ? (
          <ReviewView user={user} />
        ) : route.view === 'sla' ? (
          <SlaView user={user} />
        ) : route.view === 'hoaks' ? (
          <HoaksView user={user} />
        ) : route.view === 'channels' ? (
          <ChannelsView user={user} />
        ) : (
          <QueueView user={user} />
        )}
      </main>
      {supervises && <NotificationToasts zones={zones} />}
    </>
  );
}
