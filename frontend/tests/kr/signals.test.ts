import { describe, expect, it } from 'vitest';
import {
  applyPrices,
  DEFAULT_FILTER,
  defaultDir,
  filterSignals,
  priceTickers,
  returnPct,
  snapshotRows,
  sortSignals,
  stageOf,
} from '../../src/lib/kr/signals';
import { aiSignals, krSignals } from './fixtures';

const tickers = (rows: { ticker: string }[]) => rows.map((r) => r.ticker);

describe('filterSignals', () => {
  it('keeps everything with the default filter', () => {
    expect(filterSignals(krSignals, DEFAULT_FILTER)).toHaveLength(4);
  });

  it('filters by market, min score, stage and text, combined', () => {
    expect(tickers(filterSignals(krSignals, { ...DEFAULT_FILTER, market: 'KOSDAQ' }))).toEqual(['247540', '086520']);
    expect(tickers(filterSignals(krSignals, { ...DEFAULT_FILTER, minScore: 70 }))).toEqual(['005930', '247540']);
    // The boundary is inclusive: 67.0 passes 67.
    expect(tickers(filterSignals(krSignals, { ...DEFAULT_FILTER, minScore: 67 }))).toEqual(['005930', '247540', '000660']);
    expect(tickers(filterSignals(krSignals, { ...DEFAULT_FILTER, stage: 'breakout' }))).toEqual(['247540']);
    // A row without a stage counts as "none".
    expect(tickers(filterSignals(krSignals, { ...DEFAULT_FILTER, stage: 'none' }))).toEqual(['086520']);
    expect(tickers(filterSignals(krSignals, { ...DEFAULT_FILTER, query: ' 에코프로 ' }))).toEqual(['247540', '086520']);
    expect(tickers(filterSignals(krSignals, { ...DEFAULT_FILTER, query: 'SK' }))).toEqual(['000660']);
    expect(
      tickers(filterSignals(krSignals, { market: 'KOSDAQ', minScore: 60, stage: 'ALL', query: '에코' })),
    ).toEqual(['247540']);
  });

  it('treats a non-finite min score as no minimum', () => {
    expect(filterSignals(krSignals, { ...DEFAULT_FILTER, minScore: Number.NaN })).toHaveLength(4);
  });
});

describe('sortSignals', () => {
  it('sorts numbers both ways with the ticker breaking ties, never mutating the input', () => {
    const copy = structuredClone(krSignals);
    expect(tickers(sortSignals(krSignals, 'score', 'desc', 'ko-KR'))).toEqual(['247540', '005930', '000660', '086520']);
    expect(tickers(sortSignals(krSignals, 'score', 'asc', 'ko-KR'))).toEqual(['086520', '000660', '005930', '247540']);
    expect(tickers(sortSignals(krSignals, 'signal_date', 'desc', 'ko-KR'))).toEqual(['005930', '086520', '247540', '000660']);
    expect(krSignals).toEqual(copy);
  });

  it('sorts names with the locale (Hangul order) and stages by progress', () => {
    // Korean collation puts Hangul before Latin; English the other way round.
    expect(tickers(sortSignals(krSignals, 'name', 'asc', 'ko-KR'))).toEqual(['005930', '086520', '247540', '000660']);
    expect(tickers(sortSignals(krSignals, 'name', 'asc', 'en-US'))).toEqual(['000660', '005930', '086520', '247540']);
    expect(tickers(sortSignals(krSignals, 'stage', 'desc', 'ko-KR'))).toEqual(['247540', '005930', '000660', '086520']);
  });

  it('puts rows without a value last in either direction', () => {
    const asc = tickers(sortSignals(krSignals, 'distance_to_pivot_pct', 'asc', 'en-US'));
    const desc = tickers(sortSignals(krSignals, 'distance_to_pivot_pct', 'desc', 'en-US'));
    expect(asc).toEqual(['247540', '005930', '000660', '086520']);
    expect(desc).toEqual(['005930', '247540', '000660', '086520']);
  });

  it('returns a copy in the given order without a key', () => {
    const out = sortSignals(krSignals, null, 'asc', 'en-US');
    expect(out).not.toBe(krSignals);
    expect(tickers(out)).toEqual(tickers(krSignals));
  });

  it('starts text columns ascending and numbers descending', () => {
    expect(defaultDir('name')).toBe('asc');
    expect(defaultDir('signal_date')).toBe('asc');
    expect(defaultDir('return_pct')).toBe('desc');
  });
});

describe('live prices', () => {
  it('computes the return to 2 dp and refuses unusable prices', () => {
    // (73,500 − 71,200) / 71,200 = 3.2303 %
    expect(returnPct(71200, 73500)).toBe(3.23);
    expect(returnPct(0, 100)).toBeNull();
    expect(returnPct(100, 0)).toBeNull();
    expect(returnPct(100, Number.NaN)).toBeNull();
  });

  it('updates price and return in place, keeping untouched rows identical', () => {
    const out = applyPrices(krSignals, { '005930': 75000, '000660': 0, '999999': 5 });
    expect(out[0]).not.toBe(krSignals[0]);
    expect(out[0].current_price).toBe(75000);
    // (75,000 − 71,200) / 71,200 = 5.337 % → 5.34
    expect(out[0].return_pct).toBe(5.34);
    expect(out[1]).toBe(krSignals[1]);
    expect(out[2]).toBe(krSignals[2]); // 0 = unknown
    expect(krSignals[0].current_price).toBe(73500);
  });

  it('asks only for valid unique KRX tickers', () => {
    const rows = [...krSignals, { ...krSignals[0] }, { ...krSignals[0], ticker: 'AAPL' }, { ...krSignals[0], ticker: '00680K' }];
    expect(priceTickers(rows)).toEqual(['005930', '247540', '000660', '086520', '00680K']);
  });
});

describe('snapshotRows', () => {
  it('turns a past analysis into table rows dated with its signal date', () => {
    const rows = snapshotRows(aiSignals, '2026-11-20');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ ticker: '005930', name: '삼성전자', market: 'KOSPI', signal_date: '2026-11-20', entry_price: 71200 });
    // No current price in the snapshot: the entry price, return 0.
    expect(rows[0].current_price).toBe(71200);
    expect(rows[0].return_pct).toBe(0);
    expect(rows[1].market).toBe('KOSDAQ');
    expect(stageOf(rows[1])).toBe('none');
  });

  it('takes the stage and pivot from the stored pattern', () => {
    const [row] = snapshotRows([{ ticker: '005930', name: 'x', vcp: { stage: 'breakout', pivot: 100, distance_to_pivot_pct: -2 } }], 'd');
    expect(row.stage).toBe('breakout');
    expect(row.pivot).toBe(100);
    expect(row.distance_to_pivot_pct).toBe(-2);
  });
});
