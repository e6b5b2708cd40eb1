/**
 * Emerging claims: online clustering of messages that carry misinformation cues but match no registry
 * claim, so a spreading rumour surfaces as a growing cluster before anyone has written it down. The
 * caller filters (cues present, no `ClaimIndex` match) and stores each (message, cluster) row; this
 * module only decides which cluster a message joins. A validator turns a cluster into a registry claim
 * (its representative text is the draft) and `remove`s it: the registry catches its later copies.
 *
 * Features are the registry's (`claims/features.ts`: 4-grams of normalised content words) and so is the
 * similarity measure (cosine or containment either way, see `cluster-profile.ts`), against each
 * cluster's centroid: a paraphrase, a typo-ridden copy or a partial quote joins the rumour it repeats.
 * IDF weights are over clusters, not messages: a rumour copied a thousand times must not make its own
 * words look common.
 *
 * Speed: candidates come from an inverted index gram → clusters, walked rarest gram first until what is
 * left of the message could not reach the threshold alone, or a posting budget is spent; the best
 * CANDIDATES by partial overlap are scored exactly. Profiles are capped (`maxGramsPerCluster`) and so
 * are clusters (`maxClusters`, the least recently joined is evicted), so cost and memory stay bounded.
 *
 * Deterministic: the same messages in the same order give the same clusters; ties go to the older
 * cluster. `snapshot()` / `restoreClusterIndex` and `rebuildClusterIndex` (replaying stored rows)
 * give back an index that assigns exactly as the original would have.
 */
import { gramsOf } from '../claims/features.ts';
import { normaliseText } from '../normalise.ts';
import {
  addMember,
  type Cluster,
  centroidCosine,
  type MessageGrams,
  MIN_SHARED_GRAMS,
  similarity,
} from './cluster-profile.ts';
import { SNAPSHOT_FORMAT, type TClusterSnapshot, ZClusterSnapshot } from './cluster-snapshot.ts';

export interface EmergingMessage {
  id: string;
  text: string;
  channelId: string;
  postedAt: Date;
}

export interface ClusterAssignment {
  clusterId: string;
  isNew: boolean;
  /** Similarity to the cluster joined, rounded to two decimals; 1 for a message opening a cluster. */
  similarity: number;
  /** A cluster dropped to stay within `maxClusters` (least recently joined); it gets no more members. */
  evictedClusterId?: string;
}

export interface ClusterIndexOptions {
  /** Minimum similarity to join a cluster (default DEFAULT_CLUSTER_THRESHOLD). */
  threshold?: number;
  /** Grams kept in a cluster's profile (default 256, about 50 words). */
  maxGramsPerCluster?: number;
  /** Clusters kept; beyond, the least recently joined is evicted (default 50,000). */
  maxClusters?: number;
}

/**
 * The registry's threshold. On 3,186 fact-checked hoaxes (bench/emerging.bench.ts), a claim's title joins
 * its own text's cluster 44% of the time and another cluster 2.7%; 0.45 gives 47% / 3.6%, 0.4 50% / 5%.
 * Titles are fact-checkers' summaries, harder than the copies and paraphrases seen in the wild.
 */
export const DEFAULT_CLUSTER_THRESHOLD = 0.5;
const DEFAULTS = { threshold: DEFAULT_CLUSTER_THRESHOLD, maxGramsPerCluster: 256, maxClusters: 50_000 };
/** Messages are clustered on their first this many characters. */
const MAX_CHARS = 4000;
/** Walk stops once the message's unwalked grams weigh less than this share of it … */
const WALK_COVER = 0.3;
/** … or before walking more than this many postings. */
const WALK_BUDGET = 20_000;
/** Clusters (by partial overlap) scored exactly. */
const CANDIDATES = 32;

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface ClusterIndex {
  /** Live clusters. */
  readonly size: number;
  /** The cluster `message` joins or opens; null when it has too little content to compare. */
  assign(message: EmergingMessage): ClusterAssignment | null;
  /** Drops a cluster (e.g. promoted to a registry claim); false if unknown. */
  remove(clusterId: string): boolean;
  /**
   * Applies an assignment another process made (stored row, in assignment order), so several workers sharing
   * one store keep identical indexes; the same as one step of `rebuildClusterIndex`.
   */
  replay(row: { messageId: string; clusterId: string; text: string }): void;
  /** New cluster ids start at `c<next>` at least (ids stored elsewhere must not be handed out again). */
  reserveIds(next: number): void;
  /** The member closest to the cluster's centroid (the first while it is alone): a draft claim text. */
  representative(clusterId: string): { messageId: string; text: string } | null;
  /** Members of a live cluster, or 0. */
  sizeOf(clusterId: string): number;
  snapshot(): TClusterSnapshot;
  stats(): { clusters: number; grams: number; postings: number };
}

