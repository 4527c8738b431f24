// Package backtest simulates trading the KR signals over stored daily
// history (api-reference §8), bar by bar and without look-ahead. Pure code:
// no I/O, no clock; signals come in precomputed, so the engine can be tested
// without the signal rules.
//
// # Day loop
//
// For each trading day d of the run (Input.Days, by default the union of the
// stocks' bar dates in [Start, End]):
//
//  1. Fill: orders decided at the previous day's close are filled at d's
//     OPEN, highest score first. Fill price = open × (1 + slippage%): the
//     slippage is charged once per round trip, at entry. Position value =
//     current cash × position_size% × (0.8 + 0.4·score/100), quantity =
//     max(1, floor(value / fill)); the order is refused when the stock has no
//     bar on d, when max_positions are held, or when quantity × fill + buy
//     commission exceeds the cash.
//  2. Exit: every open position with a bar on d asks exits.First with the
//     bars from its entry bar through d (never later ones); an exit on d is
//     taken at the rule's price. Sale proceeds − commission − tax (tax on
//     EVERY sale) go back to cash. A position filled on d may exit on d.
//  3. Mark: equity = cash + Σ quantity × the latest close ≤ d.
//  4. Decide (not on the run's last day): signals dated d with score ≥
//     min_score become orders for d+1, unless the KOSPI regime on d is not
//     allowed, USD/KRW closed above the gate on d, the stock is held or
//     already ordered, or held + ordered positions reach max_positions.
//
// Everything decided on day d uses data up to d's close only; fills happen on
// the next bar's open. Positions still open after the last day are reported
// in OpenPositions, marked to the last close (not counted as trades).
package backtest

import "krmarket/backend/market"

// Stock is one tradable stock's daily history.
type Stock struct {
	Symbol string
	Ticker string
	Name   string
	Bars   []market.Bar // daily, oldest first
}

// Signal is a setup found at the close of day Time.
type Signal struct {
	Symbol string
	Time   int64 // trading date of the bar (00:00 UTC) whose close raised it
	Score  float64
}

// Input is the market the backtest runs on.
type Input struct {
	Start, End int64        // first and last trading date simulated (00:00 UTC, inclusive)
	Days       []int64      // the trading days, ascending; nil: the stocks' bar dates in [Start, End]
	Stocks     []Stock      // the universe (stocks without signals may be left out when Days is set)
	Index      []market.Bar // KOSPI (^KS11) daily, oldest first; from ≥ 60 bars before Start for the regime
	USDKRW     []market.Bar // USD/KRW (KRW=X) daily, oldest first (may be empty: gate passes)
	Signals    []Signal     // any order; duplicates per stock and day keep the highest score
}

// Result is one backtest's outcome.
type Result struct {
	Config        Config               `json:"config"`
	Performance   Performance          `json:"performance"`
	EquityCurve   []EquityPoint        `json:"equity_curve"`
	Trades        []ClosedTrade        `json:"trades"`
	ByExitReason  map[string]ExitStats `json:"by_exit_reason"`
	OpenPositions []OpenPosition       `json:"open_positions"`
	SignalStats   SignalStats          `json:"signal_stats"`
	RegimeDays    map[string]int       `json:"regime_days"`       // days per KOSPI regime
	GateDays      int                  `json:"usd_krw_gate_days"` // days the USD/KRW gate blocked entries
}

