// Package market holds the domain types shared by every other package:
// instruments, bars, quotes, investor flows, dividends, fundamentals and
// option contracts. It does no I/O.
//
// Conventions:
//   - Symbol is the instrument's unique key across markets. Equities, indices,
//     FX and futures use Yahoo's spelling ("005930.KS", "^KS11", "KRW=X",
//     "GC=F", "AAPL"); crypto pairs use Binance's ("BTCUSDT").
//   - Times are UTC. A daily bar's Time is 00:00 UTC of its trading date in the
//     exchange's own calendar; an intraday bar's Time is its open instant.
//   - Prices are in the instrument's currency (KRW for KR stocks, as integers
//     on the KRX tick grid); volumes are in shares (or base units for crypto).
package market

import (
	"sort"
	"time"
)

// Market names.
const (
	KR     = "KR"
	US     = "US"
	Crypto = "CRYPTO"
	Macro  = "MACRO"
)

// Instrument kinds.
const (
	KindStock     = "stock"
	KindETF       = "etf"
	KindIndex     = "index"
	KindFX        = "fx"
	KindRate      = "rate"
	KindCommodity = "commodity"
	KindCrypto    = "crypto"
)

// Bar intervals.
const (
	Daily = "1d"
	H4    = "4h"
)

// Instrument describes one tradable or observable series.
type Instrument struct {
	Symbol   string `json:"symbol"`   // unique key, see package doc
	Ticker   string `json:"ticker"`   // exchange code: 6 digits for KR, "AAPL", "BTCUSDT"
	Name     string `json:"name"`     // display name (Korean for KR stocks)
	Market   string `json:"market"`   // KR, US, CRYPTO, MACRO
	Exchange string `json:"exchange"` // KOSPI, KOSDAQ, NYSE, NASDAQ, BINANCE, INDEX, ...
	Kind     string `json:"kind"`     // stock, etf, index, fx, rate, commodity, crypto
	Sector   string `json:"sector"`   // GICS-like sector or KR theme; "" if none
	Currency string `json:"currency"` // KRW, USD, USDT
}

// Bar is one OHLCV candle.
type Bar struct {
	Symbol   string  `json:"symbol"`
	Interval string  `json:"interval"` // "1d" or "4h"
	Time     int64   `json:"time"`     // unix seconds UTC
	Open     float64 `json:"open"`
	High     float64 `json:"high"`
	Low      float64 `json:"low"`
	Close    float64 `json:"close"`
	AdjClose float64 `json:"adj_close"`
	Volume   float64 `json:"volume"`
}

// Date returns the bar's trading date as YYYY-MM-DD (UTC).
func (b Bar) Date() string { return time.Unix(b.Time, 0).UTC().Format("2006-01-02") }

// Quote is the latest known price of a symbol.
type Quote struct {
	Symbol      string  `json:"symbol"`
	Price       float64 `json:"price"`
	PrevClose   float64 `json:"prev_close"`
	Change      float64 `json:"change"`
	ChangePct   float64 `json:"change_pct"` // percent
	Volume      float64 `json:"volume"`
	QuoteVolume float64 `json:"quote_volume"` // 24h volume in quote currency (crypto)
	Time        int64   `json:"time"`         // unix seconds UTC
}

// Flow is one day of KR investor net buying for a stock, in shares.
type Flow struct {
	Symbol     string `json:"symbol"`
	Time       int64  `json:"time"` // trading date 00:00 UTC
	ForeignNet int64  `json:"foreign_net"`
	InstNet    int64  `json:"inst_net"`
	RetailNet  int64  `json:"retail_net"`
}

// Dividend is one dividend payment.
type Dividend struct {
	Symbol    string  `json:"symbol"`
	ExDate    int64   `json:"ex_date"`  // unix seconds UTC
	PayDate   int64   `json:"pay_date"` // unix seconds UTC
	Amount    float64 `json:"amount"`   // per share, instrument currency
	Frequency string  `json:"frequency"`
}

// Dividend frequencies.
const (
	Monthly    = "Monthly"
	Quarterly  = "Quarterly"
	SemiAnnual = "Semi-Annual"
	Annual     = "Annual"
)

// Fundamentals is a snapshot of company or fund figures. Ratios are
// fractions (0.25 = 25 %) unless the field name says pct.
type Fundamentals struct {
	Symbol        string   `json:"symbol"`
	AsOf          int64    `json:"as_of"`
	MarketCap     float64  `json:"market_cap"`
	SharesOut     float64  `json:"shares_outstanding"`
	PE            *float64 `json:"pe"`
	PB            *float64 `json:"pb"`
	EPS           float64  `json:"eps"`
	BPS           float64  `json:"bps"`
	ROE           *float64 `json:"roe"`
	DividendRate  float64  `json:"dividend_rate"`  // annual per share
	DividendYield float64  `json:"dividend_yield"` // fraction
	PayoutRatio   *float64 `json:"payout_ratio"`
	RevenueGrowth *float64 `json:"revenue_growth"`
	EPSGrowth     *float64 `json:"eps_growth"`
	ProfitMargin  *float64 `json:"profit_margin"`
	Beta          *float64 `json:"beta"`
	TargetPrice   *float64 `json:"target_price"`
	Tags          []string `json:"tags,omitempty"` // dividend universe tags
}

// OptionContract is one line of an option chain.
type OptionContract struct {
	Underlying   string  `json:"underlying"`
	Expiry       int64   `json:"expiry"` // unix seconds UTC (date)
	Strike       float64 `json:"strike"`
	Type         string  `json:"type"` // "C" or "P"
	Last         float64 `json:"last"`
	Bid          float64 `json:"bid"`
	Ask          float64 `json:"ask"`
	Volume       int64   `json:"volume"`
	OpenInterest int64   `json:"open_interest"`
	IV           float64 `json:"iv"` // implied volatility, fraction
	AsOf         int64   `json:"as_of"`
}

// DateUTC returns 00:00 UTC of the calendar date of t in its own location.
func DateUTC(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// AtOrBefore is the index of the last of the oldest-first bars with
// Time ≤ t, or −1 when there is none.
func AtOrBefore(bars []Bar, t int64) int {
	return sort.Search(len(bars), func(i int) bool { return bars[i].Time > t }) - 1
}
