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
  sources: Record<string, { state: string; [k: string]: unknown }>;
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

export interface SettingsResponse extends Envelope {
  settings: Settings;
  api: { address: string; token_required_for: string[] };
}
