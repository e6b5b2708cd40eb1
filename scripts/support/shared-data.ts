/**
 * The public Indonesian data sets in ../shared/data (see that folder's README.md), read for evaluation
 * and for the check that no training example was copied from them. Never trained on, never copied into
 * the repository.
 *
 * Label mapping (the README's): biznet Information/Request → INFO_REQUEST, Problem → COMPLAINT, Unknown
 * left out; kai121 topics syarat/jadwalrute/ticketing/aturan → INFO_REQUEST (approximate: the author
 * stripped "?" and not every such tweet is a question), other topics left out of the request figures;
 * satriadata label 1 = hoax narrative → MISINFORMATION; sms-spam as negatives for requests.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsvWithHeader } from '../../worker/classify/claims/csv.ts';
import type { Category } from '../../worker/classify/rules.ts';

export const SHARED_DATA_DIR = resolve(import.meta.dirname, '../../../shared/data');

export interface SharedRow {
  source: 'biznet' | 'kai121' | 'satriadata' | 'sms';
  text: string;
  /** Our class where the data set's label maps to one; null where it does not. */
  expected: Category | null;
  /** The data set's own label. */
  raw: string;
}

const REQUEST_TOPICS = new Set(['syarat', 'jadwalrute', 'ticketing', 'aturan']);

/** Every row of the four data sets, or null when `dir` is absent. */
export function loadSharedData(dir = SHARED_DATA_DIR): SharedRow[] | null {
  if (!existsSync(dir)) return null;
  const read = (file: string, required: string[]) =>
    parseCsvWithHeader(readFileSync(join(dir, file), 'utf8'), required).rows;
  return [
    ...read('biznet-cs-intent/dataset_labeled.csv', ['question_list', 'label']).map(
      (r): SharedRow => ({
        source: 'biznet',
        text: r.question_list!,
        raw: r.label!,
        expected:
          r.label === 'Information' || r.label === 'Request'
            ? 'INFO_REQUEST'
            : r.label === 'Problem'
              ? 'COMPLAINT'
              : null,
      }),
    ),
    ...read('kai121-tweets/KAI121mentions-merged.csv', ['topic', 'text']).map(
      (r): SharedRow => ({
        source: 'kai121',
        text: r.text!,
        raw: r.topic!,
        expected: REQUEST_TOPICS.has(r.topic!) ? 'INFO_REQUEST' : null,
      }),
    ),
    ...read('satriadata-hoax/Data_latih.csv', ['label', 'narasi']).map(
      (r): SharedRow => ({
        source: 'satriadata',
        text: r.narasi!,
        raw: r.label!,
        expected: r.label === '1' ? 'MISINFORMATION' : null,
      }),
    ),
    ...read('sms-spam-id/dataset_sms_spam_v1.csv', ['teks', 'label']).map(
      (r): SharedRow => ({ source: 'sms', text: r.teks!, raw: r.label!, expected: null }),
    ),
  ];
}