// Performance is the summary of the run. Returns are percent.
type Performance struct {
	TotalTrades          int      `json:"total_trades"`
	Winners              int      `json:"winners"` // net P&L > 0
	Losers               int      `json:"losers"`  // net P&L ≤ 0
	WinRate              float64  `json:"win_rate"`
	AvgReturn            float64  `json:"avg_return"`
	AvgWinner            float64  `json:"avg_winner"`
	AvgLoser             float64  `json:"avg_loser"`
	ProfitFactor         *float64 `json:"profit_factor"` // Σ winning P&L / |Σ losing P&L|; null without losses
	AvgRMultiple         float64  `json:"avg_r_multiple"`
	TotalR               float64  `json:"total_r"`
	TotalReturnPct       float64  `json:"total_return_pct"` // final equity vs initial capital
	FinalEquity          float64  `json:"final_equity"`
	MaxDrawdownPct       float64  `json:"max_drawdown_pct"` // of the daily mark-to-market equity, ≥ 0
	SharpeRatio          *float64 `json:"sharpe_ratio"`     // daily equity returns, mean/sd·√252; null if undefined
	AvgHoldDays          float64  `json:"avg_hold_days"`    // trading days, entry day counts 1
	MaxConsecutiveWins   int      `json:"max_consecutive_wins"`
	MaxConsecutiveLosses int      `json:"max_consecutive_losses"`
	TotalFees            float64  `json:"total_fees"` // commissions paid, both sides, incl. open positions' buys
	TotalTax             float64  `json:"total_tax"`
	TotalSlippage        float64  `json:"total_slippage"` // quantity × open × slippage%, all entries
	TotalPnL             float64  `json:"total_pnl"`      // realised, closed trades
	UnrealizedPnL        float64  `json:"unrealized_pnl"` // open positions at the last close
	TradingDays          int      `json:"trading_days"`
}

// EquityPoint is one day of the mark-to-market equity curve.
type EquityPoint struct {
	Date        string  `json:"date"`
	Equity      float64 `json:"equity"`
	Cash        float64 `json:"cash"`
	Positions   int     `json:"positions"`
	DrawdownPct float64 `json:"drawdown_pct"` // below the running peak (initial capital included), ≥ 0
}

// ClosedTrade is one closed round trip.
type ClosedTrade struct {
	Ticker     string  `json:"ticker"`
	Symbol     string  `json:"symbol"`
	Name       string  `json:"name"`
	SignalDate string  `json:"signal_date"`
	EntryDate  string  `json:"entry_date"`
	EntryPrice float64 `json:"entry_price"` // fill: open × (1 + slippage%)
	ExitDate   string  `json:"exit_date"`
	ExitPrice  float64 `json:"exit_price"`
	Quantity   int64   `json:"quantity"`
	Reason     string  `json:"reason"`
	ReturnPct  float64 `json:"return_pct"` // net P&L / (quantity × entry + buy commission)
	PnL        float64 `json:"pnl"`        // net of commissions and tax (slippage is in the entry price)
	RMultiple  float64 `json:"r_multiple"` // net P&L / (quantity × (entry − stop))
	HoldDays   int     `json:"hold_days"`  // trading days, the entry day counts 1
	Score      float64 `json:"score"`
	Fees       float64 `json:"fees"` // buy + sell commission
	Tax        float64 `json:"tax"`  // on the sale
}

// OpenPosition is a position still held after the last day.
type OpenPosition struct {
	Ticker        string  `json:"ticker"`
	Symbol        string  `json:"symbol"`
	Name          string  `json:"name"`
	SignalDate    string  `json:"signal_date"`
	EntryDate     string  `json:"entry_date"`
	EntryPrice    float64 `json:"entry_price"`
	Quantity      int64   `json:"quantity"`
	LastDate      string  `json:"last_date"`
	LastPrice     float64 `json:"last_price"`
	MarketValue   float64 `json:"market_value"`
	UnrealizedPnL float64 `json:"unrealized_pnl"`        // market value − cost (with the buy commission), before sale costs
	UnrealizedPct float64 `json:"unrealized_return_pct"` // of the cost
	HoldDays      int     `json:"hold_days"`
	Score         float64 `json:"score"`
}

// ExitStats summarises the trades closed for one reason.
type ExitStats struct {
	Count     int     `json:"count"`
	WinRate   float64 `json:"win_rate"`
	AvgReturn float64 `json:"avg_return"`
}

// SignalStats counts what became of the signals dated inside the run (its
// last day excluded: those would fill after it).
type SignalStats struct {
	Total   int        `json:"total"`
	Entered int        `json:"entered"`
	Skipped SkipCounts `json:"skipped"`
}

// SkipCounts counts signals not traded, by the first reason met.
type SkipCounts struct {
	BelowMinScore int `json:"below_min_score"`
	Regime        int `json:"regime"`
	USDKRW        int `json:"usd_krw"`
	Held          int `json:"held"`          // already held or ordered
	MaxPositions  int `json:"max_positions"` // at decision or at the fill
	Cash          int `json:"cash"`          // one share plus commission did not fit
	NoNextBar     int `json:"no_next_bar"`   // the stock did not trade on the next day
}
