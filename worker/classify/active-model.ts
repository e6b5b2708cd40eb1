import type { PrismaClient } from '../../core/db/client.ts';
import { modelFromJson } from './model/artefact.ts';
import { useModel } from './model/shipped.ts';

/**
 * Keeps every worker on the active classifier model: the newest ClassifierModel row marked active (a model
 * retrained from validators' corrections), else the artefact shipped with the code. Checked at most every
 * `checkEveryMs` before a classification, so a retrain reaches all workers within that time without a restart.
 */
export function createActiveModel(prisma: PrismaClient, checkEveryMs = 60_000) {
  let version: string | null = null;
  let checkedAt = 0;
  return async function ensureActiveModel(): Promise<string | null> {
    if (Date.now() - checkedAt < checkEveryMs) return version;
    checkedAt = Date.now();
    const active = await prisma.classifierModel.findFirst({
      where: { active: true },
      orderBy: { createdAt: 'desc' },
      select: { version: true },
    });
    if ((active?.version ?? null) === version) return version;
    if (!active) {
      useModel(undefined);
      version = null;
      return version;
    }
    const row = await prisma.classifierModel.findUniqueOrThrow({
      where: { version: active.version },
      select: { artefact: true },
    });
    useModel(modelFromJson(row.artefact, `ClassifierModel ${active.version}`));
    version = active.version;
    return version;
  };
}
