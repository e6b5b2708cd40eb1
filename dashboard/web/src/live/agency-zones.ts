import { api } from '../api/http.ts';
import type { AgencyNode, SessionUser } from '../api/types.ts';
import { createEmitter, useEmitter } from './emitter.ts';

/** The scope's agencies, read once per tab (they change with tanggap.yaml, i.e. on a deploy). */
const changed = createEmitter();
let agencies: AgencyNode[] | null = null;
let loading = false;

function load() {
  if (agencies || loading) return;
  loading = true;
  api.get<{ agencies: AgencyNode[] }>('/api/agencies').then(
    (b) => {
      agencies = b.agencies;
      changed.emit();
    },
    () => {
      loading = false;
    },
  );
}

export interface Zones {
  ready: boolean;
  /** The agency's zone, else the user's agency's, else WIB (the zone of most agencies). */
  ofAgency(agencyId: string | null | undefined): string;
  /** The zone of the agency that owns the channel. */
  ofChannel(channelId: string | null | undefined): string;
}

const FALLBACK = 'Asia/Jakarta';

/** Times in Hoaks and Kanal follow the agency that owns the channel or claim, not the browser's clock. */
export function useZones(user: SessionUser): Zones {
  load();
  const list = useEmitter(changed, () => agencies);
  const byId = new Map((list ?? []).map((a) => [a.id, a]));
  const own = byId.get(user.agencyId)?.timeZone ?? FALLBACK;
  const ofAgency = (id: string | null | undefined) => (id && byId.get(id)?.timeZone) || own;
  return {
    ready: list !== null,
    ofAgency,
    ofChannel: (channelId) => ofAgency(list?.find((a) => channelId && a.channelIds.includes(channelId))?.id),
  };
}