interface State {
  options: typeof DEFAULTS;
  /** Packed 4-gram → gram number, and back. */
  gramNumber: Map<number, number>;
  packed: number[];
  /** Gram number → slots of the clusters whose representative has it (unordered). */
  postings: number[][];
  slots: (Cluster | undefined)[];
  freeSlots: number[];
  /** Live clusters by id, least recently joined first. */
  byId: Map<string, Cluster>;
  nextIdNumber: number;
  nextOrder: number;
  /** Scratch, all zero between calls: 1 for the grams of the text being compared … */
  marks: Uint8Array;
  /** … partial overlap per cluster slot, and the slots touched. */
  partial: Float64Array;
  touched: Int32Array;
  /** ln(n + 1) for n up to its length: IDF is computed for every gram compared. */
  logTable: Float64Array;
}

function emptyState(options: ClusterIndexOptions): State {
  const merged = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    if (options[key] !== undefined) merged[key] = options[key];
  }
  return {
    options: merged,
    gramNumber: new Map(),
    packed: [],
    postings: [],
    slots: [],
    freeSlots: [],
    byId: new Map(),
    nextIdNumber: 1,
    nextOrder: 0,
    marks: new Uint8Array(1024),
    partial: new Float64Array(1024),
    touched: new Int32Array(1024),
    logTable: new Float64Array(0),
  };
}

function featuresOf(text: string): number[] {
  return gramsOf(normaliseText(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text));
}

export function createClusterIndex(options: ClusterIndexOptions = {}): ClusterIndex {
  return indexOver(emptyState(options));
}

/** The index a snapshot was taken of (throws a ZodError on a malformed snapshot). */
export function restoreClusterIndex(snapshot: unknown): ClusterIndex {
  const s = ZClusterSnapshot.parse(snapshot);
  const state = emptyState(s.options);
  state.packed = [...s.grams];
  s.grams.forEach((packed, g) => {
    state.gramNumber.set(packed, g);
    state.postings.push([]);
  });
  state.nextIdNumber = s.nextIdNumber;
  state.nextOrder = s.nextOrder;
  for (const entry of s.clusters) {
    const grams = new Map<number, number>();
    for (let k = 0; k < entry.grams.length; k += 2) grams.set(entry.grams[k]!, entry.grams[k + 1]!);
    const slot = state.slots.length;
    const { messageId, text } = entry.representative;
    const representative = { messageId, text, grams: representativeGrams(state, featuresOf(text)) };
    const cluster: Cluster = {
      id: entry.id,
      order: entry.order,
      slot,
      size: entry.size,
      grams,
      representative,
    };
    state.slots.push(cluster);
    state.byId.set(cluster.id, cluster);
    for (const g of representative.grams) state.postings[g]!.push(slot);
  }
  return indexOver(state);
}

/**
 * The index after replaying stored rows (messages in the order they were assigned, with the cluster
 * each joined): the same clusters, profiles and representatives as live. Ids of the form `c<n>` keep
 * new ids after the largest; pass `nextIdNumber` too if removed clusters' ids must not come back.
 */
export function rebuildClusterIndex(
  rows: Iterable<{ messageId: string; clusterId: string; text: string }>,
  options: ClusterIndexOptions & { nextIdNumber?: number } = {},
): ClusterIndex {
  const state = emptyState(options);
  for (const row of rows) replayRow(state, row);
  state.nextIdNumber = Math.max(state.nextIdNumber, options.nextIdNumber ?? 1);
  return indexOver(state);
}

function replayRow(state: State, row: { messageId: string; clusterId: string; text: string }): void {
  const numbered = /^c(\d+)$/.exec(row.clusterId);
  if (numbered) state.nextIdNumber = Math.max(state.nextIdNumber, Number(numbered[1]) + 1);
  const grams = featuresOf(row.text);
  if (grams.length < MIN_SHARED_GRAMS) return;
  const cluster = state.byId.get(row.clusterId);
  if (cluster) join(state, cluster, row.messageId, row.text, grams);
  else open(state, row.clusterId, row.messageId, row.text, grams);
}

