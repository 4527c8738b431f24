import { describe, expect, it } from 'vitest';
import { toSeriesData } from '../src/lib/chartData';
import type { Candle } from '../src/lib/types';

const c = (date: string, close: number, open = 100): Candle => ({
  date, time: Date.parse(`${date}T00:00:00Z`) / 1000, open, high: Math.max(open, close) + 1, low: Math.min(open, close) - 1, close, volume: 10,
});

describe('toSeriesData', () => {
  it('sorts by date, keeps the last duplicate and drops malformed bars', () => {
    const bad = { ...c('2026-01-05', 1), close: Number.NaN };
    const out = toSeriesData([c('2026-01-03', 103), c('2026-01-02', 90), c('2026-01-03', 104), bad], 'U', 'D');
    expect(out.candles.map((x) => [x.time, x.close])).toEqual([['2026-01-02', 90], ['2026-01-03', 104]]);
    expect(out.volume.map((v) => v.color)).toEqual(['D', 'U']);
  });

  it('falls back to the unix time when the date is missing', () => {
    const bar = { ...c('2026-02-10', 101), date: '' };
    expect(toSeriesData([bar], 'U', 'D').candles[0].time).toBe('2026-02-10');
  });

  it('accepts null', () => {
    expect(toSeriesData(null, 'U', 'D')).toEqual({ candles: [], volume: [] });
  });
});
