// Entry of the training thread (`train-in-thread.ts`): plain JavaScript so that a worker thread can start
// it whatever loaded the parent (tsx in production, Vite in tests); it registers tsx for the TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { trainModel } = await import('./train.ts');
const { examples, options } = workerData;
const { artefact, heldOut } = trainModel(examples, { ...options, now: new Date(options.now) });
parentPort.postMessage({ artefact, metrics: heldOut?.metrics ?? null });
