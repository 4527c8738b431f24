// Chart data transforms of the KR stock view: moving-average lines, the
// VCP contractions as segments, the price levels (pivot, entry, stop,
// target) and the investor-flow bars. Times become 'YYYY-MM-DD' strings,
// the candles' time format (lightweight-charts needs one format per chart,
// ascending and unique).

import type { LineData, Time } from 'lightweight-charts';
import type { ChartContraction, ChartFlow, ChartSignal, ChartVcp, LinePoint, MovingAverages } from './types';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Unix seconds → the UTC trading date (the server's Bar.Date()). */
export function isoDate(time: number): string | null {
  if (!finite(time)) return null;
  const d = new Date(time * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/**
 * A line's points as chart data: dated, sorted, one per date (the last
 * wins), restricted to `dates` when given (the candles' dates, so a line
 * never widens the time axis).
 */
export function lineData(points: readonly LinePoint[] | null | undefined, dates?: ReadonlySet<string>): LineData<Time>[] {
  const byDate = new Map<string, number>();
  for (const p of points ?? []) {
    const d = isoDate(p?.time);
    if (d === null || !finite(p.value) || (dates && !dates.has(d))) continue;
    byDate.set(d, p.value);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([time, value]) => ({ time, value }));
}

export type MaKey = 'ma20' | 'ma50' | 'ma150' | 'ma200';
export const MA_KEYS: readonly MaKey[] = ['ma20', 'ma50', 'ma150', 'ma200'];
export const MA_COLOURS: Record<MaKey, string> = {
  ma20: '#ff9f0a',
  ma50: '#2997ff',
  ma150: '#bf5af2',
  ma200: '#8e8e93',
};

export function maLines(ma: MovingAverages | null | undefined, dates?: ReadonlySet<string>): Record<MaKey, LineData<Time>[]> {
  return {
    ma20: lineData(ma?.ma20, dates),
    ma50: lineData(ma?.ma50, dates),
    ma150: lineData(ma?.ma150, dates),
    ma200: lineData(ma?.ma200, dates),
  };
}

export interface Segment {
  /** From the pullback's high to its low. */
  points: [LineData<Time>, LineData<Time>];
  depthPct: number;
}

function dateOf(date: string | undefined, time: number | undefined): string | null {
  if (typeof date === 'string' && DATE_RE.test(date)) return date;
  return time === undefined ? null : isoDate(time);
}

/**
 * The contractions as two-point segments, high → low. A pullback whose low
 * is not after its high (bad data) is dropped; with `dates`, so is one
 * whose ends are outside the visible candles.
 */
export function contractionSegments(
  contractions: readonly ChartContraction[] | null | undefined,
  dates?: ReadonlySet<string>,
): Segment[] {
  const out: Segment[] = [];
  for (const c of contractions ?? []) {
    const hi = dateOf(c?.high_date, c?.high_time);
    const lo = dateOf(c?.low_date, c?.low_time);
    if (!hi || !lo || hi >= lo || !finite(c.high) || !finite(c.low)) continue;
    if (dates && !(dates.has(hi) && dates.has(lo))) continue;
    out.push({ points: [{ time: hi, value: c.high }, { time: lo, value: c.low }], depthPct: c.depth_pct });
  }
  return out;
}

export type LevelKind = 'pivot' | 'entry' | 'stop' | 'target';

export interface Level {
  kind: LevelKind;
  price: number;
}

/** The horizontal price lines: the VCP pivot and the open signal's entry, stop and target. */
export function priceLevels(vcp: ChartVcp | null | undefined, signal: ChartSignal | null | undefined): Level[] {
  const out: Level[] = [];
  const add = (kind: LevelKind, v: unknown) => {
    if (finite(v) && v > 0) out.push({ kind, price: v });
  };
  if (vcp?.found) add('pivot', vcp.pivot);
  if (signal) {
    add('entry', signal.entry_price);
    add('stop', signal.stop_price);
    add('target', signal.target_price);
  }
  return out;
}

export interface FlowBar {
  date: string;
  foreign: number;
  inst: number;
}

/** The last `days` days of flows, oldest first, one per date. */
export function flowBars(flows: readonly ChartFlow[] | null | undefined, days = 60): FlowBar[] {
  const byDate = new Map<string, FlowBar>();
  for (const f of flows ?? []) {
    const d = dateOf(f?.date, f?.time);
    if (!d) continue;
    byDate.set(d, { date: d, foreign: finite(f.foreign_net) ? f.foreign_net : 0, inst: finite(f.inst_net) ? f.inst_net : 0 });
  }
  const sorted = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return sorted.slice(Math.max(0, sorted.length - days));
}

/** Sums of a flow window: the whole window and its last 5 and 20 days. */
export function flowTotals(bars: readonly FlowBar[]): { foreign5: number; inst5: number; foreign20: number; inst20: number; foreignAll: number; instAll: number } {
  const sum = (n: number, k: 'foreign' | 'inst') => bars.slice(Math.max(0, bars.length - n)).reduce((s, b) => s + b[k], 0);
  return {
    foreign5: sum(5, 'foreign'),
    inst5: sum(5, 'inst'),
    foreign20: sum(20, 'foreign'),
    inst20: sum(20, 'inst'),
    foreignAll: sum(bars.length, 'foreign'),
    instAll: sum(bars.length, 'inst'),
  };
}

/**
 * SVG geometry of a signed bar chart: for each value, x, width, y and
 * height inside a `width`×`height` box with the zero line at `zero`.
 */
export function barGeometry(values: readonly number[], width: number, height: number): { zero: number; bars: { x: number; y: number; w: number; h: number; up: boolean }[] } {
  const maxAbs = Math.max(0, ...values.map((v) => (finite(v) ? Math.abs(v) : 0)));
  const hasNeg = values.some((v) => finite(v) && v < 0);
  const hasPos = values.some((v) => finite(v) && v > 0);
  const zero = hasNeg && hasPos ? height / 2 : hasNeg ? 0 : height;
  const span = hasNeg && hasPos ? height / 2 : height;
  const n = values.length;
  const slot = n ? width / n : 0;
  const w = Math.max(1, slot * 0.7);
  const bars = values.map((raw, i) => {
    const v = finite(raw) ? raw : 0;
    const h = maxAbs > 0 ? (Math.abs(v) / maxAbs) * span : 0;
    return { x: i * slot + (slot - w) / 2, y: v >= 0 ? zero - h : zero, w, h, up: v >= 0 };
  });
  return { zero, bars };
}
