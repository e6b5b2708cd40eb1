import { existsSync, readFileSync } from 'node:fs';
import type { Job } from 'bullmq';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { exampleFiles, readExampleFiles, type TrainingExample } from '../classify/model/examples.ts';
import { SHIPPED_ARTEFACT } from '../classify/model/shipped.ts';
import { trainInThread } from '../classify/model/train-in-thread.ts';

export interface RetrainDeps {
  prisma: PrismaClient;
  logger: Logger;
}

/** A retrained model may score this much lower on its own held-out set and still replace the active one. */
const MACRO_F1_TOLERANCE = 0.02;

/**
 * Retrains the classifier from the shipped examples plus every correction people made (TrainingExample),
 * stores the model with its held-out figures, and makes it the active one unless it scores clearly worse
 * than the model in use (a handful of odd corrections must not silently degrade classification).
 * Workers pick the active model up by themselves (active-model.ts).
 */
export async function handleRetrain(job: Job, deps: RetrainDeps) {
  const current = await deps.prisma.classifierModel.findFirst({
    where: { active: true },
    orderBy: { createdAt: 'desc' },
    select: { version: true, metrics: true, createdAt: true },
  });
  // The nightly run has nothing to learn when nobody corrected anything since the active model.
  if (current && job.name === 'retrain-nightly') {
    const fresh = await deps.prisma.trainingExample.count({
      where: { updatedAt: { gt: current.createdAt } },
    });
    if (fresh === 0) return { skipped: 'no new corrections' };
  }
  const shipped = await readExampleFiles(await exampleFiles());
  const corrections = await deps.prisma.trainingExample.findMany({
    select: { text: true, label: true, secondary: true },
  });
  // A correction of a shipped sentence wins over the shipped label.
  const corrected = new Set(corrections.map((c) => c.text));
  const examples: TrainingExample[] = [
    ...shipped.filter((e) => !corrected.has(e.text)),
    ...corrections.map((c) => ({ text: c.text, label: c.label, secondary: c.secondary ?? null })),
  ];
  const { artefact, metrics } = await trainInThread(examples, { now: new Date() });
  const macroF1 = metrics?.macroF1 ?? null;
  const currentF1 =
    (current?.metrics as { macroF1?: number } | undefined)?.macroF1 ?? shippedMacroF1() ?? null;
  const activate = currentF1 === null || macroF1 === null || macroF1 >= currentF1 - MACRO_F1_TOLERANCE;
  await deps.prisma.$transaction(async (tx) => {
    await tx.classifierModel.upsert({
      where: { version: artefact.version },
      create: {
        version: artefact.version,
        artefact: JSON.stringify(artefact),
        examples: examples.length,
        metrics: (metrics ?? {}) as object,
        active: false,
      },
      update: {},
    });
    if (activate) {
      await tx.classifierModel.updateMany({ where: { active: true }, data: { active: false } });
      await tx.classifierModel.update({ where: { version: artefact.version }, data: { active: true } });
    }
  });
  deps.logger.info(
    {
      version: artefact.version,
      examples: examples.length,
      corrections: corrections.length,
      macroF1,
      activate,
    },
    'classifier retrained',
  );
  return {
    version: artefact.version,
    examples: examples.length,
    corrections: corrections.length,
    macroF1,
    activated: activate,
  };
}

/** The shipped artefact's own held-out macro-F1: the bar a first retrained model must clear. */
function shippedMacroF1(): number | undefined {
  if (!existsSync(SHIPPED_ARTEFACT)) return undefined;
  const artefact = JSON.parse(readFileSync(SHIPPED_ARTEFACT, 'utf8')) as { metrics?: { macroF1?: number } };
  return artefact.metrics?.macroF1;
}
