import { useEffect, useRef } from 'preact/hooks';

/** True when a key press belongs to a form field rather than to the page's shortcuts. */
export function isTyping(event: KeyboardEvent): boolean {
  const el = event.target as HTMLElement | null;
  return (
    event.ctrlKey ||
    event.metaKey ||
    event.altKey ||
    !!el?.closest('input, textarea, select, [contenteditable="true"]')
  );
}

/**
 * Single-key shortcuts for the page (j/k/a/e…), ignored while typing. The handlers are read from a ref set on
 * every render, so a key pressed right after a re-render acts on the state it shows (an effect would lag).
 */
export function useKeys(handlers: Record<string, () => void>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event)) return;
      const handler = current.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
