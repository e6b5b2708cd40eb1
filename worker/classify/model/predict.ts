/**
 * Prediction with a loaded linear model: calibrated class probabilities, and reasons a validator can
 * read — the terms that pushed the decision most ("kata: "syaratnya" (+1.84)") followed by the rule cues
 * that fired for the chosen category, in the rules' own wording.
 */
import type { Category, ClassificationResult } from '../rules.ts';
import type { LinearModel } from './artefact.ts';
import {
  extractFeatures,
  type Features,
  isFunctionWord,
  ORIGIN,
  originIndex,
  originKind,
  type RuleEvidence,
} from './features.ts';

/** A second category is reported when its probability reaches both of these. */
export const SECONDARY_MIN_PROBABILITY = 0.2;
export const SECONDARY_MIN_RATIO = 0.35;
/** …or reaches this while the rules score it at least SECONDARY_RULE_SCORE (their own secondary bar). */
export const SECONDARY_CONFIRMED_PROBABILITY = 0.02;
export const SECONDARY_RULE_SCORE = 1.5;
/**
 * A missed question can be a missed legal deadline; a false flag costs a validator a click (issue #4).
 * Valuing a miss at about four false flags, a message is flagged as a request from this probability
 * on, not only when a request is its likeliest reading: chatter becomes a request, a complaint or claim
 * gets it as its secondary label.
 */
export const REQUEST_FLAG_PROBABILITY = 0.2;
/**
 * …or from this much rule evidence for a request (a question word or mark with request wording, e.g.
 * "bagaimana cara … syaratnya apa"), whatever the model's probability: a question the rules see plainly
 * is never lost inside a complaint. The same bar keeps a plain complaint as a claim's secondary label.
 */
export const PLAIN_RULE_SCORE = 3;
/**
 * Rule evidence that a question is about a circulating claim ("benarkah", "apakah benar", "beredar",
 * "hoaks"; each weighs 2.5–3 in `lexicon-id.ts`).
 */
export const CLAIM_QUESTION_RULE_SCORE = 2.5;
const MAX_TERMS = 3;
const MAX_CUES = 4;
/** Terms contributing less than this (in logit units) are noise, not a reason. */
const MIN_TERM_CONTRIBUTION = 0.05;

/** Each category's name in the reasons. */
export const LABEL_ID: Record<Category, string> = {
  INFO_REQUEST: 'permintaan informasi',
  COMPLAINT: 'keluhan',
  MISINFORMATION: 'misinformasi',
  OTHER: 'lainnya',
};

/** Raw scores (logits) per label. */
export function logits(model: LinearModel, features: Features): Float64Array {
  const k = model.labels.length;
  const out = Float64Array.from(model.bias);
  const { buckets, values } = features;
  for (let i = 0; i < buckets.length; i++) {
    const row = model.rowOf[buckets[i]!]!;
    if (row === 0) continue;
    const v = values[i]!;
    const base = (row - 1) * k;
    for (let c = 0; c < k; c++) out[c]! += v * model.weights[base + c]!;
  }
  return out;
}

/**
 * Each word's and word pair's contribution to label `target`, into `contrib` (slot 2i = token i, 2i+1 =
 * the pair starting at i). Weight rows are centred (`artefact.ts`), so a contribution is value × weight:
 * a term common to every class counts for nothing. Done only for the labels a result names, apart from
 * the scoring pass, which stays a tight loop.
 */
function attribute(model: LinearModel, features: Features, target: number): void {
  const k = model.labels.length;
  const { buckets, values, origins, tokens } = features;
  const slots = tokens.length * 2;
  if (contrib.length < slots) contrib = new Float64Array(Math.max(slots, contrib.length * 2));
  contrib.fill(0, 0, slots);
  for (let i = 0; i < buckets.length; i++) {
    // Cues are listed separately (in the rules' wording) and meta features are not words.
    const kind = originKind(origins[i]!);
    if (kind !== ORIGIN.token && kind !== ORIGIN.bigram) continue;
    const row = model.rowOf[buckets[i]!]!;
    if (row === 0) continue;
    contrib[originIndex(origins[i]!) * 2 + (kind === ORIGIN.bigram ? 1 : 0)]! +=
      values[i]! * model.weights[(row - 1) * k + target]!;
  }
}

