// Hash routing: #/kr (default), #/us, #/dividend, #/crypto, #/settings.

export const ROUTES = ['kr', 'us', 'dividend', 'crypto', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0].toLowerCase();
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'kr';
}

export const router = $state({ route: parseRoute(typeof location === 'undefined' ? '' : location.hash) });

export function startRouter(): () => void {
  const update = () => {
    router.route = parseRoute(location.hash);
  };
  window.addEventListener('hashchange', update);
  update();
  return () => window.removeEventListener('hashchange', update);
}
