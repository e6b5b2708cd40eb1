/**
 * Feature extraction for the trained classifier. Input is what the rule classifier already computed for
 * the message (normalised text, the lexicon cues that fired, its per-category scores), so the model stacks
 * on the rules instead of relearning them, and normalisation and cue matching run once per message.
 *
 * Features, each hashed into 2^bucketBits buckets (`hash.ts`):
 * - word unigrams and bigrams of stems (`stem.ts`): "syaratnya" and "persyaratan" both give "syarat";
 * - character 3–5-grams within each normalised token, with boundary marks ("<sy", "nya>"): they carry
 *   the unstemmed affix, typos and spellings the slang list does not know;
 * - each lexicon cue that fired (by its first phrase, stable when cues are added), the rules' scores per
 *   category and the rules' decision;
 * - the question mark, a link, the message length in coarse bands, and register (`register.ts`): whether
 *   it addresses someone ("min", "kak", "pak"), speaks as "saya"/"kami", shouts, or reads as a plain
 *   statement — a claim passed on reads differently from a citizen asking or complaining.
 * Word and character features are binary (a word repeated 500 times counts once, so flooding cannot
 * outvote the rest) and each group is scaled to unit length, so a long message does not get large logits
 * from its length alone; cue and meta features keep their raw values.
 */
import type { Category } from '../rules.ts';
import { add, addOnce, featureCount, featureViews, scaleFrom, startMessage } from './feature-buffer.ts';
import { finish, hashPair, hashString, SEED, step } from './hash.ts';
import { registerHash, registerOf } from './register.ts';
import { stem } from './stem.ts';

export interface FeatureConfig {
  /** Number of hash buckets = 2^bucketBits. */
  bucketBits: number;
  charMin: number;
  charMax: number;
  /** Characters of a token used for its n-grams (the rest of a very long token is ignored). */
  maxCharToken: number;
  wordScale: number;
  charScale: number;
  cueScale: number;
  /** Leave particles and function words ("yang", "ya", "nya") out of the unigrams (bigrams keep them). */
  skipFunctionWords: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bucketBits: 18,
  charMin: 3,
  charMax: 5,
  maxCharToken: 24,
  wordScale: 1,
  charScale: 1,
  cueScale: 0.5,
  skipFunctionWords: true,
};

/**
 * Words that say nothing about intent on their own. With a few thousand examples the model otherwise
 * learns "ya" or "yang" as evidence for whichever class happens to use them more often. Question words
 * and negations ("apa", "kapan", "tidak", "belum") are not here: they matter.
 */
const FUNCTION_WORDS = new Set([
  'yang',
  'dan',
  'di',
  'ke',
  'dari',
  'ini',
  'itu',
  'nya',
  'ya',
  'juga',
  'saja',
  'untuk',
  'dengan',
  'pada',
  'oleh',
  'karena',
  'kalau',
  'jadi',
  'sama',
  'dong',
  'deh',
  'sih',
  'nih',
  'tuh',
  'kan',
  'lah',
  'pun',
  'atau',
  'saya',
  'kami',
  'kita',
  'admin',
  'kak',
  'pak',
  'bu',
  'ka',
  'mas',
  'mbak',
  'gitu',
  'begitu',
  'buat',
  'akan',
  'ada',
  'sudah',
  'lagi',
  'masih',
  'mau',
  'bisa',
  'the',
  'and',
  'of',
  'to',
  'a',
  'in',
]);

export interface CueEvidence {
  /** Stable identity of the cue: category and its first phrase ("INFO_REQUEST:*syarat*"). */
  readonly key: string;
  readonly category: Category;
  readonly weight: number;
  /** The rules' own wording for it (`kata kunci: "syaratnya"`), reused in the model's reasons. */
  readonly reason: string;
}

/** What the rule classifier found in one message. */
export interface RuleEvidence {
  /** The message as scored (before normalisation): its capitals and "!" are register features. */
  readonly text: string;
  readonly normalised: string;
  readonly cues: readonly CueEvidence[];
  readonly scores: Readonly<Record<Category, number>>;
  readonly ruleCategory: Category;
  readonly hasLink: boolean;
}

/** Where a feature came from, for reasons: a token, a bigram (starting token), a cue, or other. */
export const ORIGIN = { token: 0, bigram: 1, cue: 2, meta: 3 } as const;
const ORIGIN_SPAN = 1 << 20;

/**
 * One message's features. The arrays are views of buffers reused by the next `extractFeatures` call
 * (prediction allocates nothing per feature); copy them (`slice()`) to keep them.
 */
