// Package gate is the KR market gate service: the K10 market gate
// (api-reference §7.1) and the K1 market status with the KRX session,
// computed from the stored daily bars of KOSPI, KOSDAQ, USD/KRW and the
// KR sector ETFs. The scoring itself is package analysis/gate.
package gate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	ag "krmarket/backend/analysis/gate"
	"krmarket/backend/calendar"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/indicator"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// Symbols the gate reads.
const (
	KOSPI  = "^KS11"
	KOSDAQ = "^KQ11"
	USDKRW = "KRW=X"
	// KODEX200 is the benchmark fallback and the K1 proxy.
	KODEX200 = "069500.KS"
)

// HistoryBars is how many daily bars of each series the gate reads (the
// original fetched one year).
const HistoryBars = 260

// Service answers the KR gate and market status from the store.
type Service struct {
	st     *store.Store
	now    func() time.Time
	source contract.SourceFunc
	cfg    func() ag.Config
	cal    *calendar.Calendar

	mu    sync.Mutex
	memo  *KRGateResult
	memoK memoKey
}

// memoKey is what the gate depends on besides the stored bars' version.
type memoKey struct {
	version int64
	day     string // KST date
	source  string
	ageMin  int64
	cfg     ag.Config
}

// New returns the service; now is the clock, source tells what the data is
// (nil: the store's own view) and cfg returns the current gate settings
// (nil: the defaults).
func New(st *store.Store, now func() time.Time, source contract.SourceFunc, cfg func() ag.Config) *Service {
	if source == nil {
		source = func(ctx context.Context, mkt string) (string, *int64, error) {
			src, err := st.DominantSource(ctx, mkt)
			return src, nil, err
		}
	}
	if cfg == nil {
		cfg = ag.DefaultConfig
	}
	return &Service{st: st, now: now, source: source, cfg: cfg, cal: calendar.KRX()}
}

// KRGateSector is one sector of the gate.
type KRGateSector struct {
	Name      string  `json:"name"`    // the original's sector label (반도체, …)
	NameEn    string  `json:"name_en"` // English label
	Ticker    string  `json:"ticker"`  // KRX code of the ETF
	Signal    string  `json:"signal"`  // bullish, neutral, bearish
	ChangePct float64 `json:"change_pct"`
	Score     int     `json:"score"`
	RSI       float64 `json:"rsi"`
	// RSVsKOSPI is the ETF's 20-day return minus the benchmark's, in
	// percentage points (null when the benchmark does not cover it).
	RSVsKOSPI *float64 `json:"rs_vs_kospi"`
	Price     float64  `json:"price"`
}

// KRGateMetrics are the gate's headline numbers (null when a series is missing).
type KRGateMetrics struct {
	USDKRW          *float64 `json:"usd_krw"`
	KOSPI           *float64 `json:"kospi"`
	KOSPIChangePct  *float64 `json:"kospi_change_pct"`
	KOSDAQ          *float64 `json:"kosdaq"`
	KOSDAQChangePct *float64 `json:"kosdaq_change_pct"`
	RSI             *float64 `json:"rsi"`
}

// KRGateResult is the body of GET /api/kr/market-gate (K10's CODE shape plus
// gate, gate_score, usd_krw and the Go additions).
type KRGateResult struct {
	contract.Meta
	// Status is the gate colour, as in the original (it shadows the
	// envelope's "success"; HTTP 200 means success).
	Status    string         `json:"status"`
	Gate      string         `json:"gate"`
	Score     int            `json:"score"`
	GateScore int            `json:"gate_score"`
	Label     string         `json:"label"`
	Reasons   []string       `json:"reasons"`
	ReasonsEn []string       `json:"reasons_en"`
	Sectors   []KRGateSector `json:"sectors"`
	Metrics   KRGateMetrics  `json:"metrics"`

	KOSPIClose      *float64 `json:"kospi_close"`
	KOSPIChangePct  *float64 `json:"kospi_change_pct"`
	KOSDAQClose     *float64 `json:"kosdaq_close"`
	KOSDAQChangePct *float64 `json:"kosdaq_change_pct"`
	USDKRW          *float64 `json:"usd_krw"`
	// UpdatedAt is the date of the last KOSPI bar ("" without one).
	UpdatedAt string `json:"updated_at"`

	RSIMethod string `json:"rsi_method"` // "wilder"
	// RawScore, Components and RSApplicable explain the KOSPI score: the
	// index has no benchmark, so its four other terms (max 85) are rescaled
	// to 100 and rs_applicable is false.
	RawScore     int           `json:"raw_score"`
	Components   ag.ScoreTerms `json:"components"`
	RSApplicable bool          `json:"rs_applicable"`
	// Benchmark is the RS benchmark of the sectors: ^KS11, or 069500.KS
	// when KOSPI has too few bars, "" when neither has.
	Benchmark string `json:"benchmark"`
	// FXOverride is true when USD/KRW ≥ usd_krw_danger made the gate RED.
	FXOverride bool `json:"fx_override"`
	// Degraded is true when KOSPI could not be scored: the gate is the
	// original's fallback (YELLOW / 50, "데이터 소스 오류"), not computed.
	Degraded       bool   `json:"degraded"`
	DegradedReason string `json:"degraded_reason,omitempty"`
	// Missing lists the series with too few bars to be used.
	Missing []string `json:"missing"`
}

