// The performance page's numbers: read from kr.performance, with every
// figure the server leaves out recomputed from its closed-trade list (an
// older server sent only the original's keys), plus chart transforms of
// the cumulative curve and the backtest equity curve.

import type { LineData, Time } from 'lightweight-charts';
import type { CurvePoint, EquityPoint, LedgerTrade, MonthRow, PerformanceResponse, ReasonStats } from './types';

const round = (v: number, dp: number) => {
  const p = 10 ** dp;
  return Math.round(v * p) / p;
};

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export interface PerfSummary {
  closed: number;
  open: number | null;
  wins: number;
  losses: number;
  /** %, 1 dp. */
  winRate: number | null;
  avgReturn: number | null;
  /** Σ returns (what the original called "total"). */
  sumReturn: number | null;
  /** (∏(1 + r/100) − 1)·100. */
  compoundedReturn: number | null;
  /** Σ winning returns / |Σ losing returns|; null without losses. */
  profitFactor: number | null;
  best: number | null;
  worst: number | null;
  avgHoldDays: number | null;
  period: string | null;
}

/** Closed trades of a performance answer (`trades`, else `performance`), newest exit first. */
export function closedTrades(p: PerformanceResponse | null | undefined): LedgerTrade[] {
  const list = Array.isArray(p?.trades) ? p.trades : Array.isArray(p?.performance) ? p.performance : [];
  return list
    .filter((t) => t && typeof t.ticker === 'string' && finite(t.return_pct))
    .sort((a, b) => (b.exit_date ?? '').localeCompare(a.exit_date ?? '') || a.ticker.localeCompare(b.ticker));
}

/** Every figure computed from trades alone. */
export function summarize(trades: readonly LedgerTrade[]): PerfSummary {
  const rets = trades.map((t) => t.return_pct).filter(finite);
  const n = rets.length;
  const wins = rets.filter((r) => r > 0);
  const losses = rets.filter((r) => r <= 0);
  const gain = wins.reduce((s, r) => s + r, 0);
  const loss = -losses.reduce((s, r) => s + r, 0);
  const holds = trades.map((t) => t.hold_days).filter(finite);
  const dates = trades.flatMap((t) => [t.signal_date, t.exit_date]).filter((d): d is string => !!d).sort();
  return {
    closed: n,
    open: null,
    wins: wins.length,
    losses: losses.length,
    winRate: n ? round((wins.length / n) * 100, 1) : null,
    avgReturn: n ? round(rets.reduce((s, r) => s + r, 0) / n, 2) : null,
    sumReturn: n ? round(rets.reduce((s, r) => s + r, 0), 2) : null,
    compoundedReturn: n ? round((rets.reduce((p, r) => p * (1 + r / 100), 1) - 1) * 100, 2) : null,
    profitFactor: loss > 0 ? round(gain / loss, 2) : null,
    best: n ? Math.max(...rets) : null,
    worst: n ? Math.min(...rets) : null,
    avgHoldDays: holds.length ? round(holds.reduce((s, d) => s + d, 0) / holds.length, 1) : null,
    period: dates.length ? `${dates[0]} ~ ${dates[dates.length - 1]}` : null,
  };
}

function tradeReturn(v: unknown): number | null {
  if (finite(v)) return v;
  if (typeof v === 'object' && v !== null && finite((v as LedgerTrade).return_pct)) return (v as LedgerTrade).return_pct;
  return null;
}

/** The server's figures where present, the computed ones otherwise. */
export function perfSummary(p: PerformanceResponse | null | undefined): PerfSummary {
  const c = summarize(closedTrades(p));
  if (!p) return c;
  const pick = (v: unknown, fallback: number | null) => (finite(v) ? v : fallback);
  return {
    closed: pick(p.closed_signals, c.closed) ?? c.closed,
    open: pick(p.open_signals, null),
    wins: pick(p.wins, c.wins) ?? c.wins,
    losses: pick(p.losses, c.losses) ?? c.losses,
    winRate: pick(p.win_rate, c.winRate),
    avgReturn: pick(p.avg_return, c.avgReturn),
    sumReturn: pick(p.sum_return, pick(p.total_return, c.sumReturn)),
    compoundedReturn: pick(p.compounded_return, c.compoundedReturn),
    profitFactor: p.profit_factor === null ? null : pick(p.profit_factor, c.profitFactor),
    best: tradeReturn(p.best_trade) ?? c.best,
    worst: tradeReturn(p.worst_trade) ?? c.worst,
    avgHoldDays: pick(p.avg_hold_days, c.avgHoldDays),
    period: typeof p.period === 'string' && p.period ? p.period : c.period,
  };
}

