/**
 * Known-claim index: finds the registered claim (an agency's clarification, a fact-checker's verdict) that
 * a message repeats, paraphrases, misspells or quotes in part. Pure and in memory: build it from the
 * Claim table, a CSV or a JSON file (`load.ts`), then `match(text)`.
 *
 * Method: IDF-weighted sets of character 4-grams of content words (`features.ts`) compared exactly, on
 * a short list of candidates found through an inverted index of content words.
 * - Why 4-grams of words: a typo or an affix ("bagikan" / "dibagikan") only costs the few grams around
 *   it, word order does not matter (paraphrases reorder), and there is no stemmer to maintain.
 * - Why IDF weights: what identifies a claim is its rare content ("5g", "microchip", "Wadaslintang"),
 *   not the words every claim shares ("pemerintah", "warga"); binary weights (a gram counts once) keep
 *   a repeated word from dominating.
 * - Why not MinHash/LSH: MinHash estimates Jaccard similarity, and a partial quote (a message with a
 *   third of the claim) or a claim wrapped in commentary ("min ini benar? <claim> tolong dicek") has a
 *   low Jaccard similarity although it is the same claim. Catching containment with LSH needs many
 *   bands or an LSH ensemble, with probabilistic recall and signatures of ~100 hashes per message. An
 *   inverted index gives exact weighted overlaps, so the score can measure containment both ways, is
 *   deterministic, and costs one pass over a few posting lists.
 *
 * Candidates: the message's content words are looked up rarest first (a word the registry lacks, often
 * a typo, by its two rarest 4-grams), adding each word's IDF to every claim containing it. The walk
 * stops once the words left weigh less than 30% of the message (a claim sharing only those could not
 * reach the threshold) or after 12,000 postings, which bounds the cost per message whatever the
 * registry. The 32 claims with the largest partial overlap are re-scored exactly.
 *
 * Similarity of a message m and a claim c, with O the summed IDF of the 4-grams they share and M, C
 * those of each one's 4-grams: the largest of
 * - the cosine of their IDF-weighted gram vectors (a paraphrase or typos: the whole text is similar);
 * - O / C, the share of the claim found in the message (the claim quoted inside a longer message);
 * - min(O / M, 2·O / C), the share of the message found in the claim, provided the message covers at
 *   least half that share of the claim (a partial quote, rather than two words the claim happens to use);
 * scaled down when fewer than 24 grams (about four words) are shared: two common words are a coincidence.
 * A match needs similarity ≥ `threshold` (default 0.5, chosen on perturbed and hand-written variants
 * against unrelated messages; see test/classify/claims.test.ts).
 */
import { normaliseText } from '../normalise.ts';
import { contentWords, gramsOf, wordGrams } from './features.ts';

export const CLAIM_VERDICTS = [
  'HOAKS',
  'DISINFORMASI',
  'MISINFORMASI',
  'FAKTA',
  'BELUM_TERVERIFIKASI',
] as const;
export type ClaimVerdict = (typeof CLAIM_VERDICTS)[number];

/** Verdicts that make a message repeating the claim misinformation. */
export const DEBUNKED_VERDICTS: ReadonlySet<ClaimVerdict> = new Set([
  'HOAKS',
  'DISINFORMASI',
  'MISINFORMASI',
]);

export interface ClaimRecord {
  id: string;
  text: string;
  verdict: ClaimVerdict;
  url?: string | null;
}

export interface ClaimMatch {
  claimId: string;
  verdict: ClaimVerdict;
  /** In [0, 1], rounded to two decimals. */
  similarity: number;
  /** The registered claim's text. */
  matchedText: string;
  url: string | null;
}

export interface ClaimIndexOptions {
  /** Minimum similarity for a match (default 0.5). */
  threshold?: number;
}

export const DEFAULT_THRESHOLD = 0.5;
/** Below this many shared grams (about four words) a match is scaled down: two shared words are a coincidence. */
const FULL_EVIDENCE_GRAMS = 24;
/** Fewer shared grams than this is no match at all. */
const MIN_SHARED_GRAMS = 6;
/**
 * Candidate search walks posting lists from the rarest word up and stops once the words not walked
 * weigh less than this share of the message (a claim sharing only those could not reach the
 * threshold), …
 */
