/**
 * One emerging-claim cluster: its representative (the member messages are compared with) and its
 * profile, for each 4-gram (dense gram number, see `cluster-index.ts`) in how many members it occurs.
 * The profile's centroid weighs a gram by that share of members, so the words every paraphrase repeats
 * count fully and one member's asides little; it only chooses the representative (the member closest
 * to it). Messages are not compared with the centroid itself: averaged over rumours that share a
 * template ("X membagikan Y gratis …"), a centroid keeps only the template and then attracts every
 * instance of it, so clusters snowball (20,000 synthetic rumours of 14 templates gave 31 clusters).
 *
 * Profiles are capped: past `maxGrams · PRUNE_SLACK` grams, the grams fewest members share are dropped
 * (the later-added first among equals) down to `maxGrams`. That bounds memory however many members a
 * rumour gathers; pruning in batches keeps the sort off the per-message path.
 */

/** Prune once a profile holds this many times its cap, so pruning runs once per many joins. */
const PRUNE_SLACK = 1.25;
/** Below this many shared grams (about four words) similarity is scaled down: two words are a coincidence. */
export const FULL_EVIDENCE_GRAMS = 24;
/** Fewer shared grams than this is no similarity at all. */
export const MIN_SHARED_GRAMS = 6;

export interface Cluster {
  id: string;
  /** Creation order: breaks ties between equally similar clusters, so results do not depend on slots. */
  order: number;
  /** Index into the clusterer's per-cluster scratch arrays. */
  slot: number;
  size: number;
  /** Gram number → members holding it, in the order grams were added (pruning keeps that order). */
  grams: Map<number, number>;
  /** The representative's grams: at most the clusterer's `maxGramsPerCluster`, in text order. */
  representative: { messageId: string; text: string; grams: Int32Array };
}

/** Summed IDF and Euclidean norm of all a message's grams (grams no cluster holds weigh as the rarest). */
export interface MessageGrams {
  weight: number;
  norm: number;
}

/** Adds a member's grams (dense numbers, distinct) to the profile. */
export function addMember(cluster: Cluster, grams: Iterable<number>, maxGrams: number) {
  cluster.size++;
  for (const g of grams) cluster.grams.set(g, (cluster.grams.get(g) ?? 0) + 1);
  if (cluster.grams.size > maxGrams * PRUNE_SLACK) prune(cluster, maxGrams);
}

/** Drops all but the `maxGrams` grams most members share (stable sort: earlier grams win ties). */
function prune(cluster: Cluster, maxGrams: number) {
  const ranked = [...cluster.grams].sort((a, b) => b[1] - a[1]);
  for (const [g] of ranked.slice(maxGrams)) cluster.grams.delete(g);
}

/**
 * Similarity of a message (its grams marked 1 in `marks`) to a cluster's representative, in [0, 1]: the
 * registry's measure (`claims/index.ts`) — the largest of the IDF-weighted cosine (paraphrase, typos),
 * the share of the representative found in the message (the rumour wrapped in commentary), and the
 * share of the message found in the representative provided it covers at least half that share of it
 * (a partial quote) — scaled down under FULL_EVIDENCE_GRAMS shared grams.
 */
export function similarity(
  representative: Int32Array,
  message: MessageGrams,
  marks: Uint8Array,
  idf: (g: number) => number,
): number {
  let weight = 0;
  let normSq = 0;
  let overlap = 0;
  let dot = 0;
  let shared = 0;
  for (const g of representative) {
    const w = idf(g);
    weight += w;
    normSq += w * w;
    if (marks[g] !== 1) continue;
    overlap += w;
    dot += w * w;
    shared++;
  }
  if (shared < MIN_SHARED_GRAMS) return 0;
  const cosine = dot / (message.norm * Math.sqrt(normSq));
  const representativeInMessage = overlap / weight;
  const messageInRepresentative = Math.min(overlap / message.weight, 2 * representativeInMessage);
  const evidence = Math.min(1, shared / FULL_EVIDENCE_GRAMS);
  return evidence * Math.min(1, Math.max(cosine, representativeInMessage, messageInRepresentative));
}

/** Weighted cosine of a member's grams (marked 1 in `marks`, all known) and the cluster's centroid. */
export function centroidCosine(
  cluster: Cluster,
  member: Int32Array,
  marks: Uint8Array,
  idf: (g: number) => number,
): number {
  let memberNormSq = 0;
  for (const g of member) memberNormSq += idf(g) ** 2;
  let clusterNormSq = 0;
  let dot = 0;
  for (const [g, count] of cluster.grams) {
    const w = idf(g);
    const wf = (w * count) / cluster.size;
    clusterNormSq += wf * wf;
    if (marks[g] === 1) dot += w * wf;
  }
  const norms = Math.sqrt(memberNormSq * clusterNormSq);
  return norms === 0 ? 0 : dot / norms;
}
