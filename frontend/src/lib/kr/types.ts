// Response shapes of the KR operations (Go result types in backend/kr,
// backend/kr/ledger, backend/kr/ai, backend/kr/gate, backend/kr/backtest).
// Fields added after the original's (api-reference §2) are optional so that
// an older server, or a snapshot written before them, still renders.

import type { Candle, ChartPeriod, Envelope, Market, Signal } from '../types';

export type Stage = 'breakout' | 'pivot' | 'tightening' | 'building' | 'none';
export const STAGES: readonly Stage[] = ['breakout', 'pivot', 'tightening', 'building', 'none'];

/** The composite score's parts (each 0–100 before weighting). */
export interface ScoreParts {
  pattern: number;
  flow: number;
  trend: number;
  rs: number;
}

/** A row of kr.signals: the K2 fields plus the VCP analysis. */
export interface KrSignal extends Signal {
  rule?: string;
  supply_demand_index?: number;
  flow_stage?: string;
  vcp_score?: number;
  /** Pullback depths in %, oldest first. */
  contractions?: number[];
  pivot?: number;
  /** (pivot − close)/pivot·100; negative above the pivot. */
  distance_to_pivot_pct?: number;
  base_depth?: number;
  base_length?: number;
  stage?: Stage | string;
  volume_dry_up?: boolean;
  /** Minervini trend-template checks passed, of 7. */
  trend_checks?: number;
  rs_excess?: number;
  score_parts?: ScoreParts;
}

export interface KrSignalsResponse extends Envelope {
  signals: KrSignal[];
  count: number;
  total_filtered: number;
  source: string;
  message?: string;
}

// ---- stock chart ----

export interface LinePoint {
  time: number;
  value: number;
}

export interface MovingAverages {
  ma20?: LinePoint[];
  ma50?: LinePoint[];
  ma150?: LinePoint[];
  ma200?: LinePoint[];
}

export interface ChartContraction {
  high_date: string;
  high_time: number;
  high: number;
  low_date: string;
  low_time: number;
  low: number;
  depth_pct: number;
}

export interface ChartVcp {
  found: boolean;
  stage: Stage | string;
  score: number;
  pivot: number | null;
  distance_pct: number | null;
  base_depth: number;
  base_length: number;
  volume_dry_up: boolean;
  contractions: ChartContraction[];
  reasons?: string[];
  trend_checks: number | null;
}

export interface ChartSignal {
  signal_date: string;
  entry_price: number;
  stop_price: number | null;
  target_price: number | null;
  score: number;
}

export interface ChartFlow {
  date: string;
  time: number;
  foreign_net: number;
  inst_net: number;
  retail_net?: number;
}

export interface Fundamentals {
  symbol?: string;
  as_of?: number;
  market_cap?: number;
  shares_outstanding?: number;
  pe?: number | null;
  pb?: number | null;
  eps?: number;
  bps?: number;
  roe?: number | null;
  dividend_rate?: number;
  /** A fraction (0.021 = 2.1 %). */
  dividend_yield?: number;
  payout_ratio?: number | null;
  revenue_growth?: number | null;
  eps_growth?: number | null;
  profit_margin?: number | null;
  beta?: number | null;
  target_price?: number | null;
}

export interface KrChartResponse extends Envelope {
  ticker: string;
  name: string;
  market: Market;
  period: ChartPeriod | string;
  data: Candle[];
  candles: Candle[];
  moving_averages?: MovingAverages;
  vcp?: ChartVcp;
  signal?: ChartSignal | null;
  flows?: ChartFlow[];
  fundamentals?: Fundamentals | null;
  /** The last candle is today's session so far (live intraday bars; not stored). */
  today_partial?: boolean;
}

// ---- AI analysis ----

export type Action = 'BUY' | 'HOLD' | 'SELL';

export interface Recommendation {
  action: Action | string;
  confidence: number;
  reason: string;
  /** English reason (the rule-based analyst writes both). */
  reason_en?: string;
  source?: string;
  /** Failure kind when source is "fallback". */
  error?: string;
}

export interface NewsItem {
  title: string;
  summary?: string;
  url?: string;
  source?: string;
  published?: string;
}

export interface AiSignal {
  ticker: string;
  name: string;
  market?: Market | string;
  score?: number;
  contraction_ratio?: number;
  foreign_5d?: number;
  inst_5d?: number;
  entry_price?: number;
  final_score?: number;
  current_price?: number;
  return_pct?: number;
  signal_date?: string;
  stage?: string;
  /** The stored VCP pattern (null for a signal without one). */
  vcp?: { vcp_score?: number; stage?: string; pivot?: number; distance_to_pivot_pct?: number } | null;
  /** Formatted strings ("N억원", "N/A"). */
  fundamentals?: Record<string, unknown> | null;
  news?: NewsItem[] | null;
  rule_recommendation?: Recommendation | null;
  gpt_recommendation?: Recommendation | null;
  gemini_recommendation?: Recommendation | null;
  final_recommendation?: Recommendation | null;
  analysis_source?: string;
}

export interface MarketIndex {
  value: number;
  change_pct: number;
}

export interface AiAnalysisResponse extends Envelope {
  market_indices?: { kospi?: MarketIndex; kosdaq?: MarketIndex } | Record<string, never>;
  signals: AiSignal[];
  api_status?: unknown;
  signal_date?: string | null;
  count?: number;
  gate?: string;
  gate_score?: number | null;
  message?: string;
}

export interface AiSummaryResponse extends Envelope, Partial<AiSignal> {
  ticker: string;
  summary: string | null;
  summary_en?: string;
  in_analysis?: boolean;
}

export interface AiHistoryDatesResponse extends Envelope {
  dates: string[];
  count: number;
}

// ---- market gate and status ----

