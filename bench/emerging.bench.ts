// Emerging-claim clustering (`npx tsx bench/emerging.bench.ts`): throughput on one core and memory with
// CLUSTERS live clusters (default 10,000) built from synthetic rumours, for messages that join a cluster
// (perturbed copies) and messages that open one; snapshot size and restore time. Prints figures; asserts
// nothing. BENCH_SECONDS sets how long each throughput run lasts (default 2).
//
// With EMERGING_EVAL_CSV pointing at a CSV of fact-checked claims with a title and the circulating text
// (columns `judul`, `narasi`, `label`; e.g. the Satria Data 2020 hoax set), it also sweeps the threshold:
// each claim's text is clustered, then its title, which should join the cluster of its own text. The
// file is read at run time only; none of its text belongs in this repository.
import { readFileSync } from 'node:fs';
import { perturb, rng, syntheticClaims } from '../test/classify/fixtures/synthetic-claims.ts';
import { parseCsvWithHeader } from '../worker/classify/claims/csv.ts';
import {
  type ClusterIndex,
  createClusterIndex,
  restoreClusterIndex,
} from '../worker/classify/emerging/cluster-index.ts';
import { mb, rate, settledMemory } from './support/measure.ts';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const EVAL_CSV = process.env.EMERGING_EVAL_CSV;

async function memory() {
  const m = await settledMemory();
  return m.heap + m.external;
}

const at = new Date('2025-01-01T00:00:00Z');
let nextId = 0;
const message = (text: string) => ({ id: `m${nextId++}`, text, channelId: 'bench', postedAt: at });

/**
 * Distinct rumours: a synthetic claim's first words (its template's opening) and a dozen invented
 * words drawn Zipf-like from a large vocabulary. The synthetic claims alone come from 14 templates and
 * collapse into about a hundred clusters, far from the 10,000 distinct rumours wanted here.
 */
function distinctRumours(count: number): string[] {
  const random = rng(3);
  // Indonesian-like syllables (consonant, vowel, sometimes a closing consonant) for realistic 4-grams.
  const pick = (letters: string) => letters[Math.floor(random() * letters.length)]!;
  const syllable = () => pick('bcdghjklmnprstwy') + pick('aaiiueo') + (random() < 0.3 ? pick('nkrslmh') : '');
  const vocabulary = Array.from({ length: 30_000 }, () =>
    Array.from({ length: 2 + Math.floor(random() * 2) }, syllable).join(''),
  );
  const zipf = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)]!;
  return syntheticClaims(count, 11).map(
    (c) => `${c.text.split(' ').slice(0, 6).join(' ')} ${Array.from({ length: 12 }, zipf).join(' ')}`,
  );
}

// Through JSON, as texts would come from a database (flat strings, not ropes).
const pool = JSON.parse(JSON.stringify(distinctRumours(CLUSTERS * 2))) as string[];
const before = await memory();
let t = performance.now();
const index = createClusterIndex({ maxClusters: CLUSTERS * 10 });
let fed = 0;
const clusterOfRumour: string[] = [];
while (index.size < CLUSTERS && fed < pool.length) {
  clusterOfRumour.push(index.assign(message(pool[fed++]!))?.clusterId ?? '');
}
const built = performance.now() - t;
const after = await memory();
console.log(
  `emerging clusters: ${index.size.toLocaleString('en-US')} clusters from ${fed.toLocaleString('en-US')} ` +
    `distinct rumours in ${built.toFixed(0)} ms (${rate((fed / built) * 1000)} while building)`,
);
const s = index.stats();
console.log(
  `  memory                       ${mb(after - before)} heap + external (${s.grams.toLocaleString('en-US')} grams, ` +
    `${s.postings.toLocaleString('en-US')} postings)`,
);

/** Messages/s of assigning `texts` to a fresh copy of `base` each round (so the index does not drift). */
function throughput(
  base: ClusterIndex,
  texts: readonly string[],
  expected?: readonly string[],
): { rate: number; joined: number; right: number } {
  const snapshot = base.snapshot();
  let count = 0;
  let joined = 0;
  let right = 0;
  let elapsed = 0;
  do {
    const copy = restoreClusterIndex(snapshot);
    const start = performance.now();
    texts.forEach((text, i) => {
      const a = copy.assign(message(text));
      if (a && !a.isNew) joined++;
      if (a?.clusterId === expected?.[i]) right++;
    });
    elapsed += performance.now() - start;
    count += texts.length;
  } while (elapsed < SECONDS * 1000);
  return { rate: count / (elapsed / 1000), joined: joined / count, right: right / count };
}

const random = rng(5);
const kinds = ['typo', 'slang', 'partial', 'wrapped', 'dropped'] as const;
const sources = Array.from({ length: 2000 }, () => Math.floor(random() * fed));
const copies = sources.map((k, i) => perturb(pool[k]!, kinds[i % kinds.length]!, random));
const expected = sources.map((k) => clusterOfRumour[k]!);
const fresh = pool.slice(fed, fed + 2000);
if (fresh.length === 0) throw new Error('no rumours left for the "not seen before" run');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const c = throughput(index, copies, expected);
console.log(
  `  copies of clustered rumours  ${rate(c.rate)} (${pct(c.joined)} joined a cluster, ${pct(c.right)} their own)`,
);
const f = throughput(index, fresh);
console.log(`  rumours not seen before      ${rate(f.rate)} (${pct(f.joined)} joined a cluster)`);

t = performance.now();
const json = JSON.stringify(index.snapshot());
const serialised = performance.now() - t;
t = performance.now();
restoreClusterIndex(JSON.parse(json));
console.log(
  `  snapshot                     ${mb(json.length)} JSON, taken + stringified in ${serialised.toFixed(0)} ms, ` +
    `parsed + restored in ${(performance.now() - t).toFixed(0)} ms`,
);

if (EVAL_CSV) evaluate(EVAL_CSV);

/** Title → own text recall and cluster counts per threshold, on fact-checked hoaxes. */
function evaluate(path: string) {
  const { rows } = parseCsvWithHeader(readFileSync(path, 'utf8'), ['judul', 'narasi', 'label']);
  const pairs = rows
    .filter((r) => r.label === '1' && r.judul!.trim().length >= 20 && r.narasi!.trim().length >= 40)
    .map((r) => ({ title: r.judul!, text: r.narasi! }));
  console.log(`\nthreshold sweep on ${pairs.length} fact-checked hoaxes (title → cluster of its own text)`);
  for (const threshold of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]) {
    const sweep = createClusterIndex({ threshold });
    const clusterOf = pairs.map((p) => sweep.assign(message(p.text))?.clusterId ?? null);
    const textClusters = sweep.size;
    let own = 0;
    let other = 0;
    let alone = 0;
    pairs.forEach((p, i) => {
      const a = sweep.assign(message(p.title));
      if (!a || a.isNew) alone++;
      else if (a.clusterId === clusterOf[i]) own++;
      else other++;
    });
    const n = pairs.length;
    const pct = (k: number) => `${((k / n) * 100).toFixed(1)}%`;
    console.log(
      `  ${threshold.toFixed(2)}  texts → ${textClusters} clusters; titles: own ${pct(own)}, ` +
        `another ${pct(other)}, new ${pct(alone)}`,
    );
  }
}
