import { CATEGORIES, type Category, type ClassificationResult, classifyText } from './rules.ts';

export interface LabelledExample {
  text: string;
  expected: Category;
}

export interface ClassMetrics {
  /** How many examples carry this label. */
  support: number;
  /** How many examples were predicted as this label. */
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Misclassified {
  text: string;
  expected: Category;
  predicted: Category;
  confidence: number;
  reasons: string[];
}

export interface Evaluation {
  total: number;
  correct: number;
  accuracy: number;
  /** Unweighted mean of the per-class F1 scores, over the classes that occur (labelled or predicted). */
  macroF1: number;
  perClass: Record<Category, ClassMetrics>;
  /** confusion[expected][predicted] = count. */
  confusion: Record<Category, Record<Category, number>>;
  errors: Misclassified[];
}

const ratio = (num: number, den: number) => (den === 0 ? 0 : num / den);

function emptyRow(): Record<Category, number> {
  return { INFO_REQUEST: 0, COMPLAINT: 0, MISINFORMATION: 0, OTHER: 0 };
}

/** Runs `classify` (the rule classifier by default) over labelled examples and scores it. */
export function evaluate(
  examples: readonly LabelledExample[],
  classify: (text: string) => ClassificationResult = classifyText,
): Evaluation {
  const confusion = {
    INFO_REQUEST: emptyRow(),
    COMPLAINT: emptyRow(),
    MISINFORMATION: emptyRow(),
    OTHER: emptyRow(),
  } satisfies Record<Category, Record<Category, number>>;
  const errors: Misclassified[] = [];
  let correct = 0;
  for (const { text, expected } of examples) {
    const result = classify(text);
    confusion[expected][result.category] += 1;
    if (result.category === expected) correct += 1;
    else
      errors.push({
        text,
        expected,
        predicted: result.category,
        confidence: result.confidence,
        reasons: result.reasons,
      });
  }

  const perClass = {} as Record<Category, ClassMetrics>;
  for (const label of CATEGORIES) {
    const tp = confusion[label][label];
    const support = CATEGORIES.reduce((sum, p) => sum + confusion[label][p], 0);
    const predicted = CATEGORIES.reduce((sum, e) => sum + confusion[e][label], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    perClass[label] = {
      support,
      predicted,
      precision,
      recall,
      f1: ratio(2 * precision * recall, precision + recall),
    };
  }

  return {
    total: examples.length,
    correct,
    accuracy: ratio(correct, examples.length),
    macroF1: macroF1(perClass),
    perClass,
    confusion,
    errors,
  };
}

/** Classes with neither examples nor predictions have no defined F1 and are left out (as scikit-learn does). */
function macroF1(perClass: Record<Category, ClassMetrics>): number {
  const present = CATEGORIES.filter((c) => perClass[c].support > 0 || perClass[c].predicted > 0);
  return ratio(
    present.reduce((sum, c) => sum + perClass[c].f1, 0),
    present.length,
  );
}

/** A plain-text report: accuracy, a per-class table and the confusion matrix. */
export function formatEvaluation(e: Evaluation): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`.padStart(7);
  const short: Record<Category, string> = {
    INFO_REQUEST: 'INFO',
    COMPLAINT: 'COMPL',
    MISINFORMATION: 'MISINF',
    OTHER: 'OTHER',
  };
  const lines = [
    `accuracy ${pct(e.accuracy).trim()} (${e.correct}/${e.total}), macro-F1 ${pct(e.macroF1).trim()}`,
    `${'class'.padEnd(15)} support  precision  recall      F1`,
  ];
  // A ratio with nothing to divide by (no predictions, no examples) is shown as "-".
  const cell = (n: number, defined: boolean) => (defined ? pct(n) : '-'.padStart(7));
  for (const c of CATEGORIES) {
    const m = e.perClass[c];
    const precision = cell(m.precision, m.predicted > 0);
    const recall = cell(m.recall, m.support > 0);
    const f1 = cell(m.f1, m.predicted > 0 || m.support > 0);
    lines.push(`${c.padEnd(15)} ${String(m.support).padStart(7)}  ${precision}    ${recall} ${f1}`);
  }
  lines.push('', `confusion (rows expected, columns predicted)`);
  lines.push(`${''.padEnd(15)}${CATEGORIES.map((c) => short[c].padStart(8)).join('')}`);
  for (const c of CATEGORIES) {
    lines.push(`${c.padEnd(15)}${CATEGORIES.map((p) => String(e.confusion[c][p]).padStart(8)).join('')}`);
  }
  return lines.join('\n');
}