const WALK_COVER = 0.3;
/** … or before walking more than this many postings in all. */
const WALK_BUDGET = 12_000;
/** A word the registry does not have (often a typo) is looked up by its this many rarest 4-grams. */
const GRAMS_PER_UNKNOWN_WORD = 2;
/** Only grams in at most this share of the claims (or UNKNOWN_WORD_MIN_DF) stand in for an unknown word. */
const UNKNOWN_WORD_DF_SHARE = 0.02;
const UNKNOWN_WORD_MIN_DF = 50;
/** How many candidates (by partial overlap) are re-scored exactly. */
const CANDIDATES = 32;
/** Messages are matched on their first this many characters of normalised text. */
const MAX_MATCHED_CHARS = 4000;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A compressed inverted (or forward) index: list i is items[start[i] .. start[i + 1]). */
interface Lists {
  start: Int32Array;
  items: Int32Array;
}

/** Appends documents' item lists into one flat forward `Lists`, growing its buffer as needed. */
class ListsBuilder {
  private items = new Int32Array(1 << 16);
  private length = 0;
  private readonly starts: number[] = [0];
  /** Adds one document's items (sorted here). */
  push(items: readonly number[]) {
    if (this.length + items.length > this.items.length) {
      const grown = new Int32Array(Math.max(this.items.length * 2, this.length + items.length));
      grown.set(this.items.subarray(0, this.length));
      this.items = grown;
    }
    const at = this.length;
    for (const item of items) this.items[this.length++] = item;
    this.items.subarray(at, this.length).sort();
    this.starts.push(this.length);
  }
  /** The forward lists (trimmed to size) and their inverse: for each item, the documents holding it. */
  build(itemCount: number): { forward: Lists; inverted: Lists } {
    const forward: Lists = { start: Int32Array.from(this.starts), items: this.items.slice(0, this.length) };
    this.items = new Int32Array(0);
    const counts = new Int32Array(itemCount + 1);
    for (const item of forward.items) counts[item + 1]! += 1;
    for (let i = 0; i < itemCount; i++) counts[i + 1]! += counts[i]!;
    const inverted: Lists = { start: counts, items: new Int32Array(forward.items.length) };
    const fill = counts.slice(0, itemCount);
    const docs = forward.start.length - 1;
    for (let d = 0; d < docs; d++) {
      for (let k = forward.start[d]!; k < forward.start[d + 1]!; k++) {
        inverted.items[fill[forward.items[k]!]!++] = d;
      }
    }
    return { forward, inverted };
  }
}

/** Interns keys as dense numbers and counts in how many documents each occurs. */
class Vocabulary<K> {
  readonly ids = new Map<K, number>();
  readonly df: number[] = [];
  /** Ids of `keys` (which must be distinct); new keys are added. */
  add(keys: Iterable<K>): number[] {
    const ids: number[] = [];
    for (const key of keys) {
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.df.length;
        this.ids.set(key, id);
        this.df.push(0);
      }
      this.df[id]! += 1;
      ids.push(id);
    }
    return ids;
  }
}

interface Walk {
  lists: Lists;
  list: number;
  length: number;
  weight: number;
}

export class ClaimIndex {
  readonly size: number;
  private readonly threshold: number;
  private readonly claims: readonly ClaimRecord[];
  /** Packed 4-gram → gram number; per gram its IDF; per claim its grams (sorted); per gram its claims. */
  private readonly gramOf: Map<number, number>;
  private readonly gramIdf: Float64Array;
  private readonly claimGrams: Lists;
  private readonly gramClaims: Lists;
  /** Content word → word number; per word its IDF and its claims (for finding candidates). */
  private readonly wordOf: Map<string, number>;
  private readonly wordIdf: Float64Array;
  private readonly wordClaims: Lists;
  /** Per claim: summed IDF and Euclidean norm of its gram vector. */
  private readonly claimWeight: Float64Array;
  private readonly claimNorm: Float64Array;
  /** Scratch space for candidate search: partial score per claim (zero between calls), touched claims. */
  private readonly accumulator: Float64Array;
  private readonly touched: Int32Array;
  /** Scratch: 1 for the grams of the message being matched, else 0. */
  private readonly inMessage: Uint8Array;

