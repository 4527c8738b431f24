import { describe, expect, it } from 'vitest';
import {
  barGeometry,
  contractionSegments,
  flowBars,
  flowTotals,
  isoDate,
  lineData,
  maLines,
  priceLevels,
} from '../../src/lib/kr/chart';
import type { ChartVcp } from '../../src/lib/kr/types';

// 2026-11-02 00:00 UTC = 1793577600 (checked: Date.UTC(2026, 10, 2) / 1000).
const DAY = 86400;
const T0 = Date.UTC(2026, 10, 2) / 1000;

describe('isoDate', () => {
  it('formats unix seconds as the UTC date, like the server', () => {
    expect(T0).toBe(1793577600);
    expect(isoDate(T0)).toBe('2026-11-02');
    expect(isoDate(T0 + DAY - 1)).toBe('2026-11-02');
    expect(isoDate(Number.NaN)).toBeNull();
  });
});

describe('lineData', () => {
  it('dates, sorts and de-duplicates points (the last one wins), dropping bad values', () => {
    const pts = [
      { time: T0 + 2 * DAY, value: 3 },
      { time: T0, value: 1 },
      { time: T0 + DAY, value: 2 },
      { time: T0 + DAY + 60, value: 2.5 },
      { time: T0 + 3 * DAY, value: Number.NaN },
    ];
    expect(lineData(pts)).toEqual([
      { time: '2026-11-02', value: 1 },
      { time: '2026-11-03', value: 2.5 },
      { time: '2026-11-04', value: 3 },
    ]);
  });

  it('keeps only the candle dates when given', () => {
    const pts = [0, 1, 2].map((i) => ({ time: T0 + i * DAY, value: i }));
    expect(lineData(pts, new Set(['2026-11-03']))).toEqual([{ time: '2026-11-03', value: 1 }]);
    expect(lineData(null)).toEqual([]);
  });

  it('maps the four moving averages, empty when absent', () => {
    const out = maLines({ ma20: [{ time: T0, value: 10 }] });
    expect(out.ma20).toEqual([{ time: '2026-11-02', value: 10 }]);
    expect(out.ma50).toEqual([]);
    expect(out.ma200).toEqual([]);
  });
});

describe('contractionSegments', () => {
  const c = (hd: string, h: number, ld: string, l: number, depth: number) => ({
    high_date: hd, high_time: 0, high: h, low_date: ld, low_time: 0, low: l, depth_pct: depth,
  });

  it('draws each pullback from its high to its low', () => {
    const segs = contractionSegments([c('2026-09-01', 100, '2026-09-10', 80, 20), c('2026-09-20', 98, '2026-09-25', 88.2, 10)]);
    expect(segs).toEqual([
      { points: [{ time: '2026-09-01', value: 100 }, { time: '2026-09-10', value: 80 }], depthPct: 20 },
      { points: [{ time: '2026-09-20', value: 98 }, { time: '2026-09-25', value: 88.2 }], depthPct: 10 },
    ]);
  });

  it('uses the unix time when the date is missing and drops bad or invisible pullbacks', () => {
    const byTime = { high_date: '', high_time: T0, high: 10, low_date: '', low_time: T0 + DAY, low: 9, depth_pct: 10 };
    expect(contractionSegments([byTime])[0].points.map((p) => p.time)).toEqual(['2026-11-02', '2026-11-03']);
    // Low not after the high, non-finite price.
    expect(contractionSegments([c('2026-09-10', 100, '2026-09-10', 90, 10), c('2026-09-01', Number.NaN, '2026-09-02', 1, 1)])).toEqual([]);
    // Outside the visible candles.
    expect(contractionSegments([c('2026-09-01', 100, '2026-09-10', 80, 20)], new Set(['2026-09-10']))).toEqual([]);
  });
});

describe('priceLevels', () => {
  const vcp: ChartVcp = {
    found: true, stage: 'pivot', score: 80, pivot: 74000, distance_pct: 1.2, base_depth: 20, base_length: 40,
    volume_dry_up: true, contractions: [], trend_checks: 7,
  };

  it('lists the pivot and the open signal’s entry, stop and target', () => {
    const lv = priceLevels(vcp, { signal_date: '2026-11-27', entry_price: 71200, stop_price: 66216, target_price: 81880, score: 80 });
    expect(lv).toEqual([
      { kind: 'pivot', price: 74000 },
      { kind: 'entry', price: 71200 },
      { kind: 'stop', price: 66216 },
      { kind: 'target', price: 81880 },
    ]);
  });

  it('skips a pattern not found and rules that are off (null)', () => {
    const lv = priceLevels({ ...vcp, found: false }, { signal_date: 'x', entry_price: 100, stop_price: null, target_price: null, score: 1 });
    expect(lv).toEqual([{ kind: 'entry', price: 100 }]);
    expect(priceLevels(null, null)).toEqual([]);
  });
});

describe('flows', () => {
  const flows = Array.from({ length: 70 }, (_, i) => ({
    date: isoDate(T0 + i * DAY) as string,
    time: T0 + i * DAY,
    foreign_net: i % 2 ? 100 : -50,
    inst_net: 10,
  }));

  it('keeps the last 60 days, oldest first', () => {
    const bars = flowBars([...flows].reverse(), 60);
    expect(bars).toHaveLength(60);
    expect(bars[0].date).toBe(flows[10].date);
    expect(bars[59].date).toBe(flows[69].date);
  });

  it('sums the last 5, 20 and all days', () => {
    const bars = flowBars(flows, 60);
    const t = flowTotals(bars);
    // Last 5 days are i = 65..69: odd 65, 67, 69 → +300, even 66, 68 → −100.
    expect(t.foreign5).toBe(200);
    expect(t.inst5).toBe(50);
    // 20 days: 10 odd (+1000) and 10 even (−500).
    expect(t.foreign20).toBe(500);
    expect(t.instAll).toBe(600);
  });

  it('lays out signed bars around a zero line', () => {
    const g = barGeometry([100, -50, 0], 300, 60);
    expect(g.zero).toBe(30);
    expect(g.bars[0]).toMatchObject({ x: 15, w: 70, y: 0, h: 30, up: true });
    expect(g.bars[1]).toMatchObject({ y: 30, h: 15, up: false });
    expect(g.bars[2].h).toBe(0);
    // All positive: the zero line is the bottom, the tallest bar spans the height.
    const pos = barGeometry([1, 2], 100, 50);
    expect(pos.zero).toBe(50);
    expect(pos.bars[1]).toMatchObject({ y: 0, h: 50 });
    expect(barGeometry([], 100, 50).bars).toEqual([]);
  });
});
