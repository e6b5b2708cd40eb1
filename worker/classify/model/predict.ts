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
const MAX_TERMS = 3;
const MAX_CUES = 4;
/** Terms contributing less than this (in logit units) are noise, not a reason. */
const MIN_TERM_CONTRIBUTION = 0.05;

const LABEL_ID: Record<Category, string> = {
  INFO_REQUEST: 'permintaan informasi',
  COMPLAINT: 'keluhan',
  MISINFORMATION: 'misinformasi',
  OTHER: 'lainnya',
};

/** Raw scores (logits) per label. */
export function logits(model: LinearModel, features: Features): Float64Array {
  return scoreAndAttribute(model, features, false);
}

/**
 * Logits, and (with `attribute`) each word's and word pair's contribution to every label, in `contrib`
 * (slot 2i = token i, 2i+1 = the pair starting at i; `slots × labels`). Weight rows are centred
 * (`artefact.ts`), so a contribution is value × weight: a term common to every class counts for nothing.
 * One pass serves the decision and its reasons.
 */
function scoreAndAttribute(model: LinearModel, features: Features, attribute: boolean): Float64Array {
  const k = model.labels.length;
  const out = Float64Array.from(model.bias);
  const { buckets, values, origins, tokens } = features;
  const slots = tokens.length * 2;
  if (attribute) {
    if (contrib.length < slots * k) contrib = new Float64Array(Math.max(slots * k, contrib.length * 2));
    contrib.fill(0, 0, slots * k);
  }
  for (let i = 0; i < buckets.length; i++) {
    const row = model.rowOf[buckets[i]!]!;
    if (row === 0) continue;
    const v = values[i]!;
    const base = (row - 1) * k;
    for (let c = 0; c < k; c++) out[c]! += v * model.weights[base + c]!;
    if (!attribute) continue;
    // Cues are listed separately (in the rules' wording) and meta features are not words.
    const kind = originKind(origins[i]!);
    if (kind !== ORIGIN.token && kind !== ORIGIN.bigram) continue;
    const slot = (originIndex(origins[i]!) * 2 + (kind === ORIGIN.bigram ? 1 : 0)) * k;
    for (let c = 0; c < k; c++) contrib[slot + c]! += v * model.weights[base + c]!;
  }
  return out;
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
  const probs = softmax(scoreAndAttribute(model, features, true), model.temperature);
  const order = model.labels.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]! || a - b);
  const top = order[0]!;
  const category = model.labels[top]!;
  const second = order.find((i) => i !== top && (category === 'OTHER' || model.labels[i] !== 'OTHER'));
  const p1 = probs[top]!;
  const p2 = second === undefined ? 0 : probs[second]!;
  // Trained mostly on one label per message, the model puts little mass on a second class even when a
  // message clearly has two intents: its runner-up counts when it is strong on its own, or when it is
  // the clear runner-up and the rules found real evidence for it too.
  const runnerUp = second === undefined ? null : model.labels[second]!;
  const secondary =
    runnerUp &&
    ((p2 >= SECONDARY_MIN_PROBABILITY && p2 >= SECONDARY_MIN_RATIO * p1) ||
      (p2 >= SECONDARY_CONFIRMED_PROBABILITY && evidence.scores[runnerUp] >= SECONDARY_RULE_SCORE))
      ? runnerUp
      : null;

  const reasons = [
    ...terms(model, features, top, MAX_TERMS).map(([label, w]) => `${label} (${signed(w)})`),
    ...cueReasons(evidence, category, MAX_CUES),
  ];
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
    confidence: Math.min(0.99, Math.round(p1 * 100) / 100),
    reasons,
    modelVersion: model.version,
  };
}

const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;

/** The words and word pairs that pushed label `target` most (from `contrib`, filled by the last scoring). */
function terms(model: LinearModel, features: Features, target: number, limit: number): [string, number][] {
  const k = model.labels.length;
  const { tokens } = features;
  // The strongest slots first, by number; labels are built only for those (this runs for every message).
  const wanted = limit * 2;
  const best: number[] = [];
  for (let slot = 0; slot < tokens.length * 2; slot++) {
    const w = contrib[slot * k + target]!;
    if (w < MIN_TERM_CONTRIBUTION / 4) continue;
    // "yang", "ya", "nya" may tip a score but are no reason a person can check.
    if ((slot & 1) === 0 && isFunctionWord(tokens[slot >> 1]!)) continue;
    if (best.length === wanted && w <= contrib[best[wanted - 1]! * k + target]!) continue;
    let at = best.length === wanted ? wanted - 1 : best.length;
    while (at > 0 && contrib[best[at - 1]! * k + target]! < w) {
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
    byLabel.set(label, (byLabel.get(label) ?? 0) + contrib[slot * k + target]!);
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
