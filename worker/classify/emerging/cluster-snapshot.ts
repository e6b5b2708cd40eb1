/**
 * The clusterer's state as plain JSON, so the worker can persist it and rebuild the index after a
 * restart with exactly the same future assignments (`restoreClusterIndex`). Parsed with zod on the way
 * back in: a snapshot read from disk or a database is input like any other.
 */
import { z } from 'zod';

export const SNAPSHOT_FORMAT = 'tanggap-emerging-clusters/1';

const ZClusterEntry = z.object({
  id: z.string().min(1),
  order: z.number().int().nonnegative(),
  size: z.number().int().positive(),
  /** Flattened (gram number, members holding it) pairs, in the profile's order. */
  grams: z.array(z.number().int().nonnegative()),
  representative: z.object({ messageId: z.string(), text: z.string() }),
});

export const ZClusterSnapshot = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    options: z.object({
      threshold: z.number().gt(0).max(1),
      maxGramsPerCluster: z.number().int().positive(),
      maxClusters: z.number().int().positive(),
    }),
    nextIdNumber: z.number().int().positive(),
    nextOrder: z.number().int().nonnegative(),
    /** Packed 4-gram (`claims/features.ts`) of each gram number. */
    grams: z.array(z.number().int().nonnegative()),
    /** Least recently joined first (the eviction order). */
    clusters: z.array(ZClusterEntry),
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    s.clusters.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['clusters', i, 'id'], message: 'duplicate id' });
      ids.add(c.id);
      if (c.grams.length % 2 !== 0) {
        ctx.addIssue({ code: 'custom', path: ['clusters', i, 'grams'], message: 'expected pairs' });
      }
      for (let k = 0; k < c.grams.length; k += 2) {
        if (c.grams[k]! >= s.grams.length || c.grams[k + 1]! < 1 || c.grams[k + 1]! > c.size) {
          ctx.addIssue({ code: 'custom', path: ['clusters', i, 'grams', k], message: 'bad gram entry' });
          break;
        }
      }
    });
  });

export type TClusterSnapshot = z.infer<typeof ZClusterSnapshot>;
