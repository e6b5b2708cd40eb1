// Measures the shipped classifier on the public Indonesian data sets in ../shared/data (evaluation only:
// never trained on, never copied into the repository; see that folder's README.md).
//
//   npx tsx scripts/eval-shared.ts [--data DIR] [--errors N] [--model ARTEFACT.json]
//
// Label mapping: see `support/shared-data.ts`.
// Targets: INFO_REQUEST recall ≥ 0.95 at precision ≥ 0.85; hoax narratives flagged MISINFORMATION
// ≥ 0.9; ordinary customer messages (kai121 + biznet) flagged MISINFORMATION ≤ 5%.
import { parseArgs } from 'node:util';
import { loadArtefactFile } from '../worker/classify/model/artefact.ts';
import { shippedModel } from '../worker/classify/model/shipped.ts';
import { classifyMessage, type MessageClassification } from '../worker/classify/rules.ts';
import { loadSharedData, type SharedRow as Row, SHARED_DATA_DIR } from './support/shared-data.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: SHARED_DATA_DIR },
    errors: { type: 'string', default: '8' },
    model: { type: 'string' },
  },
});
const DATA = values.data!;
const SAMPLE = Number(values.errors);
const loaded = loadSharedData(DATA);
if (!loaded) {
  console.log(`skipped: no shared data at ${DATA} (pass --data DIR)`);
  process.exit(0);
}
const rows: Row[] = loaded;

const model = values.model ? loadArtefactFile(values.model) : shippedModel();
const classifiers = [
  {
    name: model ? model.version : 'rules-1 (no artefact)',
    classify: (t: string) => classifyMessage(t, { model }),
  },
  ...(model ? [{ name: 'rules-1 alone', classify: (t: string) => classifyMessage(t, { model: null }) }] : []),
];

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);
const mark = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const short = (t: string) => (t.length > 140 ? `${t.slice(0, 137)}...` : t).replace(/\s+/g, ' ');

console.log(`shared data: ${rows.length} rows from ${DATA}`);
for (const { name, classify } of classifiers) {
  const results = rows.map((r) => classify(r.text));
  type Pick = (r: Row, p: MessageClassification) => boolean;
  const where = (f: Pick) => rows.filter((r, i) => f(r, results[i]!));
  const count = (f: Pick) => where(f).length;
  console.log(`\n=== ${name}`);

  // INFO_REQUEST: positives as mapped above; negatives = biznet Problem, every hoax narrative and SMS.
  // A request is flagged when it is the message's category or its secondary label: either way the case
  // shows it as a request (a complaint that also asks something keeps its question).
  const positive = (r: Row) => r.expected === 'INFO_REQUEST';
  const negative = (r: Row) =>
    (r.source === 'biznet' && r.raw === 'Problem') || r.source === 'satriadata' || r.source === 'sms';
  const flagged = (p: MessageClassification) =>
    p.category === 'INFO_REQUEST' || p.secondary === 'INFO_REQUEST';
  const tp = count((r, p) => positive(r) && flagged(p));
  const fp = count((r, p) => negative(r) && flagged(p));
  const pos = count(positive);
  console.log('INFO_REQUEST (category or secondary label)');
  for (const source of ['biznet', 'kai121']) {
    const n = count((r) => positive(r) && r.source === source);
    const hit = count((r, p) => positive(r) && r.source === source && flagged(p));
    console.log(`  recall ${source.padEnd(8)} ${pct(hit, n).padStart(6)} of ${n}`);
  }
  const recall = tp / pos;
  const precision = tp / (tp + fp);
  console.log(`  recall    ${pct(tp, pos)} (target ≥ 95%: ${mark(recall >= 0.95)})`);
  console.log(
    `  precision ${pct(tp, tp + fp)} against ${count(negative)} negatives (target ≥ 85%: ${mark(precision >= 0.85)})`,
  );
  const primaryTp = count((r, p) => positive(r) && p.category === 'INFO_REQUEST');
  const primaryFp = count((r, p) => negative(r) && p.category === 'INFO_REQUEST');
  console.log(
    `  as category alone: recall ${pct(primaryTp, pos)}, precision ${pct(primaryTp, primaryTp + primaryFp)}`,
  );
  const bizNeg = count((r) => r.source === 'biznet' && r.raw === 'Problem');
  const bizFp = count((r, p) => r.source === 'biznet' && r.raw === 'Problem' && flagged(p));
  const bizTp = count((r, p) => r.source === 'biznet' && positive(r) && flagged(p));
  console.log(`  biznet alone: precision ${pct(bizTp, bizTp + bizFp)} (${bizFp} of ${bizNeg} Problem rows)`);

  // MISINFORMATION.
  const hoax = (r: Row) => r.source === 'satriadata' && r.raw === '1';
  const customer = (r: Row) => r.source === 'kai121' || r.source === 'biznet';
  const hoaxHit = count((r, p) => hoax(r) && p.category === 'MISINFORMATION');
  const custFlag = count((r, p) => customer(r) && p.category === 'MISINFORMATION');
  console.log('MISINFORMATION');
  console.log(
    `  hoax narratives flagged     ${pct(hoaxHit, count(hoax))} of ${count(hoax)} (target ≥ 90%: ${mark(hoaxHit / count(hoax) >= 0.9)})`,
  );
  console.log(
    `  customer messages flagged   ${pct(custFlag, count(customer))} of ${count(customer)} (target ≤ 5%: ${mark(custFlag / count(customer) <= 0.05)})`,
  );
  for (const [label, f] of [
    ['satriadata "valid" flagged', (r: Row) => r.source === 'satriadata' && r.raw === '0'],
    ['sms fraud flagged', (r: Row) => r.source === 'sms' && r.raw === '1'],
    ['sms normal/promo flagged', (r: Row) => r.source === 'sms' && r.raw !== '1'],
  ] as const) {
    console.log(
      `  ${label.padEnd(27)} ${pct(
        count((r, p) => f(r) && p.category === 'MISINFORMATION'),
        count(f),
      )}`,
    );
  }
  console.log(
    `  biznet Problem → COMPLAINT  ${pct(
      count((r, p) => r.source === 'biznet' && r.raw === 'Problem' && p.category === 'COMPLAINT'),
      bizNeg,
    )}`,
  );

  if (SAMPLE > 0 && classify === classifiers[0]!.classify) {
    const sample = (title: string, list: Row[]) => {
      console.log(
        `\n  ${title} (${list.length}; every ${Math.max(1, Math.floor(list.length / SAMPLE))}th shown)`,
      );
      const stride = Math.max(1, Math.floor(list.length / SAMPLE));
      for (let i = 0; i < list.length && i / stride < SAMPLE; i += stride) {
        const r = list[i]!;
        const got = classify(r.text);
        console.log(`   [${r.source}/${r.raw} → ${got.category} ${got.confidence}] ${short(r.text)}`);
      }
    };
    sample(
      'missed requests',
      where((r, p) => positive(r) && !flagged(p)),
    );
    sample(
      'false requests',
      where((r, p) => negative(r) && flagged(p)),
    );
    sample(
      'missed hoaxes',
      where((r, p) => hoax(r) && p.category !== 'MISINFORMATION'),
    );
    sample(
      'customer messages flagged as misinformation',
      where((r, p) => customer(r) && p.category === 'MISINFORMATION'),
    );
  }
}
