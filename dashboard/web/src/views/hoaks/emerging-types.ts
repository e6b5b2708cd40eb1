/** GET /api/emerging-clusters: a candidate claim and its spread over the messages the user may see. */
export interface EmergingCluster {
  id: string;
  status: 'OPEN' | 'PROMOTED' | 'DISMISSED';
  representativeText: string;
  claimId: string | null;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  growthPerHour: { lastHour: number; last6Hours: number };
  /** Messages per channel id. */
  channels: Record<string, number>;
}

export const VERDICTS = ['HOAKS', 'DISINFORMASI', 'MISINFORMASI', 'FAKTA', 'BELUM_TERVERIFIKASI'] as const;

/** Fastest growing first: the last hour, then the last six, then size. */
export function fastestFirst(a: EmergingCluster, b: EmergingCluster): number {
  return (
    b.growthPerHour.lastHour - a.growthPerHour.lastHour ||
    b.growthPerHour.last6Hours - a.growthPerHour.last6Hours ||
    b.count - a.count
  );
}

/** The promote form's title: the representative text, cut at a word within the API's 200 characters. */
export function suggestedTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= 120) return flat;
  const cut = flat.slice(0, 120);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 60 ? cut.lastIndexOf(' ') : 120)}…`;
}
