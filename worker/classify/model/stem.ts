import { StemmerId } from '@nlpjs/lang-id';

/**
 * Indonesian affix stemming ("pendaftarannya" → "daftar", "disebarkan" → "sebar") so that the model sees
 * one feature per root word. The stemmer walks its affix rules for every call, so results are memoised;
 * the cache is bounded (cleared when full) because message vocabularies are open-ended (names, typos).
 */
const stemmer = new StemmerId();
const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;
/** Longer tokens are not words (URLs, hashes, keyboard mashing): stemming them is wasted work. */
const MAX_STEMMED_LENGTH = 24;
const LETTERS_ONLY = /^\p{L}+$/u;

export function stem(token: string): string {
  const known = cache.get(token);
  if (known !== undefined) return known;
  const result =
    token.length > 3 && token.length <= MAX_STEMMED_LENGTH && LETTERS_ONLY.test(token)
      ? stemmer.stemWord(token) || token
      : token;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, result);
  return result;
}
