/**
 * The shared evaluation data (../shared/data) must never be copied into the project's training examples:
 * the shipped model is judged on it. Skips, saying so, when the data is not on this machine.
 */
import { describe, expect, it } from 'vitest';
import { findNearCopies } from '../../scripts/support/near-copies.ts';
import { loadSharedData, SHARED_DATA_DIR } from '../../scripts/support/shared-data.ts';
import { exampleFiles, readExampleFiles } from '../../worker/classify/model/examples.ts';

const shared = loadSharedData();
describe('training examples', () => {
  it('finds a copied sentence inside a longer text, and not a different sentence on the same topic', () => {
    const corpus = [
      'beredar pesan berantai bahwa besok jembatan suramadu ditutup total selama seminggu penuh',
    ];
    expect(
      findNearCopies(['katanya besok jembatan suramadu ditutup total selama seminggu penuh ya'], corpus),
    ).toHaveLength(1);
    expect(findNearCopies(['jembatan suramadu besok buka seperti biasa kan min'], corpus)).toHaveLength(0);
  });

  it.skipIf(!shared)(`share no text with the shared evaluation data (${SHARED_DATA_DIR})`, async () => {
    const examples = await readExampleFiles(await exampleFiles());
    const copies = findNearCopies(
      examples.map((e) => e.text),
      shared!.map((r) => r.text),
    );
    expect(copies.map((c) => `${c.overlap.toFixed(2)} ${c.example} ⇐ ${c.source}`)).toEqual([]);
  });
});
if (!shared)
  console.warn(`training-provenance: no shared data at ${SHARED_DATA_DIR}; the copy check is skipped`);
