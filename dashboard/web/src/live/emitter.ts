import { useEffect, useState } from 'preact/hooks';

/** A tiny observable value: views re-render when it changes. */
export function createEmitter() {
  const listeners = new Set<() => void>();
  return {
    emit() {
      for (const l of listeners) l();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type Emitter = ReturnType<typeof createEmitter>;

/** Re-renders the calling component whenever `emitter` fires and returns `read()`'s current value. */
export function useEmitter<T>(emitter: Emitter, read: () => T): T {
  const [, setTick] = useState(0);
  useEffect(() => emitter.subscribe(() => setTick((n) => n + 1)), [emitter]);
  return read();
}
