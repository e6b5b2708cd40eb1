import slang from './slang-id.json' with { type: 'json' };

/** Informal spelling → standard form (one token → one or more words). Data: `slang-id.json`. */
const SLANG: Readonly<Record<string, string>> = slang;

/** "anak2" → "anak anak": the digit 2 marks reduplication in informal Indonesian. */
const REDUPLICATION = /(?<![\p{L}\p{N}])(\p{L}{3,})2(?![\p{L}\p{N}])/gu;
/** The same letter three or more times in a row ("tolonggg", "bangettt") → once. */
const REPEATED_LETTER = /(\p{L})\1{2,}/gu;
/** Everything except letters, digits, whitespace and the question mark. */
const PUNCTUATION = /[^\p{L}\p{N}\s?]+/gu;

/**
 * Light normalisation for rule matching: NFKC, lower case, informal reduplication expanded, letters
 * repeated 3+ times collapsed, punctuation removed except `?` (kept as its own token, runs collapsed),
 * slang mapped to standard words. Returns space-separated tokens; emoji and symbols disappear.
 */
export function normaliseText(text: string): string {
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(REDUPLICATION, '$1 $1')
    .replace(REPEATED_LETTER, '$1')
    .replace(/\?+/g, ' ? ')
    .replace(PUNCTUATION, ' ');
  const tokens: string[] = [];
  for (const token of cleaned.split(/\s+/)) {
    if (!token) continue;
    tokens.push(Object.hasOwn(SLANG, token) ? SLANG[token]! : token);
  }
  return tokens.join(' ');
}
