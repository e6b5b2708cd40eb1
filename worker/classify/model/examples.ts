/**
 * Labelled training examples: JSON lines `{"text", "label", "secondary"?}` in
 * `worker/classify/training/examples/*.jsonl` (written by the team) and validators' corrections in the
 * same format. A bad line stops training with its file and line number: a typo in a label must not
 * quietly shrink a class.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Category } from '../rules.ts';

export const EXAMPLES_DIR = join(import.meta.dirname, '..', 'training', 'examples');

const ZLabel = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(['INFO_REQUEST', 'COMPLAINT', 'MISINFORMATION', 'OTHER']));

export const ZTrainingExample = z.object({
  text: z.string(),
  label: ZLabel,
  secondary: ZLabel.nullish(),
});

export interface TrainingExample {
  text: string;
  label: Category;
  secondary?: Category | null;
}

export class ExampleError extends Error {}

export function parseExamples(content: string, source: string): TrainingExample[] {
  const examples: TrainingExample[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new ExampleError(`${source}:${i + 1}: invalid JSON`);
    }
    const parsed = ZTrainingExample.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ExampleError(`${source}:${i + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
    }
    const { text, label, secondary } = parsed.data;
    examples.push(secondary && secondary !== label ? { text, label, secondary } : { text, label });
  });
  return examples;
}

export async function readExampleFiles(paths: readonly string[]): Promise<TrainingExample[]> {
  const all: TrainingExample[] = [];
  for (const path of paths) all.push(...parseExamples(await readFile(path, 'utf8'), path));
  return all;
}

/** Every `*.jsonl` in `dir`, in name order (so training is reproducible). */
export async function exampleFiles(dir = EXAMPLES_DIR): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => join(dir, n));
}
