/**
 * The trained model as a versioned JSON artefact, and its in-memory form. Weights are stored sparsely
 * (only the hash buckets the pruned model uses, rows of one weight per label) so the shipped file stays
 * commit-sized; loading builds a bucket → row table for constant-time lookups.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Category } from '../rules.ts';
import type { FeatureConfig } from './features.ts';

export const ARTEFACT_FORMAT = 'tanggap-classifier/1';

const ZCategory = z.enum(['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER']);

const ZFeatureConfig = z.object({
  bucketBits: z.number().int().min(8).max(24),
  charMin: z.number().int().min(1).max(8),
  charMax: z.number().int().min(1).max(8),
  maxCharToken: z.number().int().min(1),
  wordScale: z.number(),
  charScale: z.number(),
  cueScale: z.number(),
  skipFunctionWords: z.boolean().default(false),
});

const ZClassMetrics = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number(),
});

export const ZArtefact = z
  .object({
    format: z.literal(ARTEFACT_FORMAT),
    version: z.string().min(1),
    algorithm: z.enum(['logistic-regression', 'complement-naive-bayes']),
    trainedAt: z.string(),
    labels: z.array(ZCategory).min(2),
    features: ZFeatureConfig,
    calibration: z.object({ temperature: z.number().positive() }),
    bias: z.array(z.number()),
    buckets: z.array(z.number().int().nonnegative()),
    weights: z.array(z.number()),
    metrics: z.object({
      examples: z.number().int(),
      heldOut: z.number().int(),
      macroF1: z.number(),
      accuracy: z.number(),
      perClass: z.record(z.string(), ZClassMetrics),
      /** Mean |confidence − accuracy| over 10 confidence bins, weighted by bin size (0 = calibrated). */
      calibrationError: z.number().optional(),
    }),
  })
  .refine((a) => a.bias.length === a.labels.length, 'bias: one value per label')
  .refine((a) => a.weights.length === a.buckets.length * a.labels.length, 'weights: one row per bucket');

export type TArtefact = z.infer<typeof ZArtefact>;
export type TArtefactMetrics = TArtefact['metrics'];

/** A model ready to predict. */
export interface LinearModel {
  readonly version: string;
  readonly algorithm: TArtefact['algorithm'];
  readonly labels: readonly Category[];
  readonly config: FeatureConfig;
  readonly temperature: number;
  readonly bias: Float64Array;
  /** bucket → 1 + its row in `weights`, or 0 for a bucket without weights. */
  readonly rowOf: Uint16Array | Int32Array;
  /** rows × labels. */
  readonly weights: Float32Array;
  readonly artefact: TArtefact;
}

export function fromArtefact(artefact: TArtefact): LinearModel {
  const k = artefact.labels.length;
  // Row numbers are stored plus one (0 = no row), in 16 bits when they fit: the table is read at random
  // for every feature of every message, and half the size stays in cache better.
  const size = 1 << artefact.features.bucketBits;
  const rowOf = artefact.buckets.length < 0xffff ? new Uint16Array(size) : new Int32Array(size);
  artefact.buckets.forEach((bucket, row) => {
    if (bucket >= size) throw new Error(`artefact bucket ${bucket} outside the hash space`);
    rowOf[bucket] = row + 1;
  });
  return {
    version: artefact.version,
    algorithm: artefact.algorithm,
    labels: artefact.labels,
    config: artefact.features,
    temperature: artefact.calibration.temperature,
    bias: Float64Array.from(artefact.bias),
    rowOf,
    weights: centredRows(artefact.weights, k),
    artefact,
  };
}

/**
 * Each row minus its mean: softmax is unchanged (a constant added to every label's logit), and a
 * feature's pull towards a label can then be read off its weight alone (`predict.ts`' reasons).
 */
function centredRows(weights: readonly number[], k: number): Float32Array {
  const out = new Float32Array(weights.length);
  for (let row = 0; row < weights.length; row += k) {
    let mean = 0;
    for (let c = 0; c < k; c++) mean += weights[row + c]!;
    mean /= k;
    for (let c = 0; c < k; c++) out[row + c] = weights[row + c]! - mean;
  }
  return out;
}

/** `lr-2026.11.29-<first 8 hex of the weights' SHA-256>`: the date it was trained and what it holds. */
export function artefactVersion(
  algorithm: TArtefact['algorithm'],
  trainedAt: Date,
  content: Pick<TArtefact, 'bias' | 'buckets' | 'weights' | 'features' | 'labels'>,
): string {
  const prefix = algorithm === 'logistic-regression' ? 'lr' : 'cnb';
  const day = trainedAt.toISOString().slice(0, 10).replaceAll('-', '.');
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 8);
  return `${prefix}-${day}-${hash}`;
}

export class ArtefactError extends Error {}

export function parseArtefact(json: unknown, source: string): TArtefact {
  const parsed = ZArtefact.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArtefactError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** A model from an artefact's JSON text: a file's content, or a stored copy (the ClassifierModel table). */
export function modelFromJson(json: string, source: string): LinearModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ArtefactError(`${source}: not JSON (${(error as Error).message})`);
  }
  return fromArtefact(parseArtefact(parsed, source));
}

/** Synchronous, because the classifier is: it loads its artefact once, on first use. */
export function loadArtefactFile(path: string): LinearModel {
  return modelFromJson(readFileSync(path, 'utf8'), path);
}

export async function saveArtefact(path: string, artefact: TArtefact): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(artefact)}\n`);
}
