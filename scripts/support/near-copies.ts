/**
 * Finds training examples that were copied (whole or in part) from another corpus: an example whose
 * word 4-grams mostly occur in one text of the corpus. Used to keep the shared evaluation data out of
 * the project's training examples (`test/classify/training-provenance.test.ts`).
 */

const SHINGLE = 4;

function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(w.slice(i, i + SHINGLE).join(' '));
  return out;
}

export interface NearCopy {
  example: string;
  source: string;
  /** Share of the example's 4-grams found in that one corpus text. */
  overlap: number;
}

/**
 * Examples sharing at least `threshold` of their word 4-grams with a single corpus text. Examples of
 * fewer than `minShingles` 4-grams (very short messages) are compared whole instead: an equal word
 * sequence of five words or more counts as a copy (shorter ones, "oke min makasih infonya", are just
 * common phrases).
 */
export function findNearCopies(
  examples: readonly string[],
  corpus: readonly string[],
  { threshold = 0.6, minShingles = 3 } = {},
): NearCopy[] {
  const index = new Map<string, number[]>();
  const whole = new Map<string, number>();
  corpus.forEach((text, i) => {
    whole.set(words(text).join(' '), i);
    for (const s of shingles(text)) {
      const list = index.get(s);
      if (list) list.push(i);
      else index.set(s, [i]);
    }
  });
  const found: NearCopy[] = [];
  for (const example of examples) {
    const own = shingles(example);
    if (own.size < minShingles) {
      const w = words(example);
      const at = whole.get(w.join(' '));
      if (at !== undefined && w.length >= 5) found.push({ example, source: corpus[at]!, overlap: 1 });
      continue;
    }
    const hits = new Map<number, number>();
    for (const s of own) for (const i of index.get(s) ?? []) hits.set(i, (hits.get(i) ?? 0) + 1);
    let best = -1;
    let bestCount = 0;
    for (const [i, n] of hits) if (n > bestCount) [best, bestCount] = [i, n];
    const overlap = bestCount / own.size;
    if (overlap >= threshold) found.push({ example, source: corpus[best]!, overlap });
  }
  return found;
}
