// A fetch stand-in that answers by "METHOD /path" (query ignored). A list of
// replies is used in order, the last one repeating. Responses are minimal
// objects (status + text()) so that fake timers cannot stall body streams.
import { vi } from 'vitest';

export interface Reply {
  status?: number;
  body: unknown;
}

export type Routes = Record<string, Reply | Reply[] | ((init: RequestInit) => Reply)>;

export function routeFetch(routes: Routes) {
  const counts = new Map<string, number>();
  const fn = vi.fn(async (url: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${url.split('?')[0]}`;
    const route = routes[key];
    if (!route) throw new TypeError(`no route for ${key}`);
    let reply: Reply;
    if (typeof route === 'function') reply = route(init);
    else if (Array.isArray(route)) {
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      reply = route[Math.min(n, route.length - 1)];
    } else reply = route;
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    return { status: reply.status ?? 200, text: async () => text } as unknown as Response;
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

/** The calls made to `key` ("POST /api/import"), with their parsed JSON bodies. */
export function bodiesSent(fn: ReturnType<typeof routeFetch>, key: string): unknown[] {
  return fn.mock.calls
    .filter(([url, init]) => `${init?.method ?? 'GET'} ${String(url).split('?')[0]}` === key)
    .map(([, init]) => (init?.body ? JSON.parse(String(init.body)) : undefined));
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const fail = (status: number, error: string, message: string): Reply => ({
  status,
  body: { status: 'error', error, message },
});
