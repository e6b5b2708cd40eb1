// Trains the classifier's model from the team's labelled examples and writes the shipped artefact.
//
//   npx tsx scripts/train-model.ts [--extra FILE.jsonl]... [--out FILE] [--algorithm lr|cnb] [--seed N]
//                                  [--compare] [--dry-run]
//
// Examples: worker/classify/training/examples/*.jsonl, plus each --extra file (validators' corrections,
// same {"text","label","secondary"?} lines). A stratified 20% (seeded) is held out first: per-class
// precision, recall and F1 and macro-F1 are printed for it; then the model is trained on every example
// and written to worker/classify/model/artefacts/current.json (or --out). --compare trains both learners
// and prints their held-out figures without writing; --dry-run prints without writing.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEMO_CORPUS } from '../test/fakes/demo-corpus.ts';
import { evaluate } from '../worker/classify/evaluate.ts';
import type { TArtefact, TArtefactMetrics } from '../worker/classify/model/artefact.ts';
import { saveArtefact } from '../worker/classify/model/artefact.ts';
import { exampleFiles, readExampleFiles } from '../worker/classify/model/examples.ts';
import { SHIPPED_ARTEFACT } from '../worker/classify/model/shipped.ts';
import { type TrainOptions, trainModel } from '../worker/classify/model/train.ts';
import { CATEGORIES, classifyMessage } from '../worker/classify/rules.ts';

const { values } = parseArgs({
  options: {
    extra: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: SHIPPED_ARTEFACT },
    algorithm: { type: 'string', default: 'lr' },
    seed: { type: 'string', default: '1' },
    compare: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});

const ALGORITHMS: Record<string, TArtefact['algorithm']> = {
  lr: 'logistic-regression',
  cnb: 'complement-naive-bayes',
};

const pct = (n: number) => `${(n * 100).toFixed(1)}%`.padStart(7);

function formatMetrics(m: TArtefactMetrics): string {
  const lines = [
    `held out ${m.heldOut} of ${m.examples}: accuracy ${pct(m.accuracy).trim()}, macro-F1 ${pct(m.macroF1).trim()}`,
    `${'class'.padEnd(15)} support  precision  recall      F1`,
  ];
  for (const c of CATEGORIES) {
    const x = m.perClass[c];
    if (!x) continue;
    lines.push(
      `${c.padEnd(15)} ${String(x.support).padStart(7)}  ${pct(x.precision)}    ${pct(x.recall)} ${pct(x.f1)}`,
    );
  }
  if (m.calibrationError !== undefined) {
    lines.push(`calibration error (ECE, 10 bins) ${m.calibrationError.toFixed(3)}`);
  }
  return lines.join('\n');
}

const files = [...(await exampleFiles()), ...(values.extra ?? [])];
const examples = await readExampleFiles(files);
const counts = Object.fromEntries(CATEGORIES.map((c) => [c, examples.filter((e) => e.label === c).length]));
console.log(`${examples.length} examples from ${files.length} files: ${JSON.stringify(counts)}`);

const seed = Number(values.seed);
const algorithms = values.compare ? Object.values(ALGORITHMS) : [ALGORITHMS[values.algorithm]];
if (algorithms.some((a) => a === undefined)) throw new Error(`--algorithm: expected lr or cnb`);

for (const algorithm of algorithms as TArtefact['algorithm'][]) {
  const options: TrainOptions = { algorithm, seed };
  const t0 = performance.now();
  const { artefact, model, heldOut } = trainModel(examples, options);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`\n${algorithm}: ${artefact.version}, trained in ${seconds} s`);
  if (heldOut) console.log(formatMetrics(heldOut.metrics));
  console.log(
    `calibration temperature ${artefact.calibration.temperature}, ${artefact.buckets.length} weight rows`,
  );
  // The demo corpus is written by another hand and never trained on: a check on generalisation.
  const demo = evaluate(DEMO_CORPUS, (text) => classifyMessage(text, { model }));
  const rules = evaluate(DEMO_CORPUS, (text) => classifyMessage(text, { model: null }));
  console.log(
    `demo corpus (${DEMO_CORPUS.length}, not trained on): accuracy ${pct(demo.accuracy).trim()}, ` +
      `macro-F1 ${pct(demo.macroF1).trim()} (rules alone ${pct(rules.macroF1).trim()})`,
  );
  if (!values.compare && !values['dry-run']) {
    await saveArtefact(values.out!, artefact);
    console.log(`wrote ${values.out} (${(statSync(values.out!).size / 1024 / 1024).toFixed(2)} MB)`);
  }
}
