/**
 * What a validator needs to judge an emerging claim, from its members' stored rows: how many, since
 * when, how fast it is spreading now and where. Pure: `now` is passed in, so the figures are the same
 * on the dashboard, in a job and in tests.
 */

const HOUR_MS = 3_600_000;
/** The longer window for the growth rate: long enough to smooth bursts, short enough to show a trend. */
const RATE_WINDOW_HOURS = 6;

export interface ClusterMember {
  postedAt: Date;
  channelId: string;
}

export interface ClusterStats {
  count: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
  growthPerHour: {
    /** Members posted in the hour up to `now`. */
    lastHour: number;
    /** Members posted in the six hours up to `now`, per hour. */
    last6Hours: number;
  };
  /** Members per channel. */
  channels: Record<string, number>;
}

export function clusterStats(members: readonly ClusterMember[], now: Date): ClusterStats {
  const end = now.getTime();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let lastHour = 0;
  let lastSixHours = 0;
  // A Map, not an object literal: a channel id is data and could be "__proto__".
  const channels = new Map<string, number>();
  for (const member of members) {
    const at = member.postedAt.getTime();
    first = Math.min(first, at);
    last = Math.max(last, at);
    // Windows are (now − span, now]; a member stamped after `now` (clock skew) counts as posted now.
    const age = Math.max(0, end - at);
    if (age < HOUR_MS) lastHour++;
    if (age < RATE_WINDOW_HOURS * HOUR_MS) lastSixHours++;
    channels.set(member.channelId, (channels.get(member.channelId) ?? 0) + 1);
  }
  return {
    count: members.length,
    firstSeen: members.length ? new Date(first) : null,
    lastSeen: members.length ? new Date(last) : null,
    growthPerHour: { lastHour, last6Hours: lastSixHours / RATE_WINDOW_HOURS },
    channels: Object.fromEntries(channels),
  };
}
