// Typed calls of the KR operations. An operation is found in the generated
// table by its method and path (the public contract, api-reference §2), so
// a server that does not serve one yet fails with a clear "unavailable"
// ApiError instead of a type error or a 404 page.

import { ApiError, call, type Params } from '../api';
import { operations, type OperationName } from '../operations.gen';
import type { ChartPeriod, JobResponse } from '../types';
import type {
  AiAnalysisResponse,
  AiHistoryDatesResponse,
  AiSummaryResponse,
  BacktestResponse,
  CumulativeReturnResponse,
  KrChartResponse,
  KrSignalsResponse,
  MarketGateResponse,
  MarketStatusResponse,
  PerformanceResponse,
  RealtimePricesResponse,
} from './types';

/** The operation serving `method path`, or null when this server has none. */
export function operationFor(method: 'GET' | 'POST', path: string): OperationName | null {
  for (const [name, op] of Object.entries(operations)) {
    if (op.method === method && op.path === path) return name as OperationName;
  }
  return null;
}

/** Whether this build knows the operation (e.g. to hide the scan button on an older server). */
export function hasOperation(method: 'GET' | 'POST', path: string): boolean {
  return operationFor(method, path) !== null;
}

/** Whether `method path` needs the API token (true when unknown: assume the stricter). */
export function needsToken(method: 'GET' | 'POST', path: string): boolean {
  const name = operationFor(method, path);
  return name === null ? true : operations[name].token;
}

function byPath<T>(method: 'GET' | 'POST', path: string, params: Params = {}, body?: unknown): Promise<T> {
  const name = operationFor(method, path);
  if (!name) return Promise.reject(new ApiError('unavailable', `${method} ${path} is not available on this server`));
  return call(name, params, body) as Promise<T>;
}

export const PATHS = {
  signals: '/api/kr/signals',
  chart: '/api/kr/stock-chart/{ticker}',
  gate: '/api/kr/market-gate',
  status: '/api/kr/market-status',
  aiAnalysis: '/api/kr/ai-analysis',
  aiRefresh: '/api/kr/ai-analysis/refresh',
  aiSummary: '/api/kr/ai-summary/{ticker}',
  aiHistoryDates: '/api/kr/ai-history-dates',
  aiHistory: '/api/kr/ai-history/{date}',
  performance: '/api/kr/performance',
  cumulative: '/api/kr/cumulative-return',
  backtest: '/api/kr/backtest',
  scan: '/api/kr/vcp-scan',
  prices: '/api/kr/realtime-prices',
} as const;

export const krApi = {
  signals: () => byPath<KrSignalsResponse>('GET', PATHS.signals),
  chart: (ticker: string, period: ChartPeriod) => byPath<KrChartResponse>('GET', PATHS.chart, { ticker, period }),
  gate: () => byPath<MarketGateResponse>('GET', PATHS.gate),
  status: () => byPath<MarketStatusResponse>('GET', PATHS.status),
  aiAnalysis: (refresh = false) =>
    byPath<AiAnalysisResponse>('GET', PATHS.aiAnalysis, refresh ? { refresh: 'true' } : {}),
  /** Recompute with the LLMs (token operation); GET ?refresh=true is refused when an LLM is configured. */
  aiRefresh: () => byPath<AiAnalysisResponse>('POST', PATHS.aiRefresh, {}, {}),
  aiSummary: (ticker: string) => byPath<AiSummaryResponse>('GET', PATHS.aiSummary, { ticker }),
  aiHistoryDates: () => byPath<AiHistoryDatesResponse>('GET', PATHS.aiHistoryDates),
  aiHistory: (date: string) => byPath<AiAnalysisResponse>('GET', PATHS.aiHistory, { date }),
  performance: () => byPath<PerformanceResponse>('GET', PATHS.performance),
  cumulative: () => byPath<CumulativeReturnResponse>('GET', PATHS.cumulative),
  backtest: (params: Params) => byPath<BacktestResponse>('GET', PATHS.backtest, params),
  scan: () => byPath<JobResponse>('POST', PATHS.scan, {}, {}),
  prices: (tickers: string[]) => byPath<RealtimePricesResponse>('POST', PATHS.prices, {}, { tickers }),
};