/** Monthly rows by exit month, newest first: the server's when sent, else computed. */
export function monthlyRows(p: PerformanceResponse | null | undefined): MonthRow[] {
  if (Array.isArray(p?.monthly) && p.monthly.length) {
    return [...p.monthly].sort((a, b) => b.month.localeCompare(a.month));
  }
  const groups = new Map<string, number[]>();
  for (const t of closedTrades(p)) {
    const m = (t.exit_date || t.signal_date || '').slice(0, 7);
    if (!/^\d{4}-\d{2}$/.test(m)) continue;
    groups.set(m, [...(groups.get(m) ?? []), t.return_pct]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([month, rets]) => {
      const wins = rets.filter((r) => r > 0).length;
      return {
        month,
        trades: rets.length,
        wins,
        win_rate: round((wins / rets.length) * 100, 1),
        sum_return: round(rets.reduce((s, r) => s + r, 0), 2),
        compounded_return: round((rets.reduce((p, r) => p * (1 + r / 100), 1) - 1) * 100, 2),
      };
    });
}

/** Per-exit-reason stats: the server's when sent, else computed from the trades. */
export function reasonStats(p: PerformanceResponse | null | undefined): [string, ReasonStats][] {
  const given = p?.by_exit_reason;
  if (given && typeof given === 'object' && Object.keys(given).length) {
    return Object.entries(given).sort(([, a], [, b]) => b.count - a.count);
  }
  const groups = new Map<string, number[]>();
  for (const t of closedTrades(p)) {
    const k = t.exit_reason || 'UNKNOWN';
    groups.set(k, [...(groups.get(k) ?? []), t.return_pct]);
  }
  return [...groups.entries()]
    .map(([k, rets]): [string, ReasonStats] => [
      k,
      {
        count: rets.length,
        win_rate: round((rets.filter((r) => r > 0).length / rets.length) * 100, 1),
        avg_return: round(rets.reduce((s, r) => s + r, 0) / rets.length, 2),
      },
    ])
    .sort(([, a], [, b]) => b.count - a.count);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function byDate<T extends { date: string }>(points: readonly T[] | null | undefined): T[] {
  const m = new Map<string, T>();
  for (const p of points ?? []) if (p && DATE_RE.test(p.date)) m.set(p.date, p);
  return [...m.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The cumulative curve as two lines: strategy and KOSPI (KOSPI skips its null days). */
export function curveLines(curve: readonly CurvePoint[] | null | undefined): { strategy: LineData<Time>[]; kospi: LineData<Time>[] } {
  const pts = byDate(curve);
  return {
    strategy: pts.filter((p) => finite(p.strategy)).map((p) => ({ time: p.date, value: p.strategy })),
    kospi: pts.filter((p) => finite(p.kospi)).map((p) => ({ time: p.date, value: p.kospi as number })),
  };
}

/** The backtest equity curve and its drawdown (negative %, for a below-zero area). */
export function equityLines(curve: readonly EquityPoint[] | null | undefined): { equity: LineData<Time>[]; drawdown: LineData<Time>[] } {
  const pts = byDate(curve).filter((p) => finite(p.equity));
  return {
    equity: pts.map((p) => ({ time: p.date, value: p.equity })),
    drawdown: pts.map((p) => ({ time: p.date, value: finite(p.drawdown_pct) && p.drawdown_pct !== 0 ? -Math.abs(p.drawdown_pct) : 0 })),
  };
}

/** Last value of a line, or null. */
export function lastValue(line: readonly LineData<Time>[]): number | null {
  return line.length ? line[line.length - 1].value : null;
}
