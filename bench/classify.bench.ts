// Classifier throughput on one core (`npm run bench:classify`): messages/s without claim matching, and
// with a synthetic registry of CLAIMS claims (default 50,000); the index's build time and memory; the
// shipped model's held-out macro-F1 and its cost over the rules alone. Targets with the model: ≥ 20,000
// messages/s without claims, ≥ 5,000 with 50,000 claims.
// Prints figures; asserts nothing. BENCH_SECONDS sets how long each throughput run lasts (default 2).
import { perturb, rng, syntheticClaims } from '../test/classify/fixtures/synthetic-claims.ts';
import { DEMO_CORPUS } from '../test/fakes/demo-corpus.ts';
import { ClaimIndex } from '../worker/classify/claims/index.ts';
import { SHIPPED_ARTEFACT, shippedModel } from '../worker/classify/model/shipped.ts';
import { classifyMessage, classifyText } from '../worker/classify/rules.ts';
import { mb, rate, settledMemory } from './support/measure.ts';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 50_000);

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const memory = settledMemory;

/** Messages/s of `classify` over `texts`, repeated for SECONDS after a warm-up pass. */
function throughput(texts: readonly string[], classify: (text: string) => unknown): number {
  for (const text of texts) classify(text);
  let count = 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  do {
    for (const text of texts) classify(text);
    count += texts.length;
  } while (performance.now() < until);
  return count / ((performance.now() - start) / 1000);
}

const demo = DEMO_CORPUS.map((m) => m.text);
const avgLength = Math.round(demo.reduce((sum, t) => sum + t.length, 0) / demo.length);
console.log(
  `classifier benchmark: ${demo.length} demo messages (mean ${avgLength} characters), ${SECONDS} s a run`,
);

// Registry and index.
let t = performance.now();
// Through JSON, as a registry is loaded from a file (and so that its texts are flat strings, not ropes).
const records = JSON.parse(JSON.stringify(syntheticClaims(CLAIMS))) as ReturnType<typeof syntheticClaims>;
const generated = performance.now() - t;
const before = await memory();
t = performance.now();
const index = new ClaimIndex(records);
const built = performance.now() - t;
const after = await memory();
const textBytes = records.reduce((sum, r) => sum + r.text.length + r.id.length, 0) * 2;
console.log(
  `claim registry: ${records.length.toLocaleString('en-US')} synthetic claims (generated in ${generated.toFixed(0)} ms)`,
);
console.log(`  index build                  ${built.toFixed(0)} ms`);
console.log(
  `  index memory                 ${mb(after.heap - before.heap + after.external - before.external)} ` +
    `(heap ${mb(after.heap - before.heap)}, typed arrays/external ${mb(after.external - before.external)}; ` +
    `claim texts themselves up to ${mb(textBytes)} more)`,
);
console.log(`  RSS growth for the index     ${mb(after.rss - before.rss)} (RSS now ${mb(after.rss)})`);
const stats = index.stats();
console.log(
  `  index contents               ${stats.grams.toLocaleString('en-US')} distinct 4-grams, ` +
    `${stats.words.toLocaleString('en-US')} words, ${stats.postings.toLocaleString('en-US')} postings, ` +
    `typed arrays ${mb(stats.typedArrayBytes)}`,
);

// The shipped model: what it scored when trained, and what it costs.
t = performance.now();
const model = shippedModel();
const loaded = performance.now() - t;
if (model) {
  const m = model.artefact.metrics;
  console.log(`\nmodel ${model.version} (${model.algorithm}), loaded in ${loaded.toFixed(0)} ms`);
  console.log(
    `  held-out macro-F1            ${(m.macroF1 * 100).toFixed(1)}% (accuracy ${(m.accuracy * 100).toFixed(1)}%, ` +
      `${m.heldOut} of ${m.examples} examples held out)`,
  );
  console.log(`  weight rows                  ${model.artefact.buckets.length.toLocaleString('en-US')}`);
} else console.log(`\nno model artefact at ${SHIPPED_ARTEFACT}: the rules decide alone`);

console.log('\nwithout claim matching');
console.log(
  `  rules only                   ${rate(throughput(demo, (t) => classifyMessage(t, { model: null })))}`,
);
console.log(
  `  classifyText                 ${rate(throughput(demo, classifyText))}${model ? ' (model)' : ''}`,
);
console.log(`  classifyMessage (no index)   ${rate(throughput(demo, (t) => classifyMessage(t)))}`);

// Message streams: unrelated messages (the demo corpus), variants of registry claims, and a mix.
const random = rng(7);
const kinds = ['typo', 'slang', 'partial', 'wrapped', 'dropped'] as const;
const variants = Array.from({ length: 2000 }, (_, i) =>
  perturb(records[Math.floor(random() * records.length)]!.text, kinds[i % kinds.length]!, random),
);
const mixed: string[] = [];
for (let i = 0; i < 2000; i++) mixed.push(i % 5 === 4 ? variants[i]! : demo[i % demo.length]!);
const withClaims = (text: string) => classifyMessage(text, { claims: index });
const matched = (texts: readonly string[]) =>
  texts.filter((text) => withClaims(text).claimId !== null).length / texts.length;

console.log(
  `\nwith claim matching (${records.length.toLocaleString('en-US')} claims)${model ? `, model ${model.version}` : ''}`,
);
console.log(
  `  unrelated messages           ${rate(throughput(demo, withClaims))} (${(matched(demo) * 100).toFixed(1)}% matched a claim)`,
);
console.log(
  `  claim variants               ${rate(throughput(variants, withClaims))} (${(matched(variants) * 100).toFixed(1)}% matched a claim)`,
);
console.log(
  `  mix, 1 in 5 a claim variant  ${rate(throughput(mixed, withClaims))} (${(matched(mixed) * 100).toFixed(1)}% matched a claim)`,
);

// The worst case: 50,000-character messages.
const long = [demo.join(' ').repeat(3).slice(0, 50_000)];
console.log('\n50,000-character message');
console.log(`  without claims               ${rate(throughput(long, classifyText))}`);
console.log(`  with claims                  ${rate(throughput(long, withClaims))}`);
