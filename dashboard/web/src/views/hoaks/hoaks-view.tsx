import { useState } from 'preact/hooks';
import type { SessionUser } from '../../api/types.ts';
import { t } from '../../i18n/id.ts';
import { useZones } from '../../live/agency-zones.ts';
import { ClaimRegistry } from './claim-registry.tsx';
import { EmergingClaims } from './emerging-claims.tsx';

/** Emerging claims first (what is spreading now), then the claim registry and its search. */
export function HoaksView({ user }: { user: SessionUser }) {
  const zones = useZones(user);
  // A promoted cluster becomes a registry claim: the registry re-reads.
  const [registryKey, setRegistryKey] = useState(0);
  return (
    <section class="hoaks-view">
      <h1>{t.hoaks.title}</h1>
      <EmergingClaims user={user} zones={zones} onPromoted={() => setRegistryKey((k) => k + 1)} />
      <ClaimRegistry zones={zones} reloadKey={registryKey} />
    </section>
  );
}
