import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api';
import { hasOperation, krApi, needsToken, operationFor, PATHS } from '../../src/lib/kr/api';
import { bodiesSent, ok, routeFetch } from '../http';

const env = { status: 'success', generated_at: 'x', data_source: 'demo' };

describe('KR operations by path', () => {
  it('finds operations of the generated table by method and path', () => {
    expect(operationFor('GET', PATHS.signals)).toBe('kr.signals');
    expect(operationFor('POST', PATHS.signals)).toBeNull();
    expect(hasOperation('GET', '/api/kr/nope')).toBe(false);
    expect(needsToken('POST', PATHS.scan)).toBe(true);
    expect(needsToken('POST', PATHS.prices)).toBe(false);
    expect(needsToken('GET', '/api/kr/nope')).toBe(true);
  });

  it('calls the chart with its path parameter and period', async () => {
    const fetch = routeFetch({ 'GET /api/kr/stock-chart/005930': ok({ ...env, ticker: '005930' }) });
    const r = await krApi.chart('005930', '3mo');
    expect(r.ticker).toBe('005930');
    expect(String(fetch.mock.calls[0][0])).toBe('/api/kr/stock-chart/005930?period=3mo');
  });

  it('posts realtime prices with the tickers, without a token', async () => {
    const fetch = routeFetch({ 'POST /api/kr/realtime-prices': ok({ ...env, prices: { '005930': 71000 } }) });
    expect((await krApi.prices(['005930'])).prices).toEqual({ '005930': 71000 });
    expect(bodiesSent(fetch, 'POST /api/kr/realtime-prices')).toEqual([{ tickers: ['005930'] }]);
    const headers = (fetch.mock.calls[0][1] as RequestInit).headers as Record<string, string>;
    expect(headers.Authorization).toBeUndefined();
  });

  it('asks the AI analysis with refresh only when told', async () => {
    const fetch = routeFetch({ 'GET /api/kr/ai-analysis': ok({ ...env, signals: [] }) });
    await krApi.aiAnalysis();
    await krApi.aiAnalysis(true);
    expect(fetch.mock.calls.map((c) => String(c[0]))).toEqual(['/api/kr/ai-analysis', '/api/kr/ai-analysis?refresh=true']);
  });

  it('rejects with an "unavailable" ApiError for an operation this server lacks', async () => {
    const err = await Promise.reject(new ApiError('x', 'y')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    if (!hasOperation('GET', PATHS.backtest)) {
      await expect(krApi.backtest({})).rejects.toMatchObject({ code: 'unavailable' });
    } else {
      const fetch = routeFetch({ 'GET /api/kr/backtest': ok({ ...env, performance: {}, equity_curve: [], trades: [] }) });
      await krApi.backtest({ preset: 'aggressive', start: '2026-01-02' });
      expect(String(fetch.mock.calls[0][0])).toBe('/api/kr/backtest?preset=aggressive&start=2026-01-02');
    }
  });
});
