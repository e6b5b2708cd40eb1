/**
 * Held-out measurements of a trained model: per-class metrics, calibration error, and the softmax
 * temperature that calibrates its probabilities.
 */
import { evaluate } from '../evaluate.ts';
import { analyseText, CATEGORIES, classifyMessage } from '../rules.ts';
import type { LinearModel, TArtefactMetrics } from './artefact.ts';
import type { TrainingExample } from './examples.ts';
import { extractFeatures } from './features.ts';
import { logits, softmax } from './predict.ts';

/** The temperature that minimises the held-out log-loss (a grid from 0.05 to 45: robust, and plenty). */
export function fitTemperature(model: LinearModel, examples: readonly TrainingExample[]): number {
  const scored = examples.map((e) => ({
    label: CATEGORIES.indexOf(e.label),
    logits: logitsOf(model, e.text),
  }));
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= 60; i++) {
    const t = 0.05 * 1.12 ** i;
    const loss = scored.reduce(
      (sum, s) => sum - Math.log(Math.max(1e-12, softmax(s.logits, t)[s.label]!)),
      0,
    );
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 1000) / 1000;
    }
  }
  return best;
}

function logitsOf(model: LinearModel, text: string): number[] {
  return Array.from(logits(model, extractFeatures(analyseText(text).evidence, model.config)));
}

export function metricsOf(
  model: LinearModel,
  examples: readonly TrainingExample[],
  total: number,
): TArtefactMetrics {
  const results = examples.map((x) => classifyMessage(x.text, { model }));
  const byText = new Map(examples.map((x, i) => [x.text, results[i]!]));
  const e = evaluate(
    examples.map((x) => ({ text: x.text, expected: x.label })),
    (text) => byText.get(text) ?? classifyMessage(text, { model }),
  );
  const perClass: TArtefactMetrics['perClass'] = {};
  for (const c of CATEGORIES) {
    const m = e.perClass[c];
    perClass[c] = { precision: m.precision, recall: m.recall, f1: m.f1, support: m.support };
  }
  const calibrationError = expectedCalibrationError(
    results.map((r, i) => ({ confidence: r.confidence, correct: r.category === examples[i]!.label })),
  );
  return {
    examples: total,
    heldOut: examples.length,
    macroF1: e.macroF1,
    accuracy: e.accuracy,
    perClass,
    calibrationError,
  };
}

function expectedCalibrationError(items: readonly { confidence: number; correct: boolean }[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const { confidence, correct } of items) {
    const bin = bins[Math.min(9, Math.floor(confidence * 10))]!;
    bin.n++;
    bin.confidence += confidence;
    bin.correct += correct ? 1 : 0;
  }
  const total = items.length || 1;
  return bins.reduce((sum, b) => sum + (b.n === 0 ? 0 : Math.abs(b.confidence - b.correct) / total), 0);
}