// sectorEn are English names for the gate's sector labels.
var sectorEn = map[string]string{
	"KOSPI200": "KOSPI 200", "반도체": "Semiconductors", "2차전지": "Secondary batteries", "자동차": "Autos",
	"IT": "IT", "은행": "Banks", "철강": "Steel", "증권": "Securities",
}

// ParseRefresh reads the refresh query value: "" and "false" → false,
// "true" → true, anything else is a 400.
func ParseRefresh(v string) (bool, error) {
	switch v {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, contract.BadRequest("invalid_refresh", "refresh must be true or false, not %q", v)
}

// MarketGate returns the KR market gate. The result is computed once per
// store version, KST date, data source and settings, stamped with that
// time, and the same value is returned until one of them changes (callers
// must not modify it); refresh recomputes it.
func (s *Service) MarketGate(ctx context.Context, refresh bool) (*KRGateResult, error) {
	now := s.now()
	cfg := s.cfg()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("market gate settings: %w", err)
	}
	src, age, err := s.source(ctx, market.KR)
	if err != nil {
		return nil, err
	}
	key := memoKey{version: s.st.Version(), day: now.In(s.cal.Location()).Format(time.DateOnly), source: src, cfg: cfg}
	if age != nil {
		key.ageMin = *age / 60
	}
	if !refresh {
		s.mu.Lock()
		if s.memo != nil && s.memoK == key {
			r := s.memo
			s.mu.Unlock()
			return r, nil
		}
		s.mu.Unlock()
	}
	res, err := s.computeGate(ctx, cfg)
	if err != nil {
		return nil, err
	}
	res.DataSource, res.DataAge = src, age
	res.Stamp(now)
	s.mu.Lock()
	s.memo, s.memoK = res, key
	s.mu.Unlock()
	return res, nil
}

func (s *Service) computeGate(ctx context.Context, cfg ag.Config) (*KRGateResult, error) {
	read := func(sym string) ([]market.Bar, error) {
		return s.st.LastBars(ctx, sym, market.Daily, HistoryBars)
	}
	kospi, err := read(KOSPI)
	if err != nil {
		return nil, err
	}
	kosdaq, err := read(KOSDAQ)
	if err != nil {
		return nil, err
	}
	fx, err := s.st.LastBars(ctx, USDKRW, market.Daily, 1)
	if err != nil {
		return nil, err
	}
	etfs := data.KRSectorETFs()
	etfBars := make([][]market.Bar, len(etfs))
	for i, e := range etfs {
		if etfBars[i], err = read(e.Symbol); err != nil {
			return nil, err
		}
	}

	res := &KRGateResult{RSIMethod: "wilder", Sectors: []KRGateSector{}, Missing: []string{}}
	var bench []market.Bar
	switch {
	case len(kospi) >= cfg.MinBars:
		bench, res.Benchmark = kospi, KOSPI
	case len(etfBars[0]) >= cfg.MinBars: // KRSectorETFs lists KODEX 200 first
		bench, res.Benchmark = etfBars[0], KODEX200
	}

	index := ag.Score(kospi, nil, cfg)
	if !index.Scored {
		res.Missing = append(res.Missing, KOSPI)
		res.DegradedReason = fmt.Sprintf("KOSPI (%s): %s", KOSPI, index.Reason)
	}
	if len(kosdaq) == 0 {
		res.Missing = append(res.Missing, KOSDAQ)
	}
	usd := math.NaN()
	if len(fx) > 0 && fx[0].Close > 0 {
		usd = fx[0].Close
		res.USDKRW = ptr(round(usd, 2))
	} else {
		res.Missing = append(res.Missing, USDKRW)
	}

	var named []ag.Named
	for i, e := range etfs {
		b := bench
		if res.Benchmark == e.Symbol {
			b = nil // the benchmark is not scored against itself
		}
		r := ag.Score(etfBars[i], b, cfg)
		if !r.Scored {
			res.Missing = append(res.Missing, e.Symbol)
			continue
		}
		row := KRGateSector{Name: e.Sector, NameEn: sectorEn[e.Sector], Ticker: e.Ticker, Signal: strings.ToLower(r.Signal),
			ChangePct: round(r.ChangePct, 2), Score: r.Score, RSI: round(r.RSI, 1), Price: r.Close}
		if r.RSApplicable {
			row.RSVsKOSPI = ptr(round(r.RS, 2))
		}
		res.Sectors = append(res.Sectors, row)
		named = append(named, ag.Named{Name: row.Name, NameEn: row.NameEn, Score: row.Score})
	}
	sort.SliceStable(res.Sectors, func(i, j int) bool { return res.Sectors[i].Score > res.Sectors[j].Score })

	d := ag.Gate(index, usd, named, cfg)
	res.Status, res.Gate, res.Score, res.GateScore, res.Label = d.Status, d.Gate, d.Score, d.Score, d.Label
	res.Reasons, res.ReasonsEn, res.FXOverride, res.Degraded = d.Reasons, d.ReasonsEn, d.FXOverride, d.Degraded
	if index.Scored {
		res.RawScore, res.Components, res.RSApplicable = index.Raw, index.Components, index.RSApplicable
		res.Metrics.RSI = ptr(round(index.RSI, 1))
	}
	if n := len(kospi); n > 0 {
		res.KOSPIClose = ptr(round(kospi[n-1].Close, 2))
		res.UpdatedAt = kospi[n-1].Date()
		if n > 1 {
			res.KOSPIChangePct = ptr(round(index.ChangePct, 2))
		}
	}
	if n := len(kosdaq); n > 0 {
		res.KOSDAQClose = ptr(round(kosdaq[n-1].Close, 2))
		if n > 1 && kosdaq[n-2].Close > 0 {
			res.KOSDAQChangePct = ptr(round((kosdaq[n-1].Close/kosdaq[n-2].Close-1)*100, 2))
		}
	}
	res.Metrics.USDKRW, res.Metrics.KOSPI, res.Metrics.KOSPIChangePct = res.USDKRW, res.KOSPIClose, res.KOSPIChangePct
	res.Metrics.KOSDAQ, res.Metrics.KOSDAQChangePct = res.KOSDAQClose, res.KOSDAQChangePct
	return res, nil
}