/** Gram numbers of packed grams, adding the ones never seen. */
function internAll(state: State, packed: readonly number[]): number[] {
  return packed.map((p) => {
    let g = state.gramNumber.get(p);
    if (g === undefined) {
      g = state.packed.length;
      state.gramNumber.set(p, g);
      state.packed.push(p);
      state.postings.push([]);
    }
    return g;
  });
}

/** The zeroed scratch marks, grown to cover every gram number. */
function marksOf(state: State): Uint8Array {
  if (state.marks.length < state.packed.length) {
    state.marks = new Uint8Array(Math.max(state.packed.length, state.marks.length * 2));
  }
  return state.marks;
}

/** A representative's grams: the first `maxGramsPerCluster` of its text. */
function representativeGrams(state: State, packed: readonly number[]): Int32Array {
  return Int32Array.from(internAll(state, packed.slice(0, state.options.maxGramsPerCluster)));
}

function removePosting(state: State, g: number, slot: number) {
  const list = state.postings[g]!;
  const at = list.indexOf(slot);
  list[at] = list[list.length - 1]!;
  list.pop();
}

/** IDF over live clusters; a gram no cluster holds weighs as one held by a single cluster would, plus. */
function idfOf(state: State): (g: number) => number {
  // A gram is held by at most one representative per slot, so the table covers every posting length.
  if (state.logTable.length <= state.slots.length) {
    state.logTable = Float64Array.from({ length: 2 * state.slots.length + 2 }, (_, n) => Math.log(n + 1));
  }
  const logs = state.logTable;
  const logClusters = logs[state.byId.size]!;
  return (g) => logClusters - logs[state.postings[g]!.length]! + 1;
}

/** Adds a message to a cluster: profile, recency, and the representative if the newcomer is closer. */
function join(state: State, cluster: Cluster, messageId: string, text: string, packed: readonly number[]) {
  const grams = Int32Array.from(internAll(state, packed));
  addMember(cluster, grams, state.options.maxGramsPerCluster);
  state.byId.delete(cluster.id);
  state.byId.set(cluster.id, cluster);

  const idf = idfOf(state);
  const marks = marksOf(state);
  for (const g of grams) marks[g] = 1;
  const newcomer = centroidCosine(cluster, grams, marks, idf);
  for (const g of grams) marks[g] = 0;
  const current = cluster.representative.grams;
  for (const g of current) marks[g] = 1;
  const incumbent = centroidCosine(cluster, current, marks, idf);
  for (const g of current) marks[g] = 0;
  if (newcomer <= incumbent) return;
  for (const g of current) removePosting(state, g, cluster.slot);
  cluster.representative = { messageId, text, grams: representativeGrams(state, packed) };
  for (const g of cluster.representative.grams) state.postings[g]!.push(cluster.slot);
}

/** Opens a cluster, evicting the least recently joined one at capacity; returns the evicted id. */
function open(state: State, id: string, messageId: string, text: string, packed: readonly number[]) {
  let evicted: string | undefined;
  if (state.byId.size >= state.options.maxClusters) {
    evicted = state.byId.keys().next().value!;
    drop(state, evicted);
  }
  const slot = state.freeSlots.pop() ?? state.slots.length;
  const cluster: Cluster = {
    id,
    order: state.nextOrder++,
    slot,
    size: 0,
    grams: new Map(),
    representative: { messageId, text, grams: representativeGrams(state, packed) },
  };
  state.slots[slot] = cluster;
  state.byId.set(id, cluster);
  addMember(cluster, internAll(state, packed), state.options.maxGramsPerCluster);
  for (const g of cluster.representative.grams) state.postings[g]!.push(slot);
  return evicted;
}

function drop(state: State, id: string): boolean {
  const cluster = state.byId.get(id);
  if (!cluster) return false;
  for (const g of cluster.representative.grams) removePosting(state, g, cluster.slot);
  state.byId.delete(id);
  state.slots[cluster.slot] = undefined;
  state.freeSlots.push(cluster.slot);
  return true;
}

