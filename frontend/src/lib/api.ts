// The single entry point to the KR Market API, with two transports:
//   - Wails: window.go.main.App.Invoke(name, params, body) returns the HTTP
//     body text of the same operation, computed in-process;
//   - HTTP: fetch() against the same origin (the page is served at /app/ by
//     the API server), used by `krmarket serve` and the Vite dev server.
// Both end in the same parsed JSON, and both turn an error envelope
// ({status:"error", error, message}) into an ApiError.

import { operations, type OperationDef, type OperationName } from './operations.gen';
import type {
  ChartPeriod,
  HealthResponse,
  ImportMarket,
  ImportRequest,
  ImportResponse,
  JobResponse,
  JobsResponse,
  SettingsResponse,
  SettingsUpdate,
  SignalsResponse,
  SourcesResponse,
  StockChartResponse,
  UpdateMarket,
} from './types';
import { wailsApp, type WailsApp } from './wails';

export type Params = Record<string, string | number>;

/** localStorage key of the bearer token used for `token: true` operations. */
export const TOKEN_STORAGE_KEY = 'krmarket.apiToken';

export class ApiError extends Error {
  /** Machine-readable code: the envelope's `error`, or a client-side code
   *  (`network`, `bad_response`, `http_error`, `missing_param`, `unknown_operation`, `transport`). */
  readonly code: string;
  /** Same as `code` (the envelope's field name). */
  readonly error: string;
  /** HTTP status when the HTTP transport was used. */
  readonly httpStatus?: number;
  /** The whole error envelope, for operations that add fields to it (e.g. the running job of a 409 busy). */
  readonly envelope?: Record<string, unknown>;

  constructor(code: string, message: string, httpStatus?: number, envelope?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.error = code;
    if (httpStatus !== undefined) this.httpStatus = httpStatus;
    if (envelope !== undefined) this.envelope = envelope;
  }
}

export function getApiToken(): string {
  try {
    return globalThis.localStorage?.getItem(TOKEN_STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setApiToken(token: string): void {
  try {
    const t = token.trim();
    if (t) localStorage.setItem(TOKEN_STORAGE_KEY, t);
    else localStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // storage unavailable (private mode): the token lives for this call only
  }
}

type ResponseListener = (name: OperationName, body: unknown) => void;
const listeners = new Set<ResponseListener>();

/** Called after every successful response (used to refresh the data-source badge). */
export function onResponse(listener: ResponseListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function stringParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) out[k] = String(v);
  return out;
}

/** Builds the request URL (path + query) of an operation for the HTTP transport. */
export function buildUrl(op: OperationDef, params: Record<string, string>): string {
  let path = op.path;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (op.pathParams.includes(k)) {
      path = path.split(`{${k}}`).join(encodeURIComponent(v));
    } else {
      query.append(k, v);
    }
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

function parseBody(text: string, httpStatus?: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const snippet = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw new ApiError('bad_response', `Invalid JSON response: ${snippet}`, httpStatus);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkEnvelope(parsed: unknown, httpStatus?: number): void {
  if (isRecord(parsed) && parsed.status === 'error') {
    const code = typeof parsed.error === 'string' && parsed.error ? parsed.error : 'error';
    const message = typeof parsed.message === 'string' && parsed.message ? parsed.message : code;
    throw new ApiError(code, message, httpStatus, parsed);
  }
  if (httpStatus !== undefined && (httpStatus < 200 || httpStatus > 299)) {
    throw new ApiError('http_error', `HTTP ${httpStatus}`, httpStatus);
  }
}

async function viaWails(
  invoke: WailsApp['Invoke'],
  name: OperationName,
  params: Record<string, string>,
  body: unknown,
): Promise<unknown> {
  let text: string;
  try {
    text = await invoke(name, params, body === undefined ? '' : JSON.stringify(body));
  } catch (err) {
    throw new ApiError('transport', err instanceof Error ? err.message : String(err));
  }
  const parsed = parseBody(text);
  checkEnvelope(parsed);
  return parsed;
}

async function viaHttp(
  op: OperationDef,
  params: Record<string, string>,
  body: unknown,
): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method: op.method, headers };
  if (op.method === 'POST') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  if (op.token) {
    const token = getApiToken();
    if (token) headers.Authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(op, params), init);
  } catch (err) {
    throw new ApiError('network', err instanceof Error ? err.message : String(err));
  }
  const text = await res.text();
  const parsed = parseBody(text, res.status);
  checkEnvelope(parsed, res.status);
  return parsed;
}

/**
 * Calls one API operation. `params` fill the path parameters; the rest go
 * to the query string. Resolves to the parsed JSON body; rejects with
 * ApiError on an error envelope or a transport failure.
 */
export async function call(name: OperationName, params: Params = {}, body?: unknown): Promise<any> {
  const op: OperationDef | undefined = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!op) throw new ApiError('unknown_operation', `Unknown operation: ${String(name)}`);
  const p = stringParams(params);
  for (const key of op.pathParams) {
    if (!p[key]) throw new ApiError('missing_param', `Missing path parameter "${key}" for ${name}`);
  }
  const app = wailsApp();
  const result =
    typeof app?.Invoke === 'function'
      ? await viaWails(app.Invoke.bind(app), name, p, body)
      : await viaHttp(op, p, body);
  notify(name, result);
  return result;
}

function notify(name: OperationName, result: unknown): void {
  for (const l of listeners) {
    try {
      l(name, result);
    } catch (err) {
      console.warn('response listener failed', err);
    }
  }
}

/** Largest CSV file import.csv accepts (checked here before reading the file). */
export const MAX_CSV_BYTES = 16 * 1024 * 1024;

/**
 * Desktop window only: opens the native file dialog and imports the chosen
 * CSV (Go side: ImportCSVFile; market "" = inferred from the symbol). Resolves to null when the user cancelled,
 * and rejects with ApiError like call() otherwise.
 */
export async function importCsvFile(symbol: string, market: ImportMarket | ''): Promise<ImportResponse | null> {
  const fn = wailsApp()?.ImportCSVFile;
  if (typeof fn !== 'function') throw new ApiError('transport', 'The file dialog is only available in the desktop window');
  let text: string;
  try {
    text = await fn(symbol, market);
  } catch (err) {
    throw new ApiError('transport', err instanceof Error ? err.message : String(err));
  }
  const parsed = parseBody(text);
  if (isRecord(parsed) && parsed.status === 'error' && parsed.error === 'cancelled') return null;
  checkEnvelope(parsed);
  notify('import.csv', parsed);
  return parsed as ImportResponse;
}

/** Typed wrappers around call(). */
export const api = {
  health: (): Promise<HealthResponse> => call('health'),
  krSignals: (): Promise<SignalsResponse> => call('kr.signals'),
  stockChart: (ticker: string, period: ChartPeriod = '1y'): Promise<StockChartResponse> =>
    call('kr.stockChart', { ticker, period }),
  getSettings: (): Promise<SettingsResponse> => call('settings.get'),
  updateSettings: (patch: SettingsUpdate): Promise<SettingsResponse> =>
    call('settings.update', {}, patch),
  sourcesStatus: (): Promise<SourcesResponse> => call('sources.status'),
  startUpdate: (market: UpdateMarket): Promise<JobResponse> => call('update.start', {}, { market }),
  listJobs: (): Promise<JobsResponse> => call('jobs.list'),
  getJob: (id: string): Promise<JobResponse> => call('jobs.get', { id }),
  importCsv: (req: ImportRequest): Promise<ImportResponse> => call('import.csv', {}, req),
};
