import { createEmitter, useEmitter } from './live/emitter.ts';

/** The views and their paths; the server answers each path with the same shell (queue-page.ts). */
export type Route =
  | { view: 'queue' }
  | { view: 'case'; id: string }
  | { view: 'review' }
  | { view: 'sla' }
  | { view: 'hoaks' }
  | { view: 'channels' };

export function parseRoute(pathname: string): Route {
  const kasus = /^\/kasus\/([^/]+)$/.exec(pathname);
  if (kasus) return { view: 'case', id: decodeURIComponent(kasus[1]!) };
  switch (pathname) {
    case '/validasi':
      return { view: 'review' };
    case '/sla':
      return { view: 'sla' };
    case '/hoaks':
      return { view: 'hoaks' };
    case '/kanal':
      return { view: 'channels' };
    default:
      return { view: 'queue' };
  }
}

const changed = createEmitter();
window.addEventListener('popstate', () => changed.emit());

export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  window.scrollTo(0, 0);
  changed.emit();
}

export function useRoute(): Route {
  return useEmitter(changed, () => parseRoute(location.pathname));
}

/** Same-origin links navigate without a reload; modified clicks (new tab) keep the browser's behaviour. */
export function linkClick(event: MouseEvent, path: string): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(path);
}