  constructor(records: readonly ClaimRecord[], options: ClaimIndexOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const ids = new Set<string>();
    for (const r of records) {
      if (ids.has(r.id)) throw new Error(`duplicate claim id "${r.id}"`);
      ids.add(r.id);
    }
    this.claims = records.map((r) => ({ id: r.id, text: r.text, verdict: r.verdict, url: r.url ?? null }));
    const n = records.length;
    this.size = n;

    const grams = new Vocabulary<number>();
    const words = new Vocabulary<string>();
    const claimGrams = new ListsBuilder();
    const claimWords = new ListsBuilder();
    for (const r of records) {
      const normalised = normaliseText(r.text);
      claimGrams.push(grams.add(gramsOf(normalised)));
      claimWords.push(words.add(new Set(contentWords(normalised))));
    }
    this.gramOf = grams.ids;
    this.wordOf = words.ids;
    this.gramIdf = Float64Array.from(grams.df, (df) => this.idfOf(df));
    this.wordIdf = Float64Array.from(words.df, (df) => this.idfOf(df));
    const gramLists = claimGrams.build(grams.df.length);
    this.claimGrams = gramLists.forward;
    this.gramClaims = gramLists.inverted;
    this.wordClaims = claimWords.build(words.df.length).inverted;

    this.claimWeight = new Float64Array(n);
    this.claimNorm = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      let weight = 0;
      let norm = 0;
      for (let k = this.claimGrams.start[c]!; k < this.claimGrams.start[c + 1]!; k++) {
        const w = this.gramIdf[this.claimGrams.items[k]!]!;
        weight += w;
        norm += w * w;
      }
      this.claimWeight[c] = weight;
      this.claimNorm[c] = Math.sqrt(norm);
    }
    this.accumulator = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.inMessage = new Uint8Array(grams.df.length);
  }

  /** Sizes, for benchmarks and logs. */
  stats(): { claims: number; grams: number; words: number; postings: number; typedArrayBytes: number } {
    const arrays = [
      this.gramIdf,
      this.claimGrams.start,
      this.claimGrams.items,
      this.gramClaims.start,
      this.gramClaims.items,
      this.wordIdf,
      this.wordClaims.start,
      this.wordClaims.items,
      this.claimWeight,
      this.claimNorm,
      this.accumulator,
      this.touched,
      this.inMessage,
    ];
    return {
      claims: this.size,
      grams: this.gramOf.size,
      words: this.wordOf.size,
      postings: this.gramClaims.items.length + this.wordClaims.items.length,
      typedArrayBytes: arrays.reduce((sum, a) => sum + a.byteLength, 0),
    };
  }

  /** Smoothed IDF; a gram or word no claim has weighs as much as one seen once. */
  private idfOf(df: number): number {
    return Math.log((this.size + 1) / (Math.max(df, 1) + 1)) + 1;
  }

  /** The registered claim `text` repeats, or null. */
  match(text: string): ClaimMatch | null {
    return this.matchNormalised(normaliseText(text));
  }

  /** As `match`, for text already passed through `normaliseText`. */
  matchNormalised(normalised: string): ClaimMatch | null {
    if (this.size === 0) return null;
    const text = normalised.length > MAX_MATCHED_CHARS ? normalised.slice(0, MAX_MATCHED_CHARS) : normalised;
    const messageWords = [...new Set(contentWords(text))];

    // The message's grams: known ones (marked in `inMessage` for scoring) and the weight of all.
    const seen = new Set<number>();
    const known: number[] = [];
    let messageWeight = 0;
    let messageNormSq = 0;
    const unknownWeight = this.idfOf(0);
    for (const word of messageWords) {
      for (const gram of wordGrams(word)) {
        if (seen.has(gram)) continue;
        seen.add(gram);
        const g = this.gramOf.get(gram);
        const w = g === undefined ? unknownWeight : this.gramIdf[g]!;
        messageWeight += w;
        messageNormSq += w * w;
        if (g !== undefined) known.push(g);
      }
    }
    if (known.length < MIN_SHARED_GRAMS) return null;

    const top = this.candidates(messageWords);

    let best = -1;
    let bestSimilarity = 0;
    const messageNorm = Math.sqrt(messageNormSq);
    for (const g of known) this.inMessage[g] = 1;
    for (const c of top) {
      const similarity = this.similarity(messageWeight, messageNorm, c);
      if (similarity > bestSimilarity || (similarity === bestSimilarity && best >= 0 && c < best)) {
        best = c;
        bestSimilarity = similarity;
      }
    }
    for (const g of known) this.inMessage[g] = 0;
    if (best < 0 || bestSimilarity < this.threshold) return null;
    const claim = this.claims[best]!;
    return {
      claimId: claim.id,
      verdict: claim.verdict,
      similarity: round2(bestSimilarity),
      matchedText: claim.text,
      url: claim.url ?? null,
    };
  }

  /**
   * Claims worth re-scoring: partial overlaps accumulated over the posting lists of the message's
   * words, rarest first. A word the registry lacks (a typo, a new name) is looked up by its rarest
   * grams instead. Walking stops once what is left could not make a match on its own, or at the budget.
   */
  private candidates(messageWords: readonly string[]): number[] {
    const walks: Walk[] = [];
    // Weight of the message's words; of it, `dead` can be shared by no claim (unknown words that have
    // no usable grams), so it does not need to be walked.
    let totalWeight = 0;
    let dead = 0;
    const maxGramDf = Math.max(UNKNOWN_WORD_MIN_DF, Math.ceil(UNKNOWN_WORD_DF_SHARE * this.size));
    const lengthOf = (g: number) => this.gramClaims.start[g + 1]! - this.gramClaims.start[g]!;
    for (const word of messageWords) {
      const id = this.wordOf.get(word);
      if (id !== undefined) {
        const weight = this.wordIdf[id]!;
        totalWeight += weight;
        const length = this.wordClaims.start[id + 1]! - this.wordClaims.start[id]!;
        walks.push({ lists: this.wordClaims, list: id, length, weight });
        continue;
      }
      const weight = this.idfOf(0);
      totalWeight += weight;
      const grams: number[] = [];
      if (word.length >= 4) {
        for (const gram of wordGrams(word)) {
          const g = this.gramOf.get(gram);
          if (g !== undefined && lengthOf(g) <= maxGramDf) grams.push(g);
        }
      }
      if (grams.length === 0) {
        dead += weight;
        continue;
      }
      grams.sort((a, b) => lengthOf(a) - lengthOf(b));
      const used = grams.slice(0, GRAMS_PER_UNKNOWN_WORD);
      for (const g of used) {
        walks.push({ lists: this.gramClaims, list: g, length: lengthOf(g), weight: weight / used.length });
      }
    }
    walks.sort((a, b) => a.length - b.length);

    const acc = this.accumulator;
    const touched = this.touched;
    let touchedCount = 0;
    let walked = 0;
    let walkedPostings = 0;
    for (const walk of walks) {
      if (walkedPostings > 0) {
        const left = totalWeight - dead - walked;
        if (left < WALK_COVER * totalWeight) break;
        if (walkedPostings + walk.length > WALK_BUDGET) break;
      }
      walked += walk.weight;
      walkedPostings += walk.length;
      const { start, items } = walk.lists;
      const w = walk.weight;
      for (let k = start[walk.list]!, end = start[walk.list + 1]!; k < end; k++) {
        const c = items[k]!;
        if (acc[c] === 0) touched[touchedCount++] = c;
        acc[c]! += w;
      }
    }

    // The CANDIDATES best by partial overlap (insertion into a short sorted list), then reset.
    const top: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const c = touched[i]!;
      const score = acc[c]!;
      if (top.length === CANDIDATES && score <= acc[top[CANDIDATES - 1]!]!) continue;
      let at = top.length < CANDIDATES ? top.length : CANDIDATES - 1;
      if (top.length < CANDIDATES) top.push(c);
      while (at > 0 && acc[top[at - 1]!]! < score) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = c;
    }
    for (let i = 0; i < touchedCount; i++) acc[touched[i]!] = 0;
    return top;
  }

  private similarity(messageWeight: number, messageNorm: number, c: number): number {
    let overlap = 0;
    let dot = 0;
    let shared = 0;
    const items = this.claimGrams.items;
    for (let k = this.claimGrams.start[c]!, end = this.claimGrams.start[c + 1]!; k < end; k++) {
      const g = items[k]!;
      if (this.inMessage[g] === 0) continue;
      const w = this.gramIdf[g]!;
      overlap += w;
      dot += w * w;
      shared++;
    }
    if (shared < MIN_SHARED_GRAMS) return 0;
    const claimWeight = this.claimWeight[c]!;
    const cosine = dot / (messageNorm * this.claimNorm[c]!);
    const claimInMessage = overlap / claimWeight;
    const messageInClaim = Math.min(overlap / messageWeight, 2 * claimInMessage);
    const evidence = Math.min(1, shared / FULL_EVIDENCE_GRAMS);
    return evidence * Math.min(1, Math.max(cosine, claimInMessage, messageInClaim));
  }
}
