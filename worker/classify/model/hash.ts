/**
 * 32-bit string hashing for the model's hashed features. Features are hashed rather than looked up in a
 * vocabulary so that character n-grams are computed over the token in place, without building a
 * substring per n-gram (the hot loop of prediction).
 */

/** One FNV-1a step over a UTF-16 code unit. */
export function step(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

/** Murmur3's finaliser: spreads FNV's weak low bits before the bucket mask is applied. */
export function finish(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export function hashString(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = step(h, text.charCodeAt(i));
  return finish(h);
}

/** Hash of an ordered pair of hashes (word bigrams from their unigram hashes). */
export function hashPair(seed: number, a: number, b: number): number {
  return finish(Math.imul(seed ^ a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ (b >>> 15));
}

/** Per-kind seeds, so that the word "apa" and the 3-gram "apa" land in different buckets. */
export const SEED = {
  word: 0x811c9dc5,
  bigram: 0x2f1a7e53,
  char: 0x5bd1e995,
  cue: 0x27d4eb2f,
  meta: 0x165667b1,
} as const;
