/**
 * The model the classifier uses: the artefact shipped in `artefacts/current.json`, loaded once on first
 * use (classification is synchronous, so is the load: about 50 ms, once per process). No artefact means
 * the rules decide alone. A broken artefact is a packaging error: it throws rather than silently falling
 * back, so a bad deploy is noticed instead of quietly classifying worse.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type LinearModel, loadArtefactFile } from './artefact.ts';

export const SHIPPED_ARTEFACT = join(import.meta.dirname, 'artefacts', 'current.json');

let loaded: LinearModel | null | undefined;

export function shippedModel(): LinearModel | null {
  if (loaded === undefined) loaded = existsSync(SHIPPED_ARTEFACT) ? loadArtefactFile(SHIPPED_ARTEFACT) : null;
  return loaded;
}

/**
 * Replaces the model in use: a retrained one (validators' decisions), `null` for rules only, or
 * `undefined` to go back to the shipped artefact on next use.
 */
export function useModel(model: LinearModel | null | undefined): void {
  loaded = model;
}
