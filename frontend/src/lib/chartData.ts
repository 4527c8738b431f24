import type { CandlestickData, HistogramData, Time } from 'lightweight-charts';
import type { Candle, ChartPeriod } from './types';

export const CHART_PERIODS: { value: ChartPeriod; label: string }[] = [
  { value: '1mo', label: '1M' },
  { value: '3mo', label: '3M' },
  { value: '6mo', label: '6M' },
  { value: '1y', label: '1Y' },
  { value: '2y', label: '2Y' },
];

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Chart time of a candle: its trading date when present, else its unix time. */
function timeOf(c: Candle): Time | null {
  if (typeof c.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.date)) return c.date;
  if (isFiniteNumber(c.time)) return new Date(c.time * 1000).toISOString().slice(0, 10);
  return null;
}

/**
 * Turns API candles into series data: drops malformed bars, sorts by time
 * and keeps the last bar of a duplicated date (the chart rejects unsorted
 * or repeated times).
 */
export function toSeriesData(
  candles: readonly Candle[] | null | undefined,
  upVolume: string,
  downVolume: string,
): { candles: CandlestickData<Time>[]; volume: HistogramData<Time>[] } {
  const byDate = new Map<string, Candle & { t: string }>();
  for (const c of candles ?? []) {
    const t = timeOf(c);
    if (t === null || ![c.open, c.high, c.low, c.close].every(isFiniteNumber)) continue;
    byDate.set(String(t), { ...c, t: String(t) });
  }
  const sorted = [...byDate.values()].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  return {
    candles: sorted.map((c) => ({ time: c.t, open: c.open, high: c.high, low: c.low, close: c.close })),
    volume: sorted.map((c) => ({
      time: c.t,
      value: isFiniteNumber(c.volume) ? c.volume : 0,
      color: c.close >= c.open ? upVolume : downVolume,
    })),
  };
}
