import { describe, expect, it } from 'vitest';
import { closedTrades, curveLines, equityLines, lastValue, monthlyRows, perfSummary, reasonStats, summarize } from '../../src/lib/kr/perf';
import type { LedgerTrade, PerformanceResponse } from '../../src/lib/kr/types';

const env = { status: 'success' as const, generated_at: 'x', data_source: 'demo' as const };
const trade = (ticker: string, signal: string, exit: string, ret: number, reason = 'TIME_EXIT', hold = 5): LedgerTrade => ({
  ticker, name: ticker, signal_date: signal, exit_date: exit, entry_price: 100, exit_price: 100 + ret, return_pct: ret, hold_days: hold, exit_reason: reason,
});

// Hand-checked: returns +10, −5, +20, −7 (%).
//   wins 2, losses 2 → win rate 50.0; mean (10 − 5 + 20 − 7)/4 = 4.5; sum 18
//   compounded 1.10 · 0.95 · 1.20 · 0.93 = 1.16622 → 16.62 %
//   profit factor (10 + 20)/(5 + 7) = 2.5; hold (3+5+7+9)/4 = 6.0
const trades = [
  trade('A', '2026-09-01', '2026-09-04', 10, 'TAKE_PROFIT', 3),
  trade('B', '2026-09-02', '2026-09-09', -5, 'STOP_LOSS', 5),
  trade('C', '2026-10-01', '2026-10-10', 20, 'TIME_EXIT', 7),
  trade('D', '2026-10-05', '2026-10-20', -7, 'STOP_LOSS', 9),
];

describe('summarize', () => {
  it('computes every figure from the trades (hand-checked)', () => {
    expect(summarize(trades)).toEqual({
      closed: 4, open: null, wins: 2, losses: 2, winRate: 50, avgReturn: 4.5, sumReturn: 18, compoundedReturn: 16.62,
      profitFactor: 2.5, best: 20, worst: -7, avgHoldDays: 6, period: '2026-09-01 ~ 2026-10-20',
    });
  });

  it('counts a zero return as a loss and has no profit factor without losses', () => {
    const s = summarize([trade('A', '2026-01-01', '2026-01-02', 0), trade('B', '2026-01-01', '2026-01-03', 3)]);
    expect(s.wins).toBe(1);
    expect(s.losses).toBe(1);
    expect(s.profitFactor).toBeNull(); // the only loss is 0: gross loss 0
    expect(summarize([]).winRate).toBeNull();
  });
});

describe('perfSummary', () => {
  it('prefers the server’s figures (sum from total_return) and fills the rest from the trades', () => {
    const p: PerformanceResponse = { ...env, closed_signals: 4, open_signals: 3, win_rate: 50, total_return: 18.01, profit_factor: null, best_trade: 20, performance: trades };
    const s = perfSummary(p);
    expect(s.open).toBe(3);
    expect(s.sumReturn).toBe(18.01);
    expect(s.compoundedReturn).toBe(16.62);
    expect(s.profitFactor).toBeNull(); // the server said "no losses": trusted
    expect(s.worst).toBe(-7);
    expect(perfSummary({ ...env, sum_return: 1, total_return: 2 }).sumReturn).toBe(1);
    expect(perfSummary(null).closed).toBe(0);
  });

  it('reads best/worst given as trade objects', () => {
    expect(perfSummary({ ...env, best_trade: trades[2], worst_trade: trades[3] })).toMatchObject({ best: 20, worst: -7 });
  });
});

describe('lists', () => {
  const p: PerformanceResponse = { ...env, trades };

  it('orders trades newest exit first and drops malformed ones', () => {
    const bad = { ...trades[0], return_pct: Number.NaN };
    expect(closedTrades({ ...env, trades: [...trades, bad] }).map((t) => t.ticker)).toEqual(['D', 'C', 'B', 'A']);
  });

  it('groups months by exit month (hand-checked)', () => {
    expect(monthlyRows(p)).toEqual([
      // October: +20, −7 → sum 13, compounded 1.2 · 0.93 − 1 = 11.6 %
      { month: '2026-10', trades: 2, wins: 1, win_rate: 50, sum_return: 13, compounded_return: 11.6 },
      // September: +10, −5 → sum 5, compounded 1.1 · 0.95 − 1 = 4.5 %
      { month: '2026-09', trades: 2, wins: 1, win_rate: 50, sum_return: 5, compounded_return: 4.5 },
    ]);
    const given = [{ month: '2026-01', trades: 1, wins: 1, win_rate: 100, sum_return: 1, compounded_return: 1 }];
    expect(monthlyRows({ ...p, monthly: given })).toEqual(given);
  });

  it('groups exit reasons, most frequent first', () => {
    const r = reasonStats(p);
    expect(r[0]).toEqual(['STOP_LOSS', { count: 2, win_rate: 0, avg_return: -6 }]);
    expect(r.map(([k]) => k).sort()).toEqual(['STOP_LOSS', 'TAKE_PROFIT', 'TIME_EXIT']);
    const given = { TIME_EXIT: { count: 9, win_rate: 40, avg_return: 1 } };
    expect(reasonStats({ ...p, by_exit_reason: given })).toEqual([['TIME_EXIT', given.TIME_EXIT]]);
  });
});

describe('curves', () => {
  it('splits the cumulative curve into strategy and KOSPI lines (KOSPI skips nulls)', () => {
    const c = curveLines([
      { date: '2026-09-02', strategy: 1.5, kospi: 0.2 },
      { date: '2026-09-01', strategy: 0, kospi: null },
      { date: 'bad', strategy: 9, kospi: 9 },
    ]);
    expect(c.strategy).toEqual([{ time: '2026-09-01', value: 0 }, { time: '2026-09-02', value: 1.5 }]);
    expect(c.kospi).toEqual([{ time: '2026-09-02', value: 0.2 }]);
    expect(lastValue(c.strategy)).toBe(1.5);
    expect(lastValue([])).toBeNull();
  });

  it('draws drawdown below zero', () => {
    const e = equityLines([
      { date: '2026-09-01', equity: 100, cash: 100, positions: 0, drawdown_pct: 0 },
      { date: '2026-09-02', equity: 95, cash: 50, positions: 1, drawdown_pct: 5 },
    ]);
    expect(e.equity.map((p) => p.value)).toEqual([100, 95]);
    expect(e.drawdown.map((p) => p.value)).toEqual([0, -5]);
  });
});