let contrib = new Float64Array(1024);

export function softmax(scores: ArrayLike<number>, temperature = 1): number[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]!);
  const exps = Array.from(scores, (s) => Math.exp((s - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function probabilities(model: LinearModel, evidence: RuleEvidence): number[] {
  return softmax(logits(model, extractFeatures(evidence, model.config)), model.temperature);
}

/** The category a model picks for `evidence`, with its calibrated probabilities. */
export function predictEvidence(model: LinearModel, evidence: RuleEvidence): ClassificationResult {
  const features = extractFeatures(evidence, model.config);
  const probs = softmax(logits(model, features), model.temperature);
  const { top, likeliest, secondary, second } = decide(model.labels, probs, evidence);
  const category = model.labels[top]!;

  const reasons = [
    ...terms(model, features, top, MAX_TERMS).map(([label, w]) => `${label} (${signed(w)})`),
    ...cueReasons(evidence, category, MAX_CUES),
  ];
  if (top !== likeliest) {
    // Said plainly: the likeliest reading was chatter, and why it was not filed as such.
    const p = probs[top]!.toFixed(2);
    reasons.push(
      category === 'INFO_REQUEST'
        ? probs[top]! >= REQUEST_FLAG_PROBABILITY
          ? `peluang permintaan informasi ${p} ≥ ${REQUEST_FLAG_PROBABILITY}: ditandai agar pertanyaan tidak terlewat`
          : 'pertanyaan jelas menurut aturan: ditandai agar tidak terlewat'
        : model.labels[likeliest] === 'INFO_REQUEST'
          ? `menanyakan kebenaran klaim yang beredar (peluang ${p}): perlu verifikasi, bukan hanya jawaban`
          : `peluang ${LABEL_ID[category]} ${p} cukup kuat: tidak diabaikan sebagai obrolan`,
    );
  }
  if (secondary && second !== undefined) {
    const also = `juga ${LABEL_ID[secondary]}`;
    const [term] = terms(model, features, second, 1);
    if (term) reasons.push(`${term[0]} (${signed(term[1])}, ${also})`);
    for (const cue of cueReasons(evidence, secondary, 1)) reasons.push(`${cue} (${also})`);
  }
  if (reasons.length === 0) reasons.push('tidak ada isyarat kuat');
  return {
    category,
    secondary,
    // Calibrated, but never shown as certain: 0.99 at most.
    confidence: Math.min(0.99, Math.round(probs[top]! * 100) / 100),
    reasons,
    modelVersion: model.version,
  };
}

/**
 * Which category leads and which comes second. The likeliest category leads, except that:
 * - a question about a circulating claim (CLAIM_QUESTION_RULE_SCORE) leads as the claim;
 * - chatter (OTHER) gives way to a request that is likely enough (REQUEST_FLAG_PROBABILITY) or plain to
 *   the rules (PLAIN_RULE_SCORE), and to another intent the model finds strong on its own (as a
 *   secondary label would need): OTHER means "nothing to do", which such a message is not.
 * The secondary label: such a request first; else the runner-up when it is strong on its own or the rules
 * found evidence for it too; else a category the rules see plainly. Trained mostly on one label per
 * message, the model puts little mass on a second class even when a message clearly has two intents.
 */
export function decide(
  labels: readonly Category[],
  probs: readonly number[],
  evidence: RuleEvidence,
): { top: number; likeliest: number; second: number | undefined; secondary: Category | null } {
  const order = labels.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const request = labels.indexOf('INFO_REQUEST');
  const likeliest = order[0]!;
  const requestLikely =
    request >= 0 &&
    (probs[request]! >= REQUEST_FLAG_PROBABILITY || evidence.scores.INFO_REQUEST >= PLAIN_RULE_SCORE);
  const strong = (i: number, over: number) =>
    probs[i]! >= SECONDARY_MIN_PROBABILITY && probs[i]! >= SECONDARY_MIN_RATIO * probs[over]!;
  const named = (i: number, over: number) =>
    strong(i, over) ||
    (probs[i]! >= SECONDARY_CONFIRMED_PROBABILITY && evidence.scores[labels[i]!] >= SECONDARY_RULE_SCORE);
  let top = likeliest;
  const claim = labels.indexOf('MISINFORMATION');
  if (
    likeliest === request &&
    claim >= 0 &&
    evidence.scores.MISINFORMATION >= CLAIM_QUESTION_RULE_SCORE &&
    probs[claim]! >= SECONDARY_MIN_PROBABILITY
  ) {
    // Asking whether a circulating claim is true needs a verdict, not only an answer: the claim leads
    // and the question stays as the secondary label.
    return { top: claim, likeliest, second: request, secondary: 'INFO_REQUEST' };
  }
  if (labels[likeliest] === 'OTHER') {
    const runnerUp = order[1];
    if (requestLikely) top = request;
    else if (runnerUp !== undefined && strong(runnerUp, likeliest)) top = runnerUp;
  }
  if (top !== request && requestLikely) return { top, likeliest, second: request, secondary: 'INFO_REQUEST' };
  const second = order.find((i) => i !== top && (labels[top] === 'OTHER' || labels[i] !== 'OTHER'));
  if (second !== undefined && named(second, top))
    return { top, likeliest, second, secondary: labels[second]! };
  // A complaint or claim the rules see plainly stays as the secondary label of a flagged message, even
  // when the model gives it little ("jalan rusak parah … ada yang bilang jembatan ditutup").
  const plain =
    labels[top] === 'OTHER'
      ? undefined
      : order.find(
          (i) => i !== top && labels[i] !== 'OTHER' && evidence.scores[labels[i]!] >= PLAIN_RULE_SCORE,
        );
  return plain === undefined
    ? { top, likeliest, second, secondary: null }
    : { top, likeliest, second: plain, secondary: labels[plain]! };
}

const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;

/** The words and word pairs that pushed label `target` most. */
function terms(model: LinearModel, features: Features, target: number, limit: number): [string, number][] {
  attribute(model, features, target);
  const { tokens } = features;
  // The strongest slots first, by number; labels are built only for those (this runs for every message).
  const wanted = limit * 2;
  const best: number[] = [];
  for (let slot = 0; slot < tokens.length * 2; slot++) {
    const w = contrib[slot]!;
    if (w < MIN_TERM_CONTRIBUTION / 4) continue;
    // "yang", "ya", "nya" may tip a score but are no reason a person can check.
    if ((slot & 1) === 0 && isFunctionWord(tokens[slot >> 1]!)) continue;
    if (best.length === wanted && w <= contrib[best[wanted - 1]!]!) continue;
    let at = best.length === wanted ? wanted - 1 : best.length;
    while (at > 0 && contrib[best[at - 1]!]! < w) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = slot;
  }
  // The same word twice in a message is one reason.
  const byLabel = new Map<string, number>();
  for (const slot of best) {
    const at = slot >> 1;
    const label = slot & 1 ? `frasa: "${tokens[at]} ${tokens[at + 1]}"` : `kata: "${tokens[at]}"`;
    byLabel.set(label, (byLabel.get(label) ?? 0) + contrib[slot]!);
  }
  return [...byLabel.entries()]
    .filter(([, w]) => w >= MIN_TERM_CONTRIBUTION)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit);
}

/** The rule cues of `category` that fired, strongest first, in the rules' wording. */
function cueReasons(evidence: RuleEvidence, category: Category, limit: number): string[] {
  return evidence.cues
    .filter((c) => c.category === category)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map((c) => c.reason);
}