export type GateColour = 'GREEN' | 'YELLOW' | 'RED';

export interface GateSector {
  name: string;
  name_en?: string;
  ticker?: string;
  signal: string;
  change_pct: number;
  score: number;
  rsi?: number;
  rs_vs_kospi?: number | null;
  price?: number;
}

export interface MarketGateResponse extends Omit<Envelope, 'status'> {
  status: string;
  gate?: GateColour | string;
  score: number;
  gate_score?: number;
  label?: string;
  reasons: string[];
  reasons_en?: string[];
  sectors: GateSector[];
  metrics?: Record<string, number | null>;
  usd_krw?: number | null;
  kospi_close?: number;
  kospi_change_pct?: number;
  kosdaq_close?: number;
  kosdaq_change_pct?: number;
  updated_at?: string;
  degraded?: boolean;
  degraded_reason?: string;
  fx_override?: boolean;
  rsi_method?: string;
  missing?: string[];
}

export interface MarketSession {
  /** pre_market, open, closing_auction, after_hours, closed, holiday. */
  state: string;
  label_ko?: string;
  label_en?: string;
  /** RFC 3339 in +09:00. */
  now_kst?: string;
  next_open?: string;
  next_close?: string;
  trading_day?: boolean;
  holiday_name?: string;
  regular_open?: string;
  regular_close?: string;
  special_session?: string;
  calendar_covered?: boolean;
}

export interface MarketStatusResponse extends Omit<Envelope, 'status'> {
  /** The K1 regime: RISK_ON | NEUTRAL | RISK_OFF. */
  status: string;
  score?: number;
  current_price?: number;
  ma200?: number | null;
  ma20?: number | null;
  ma50?: number | null;
  date?: string;
  symbol?: string;
  name?: string;
  reason?: string;
  bars?: number;
  regime?: string | { status?: string; score?: number };
  session?: MarketSession | string;
  session_state?: string;
}

// ---- ledger ----

export interface LedgerTrade {
  id?: number;
  ticker: string;
  name?: string;
  market?: string;
  signal_date: string;
  exit_date: string;
  entry_price: number;
  exit_price: number;
  return_pct: number;
  hold_days: number;
  exit_reason: string;
}

export interface MonthRow {
  month: string;
  trades: number;
  wins: number;
  win_rate: number;
  sum_return: number;
  compounded_return: number;
}

export interface ReasonStats {
  count: number;
  win_rate: number;
  avg_return: number;
}

export interface CurvePoint {
  date: string;
  strategy: number;
  kospi: number | null;
  positions?: number;
}

export interface PerformanceResponse extends Envelope {
  period?: string;
  total_signals?: number;
  closed_signals?: number;
  open_signals?: number;
  wins?: number;
  losses?: number;
  win_rate?: number;
  avg_return?: number;
  /** Σ returns (the original's "total_return"). */
  total_return?: number;
  sum_return?: number;
  compounded_return?: number;
  profit_factor?: number | null;
  best_trade?: number | LedgerTrade | null;
  worst_trade?: number | LedgerTrade | null;
  avg_hold_days?: number;
  avg_win?: number;
  avg_loss?: number;
  monthly?: MonthRow[];
  by_exit_reason?: Record<string, ReasonStats>;
  performance?: LedgerTrade[];
  trades?: LedgerTrade[];
  message?: string;
  [k: string]: unknown;
}

export interface CumulativeReturnResponse extends Envelope {
  cumulative_return?: number;
  win_rate?: number;
  winners?: number;
  losers?: number;
  total_positions?: number;
  positions?: { ticker: string; name?: string; return_pct: number; [k: string]: unknown }[];
  curve?: CurvePoint[];
  strategy_return?: number;
  kospi_return?: number | null;
  [k: string]: unknown;
}

// ---- backtest ----

export interface BacktestPerformance {
  total_trades: number;
  winners: number;
  losers: number;
  win_rate: number;
  avg_return: number;
  avg_winner: number;
  avg_loser: number;
  profit_factor: number | null;
  avg_r_multiple: number;
  total_r: number;
  total_return_pct: number;
  final_equity: number;
  max_drawdown_pct: number;
  sharpe_ratio: number | null;
  avg_hold_days: number;
  max_consecutive_wins: number;
  max_consecutive_losses: number;
  total_fees: number;
  total_tax: number;
  total_slippage: number;
  total_pnl: number;
  unrealized_pnl: number;
  trading_days: number;
}

export interface EquityPoint {
  date: string;
  equity: number;
  cash: number;
  positions: number;
  drawdown_pct: number;
}

export interface BacktestTrade {
  ticker: string;
  symbol?: string;
  name: string;
  signal_date: string;
  entry_date: string;
  entry_price: number;
  exit_date: string;
  exit_price: number;
  quantity: number;
  reason: string;
  return_pct: number;
  pnl: number;
  r_multiple: number;
  hold_days: number;
  score: number;
  fees?: number;
  tax?: number;
}

export interface BacktestResponse extends Envelope {
  config?: Record<string, unknown>;
  preset?: string;
  /** First and last simulated trading days. */
  start?: string;
  end?: string;
  signal_rule?: string;
  universe?: number;
  evaluated?: number;
  elapsed_ms?: number;
  notes?: string[];
  regime_days?: Record<string, number>;
  performance: BacktestPerformance;
  equity_curve: EquityPoint[];
  trades: BacktestTrade[];
  by_exit_reason?: Record<string, ReasonStats>;
  open_positions?: unknown[];
  signal_stats?: { total: number; entered: number; skipped?: Record<string, number> };
  [k: string]: unknown;
}

/** POST kr.realtimePrices answer. */
export interface RealtimePricesResponse extends Envelope {
  prices: Record<string, number>;
}
