/** Seeded randomness for training: the same examples and seed give the same artefact. */

/** mulberry32: small, fast, good enough to shuffle training data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Indices split per label so that each class keeps its share in both parts. */
export function stratifiedSplit(
  labels: readonly string[],
  fraction: number,
  random: () => number,
): { train: number[]; test: number[] } {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label);
    if (list) list.push(i);
    else byLabel.set(label, [i]);
  });
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const indices = shuffleInPlace(byLabel.get(label)!, random);
    const n = Math.round(indices.length * fraction);
    test.push(...indices.slice(0, n));
    train.push(...indices.slice(n));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
