import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { krView } from '../../src/lib/kr/viewState.svelte';
import { krState } from '../../src/lib/krState.svelte';
import KrSignalsView from '../../src/views/KrSignalsView.svelte';
import { setEventSourceFactory, type EventSourceLike } from '../../src/lib/events';
import { bodiesSent, ok, routeFetch, type Routes } from '../http';
import { aiSignals, krSignals } from './fixtures';

vi.mock('../../src/lib/kr/KrStockView.svelte', async () => ({ default: (await import('./StubStockView.svelte')).default }));

const env = { status: 'success', data_source: 'demo', generated_at: '2026-11-28T06:00:00Z' };

function routes(over: Routes = {}): Routes {
  return {
    'GET /api/kr/signals': ok({ ...env, signals: krSignals, count: 4, total_filtered: 4, source: 'ledger' }),
    'GET /api/kr/market-gate': ok({ ...env, status: 'GREEN', gate: 'GREEN', score: 72, label: 'BULLISH', reasons: ['r'], sectors: [] }),
    'GET /api/kr/market-status': ok({ ...env, status: 'RISK_ON', score: 80, session: { state: 'open' } }),
    'GET /api/kr/ai-analysis': ok({ ...env, signals: aiSignals, signal_date: '2026-11-27' }),
    'GET /api/kr/ai-history-dates': ok({ ...env, dates: ['2026-11-27', '2026-11-20'], count: 2 }),
    'GET /api/kr/ai-history/2026-11-20': ok({
      ...env,
      signal_date: '2026-11-20',
      signals: [{ ...aiSignals[1], entry_price: 150000, current_price: 160000, score: 77, final_score: 70 }],
    }),
    'POST /api/kr/realtime-prices': ok({ ...env, prices: { '005930': 75000, '247540': 0 } }),
    'GET /api/jobs': ok({ ...env, jobs: [] }),
    ...over,
  };
}

async function settle(ms = 0) {
  await vi.advanceTimersByTimeAsync(ms);
  await tick();
}

