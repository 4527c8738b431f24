import { describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildUrl, call, importCsvFile, onResponse, TOKEN_STORAGE_KEY } from '../src/lib/api';
import { operations, type OperationName } from '../src/lib/operations.gen';
import { bodies } from './fixtures';

type FetchArgs = [string, RequestInit];

function fakeFetch(body: unknown, status = 200) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const fn = vi.fn(async (..._args: FetchArgs) => new Response(text, { status, headers: { 'Content-Type': 'application/json' } }));
  vi.stubGlobal('fetch', fn);
  return fn;
}

function fakeWails(body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const Invoke = vi.fn(async (_name: string, _params: Record<string, string>, _body: string) => text);
  window.go = { main: { App: { Invoke } } };
  return Invoke;
}

const errorBody = { status: 'error', error: 'not_found', message: 'unknown ticker 999999' };

describe('HTTP transport', () => {
  it('GETs the operation path on the same origin', async () => {
    const f = fakeFetch(bodies.health);
    const res = await call('health');
    expect(res).toEqual(bodies.health);
    expect(f).toHaveBeenCalledTimes(1);
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/health');
    expect(init.method).toBe('GET');
    expect(init.body).toBeUndefined();
  });

  it('substitutes path params and puts the rest in the query string', async () => {
    const f = fakeFetch(bodies['kr.stockChart']);
    await call('kr.stockChart', { ticker: '005930', period: '3mo', extra: 2 });
    expect(f.mock.calls[0][0]).toBe('/api/kr/stock-chart/005930?period=3mo&extra=2');
  });

  it('encodes path params (no path traversal)', async () => {
    const f = fakeFetch(bodies['kr.stockChart']);
    await call('kr.stockChart', { ticker: '../etc' });
    const url = f.mock.calls[0][0];
    expect(url).toBe('/api/kr/stock-chart/..%2Fetc');
    expect(new URL(url, 'http://127.0.0.1:5001').pathname).toBe('/api/kr/stock-chart/..%2Fetc');
  });

  it('encodes query values', async () => {
    const f = fakeFetch(bodies['kr.stockChart']);
    await call('kr.stockChart', { ticker: 'a b', q: '삼성&x=1' });
    expect(f.mock.calls[0][0]).toBe('/api/kr/stock-chart/a%20b?q=%EC%82%BC%EC%84%B1%26x%3D1');
  });

  it('POSTs JSON with the bearer token from localStorage', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'secret-token');
    const f = fakeFetch(bodies['settings.update']);
    const res = await api.updateSettings({ theme: 'light' });
    expect(res.settings.theme).toBe('light');
    const [url, init] = f.mock.calls[0];
    expect(url).toBe('/api/settings');
    expect(init.method).toBe('POST');
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers.Authorization).toBe('Bearer secret-token');
    expect(JSON.parse(String(init.body))).toEqual({ theme: 'light' });
  });

  it('sends no Authorization header for operations without token', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'secret-token');
    const f = fakeFetch(bodies['settings.get']);
    await api.getSettings();
    expect((f.mock.calls[0][1].headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('sends no Authorization header when no token is stored', async () => {
    const f = fakeFetch(bodies['settings.update']);
    await api.updateSettings({ language: 'en' });
    expect((f.mock.calls[0][1].headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it.each([400, 403, 404, 413, 500, 503])('turns an error envelope with HTTP %i into ApiError', async (status) => {
    fakeFetch(errorBody, status);
    const err = await call('kr.stockChart', { ticker: '999999' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not_found', error: 'not_found', message: 'unknown ticker 999999', httpStatus: status });
  });

  it('treats an error envelope as an error even with HTTP 200', async () => {
    fakeFetch(errorBody, 200);
    await expect(call('health')).rejects.toMatchObject({ code: 'not_found', httpStatus: 200 });
  });

  it('reports a non-JSON body as bad_response', async () => {
    fakeFetch('<html>Bad gateway</html>', 502);
    await expect(call('health')).rejects.toMatchObject({ name: 'ApiError', code: 'bad_response', httpStatus: 502 });
  });

  it('reports a non-2xx JSON body without envelope as http_error', async () => {
    fakeFetch({ oops: true }, 500);
    await expect(call('health')).rejects.toMatchObject({ code: 'http_error', httpStatus: 500 });
  });

  it('reports a failed fetch as network error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(call('health')).rejects.toMatchObject({ code: 'network', message: 'Failed to fetch' });
  });

  it('rejects a missing path param before sending', async () => {
    const f = fakeFetch(bodies['kr.stockChart']);
    await expect(call('kr.stockChart', {})).rejects.toMatchObject({ code: 'missing_param' });
    expect(f).not.toHaveBeenCalled();
  });

  it('rejects an unknown operation', async () => {
    await expect(call('nope' as OperationName)).rejects.toMatchObject({ code: 'unknown_operation' });
  });
});

describe('Wails transport', () => {
  it('is used when window.go.main.App.Invoke exists, and fetch is not', async () => {
    const f = fakeFetch(bodies.health);
    const invoke = fakeWails(bodies['kr.stockChart']);
    const res = await call('kr.stockChart', { ticker: '005930', period: '3mo' });
    expect(res).toEqual(bodies['kr.stockChart']);
    expect(f).not.toHaveBeenCalled();
    expect(invoke).toHaveBeenCalledWith('kr.stockChart', { ticker: '005930', period: '3mo' }, '');
  });

  it('passes params as strings and the body as JSON text', async () => {
    const invoke = fakeWails(bodies['settings.update']);
    await call('settings.update', { n: 5 }, { theme: 'light' });
    expect(invoke).toHaveBeenCalledWith('settings.update', { n: '5' }, '{"theme":"light"}');
  });

  it('passes path params unencoded (the Go side routes by name)', async () => {
    const invoke = fakeWails(bodies['kr.stockChart']);
    await call('kr.stockChart', { ticker: '../etc' });
    expect(invoke.mock.calls[0][1]).toEqual({ ticker: '../etc' });
  });

  it('turns an error envelope into ApiError', async () => {
    fakeWails(errorBody);
    const err = await call('kr.stockChart', { ticker: '999999' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not_found', error: 'not_found', message: 'unknown ticker 999999' });
    expect((err as ApiError).httpStatus).toBeUndefined();
  });

  it('reports a rejected Invoke as transport error', async () => {
    window.go = { main: { App: { Invoke: vi.fn(async () => Promise.reject(new Error('binding gone'))) } } };
    await expect(call('health')).rejects.toMatchObject({ code: 'transport', message: 'binding gone' });
  });

  it('reports invalid JSON as bad_response', async () => {
    fakeWails('not json');
    await expect(call('health')).rejects.toMatchObject({ code: 'bad_response' });
  });
});

describe('both transports', () => {
  const samples: Partial<Record<OperationName, { params: Record<string, string | number>; body?: unknown }>> = {
    'kr.stockChart': { params: { ticker: '005930', period: '3mo' } },
    'settings.update': { params: {}, body: { theme: 'light', sources: { flow_days: 30 }, api_keys: { fmp_api_key: '' } } },
    'update.start': { params: {}, body: { market: 'all' } },
    'jobs.get': { params: { id: 'update-1' } },
    'import.csv': { params: {}, body: { symbol: 'AAPL', market: 'US', csv: 'date,open,high,low,close,volume\n' } },
  };

  it('every canned body belongs to an operation of the generated map', () => {
    for (const name of Object.keys(bodies)) expect(Object.keys(operations)).toContain(name);
  });

  for (const name of Object.keys(operations) as OperationName[]) {
    it(`${name}: Wails and HTTP give deep-equal results`, async () => {
      const op = operations[name];
      const body =
        (bodies as Record<string, unknown>)[name] ??
        { status: 'success', data_source: 'demo', generated_at: '2026-11-28T06:00:00Z' };
      const sample = samples[name] ?? {
        params: Object.fromEntries(op.pathParams.map((p) => [p, 'x'])),
        body: op.method === 'POST' ? {} : undefined,
      };
      localStorage.setItem('krmarket.apiToken', 't');

      fakeFetch(body);
      const viaHttp = await call(name, sample.params, sample.body);

      fakeWails(body);
      const viaWails = await call(name, sample.params, sample.body);

      expect(viaWails).toEqual(viaHttp);
      expect(viaHttp).toEqual(body);
    });
  }

  it('both reject an error envelope with the same code and message', async () => {
    fakeFetch(errorBody, 404);
    const a = await call('health').catch((e: ApiError) => e);
    fakeWails(errorBody);
    const b = await call('health').catch((e: ApiError) => e);
    expect([a.code, a.message]).toEqual([b.code, b.message]);
  });
});

describe('new operations', () => {
  it('send the documented method, path and body', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'tok');
    const f = fakeFetch(bodies['jobs.get']);
    await api.getJob('update-7');
    await api.startUpdate('crypto');
    await api.importCsv({ symbol: 'BTCUSDT', csv: 'x' });
    await api.sourcesStatus();
    await api.listJobs();
    const seen = f.mock.calls.map(([url, init]) => [init.method, url, init.body ? JSON.parse(String(init.body)) : null]);
    expect(seen).toEqual([
      ['GET', '/api/jobs/update-7', null],
      ['POST', '/api/update', { market: 'crypto' }],
      ['POST', '/api/import', { symbol: 'BTCUSDT', csv: 'x' }],
      ['GET', '/api/sources', null],
      ['GET', '/api/jobs', null],
    ]);
    for (const i of [1, 2]) expect((f.mock.calls[i][1].headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('keep the whole error envelope on ApiError (409 busy)', async () => {
    fakeFetch({ status: 'error', error: 'busy', message: 'an update is already running (job update-1)', job: { id: 'update-1' } }, 409);
    const err = (await api.startUpdate('kr').catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ code: 'busy', httpStatus: 409 });
    expect(err.envelope?.job).toEqual({ id: 'update-1' });
  });
});

describe('importCsvFile (desktop file dialog)', () => {
  it('returns null when the dialog was cancelled', async () => {
    const ImportCSVFile = vi.fn(async () => JSON.stringify({ status: 'error', error: 'cancelled', message: 'cancelled' }));
    window.go = { main: { App: { Invoke: vi.fn(), ImportCSVFile } } };
    expect(await importCsvFile('AAPL', 'US')).toBeNull();
    expect(ImportCSVFile).toHaveBeenCalledWith('AAPL', 'US');
  });

  it('returns the result and notifies listeners', async () => {
    window.go = { main: { App: { Invoke: vi.fn(), ImportCSVFile: vi.fn(async () => JSON.stringify(bodies['import.csv'])) } } };
    const seen: string[] = [];
    const off = onResponse((name) => seen.push(name));
    expect(await importCsvFile('AAPL', '')).toEqual(bodies['import.csv']);
    off();
    expect(seen).toEqual(['import.csv']);
  });

  it('rejects an error envelope with its message', async () => {
    const message = 'csvimport: 1 bad row(s):\n  line 3: high < low';
    window.go = { main: { App: { Invoke: vi.fn(), ImportCSVFile: vi.fn(async () => JSON.stringify({ status: 'error', error: 'bad_csv', message })) } } };
    await expect(importCsvFile('AAPL', 'US')).rejects.toMatchObject({ code: 'bad_csv', message });
  });

  it('is unavailable in the browser', async () => {
    await expect(importCsvFile('AAPL', 'US')).rejects.toMatchObject({ code: 'transport' });
  });
});

describe('helpers', () => {
  it('buildUrl leaves a path without params alone', () => {
    expect(buildUrl(operations.health, {})).toBe('/api/health');
  });

  it('notifies response listeners with the parsed body', async () => {
    fakeFetch(bodies.health);
    const seen: string[] = [];
    const off = onResponse((name, body) => seen.push(`${name}:${(body as { data_source: string }).data_source}`));
    await call('health');
    off();
    await call('health');
    expect(seen).toEqual(['health:demo']);
  });
});
