package kr

import (
	"context"
	"errors"
	"fmt"
	"math"

	"krmarket/backend/analysis/exits"
	"krmarket/backend/analysis/vcp"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/indicator"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// ChartBar is one candle of a stock chart.
type ChartBar struct {
	Date   string  `json:"date"`
	Time   int64   `json:"time"`
	Open   float64 `json:"open"`
	High   float64 `json:"high"`
	Low    float64 `json:"low"`
	Close  float64 `json:"close"`
	Volume float64 `json:"volume"`
}

// LinePoint is one point of an overlay line.
type LinePoint struct {
	Time  int64   `json:"time"`
	Value float64 `json:"value"`
}

// MovingAverages are the chart's simple moving averages of the close, each
// starting on the first bar of the window that has a full average.
type MovingAverages struct {
	MA20  []LinePoint `json:"ma20"`
	MA50  []LinePoint `json:"ma50"`
	MA150 []LinePoint `json:"ma150"`
	MA200 []LinePoint `json:"ma200"`
}

// ChartContraction is one pullback of the base, from its high to its low.
type ChartContraction struct {
	HighDate string  `json:"high_date"`
	HighTime int64   `json:"high_time"`
	High     float64 `json:"high"`
	LowDate  string  `json:"low_date"`
	LowTime  int64   `json:"low_time"`
	Low      float64 `json:"low"`
	DepthPct float64 `json:"depth_pct"`
}

// ChartVCP is the pattern analysis as of the chart's last bar.
type ChartVCP struct {
	Found        bool               `json:"found"`
	Stage        string             `json:"stage"`
	Score        float64            `json:"score"`
	Pivot        *float64           `json:"pivot"`
	DistancePct  *float64           `json:"distance_pct"`
	BaseDepth    float64            `json:"base_depth"`
	BaseLength   int                `json:"base_length"`
	VolumeDryUp  bool               `json:"volume_dry_up"`
	Contractions []ChartContraction `json:"contractions"`
	Reasons      []string           `json:"reasons"`
	TrendChecks  *int               `json:"trend_checks"` // of 7; null with under 252 bars
}

// ChartSignal is the ticker's OPEN signal with its exit levels.
type ChartSignal struct {
	SignalDate  string   `json:"signal_date"`
	EntryPrice  float64  `json:"entry_price"`
	StopPrice   *float64 `json:"stop_price"`   // null when the stop loss rule is off
	TargetPrice *float64 `json:"target_price"` // null when the take profit rule is off
	Score       float64  `json:"score"`
}

// ChartFlow is one day of investor flows (shares, net buying).
type ChartFlow struct {
	Date       string `json:"date"`
	Time       int64  `json:"time"`
	ForeignNet int64  `json:"foreign_net"`
	InstNet    int64  `json:"inst_net"`
	RetailNet  int64  `json:"retail_net"`
}

// ChartResult is the body of GET /api/kr/stock-chart/<ticker>.
type ChartResult struct {
	contract.Meta
	Ticker         string               `json:"ticker"`
	Name           string               `json:"name"`
	Market         string               `json:"market"`
	Period         string               `json:"period"`
	Data           []ChartBar           `json:"data"`
	Candles        []ChartBar           `json:"candles"`
	MovingAverages MovingAverages       `json:"moving_averages"`
	VCP            ChartVCP             `json:"vcp"`
	Signal         *ChartSignal         `json:"signal"`
	Flows          []ChartFlow          `json:"flows"`
	Fundamentals   *market.Fundamentals `json:"fundamentals"`
	// TodayPartial: the last bar is today's session so far, built from
	// intraday bars (the stored history ends before today); it is not
	// stored and changes until the close.
	TodayPartial bool `json:"today_partial"`
}

// Periods maps the accepted period values to trading days.
var periods = map[string]int{"1mo": 21, "3mo": 63, "6mo": 126, "1y": 252, "2y": 504, "5y": 1260}

// DefaultChartBars is the bar count when no period is given (K3: last 300).
const DefaultChartBars = 300

// chartFlowDays is how many days of flows the chart carries.
const chartFlowDays = 60

// ParsePeriod validates a period; "" means the default 300 bars.
func ParsePeriod(p string) (int, error) {
	if p == "" {
		return DefaultChartBars, nil
	}
	n, ok := periods[p]
	if !ok {
		return 0, contract.BadRequest("invalid_period", "period %q is not one of 1mo, 3mo, 6mo, 1y, 2y, 5y", p)
	}
	return n, nil
}

// ValidTicker reports whether t is a KRX code: six characters, digits or
// capital letters, starting with a digit ("005930", and newer codes such as
// "00680K").
func ValidTicker(t string) bool { return data.ValidKRTicker(t) }

// StockChart returns the daily candles of a KR stock or ETF with its moving
// averages, the VCP analysis as of the last bar, the open signal's levels,
// the last 60 days of investor flows and the latest fundamentals.
func (s *Service) StockChart(ctx context.Context, ticker, period string) (*ChartResult, error) {
	if !ValidTicker(ticker) {
		return nil, contract.BadRequest("invalid_ticker", "ticker must be a 6-character KRX code such as 005930")
	}
	n, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	inst, err := s.st.InstrumentByTicker(ctx, market.KR, ticker)
	if errors.Is(err, store.ErrNotFound) {
		return nil, contract.NotFound("unknown_ticker", "ticker %s is not a listed KRX stock", ticker)
	}
	if err != nil {
		return nil, err
	}
	// 199 extra bars give the 200-day average from the window's first bar;
	// the pattern needs ScanBars.
	all, err := s.st.LastBars(ctx, inst.Symbol, market.Daily, max(n+199, ScanBars))
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, contract.Unavailable("no_price_data", "no price data stored for %s yet", ticker)
	}
	src, err := s.st.SeriesSource(ctx, inst.Symbol, market.Daily)
	if err != nil {
		return nil, err
	}
	var age *int64
	todayPartial := false
	if src == contract.SourceLive {
		// Only live history gets today's live bar (never demo or imported data).
		if b, ok := s.todayBar(ctx, inst.Symbol, all[len(all)-1]); ok {
			all, todayPartial = append(all, b), true
		}
		if src, age, err = s.source(ctx, market.KR); err != nil {
			return nil, err
		}
	}
	from := max(0, len(all)-n)
	out := make([]ChartBar, 0, len(all)-from)
	for _, b := range all[from:] {
		out = append(out, ChartBar{Date: b.Date(), Time: b.Time, Open: b.Open, High: b.High, Low: b.Low, Close: b.Close, Volume: b.Volume})
	}
	if period == "" {
		period = fmt.Sprintf("%dd", DefaultChartBars)
	}
	res := &ChartResult{Ticker: ticker, Name: inst.Name, Market: inst.Exchange, Period: period, Data: out, Candles: out,
		MovingAverages: movingAverages(all, from), VCP: chartVCP(all, s.signalCfg().VCP), Flows: []ChartFlow{},
		TodayPartial: todayPartial}
	res.DataSource, res.DataAge = src, age

	if res.Signal, err = s.openSignal(ctx, ticker); err != nil {
		return nil, err
	}
	flows, err := s.st.LastFlows(ctx, inst.Symbol, chartFlowDays)
	if err != nil {
		return nil, err
	}
	for _, f := range flows {
		res.Flows = append(res.Flows, ChartFlow{Date: market.Bar{Time: f.Time}.Date(), Time: f.Time,
			ForeignNet: f.ForeignNet, InstNet: f.InstNet, RetailNet: f.RetailNet})
	}
	fu, err := s.st.LatestFundamentals(ctx, inst.Symbol)
	switch {
	case err == nil:
		res.Fundamentals = &fu
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return res, nil
}

func movingAverages(all []market.Bar, from int) MovingAverages {
	closes := make([]float64, len(all))
	for i, b := range all {
		closes[i] = b.Close
	}
	line := func(p int) []LinePoint {
		sma := indicator.SMA(closes, p)
		out := []LinePoint{}
		for i := from; i < len(all); i++ {
			if v := sma[i]; !math.IsNaN(v) {
				out = append(out, LinePoint{Time: all[i].Time, Value: math.Round(v*100) / 100})
			}
		}
		return out
	}
	return MovingAverages{MA20: line(20), MA50: line(50), MA150: line(150), MA200: line(200)}
}

func chartVCP(all []market.Bar, cfg vcp.Config) ChartVCP {
	bars := all[max(0, len(all)-ScanBars):]
	r := vcp.Detect(bars, cfg)
	out := ChartVCP{Found: r.Found, Stage: r.Stage, Score: r.Score, Contractions: []ChartContraction{}, Reasons: r.Reasons}
	if out.Stage == "" {
		out.Stage = vcp.StageNone
	}
	if out.Reasons == nil {
		out.Reasons = []string{}
	}
	if r.Found {
		p, d := round(r.Pivot, 2), round(r.DistancePct, 2)
		out.Pivot, out.DistancePct = &p, &d
		out.BaseDepth, out.BaseLength, out.VolumeDryUp = round(r.BaseDepthPct, 2), r.BaseLength, r.VolumeDryUp
		for _, c := range r.Contractions {
			h, l := bars[c.HighIndex], bars[c.LowIndex]
			out.Contractions = append(out.Contractions, ChartContraction{HighDate: h.Date(), HighTime: h.Time, High: c.High,
				LowDate: l.Date(), LowTime: l.Time, Low: c.Low, DepthPct: round(c.DepthPct, 2)})
		}
	}
	closes := make([]float64, len(bars))
	for i, b := range bars {
		closes[i] = b.Close
	}
	if t, ok := vcp.TrendTemplate(closes); ok {
		out.TrendChecks = &t.Passed
	}
	return out
}

// openSignal is the ticker's OPEN ledger row with its stop and target.
func (s *Service) openSignal(ctx context.Context, ticker string) (*ChartSignal, error) {
	open, err := s.st.OpenSignals(ctx, market.KR)
	if err != nil {
		return nil, err
	}
	for _, g := range open {
		if g.Ticker != ticker {
			continue
		}
		r := s.exitRules()
		cs := &ChartSignal{SignalDate: g.SignalDate, EntryPrice: g.EntryPrice, Score: round(g.Score, 1)}
		if r.StopLossPct > 0 {
			v := round(g.EntryPrice*(1-r.StopLossPct/100), 0)
			cs.StopPrice = &v
		}
		if r.TakeProfitPct > 0 {
			v := round(g.EntryPrice*(1+r.TakeProfitPct/100), 0)
			cs.TargetPrice = &v
		}
		return cs, nil
	}
	return nil, nil
}

func (s *Service) exitRules() exits.Rules {
	if s.rules != nil {
		return s.rules()
	}
	return exits.DefaultRules()
}
