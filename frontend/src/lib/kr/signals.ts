// The KR signals table's logic: filtering, sorting, live prices and the
// rows of a past AI-analysis snapshot.

import type { AiSignal, KrSignal, Stage } from './types';
import { STAGES } from './types';

export type MarketFilter = 'ALL' | 'KOSPI' | 'KOSDAQ';
export type StageFilter = 'ALL' | Stage;
export type SortDir = 'asc' | 'desc';
export type SortKey =
  | 'name'
  | 'signal_date'
  | 'stage'
  | 'score'
  | 'final_score'
  | 'foreign_5d'
  | 'inst_5d'
  | 'distance_to_pivot_pct'
  | 'entry_price'
  | 'current_price'
  | 'return_pct';

export interface SignalFilter {
  market: MarketFilter;
  /** Rows with score below this are hidden (0 = all). */
  minScore: number;
  stage: StageFilter;
  /** Case-insensitive substring of the ticker or the name. */
  query: string;
}

export const DEFAULT_FILTER: SignalFilter = { market: 'ALL', minScore: 0, stage: 'ALL', query: '' };

/** The stage of a row ("none" when absent or unknown). */
export function stageOf(s: { stage?: string | null }): Stage {
  return (STAGES as readonly string[]).includes(s.stage ?? '') ? (s.stage as Stage) : 'none';
}

export function filterSignals(signals: readonly KrSignal[], f: SignalFilter): KrSignal[] {
  const q = f.query.trim().toLowerCase();
  const min = Number.isFinite(f.minScore) ? f.minScore : 0;
  return signals.filter(
    (s) =>
      (f.market === 'ALL' || s.market === f.market) &&
      (min <= 0 || (Number.isFinite(s.score) && s.score >= min)) &&
      (f.stage === 'ALL' || stageOf(s) === f.stage) &&
      (!q || s.ticker.toLowerCase().includes(q) || (s.name ?? '').toLowerCase().includes(q)),
  );
}

/** Stages from the most to the least advanced (sorting "desc" puts breakouts first). */
const STAGE_RANK: Record<Stage, number> = { breakout: 4, pivot: 3, tightening: 2, building: 1, none: 0 };

function numeric(s: KrSignal, key: SortKey): number | null {
  const v = key === 'stage' ? STAGE_RANK[stageOf(s)] : (s as unknown as Record<string, unknown>)[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Stable sort that never mutates its input; rows without a value go last
 * in either direction, and ties fall back to the ticker.
 */
export function sortSignals(signals: readonly KrSignal[], key: SortKey | null, dir: SortDir, locale: string): KrSignal[] {
  const out = [...signals];
  if (!key) return out;
  const sign = dir === 'asc' ? 1 : -1;
  out.sort((a, b) => {
    let c: number;
    if (key === 'name' || key === 'signal_date') {
      c = sign * (a[key] ?? '').localeCompare(b[key] ?? '', locale);
    } else {
      const x = numeric(a, key);
      const y = numeric(b, key);
      if (x === null || y === null) c = x === y ? 0 : x === null ? 1 : -1;
      else c = sign * (x - y);
    }
    return c !== 0 ? c : a.ticker.localeCompare(b.ticker);
  });
  return out;
}

/** Default direction of a first click on a column: text ascending, numbers descending. */
export function defaultDir(key: SortKey): SortDir {
  return key === 'name' || key === 'signal_date' ? 'asc' : 'desc';
}

/** Return in % of `price` over `entry`, 2 dp; null when either is unusable. */
export function returnPct(entry: number, price: number): number | null {
  if (!(entry > 0) || !(price > 0)) return null;
  return Math.round(((price - entry) / entry) * 10000) / 100;
}

/**
 * Applies live prices (ticker → last price; 0 or missing = unknown) to the
 * rows: current_price and return_pct change where a price is known, other
 * rows are returned as they are (same objects).
 */
export function applyPrices(signals: readonly KrSignal[], prices: Readonly<Record<string, number>>): KrSignal[] {
  return signals.map((s) => {
    const p = prices[s.ticker];
    if (typeof p !== 'number' || !(p > 0) || p === s.current_price) return s;
    const r = returnPct(s.entry_price, p);
    return { ...s, current_price: p, return_pct: r ?? s.return_pct };
  });
}

/**
 * Table rows from an AI-analysis snapshot (a past date): the snapshot's
 * signals as they were, dated with the snapshot's signal date.
 */
export function snapshotRows(signals: readonly AiSignal[], signalDate: string): KrSignal[] {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return signals.map((a) => {
    const entry = num(a.entry_price);
    const current = num(a.current_price) || entry;
    return {
      ticker: a.ticker,
      name: a.name ?? a.ticker,
      market: a.market === 'KOSDAQ' ? 'KOSDAQ' : 'KOSPI',
      signal_date: a.signal_date ?? signalDate,
      foreign_5d: num(a.foreign_5d),
      inst_5d: num(a.inst_5d),
      score: num(a.score),
      contraction_ratio: num(a.contraction_ratio),
      entry_price: entry,
      current_price: current,
      return_pct: typeof a.return_pct === 'number' ? a.return_pct : (returnPct(entry, current) ?? 0),
      status: 'OPEN',
      final_score: num(a.final_score),
      ...(a.vcp?.stage || a.stage ? { stage: a.vcp?.stage || a.stage } : {}),
      ...(typeof a.vcp?.pivot === 'number' ? { pivot: a.vcp.pivot } : {}),
      ...(typeof a.vcp?.distance_to_pivot_pct === 'number' ? { distance_to_pivot_pct: a.vcp.distance_to_pivot_pct } : {}),
    };
  });
}

/** The tickers whose live price is worth asking for (unique, valid KRX codes). */
export function priceTickers(signals: readonly KrSignal[]): string[] {
  return [...new Set(signals.map((s) => s.ticker).filter((t) => /^\d[0-9A-Z]{5}$/.test(t)))];
}
