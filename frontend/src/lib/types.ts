// Response shapes of the KR Market API (see the backend's handlers).

export type DataSource = 'live' | 'stale' | 'demo' | 'imported';
export type Theme = 'dark' | 'light';
export type Language = 'ko' | 'en';
export type Market = 'KOSPI' | 'KOSDAQ';
export type ChartPeriod = '1mo' | '3mo' | '6mo' | '1y' | '2y' | '5y';

export interface Envelope {
  status: 'success';
  generated_at: string;
  data_source: DataSource;
}

export interface ErrorEnvelope {
  status: 'error';
  error: string;
  message: string;
}

export interface HealthResponse extends Envelope {
  service: string;
  version: string;
  uptime_seconds: number;
  db: { status: string; schema_version: number };
  /** Seconds since the newest stored data was fetched (absent in demo mode). */
  data_age_seconds?: number;
  /** An array of source states (current servers) or a map by name (older ones). */
  sources?: SourceStatus[] | Record<string, { state: string; [k: string]: unknown }>;
}

export type SourceName = 'yahoo' | 'naver' | 'binance' | 'edgar' | 'news';
export type SourceState = 'ok' | 'failing' | 'rate_limited' | 'off' | 'unknown';
export type SourceMode = 'auto' | 'demo' | 'live';

export interface SourceStatus {
  name: SourceName | string;
  state: SourceState | string;
  last_success?: string;
  failing_since?: string;
  rate_limited_until?: string;
  last_error?: string;
  requests: number;
  failures: number;
}

export interface SourcesResponse extends Envelope {
  mode: SourceMode;
  data_age_seconds?: number;
  sources: SourceStatus[];
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  state: JobState;
  step: string;
  done: number;
  total: number;
  started: string;
  ended?: string;
  error?: string;
  result?: unknown;
}

export interface JobResponse extends Envelope {
  job: Job;
}

export interface JobsResponse extends Envelope {
  jobs: Job[];
}

export type UpdateMarket = 'kr' | 'us' | 'crypto' | 'all';
export type ImportMarket = 'KR' | 'US' | 'CRYPTO' | 'MACRO';

export interface ImportRequest {
  symbol: string;
  name?: string;
  market?: ImportMarket;
  csv: string;
}

export interface ImportResponse extends Envelope {
  symbol: string;
  bars: number;
  first: string;
  last: string;
  format: 'yahoo' | 'plain' | string;
  skipped: number;
}

export interface Signal {
  ticker: string;
  name: string;
  market: Market;
  signal_date: string;
  foreign_5d: number;
  inst_5d: number;
  score: number;
  contraction_ratio: number;
  entry_price: number;
  current_price: number;
  return_pct: number;
  status: string;
  final_score: number;
}

export interface SignalsResponse extends Envelope {
  signals: Signal[];
  count: number;
  total_filtered: number;
  source: string;
}

export interface Candle {
  date: string;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface StockChartResponse extends Envelope {
  ticker: string;
  name: string;
  market: Market;
  period: ChartPeriod;
  data: Candle[];
  candles: Candle[];
}

export interface Settings {
  theme: Theme;
  language: Language;
}

export interface SourceSettings {
  yahoo_url: string;
  naver_url: string;
  binance_url: string;
  edgar_url: string;
  news_url: string;
  sec_contact: string;
  proxy: string;
  yahoo_per_hour: number;
  kr_universe: number;
  flow_days: number;
}

export type ApiKeyName = 'openai_api_key' | 'gemini_api_key' | 'fmp_api_key';
export type SecretsBackend = 'keychain' | 'file';

export interface SettingsResponse extends Envelope {
  settings: Settings;
  api: { address: string; token_required_for: string[] };
  /** Live source settings (servers with live sources). */
  sources?: SourceSettings;
  /** Whether each key is set; the values are never returned. */
  api_keys?: Partial<Record<ApiKeyName, boolean>>;
  secrets_backend?: SecretsBackend;
}

/** Body of settings.update: every field optional; absent = unchanged. */
export interface SettingsUpdate extends Partial<Settings> {
  sources?: Partial<SourceSettings>;
  /** A value sets the key, "" deletes it. */
  api_keys?: Partial<Record<ApiKeyName, string>>;
}
