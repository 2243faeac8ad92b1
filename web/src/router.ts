// A small router over the History API: the app's screens are a handful of addresses
// (src/http/web_routes.cc lists the same ones) and need nothing bigger.
import { signal } from '@preact/signals';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const read = (): Location => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });

export const location = signal<Location>(read());

// A screen with unsaved work registers a question; leaving asks it first.
let leaveGuard: (() => string | null) | null = null;

export function guardLeaving(question: (() => string | null) | null) {
  leaveGuard = question;
}

export function mayLeave(): boolean {
  const question = leaveGuard?.();
  return !question || window.confirm(question);
}

export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}) {
  if (!options.force && !mayLeave()) return;
  leaveGuard = null;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  location.value = read();
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  location.value = read();
});

window.addEventListener('beforeunload', (event) => {
  if (leaveGuard?.()) event.preventDefault();
});

// Matches "/posts/{id}" against "/posts/post_01…": the parameters, or null.
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith('{')) params[want[i].slice(1, -1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}

// Plain links that route in the app (and still open in a new tab with a modifier).
export function onLinkClick(event: MouseEvent) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as HTMLElement).closest('a');
  if (!anchor || anchor.target || anchor.origin !== window.location.origin || anchor.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
