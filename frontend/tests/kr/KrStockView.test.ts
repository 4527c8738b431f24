import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import KrStockView from '../../src/lib/kr/KrStockView.svelte';
import { ok, routeFetch } from '../http';

vi.mock('../../src/lib/kr/KrStockChart.svelte', async () => ({ default: (await import('./StubChart.svelte')).default }));

const env = { status: 'success', data_source: 'live', generated_at: '2026-11-30T01:30:00Z' };
const candle = (date: string, close: number) => ({ date, time: Date.parse(date) / 1000, open: close, high: close, low: close, close, volume: 100 });

function chart(todayPartial: boolean) {
  return ok({
    ...env,
    ticker: '005930',
    name: '삼성전자',
    market: 'KOSPI',
    period: '1mo',
    data: [candle('2026-11-27', 70000), candle('2026-11-30', 71000)],
    candles: [],
    flows: [],
    today_partial: todayPartial,
  });
}

describe('KrStockView header', () => {
  it('marks the last candle as intraday when the server built it from today\'s session', async () => {
    routeFetch({ 'GET /api/kr/stock-chart/005930': chart(true), 'GET /api/kr/ai-summary/005930': ok({ ...env, ticker: '005930' }) });
    render(KrStockView, { props: { ticker: '005930', lang: 'ko', theme: 'dark', period: '1mo' } });
    const badge = await screen.findByTestId('today-partial');
    expect(badge.textContent).toBe('장중');
    expect(badge.getAttribute('title')).toContain('저장되지 않음');
  });

  it('shows no intraday mark for a completed session', async () => {
    routeFetch({ 'GET /api/kr/stock-chart/005930': chart(false), 'GET /api/kr/ai-summary/005930': ok({ ...env, ticker: '005930' }) });
    render(KrStockView, { props: { ticker: '005930', lang: 'en', theme: 'dark', period: '1mo' } });
    await screen.findByTestId('chart-stub');
    expect(screen.queryByTestId('today-partial')).toBeNull();
  });
});