// KRMarketStatus is the body of GET /api/kr/market-status (K1 plus the KRX
// session).
type KRMarketStatus struct {
	contract.Meta
	// Status is the regime (RISK_ON, RISK_OFF, NEUTRAL), as in the
	// original (it shadows the envelope's "success").
	Status       string     `json:"status"`
	Score        int        `json:"score"`
	CurrentPrice float64    `json:"current_price"`
	MA200        *float64   `json:"ma200"` // null with fewer than 200 bars
	MA20         *float64   `json:"ma20"`
	MA50         *float64   `json:"ma50"`
	Date         string     `json:"date"`   // last bar, YYYY-MM-DD
	Symbol       string     `json:"symbol"` // KRX code of the proxy
	Name         string     `json:"name"`
	Reason       string     `json:"reason,omitempty"`
	Bars         int        `json:"bars"`
	Session      KRXSession `json:"session"`
}

// proxies are K1's market proxies in order of preference.
var proxies = []struct{ symbol, ticker, name string }{
	{KODEX200, "069500", "KODEX 200"},
	{"005930.KS", "005930", "삼성전자"},
}

// MarketStatus returns K1's regime of the market proxy (KODEX 200, else
// Samsung Electronics) and the KRX session at the service's clock.
func (s *Service) MarketStatus(ctx context.Context) (*KRMarketStatus, error) {
	now := s.now()
	for _, p := range proxies {
		bars, err := s.st.LastBars(ctx, p.symbol, market.Daily, HistoryBars)
		if err != nil {
			return nil, err
		}
		if len(bars) == 0 {
			continue
		}
		res := &KRMarketStatus{Symbol: p.ticker, Name: p.name, Bars: len(bars), Session: SessionAt(s.cal, now)}
		if inst, err := s.st.InstrumentByTicker(ctx, market.KR, p.ticker); err == nil && inst.Name != "" {
			res.Name = inst.Name
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		closes := make([]float64, len(bars))
		for i, b := range bars {
			closes[i] = b.Close
		}
		last := len(bars) - 1
		res.CurrentPrice, res.Date = bars[last].Close, bars[last].Date()
		res.Status, res.Score = ag.Regime(closes)
		if len(closes) < ag.RegimeBars {
			res.Reason = "Insufficient data"
		} else {
			res.MA200 = ptr(round(indicator.SMA(closes, 200)[last], 2))
		}
		for _, m := range []struct {
			n   int
			dst **float64
		}{{20, &res.MA20}, {50, &res.MA50}} {
			if v := indicator.SMA(closes, m.n)[last]; !math.IsNaN(v) {
				*m.dst = ptr(round(v, 2))
			}
		}
		if res.DataSource, err = s.st.SeriesSource(ctx, p.symbol, market.Daily); err != nil {
			return nil, err
		}
		if res.DataSource == contract.SourceLive {
			if res.DataSource, res.DataAge, err = s.source(ctx, market.KR); err != nil {
				return nil, err
			}
		}
		return res, nil
	}
	return nil, contract.NotFound("market_proxy_not_found", "no price data for the market proxy (069500 KODEX 200, or 005930)")
}

func ptr(v float64) *float64 { return &v }

func round(v float64, dp int) float64 {
	p := math.Pow(10, float64(dp))
	return math.Round(v*p) / p
}
