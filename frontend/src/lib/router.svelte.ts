// Hash routing: #/kr (default), #/us, #/dividend, #/crypto, #/settings.

export const ROUTES = ['kr', 'us', 'dividend', 'crypto', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0].toLowerCase();
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'kr';
}

/** The part after the section: "#/kr/performance" → "performance" ("" when none). */
export function parseSubRoute(hash: string): string {
  return (hash.replace(/^#\/?/, '').split('?')[0].split('/')[1] ?? '').toLowerCase();
}

const initialHash = typeof location === 'undefined' ? '' : location.hash;
export const router = $state({ route: parseRoute(initialHash), sub: parseSubRoute(initialHash) });

export function startRouter(): () => void {
  const update = () => {
    router.route = parseRoute(location.hash);
    router.sub = parseSubRoute(location.hash);
  };
  window.addEventListener('hashchange', update);
  update();
  return () => window.removeEventListener('hashchange', update);
}
