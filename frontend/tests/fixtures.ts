import type { Signal } from '../src/lib/types';

export const GENERATED_AT = '2026-11-28T06:00:00Z';

export const signals: Signal[] = [
  {
    ticker: '005930', name: '삼성전자', market: 'KOSPI', signal_date: '2026-11-27',
    foreign_5d: 1250000, inst_5d: -320000, score: 82.4, contraction_ratio: 0.48,
    entry_price: 71200, current_price: 73500, return_pct: 3.23, status: 'OPEN', final_score: 79.1,
  },
  {
    ticker: '247540', name: '에코프로비엠', market: 'KOSDAQ', signal_date: '2026-11-26',
    foreign_5d: -45000, inst_5d: 98000, score: 91.2, contraction_ratio: 0.72,
    entry_price: 188000, current_price: 181500, return_pct: -3.46, status: 'OPEN', final_score: 85.6,
  },
  {
    ticker: '000660', name: 'SK하이닉스', market: 'KOSPI', signal_date: '2026-11-25',
    foreign_5d: 310000, inst_5d: 120000, score: 67.0, contraction_ratio: 0.6,
    entry_price: 132000, current_price: 140100, return_pct: 6.14, status: 'OPEN', final_score: 71.3,
  },
  {
    ticker: '086520', name: '에코프로', market: 'KOSDAQ', signal_date: '2026-11-27',
    foreign_5d: 5000, inst_5d: 0, score: 74.5, contraction_ratio: 0.55,
    entry_price: 98000, current_price: 98000, return_pct: 0, status: 'OPEN', final_score: 66.0,
  },
];

const envelope = { status: 'success', data_source: 'demo', generated_at: GENERATED_AT } as const;

function candles(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(2026, 0, 1 + i));
    const open = 70000 + i * 100;
    return {
      date: d.toISOString().slice(0, 10), time: d.getTime() / 1000,
      open, high: open + 900, low: open - 700, close: open + (i % 2 ? -300 : 400), volume: 1_000_000 + i,
    };
  });
}

/** A sources.status list: one source in each state. */
export const sourceStates = [
  {
    name: 'binance', state: 'ok', last_success: '2026-11-28T05:58:00Z', requests: 1234, failures: 0,
  },
  {
    name: 'edgar', state: 'off', requests: 0, failures: 0,
  },
  {
    name: 'naver', state: 'failing', last_success: '2026-11-28T01:00:00Z', failing_since: '2026-11-28T02:30:00Z',
    last_error: 'naver: HTTP 503 from finance.naver.com', requests: 420, failures: 17,
  },
  {
    name: 'news', state: 'unknown', requests: 0, failures: 0,
  },
  {
    name: 'yahoo', state: 'rate_limited', last_success: '2026-11-28T05:00:00Z', failing_since: '2026-11-28T05:10:00Z',
    rate_limited_until: '2026-11-28T06:10:00Z', last_error: 'yahoo: HTTP 429 Too Many Requests', requests: 1500, failures: 3,
  },
] as const;

export const sourceSettings = {
  yahoo_url: '', naver_url: '', binance_url: '', edgar_url: '', news_url: '',
  sec_contact: '', proxy: '', yahoo_per_hour: 1500, kr_universe: 300, flow_days: 60,
};

export const runningJob = {
  id: 'update-1', kind: 'update', state: 'running', step: 'KR prices', done: 0, total: 3, started: GENERATED_AT,
} as const;

/** Canned success bodies, one per operation the frontend implements. */
export const bodies = {
  health: {
    ...envelope, service: 'KR Market', version: '0.1.0', uptime_seconds: 12,
    db: { status: 'ok', schema_version: 3 }, sources: { demo: { state: 'ok' } },
  },
  'kr.signals': { ...envelope, signals, count: signals.length, total_filtered: 17, source: 'ledger' },
  'kr.stockChart': {
    ...envelope, ticker: '005930', name: '삼성전자', market: 'KOSPI', period: '3mo',
    data: candles(60), candles: candles(60),
  },
  'settings.get': {
    ...envelope, settings: { theme: 'dark', language: 'ko' },
    api: { address: '127.0.0.1:5001', token_required_for: ['POST /api/settings'] },
  },
  'settings.update': {
    ...envelope, settings: { theme: 'light', language: 'ko' },
    api: { address: '127.0.0.1:5001', token_required_for: ['POST /api/settings'] },
    sources: sourceSettings,
    api_keys: { openai_api_key: true, gemini_api_key: false, fmp_api_key: false },
    secrets_backend: 'file',
  },
  'sources.status': { ...envelope, data_source: 'stale', mode: 'auto', data_age_seconds: 7200, sources: sourceStates },
  'update.start': { ...envelope, job: runningJob },
  'jobs.list': { ...envelope, jobs: [runningJob] },
  'jobs.get': { ...envelope, job: { ...runningJob, done: 1, step: 'KR flows' } },
  'import.csv': {
    ...envelope, data_source: 'imported', symbol: 'AAPL', bars: 3, first: '2026-01-02', last: '2026-01-06', format: 'plain', skipped: 0,
  },
} as const;
