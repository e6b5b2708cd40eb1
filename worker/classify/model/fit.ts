/**
 * The two learners compared for the shipped model, both producing a linear model over the hashed
 * features (one weight per bucket and label, plus a bias per label):
 * - multinomial logistic regression: softmax, L2, mini-batch Adam, seeded shuffling;
 * - complement naive Bayes (Rennie et al. 2003, weight-normalised), the strong baseline for short texts.
 * `train.ts` says which one ships and why.
 */
import { seededRandom, shuffleInPlace } from './random.ts';

/** One example's features (hash buckets and values) and its target distribution over labels. */
export interface EncodedExample {
  readonly buckets: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly target: readonly number[];
  /** How much the example counts (augmented variants count for less than the originals). */
  readonly weight: number;
}

export interface FittedWeights {
  bias: number[];
  /** bucket → weights per label. */
  rows: Map<number, Float64Array>;
}

export interface LogisticOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
}

/** Buckets seen in the data, numbered densely, so training works on small arrays. */
function compact(data: readonly EncodedExample[]) {
  const column = new Map<number, number>();
  const cols = data.map((ex) =>
    Int32Array.from(ex.buckets, (b) => {
      let c = column.get(b);
      if (c === undefined) {
        c = column.size;
        column.set(b, c);
      }
      return c;
    }),
  );
  return { column, cols };
}

function rowsFrom(column: Map<number, number>, w: Float64Array, k: number): Map<number, Float64Array> {
  const rows = new Map<number, Float64Array>();
  for (const [bucket, c] of column) rows.set(bucket, w.slice(c * k, c * k + k));
  return rows;
}

export function fitLogistic(data: readonly EncodedExample[], k: number, o: LogisticOptions): FittedWeights {
  const { column, cols } = compact(data);
  const n = column.size * k;
  const w = new Float64Array(n);
  const b = new Float64Array(k);
  const grad = new Float64Array(n);
  const gradB = new Float64Array(k);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const mB = new Float64Array(k);
  const vB = new Float64Array(k);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const random = seededRandom(o.seed);
  const order = data.map((_, i) => i);
  const logit = new Float64Array(k);
  let t = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let start = 0; start < order.length; start += o.batchSize) {
      const batch = order.slice(start, start + o.batchSize);
      grad.fill(0);
      gradB.fill(0);
      for (const i of batch) {
        const ex = data[i]!;
        const c = cols[i]!;
        for (let j = 0; j < k; j++) logit[j] = b[j]!;
        for (let f = 0; f < c.length; f++) {
          const base = c[f]! * k;
          const val = ex.values[f]!;
          for (let j = 0; j < k; j++) logit[j]! += val * w[base + j]!;
        }
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < k; j++) max = Math.max(max, logit[j]!);
        let sum = 0;
        for (let j = 0; j < k; j++) {
          logit[j] = Math.exp(logit[j]! - max);
          sum += logit[j]!;
        }
        for (let j = 0; j < k; j++) {
          const diff = ((logit[j]! / sum - ex.target[j]!) * ex.weight) / batch.length;
          gradB[j]! += diff;
          for (let f = 0; f < c.length; f++) grad[c[f]! * k + j]! += ex.values[f]! * diff;
        }
      }
      t++;
      const lr = (o.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      for (let p = 0; p < n; p++) {
        const g = grad[p]! + o.l2 * w[p]!;
        if (g === 0) continue;
        m[p] = beta1 * m[p]! + (1 - beta1) * g;
        v[p] = beta2 * v[p]! + (1 - beta2) * g * g;
        w[p]! -= (lr * m[p]!) / (Math.sqrt(v[p]!) + eps);
      }
      for (let j = 0; j < k; j++) {
        const g = gradB[j]!;
        mB[j] = beta1 * mB[j]! + (1 - beta1) * g;
        vB[j] = beta2 * vB[j]! + (1 - beta2) * g * g;
        b[j]! -= (lr * mB[j]!) / (Math.sqrt(vB[j]!) + eps);
      }
    }
  }
  return { bias: [...b], rows: rowsFrom(column, w, k) };
}

export function fitComplementNB(data: readonly EncodedExample[], k: number, alpha: number): FittedWeights {
  const { column, cols } = compact(data);
  const counts = new Float64Array(column.size * k);
  data.forEach((ex, i) => {
    const c = cols[i]!;
    for (let f = 0; f < c.length; f++) {
      for (let j = 0; j < k; j++) counts[c[f]! * k + j]! += ex.values[f]! * ex.target[j]! * ex.weight;
    }
  });
  const totalPerLabel = new Float64Array(k);
  for (let p = 0; p < counts.length; p++) totalPerLabel[p % k]! += counts[p]!;
  const featureTotal = new Float64Array(column.size);
  for (let p = 0; p < counts.length; p++) featureTotal[Math.floor(p / k)]! += counts[p]!;
  const all = totalPerLabel.reduce((a, x) => a + x, 0);
  const w = new Float64Array(counts.length);
  const norm = new Float64Array(k);
  for (let f = 0; f < column.size; f++) {
    for (let j = 0; j < k; j++) {
      const complement = featureTotal[f]! - counts[f * k + j]!;
      const theta = (alpha + complement) / (alpha * column.size + all - totalPerLabel[j]!);
      w[f * k + j] = Math.log(theta);
      norm[j]! += Math.abs(w[f * k + j]!);
    }
  }
  // A message is scored by how badly it fits the *other* classes: weight = −normalised log θ.
  for (let p = 0; p < w.length; p++) w[p] = (-w[p]! / norm[p % k]!) * column.size;
  return { bias: new Array<number>(k).fill(0), rows: rowsFrom(column, w, k) };
}