export interface Features {
  readonly tokens: readonly string[];
  readonly buckets: Int32Array;
  readonly values: Float64Array;
  /** kind * 2^20 + index (token index, or cue index for cues). */
  readonly origins: Int32Array;
}

export const originKind = (origin: number) => origin >>> 20;
export const originIndex = (origin: number) => origin & (ORIGIN_SPAN - 1);

const LENGTH_BANDS = [1, 2, 5, 15, 40];
const CATEGORY_KEYS: readonly Category[] = ['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER'];
const cueHashes = new Map<string, number>();

function cueHash(key: string): number {
  let h = cueHashes.get(key);
  if (h === undefined) {
    h = hashString(SEED.cue, key);
    if (cueHashes.size < 10_000) cueHashes.set(key, h);
  }
  return h;
}

const META = {
  question: hashString(SEED.meta, 'question-mark'),
  link: hashString(SEED.meta, 'link'),
  length: LENGTH_BANDS.map((_, i) => hashString(SEED.meta, `length-band-${i}`)),
  longer: hashString(SEED.meta, 'length-band-long'),
  score: CATEGORY_KEYS.map((c) => hashString(SEED.meta, `rule-score:${c}`)),
  decision: CATEGORY_KEYS.map((c) => hashString(SEED.meta, `rule-decision:${c}`)),
};

export function extractFeatures(evidence: RuleEvidence, config: FeatureConfig): Features {
  const mask = (1 << config.bucketBits) - 1;
  const tokens = evidence.normalised === '' ? [] : evidence.normalised.split(' ');
  startMessage(config.bucketBits);

  // Words: unigrams and bigrams of stems.
  let previous = -1;
  for (let i = 0; i < tokens.length; i++) {
    // A reduplicated word is another word: "benar benar" (really) is not "benar" (true), "hati hati"
    // (careful) not "hati" (heart).
    const token = tokens[i]!;
    const reduplicated = token === tokens[i + 1] || token === tokens[i - 1];
    const h = hashString(SEED.word, reduplicated ? `${stem(token)}~` : stem(token));
    if (!(config.skipFunctionWords && FUNCTION_WORDS.has(token))) {
      addOnce(h & mask, ORIGIN.token * ORIGIN_SPAN + i);
    }
    if (previous >= 0) {
      addOnce(hashPair(SEED.bigram, previous, h) & mask, ORIGIN.bigram * ORIGIN_SPAN + i - 1);
    }
    previous = h;
  }
  scaleFrom(0, config.wordScale);

  // Characters: n-grams of "<token>", hashed in place.
  const charStart = featureCount();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '?') continue;
    // "<token>": 60 and 62 are the boundary marks' char codes.
    const length = Math.min(token.length, config.maxCharToken) + 2;
    const origin = ORIGIN.token * ORIGIN_SPAN + i;
    for (let start = 0; start + config.charMin <= length; start++) {
      let h: number = SEED.char;
      for (let n = 1; n <= config.charMax && start + n <= length; n++) {
        const at = start + n - 1;
        h = step(h, at === 0 ? 60 : at === length - 1 ? 62 : token.charCodeAt(at - 1));
        if (n >= config.charMin) addOnce(finish(h ^ n) & mask, origin);
      }
    }
  }
  scaleFrom(charStart, config.charScale);

  // Rule evidence.
  for (let i = 0; i < evidence.cues.length; i++) {
    add(cueHash(evidence.cues[i]!.key) & mask, config.cueScale, ORIGIN.cue * ORIGIN_SPAN + i);
  }
  const meta = ORIGIN.meta * ORIGIN_SPAN;
  for (let i = 0; i < CATEGORY_KEYS.length; i++) {
    const c = CATEGORY_KEYS[i]!;
    const score = evidence.scores[c];
    if (score > 0) add(META.score[i]! & mask, Math.min(score, 9) / 3, meta);
    if (evidence.ruleCategory === c) add(META.decision[i]! & mask, 1, meta);
  }
  if (tokens.includes('?')) add(META.question & mask, 1, meta);
  if (evidence.hasLink) add(META.link & mask, 1, meta);
  const band = LENGTH_BANDS.findIndex((limit) => tokens.length <= limit);
  add((band >= 0 ? META.length[band]! : META.longer) & mask, 1, meta);
  for (const name of registerOf(evidence, tokens)) add(registerHash(name) & mask, 1, meta);

  return { tokens, ...featureViews() };
}

export const isFunctionWord = (token: string) => FUNCTION_WORDS.has(token);