const rows = () => [...document.querySelectorAll('[data-testid="signals-table"] tbody tr[data-ticker]')].map((r) => r.getAttribute('data-ticker'));
const cell = (t: string, col: string) => document.querySelector(`tr[data-ticker="${t}"] td[data-col="${col}"]`)?.textContent?.trim();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  krState.selectedTicker = null;
  krView.historyDate = null;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('KrSignalsView', () => {
  it('loads signals, gate, status and AI verdicts, and selects the first row', async () => {
    routeFetch(routes());
    render(KrSignalsView, { props: { lang: 'en', theme: 'dark' } });
    await settle();
    expect(rows()).toEqual(['005930', '247540', '000660', '086520']);
    expect(screen.getByTestId('gate-card').dataset.gate).toBe('GREEN');
    expect(screen.getByTestId('market-status').dataset.session).toBe('open');
    expect(document.querySelector('tr[data-ticker="005930"] [data-analyst="rules"]')?.getAttribute('data-verdict')).toBe('buy');
    expect(screen.getByTestId('ai-date').textContent).toContain('2026-11-27');
    expect(screen.getByTestId('stock-stub').dataset.ticker).toBe('005930');
    expect(screen.getByTestId('stock-stub').dataset.ai).toBe('005930');
  });

  it('refreshes live prices every 60 s and updates the rows in place', async () => {
    const fetch = routeFetch(routes());
    render(KrSignalsView, { props: { lang: 'en', theme: 'dark' } });
    await settle();
    expect(cell('005930', 'current')).toBe('73,500');
    await settle(60_000);
    expect(bodiesSent(fetch, 'POST /api/kr/realtime-prices')).toEqual([{ tickers: ['005930', '247540', '000660', '086520'] }]);
    expect(cell('005930', 'current')).toBe('75,000');
    // (75,000 − 71,200)/71,200 = 5.34 %
    expect(cell('005930', 'return')).toBe('+5.34%');
    expect(cell('247540', 'current')).toBe('181,500'); // 0 = unknown: unchanged
    expect(screen.getByTestId('live-status').textContent).toMatch(/Live prices \d\d:\d\d/);
    await settle(60_000);
    expect(bodiesSent(fetch, 'POST /api/kr/realtime-prices')).toHaveLength(2);
  });

  it('re-reads the list in place when a background price cycle stored KR prices', async () => {
    type L = (e: MessageEvent) => void;
    const listeners = new Map<string, L[]>();
    const src: EventSourceLike = {
      addEventListener: (type: string, l: L) => listeners.set(type, [...(listeners.get(type) ?? []), l]),
      removeEventListener: () => {},
      close: () => {},
    } as unknown as EventSourceLike;
    setEventSourceFactory(() => src);
    const moved = krSignals.map((s) => (s.ticker === '005930' ? { ...s, current_price: 76000 } : s));
    routeFetch(routes({ 'GET /api/kr/signals': [
      ok({ ...env, signals: krSignals, count: 4, total_filtered: 4, source: 'ledger' }),
      ok({ ...env, signals: moved, count: 4, total_filtered: 4, source: 'ledger' }),
    ] }));
    try {
      render(KrSignalsView, { props: { lang: 'en', theme: 'dark' } });
      await settle();
      expect(cell('005930', 'current')).toBe('73,500');
      const emit = (type: string, data: object) =>
        listeners.get(type)?.forEach((l) => l(new MessageEvent(type, { data: JSON.stringify({ seq: 1, type, time: 'now', data }) })));
      emit('prices.updated', { market: 'us', count: 3 }); // another market: ignored
      await settle();
      expect(cell('005930', 'current')).toBe('73,500');
      emit('prices.updated', { market: 'kr', count: 311 });
      await settle();
      expect(cell('005930', 'current')).toBe('76,000');
      expect(rows()).toEqual(['005930', '247540', '000660', '086520']);
    } finally {
      setEventSourceFactory(undefined);
    }
  });

  it('shows a past analysis from the history picker, then the latest again', async () => {
    const fetch = routeFetch(routes());
    render(KrSignalsView, { props: { lang: 'en', theme: 'dark' } });
    await settle();
    await fireEvent.change(screen.getByTestId('history-picker'), { target: { value: '2026-11-20' } });
    await settle();
    expect(rows()).toEqual(['247540']);
    expect(screen.getByTestId('history-note').textContent).toContain('2026-11-20');
    expect(cell('247540', 'current')).toBe('160,000');
    expect(screen.queryByTestId('live-status')).toBeNull();
    // No live prices for a past date.
    await settle(120_000);
    expect(bodiesSent(fetch, 'POST /api/kr/realtime-prices')).toHaveLength(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Back to latest' }));
    await settle();
    expect(rows()).toHaveLength(4);
  });

  it('waits for the signal history to be built, then loads', async () => {
    const building = { ...env, signals: [], count: 0, total_filtered: 0, source: 'ledger', message: 'Building the signal history' };
    const fetch = routeFetch(
      routes({
        'GET /api/kr/signals': [ok(building), ok({ ...env, signals: krSignals, count: 4, total_filtered: 4, source: 'ledger' })],
        'GET /api/jobs': ok({ ...env, jobs: [{ id: 'replay-1', kind: 'replay', state: 'running', step: 'replay', done: 1, total: 60, started: env.generated_at }] }),
        'GET /api/jobs/replay-1': ok({ ...env, job: { id: 'replay-1', kind: 'replay', state: 'done', step: 'replay', done: 60, total: 60, started: env.generated_at } }),
      }),
    );
    render(KrSignalsView, { props: { lang: 'en', theme: 'dark' } });
    await settle();
    expect(screen.getByTestId('signals-building').textContent).toContain('Building the signal history from the stored data');
    // The AI analysis is not asked while there are no signals.
    expect(fetch.mock.calls.some(([u]) => String(u).startsWith('/api/kr/ai-analysis'))).toBe(false);
    await settle(1000);
    expect(rows()).toHaveLength(4);
    expect(fetch.mock.calls.some(([u]) => String(u).startsWith('/api/kr/ai-analysis'))).toBe(true);
  });
});