/** The most similar cluster to a message's grams (best first by similarity, then age), or null. */
function nearest(state: State, packed: readonly number[]): { cluster: Cluster; similarity: number } | null {
  const idf = idfOf(state);
  const rarest = Math.log(state.byId.size + 1) + 1;
  const known: number[] = [];
  let weight = 0;
  let normSq = 0;
  for (const p of packed) {
    const g = state.gramNumber.get(p);
    const w = g === undefined ? rarest : idf(g);
    weight += w;
    normSq += w * w;
    if (g !== undefined && state.postings[g]!.length > 0) known.push(g);
  }
  if (known.length < MIN_SHARED_GRAMS) return null;

  // Partial overlaps, rarest gram first (ties by gram number, so the sums never depend on history).
  const length = (g: number) => state.postings[g]!.length;
  known.sort((a, b) => length(a) - length(b) || a - b);
  if (state.partial.length < state.slots.length) {
    state.partial = new Float64Array(state.slots.length * 2);
    state.touched = new Int32Array(state.slots.length * 2);
  }
  const { partial, touched } = state;
  let touchedCount = 0;
  let walked = 0;
  let walkedPostings = 0;
  for (const g of known) {
    if (
      walkedPostings > 0 &&
      (weight - walked < WALK_COVER * weight || walkedPostings + length(g) > WALK_BUDGET)
    ) {
      break;
    }
    const w = idf(g);
    walked += w;
    walkedPostings += length(g);
    for (const slot of state.postings[g]!) {
      if (partial[slot] === 0) touched[touchedCount++] = slot;
      partial[slot]! += w;
    }
  }
  // The CANDIDATES best by partial overlap (then age): insertion into a short sorted list, then reset.
  const ahead = (a: Cluster, b: Cluster) =>
    partial[a.slot]! > partial[b.slot]! || (partial[a.slot] === partial[b.slot] && a.order < b.order);
  const top: Cluster[] = [];
  for (let i = 0; i < touchedCount; i++) {
    const cluster = state.slots[touched[i]!]!;
    if (top.length === CANDIDATES && !ahead(cluster, top[CANDIDATES - 1]!)) continue;
    let at = top.length < CANDIDATES ? top.length : CANDIDATES - 1;
    if (top.length < CANDIDATES) top.push(cluster);
    while (at > 0 && ahead(cluster, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = cluster;
  }
  for (let i = 0; i < touchedCount; i++) partial[touched[i]!] = 0;

  const marks = marksOf(state);
  for (const g of known) marks[g] = 1;
  const message: MessageGrams = { weight, norm: Math.sqrt(normSq) };
  let best: { cluster: Cluster; similarity: number } | null = null;
  for (const cluster of top) {
    const s = similarity(cluster.representative.grams, message, marks, idf);
    if (!best || s > best.similarity || (s === best.similarity && cluster.order < best.cluster.order)) {
      best = { cluster, similarity: s };
    }
  }
  for (const g of known) marks[g] = 0;
  return best;
}

function indexOver(state: State): ClusterIndex {
  return {
    get size() {
      return state.byId.size;
    },
    assign(message) {
      const packed = featuresOf(message.text);
      if (packed.length < MIN_SHARED_GRAMS) return null;
      const best = nearest(state, packed);
      if (best && best.similarity >= state.options.threshold) {
        join(state, best.cluster, message.id, message.text, packed);
        return { clusterId: best.cluster.id, isNew: false, similarity: round2(best.similarity) };
      }
      let id = `c${state.nextIdNumber++}`;
      while (state.byId.has(id)) id = `c${state.nextIdNumber++}`;
      const evicted = open(state, id, message.id, message.text, packed);
      return { clusterId: id, isNew: true, similarity: 1, ...(evicted ? { evictedClusterId: evicted } : {}) };
    },
    remove: (clusterId) => drop(state, clusterId),
    replay: (row) => replayRow(state, row),
    reserveIds(next) {
      state.nextIdNumber = Math.max(state.nextIdNumber, next);
    },
    representative(clusterId) {
      const cluster = state.byId.get(clusterId);
      return cluster
        ? { messageId: cluster.representative.messageId, text: cluster.representative.text }
        : null;
    },
    sizeOf: (clusterId) => state.byId.get(clusterId)?.size ?? 0,
    snapshot: () => ({
      format: SNAPSHOT_FORMAT,
      options: { ...state.options },
      nextIdNumber: state.nextIdNumber,
      nextOrder: state.nextOrder,
      grams: [...state.packed],
      clusters: [...state.byId.values()].map((c) => ({
        id: c.id,
        order: c.order,
        size: c.size,
        grams: [...c.grams].flat(),
        representative: { messageId: c.representative.messageId, text: c.representative.text },
      })),
    }),
    stats: () => ({
      clusters: state.byId.size,
      grams: state.packed.length,
      postings: state.postings.reduce((sum, list) => sum + list.length, 0),
    }),
  };
}
