import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A real gc() for memory figures, without needing `node --expose-gc`.
setFlagsFromString('--expose-gc');
setFlagsFromString('--no-flush-bytecode');
export const gc = runInNewContext('gc') as () => void;

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} messages/s`;

/** Memory after full collections (with pauses, so that freed array buffers are really released). */
export async function settledMemory() {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external, rss: m.rss };
}
