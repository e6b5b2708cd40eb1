/**
 * Training off the main thread: on 10,600 examples it takes over two minutes of CPU, and a worker process
 * that trained on its own event loop would stop polling, classifying and renewing its job locks for that
 * long. The thread gets the examples and returns the artefact with its held-out metrics.
 */
import { Worker } from 'node:worker_threads';
import type { TArtefact, TArtefactMetrics } from './artefact.ts';
import type { TrainingExample } from './examples.ts';
import type { TrainOptions } from './train.ts';

export interface ThreadTrainResult {
  artefact: TArtefact;
  /** Held-out metrics, or null when nothing was held out. */
  metrics: TArtefactMetrics | null;
}

export function trainInThread(
  examples: readonly TrainingExample[],
  options: Omit<TrainOptions, 'now'> & { now: Date },
): Promise<ThreadTrainResult> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL('./train-thread.mjs', import.meta.url), {
      workerData: { examples, options: { ...options, now: options.now.toISOString() } },
    });
    let result: ThreadTrainResult | undefined;
    thread.once('message', (message: ThreadTrainResult) => {
      result = message;
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`training thread exited with code ${code} and no model`));
    });
  });
}
