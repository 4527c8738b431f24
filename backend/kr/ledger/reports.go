package ledger

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"krmarket/backend/analysis/exits"
	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// StrategyParams are the exit rules now in force, with the original
// report's hold_days key (a count of trading days here, not calendar days).
type StrategyParams struct {
	exits.Rules
	HoldDays     int    `json:"hold_days"`      // = max_hold_days
	HoldDaysUnit string `json:"hold_days_unit"` // always "trading_days"
	Entry        string `json:"entry"`          // where a signal is bought
}

// PerformanceSummary is P4's summary block.
type PerformanceSummary struct {
	TotalCount    int     `json:"total_count"` // closed trades
	AvgReturn     float64 `json:"avg_return"`
	WinRate       float64 `json:"win_rate"`
	TopPerformers []Trade `json:"top_performers"` // best 5 by return
}

// PerformanceResult is the body of GET /api/kr/performance (K9).
type PerformanceResult struct {
	contract.Meta
	Period           string                 `json:"period"` // "<first signal_date> ~ <last exit_date>" of closed trades
	TotalSignals     int                    `json:"total_signals"`
	ClosedSignals    int                    `json:"closed_signals"`
	OpenSignals      int                    `json:"open_signals"`
	Wins             int                    `json:"wins"`   // return > 0
	Losses           int                    `json:"losses"` // return ≤ 0
	WinRate          float64                `json:"win_rate"`
	AvgReturn        float64                `json:"avg_return"`
	TotalReturn      float64                `json:"total_return"`      // SUM of returns (the original's meaning), %
	CompoundedReturn float64                `json:"compounded_return"` // (∏(1+r/100) − 1)·100, %
	BestTrade        float64                `json:"best_trade"`
	WorstTrade       float64                `json:"worst_trade"`
	AvgHoldDays      float64                `json:"avg_hold_days"` // trading days
	AvgWin           float64                `json:"avg_win"`
	AvgLoss          float64                `json:"avg_loss"`
	ProfitFactor     *float64               `json:"profit_factor"` // gross wins / |gross losses|; null without losses
	ByExitReason     map[string]ReasonStats `json:"by_exit_reason"`
	Monthly          []MonthStats           `json:"monthly"`
	StrategyParams   StrategyParams         `json:"strategy_params"`
	Summary          PerformanceSummary     `json:"summary"`
	Performance      []Trade                `json:"performance"` // closed trades, newest exit first
	Data             []Trade                `json:"data"`        // P4's name for the same list
	Message          string                 `json:"message,omitempty"`
}

// ledger loads every KR signal with names and the meta fields.
func (s *Service) ledger(ctx context.Context, m *contract.Meta) ([]store.Signal, map[string]nameInfo, error) {
	src, age, err := s.source(ctx, market.KR)
	if err != nil {
		return nil, nil, err
	}
	m.DataSource, m.DataAge = src, age
	sigs, err := s.st.LedgerSignals(ctx, market.KR)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.names(ctx)
	if err != nil {
		return nil, nil, err
	}
	return sigs, names, nil
}

// closedTrades converts the CLOSED rows with an exit into trades.
func closedTrades(sigs []store.Signal, names map[string]nameInfo) []Trade {
	out := []Trade{}
	for _, g := range sigs {
		if g.Status != "CLOSED" || g.ReturnPct == nil {
			continue
		}
		n := names[g.Ticker]
		t := Trade{ID: g.ID, Ticker: g.Ticker, Name: n.Name, Market: n.Market, SignalDate: g.SignalDate,
			EntryPrice: g.EntryPrice, ReturnPct: *g.ReturnPct, HoldDays: g.HoldDays}
		if g.ExitPrice != nil {
			t.ExitPrice = *g.ExitPrice
		}
		if g.ExitDate != nil {
			t.ExitDate = *g.ExitDate
		}
		if g.ExitReason != nil {
			t.ExitReason = *g.ExitReason
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ExitDate != out[j].ExitDate {
			return out[i].ExitDate > out[j].ExitDate
		}
		return out[i].Ticker < out[j].Ticker
	})
	return out
}

// Performance reports the closed ledger trades (K9).
func (s *Service) Performance(ctx context.Context) (*PerformanceResult, error) {
	res := &PerformanceResult{}
	sigs, names, err := s.ledger(ctx, &res.Meta)
	if err != nil {
		return nil, err
	}
	trades := closedTrades(sigs, names)
	m := Summarize(trades)
	rules := s.rules()
	res.Period = m.Period
	res.TotalSignals = len(sigs)
	res.ClosedSignals = m.Closed
	res.OpenSignals = countOpen(sigs)
	res.Wins, res.Losses, res.WinRate = m.Wins, m.Losses, m.WinRate
	res.AvgReturn, res.TotalReturn, res.CompoundedReturn = m.AvgReturn, m.TotalReturn, m.CompoundedReturn
	res.BestTrade, res.WorstTrade, res.AvgHoldDays = m.BestTrade, m.WorstTrade, m.AvgHoldDays
	res.AvgWin, res.AvgLoss, res.ProfitFactor = m.AvgWin, m.AvgLoss, m.ProfitFactor
	res.ByExitReason, res.Monthly = m.ByExitReason, m.Monthly
	res.StrategyParams = StrategyParams{Rules: rules, HoldDays: rules.MaxHoldDays, HoldDaysUnit: "trading_days", Entry: "signal day close"}
	res.Summary = PerformanceSummary{TotalCount: m.Closed, AvgReturn: m.AvgReturn, WinRate: m.WinRate, TopPerformers: m.Top}
	res.Performance, res.Data = trades, trades
	if len(trades) == 0 {
		res.Message = "No closed signals yet: a signal closes on its first stop-loss, take-profit, trailing-stop or time exit."
	}
	res.Stamp(s.now())
	return res, nil
}

func countOpen(sigs []store.Signal) int {
	n := 0
	for _, g := range sigs {
		if g.Status == "OPEN" {
			n++
		}
	}
	return n
}

// Position is an OPEN signal valued at the latest stored price.
type Position struct {
	ID           int64   `json:"id"`
	Ticker       string  `json:"ticker"`
	Name         string  `json:"name"`
	Market       string  `json:"market"`
	SignalDate   string  `json:"signal_date"`
	ReturnPct    float64 `json:"return_pct"` // (current − entry)/entry·100, 2 dp
	EntryPrice   float64 `json:"entry_price"`
	CurrentPrice float64 `json:"current_price"` // latest quote or close; the entry price when none is stored
	HoldDays     int     `json:"hold_days"`
}

// CumulativeResult is the body of GET /api/kr/cumulative-return (K8).
type CumulativeResult struct {
	contract.Meta
	CumulativeReturn float64      `json:"cumulative_return"` // mean return of the open positions, 2 dp
	Winners          int          `json:"winners"`           // return > 0
	Losers           int          `json:"losers"`            // return ≤ 0
	WinRate          float64      `json:"win_rate"`          // 1 dp
	TotalPositions   int          `json:"total_positions"`
	Positions        []Position   `json:"positions"`
	Trades           []Position   `json:"trades"`        // alias of positions (CODE clients)
	Invested         float64      `json:"invested"`      // ₩1,000,000 per position
	CurrentValue     float64      `json:"current_value"` // Σ 1,000,000·(1 + return/100), won
	Curve            []CurvePoint `json:"curve"`
	Message          string       `json:"message,omitempty"`
}

// PerPosition is the notional stake per position of K8's summary card.
const PerPosition = 1_000_000

// CumulativeReturn values the OPEN signals at their latest stored price (the
// BP03 algorithm) and adds the equity curve of every ledger trade against
// KOSPI.
func (s *Service) CumulativeReturn(ctx context.Context) (*CumulativeResult, error) {
	res := &CumulativeResult{Positions: []Position{}, Curve: []CurvePoint{}}
	sigs, names, err := s.ledger(ctx, &res.Meta)
	if err != nil {
		return nil, err
	}
	var open []store.Signal
	var syms []string
	for _, g := range sigs {
		if g.Status == "OPEN" {
			open = append(open, g)
			syms = append(syms, symbolOf(g, names))
		}
	}
	prices, err := s.latestPrices(ctx, syms)
	if err != nil {
		return nil, err
	}
	sum, value := 0.0, 0.0
	for i, g := range open {
		n := names[g.Ticker]
		p := Position{ID: g.ID, Ticker: g.Ticker, Name: n.Name, Market: n.Market, SignalDate: g.SignalDate,
			EntryPrice: g.EntryPrice, CurrentPrice: g.EntryPrice, HoldDays: g.HoldDays}
		if pp, ok := prices[syms[i]]; ok {
			p.CurrentPrice = pp.Price
		}
		var ret float64
		if g.EntryPrice > 0 {
			ret = (p.CurrentPrice - g.EntryPrice) / g.EntryPrice * 100
		}
		p.ReturnPct = round(ret, 2)
		if ret > 0 {
			res.Winners++
		} else {
			res.Losers++
		}
		sum += ret
		value += PerPosition * (1 + ret/100)
		res.Positions = append(res.Positions, p)
	}
	n := len(res.Positions)
	res.TotalPositions = n
	res.Trades = res.Positions
	res.Invested = float64(n * PerPosition)
	res.CurrentValue = round(value, 0)
	if n > 0 {
		res.CumulativeReturn = round(sum/float64(n), 2)
		res.WinRate = round(float64(res.Winners)/float64(n)*100, 1)
	} else {
		res.Message = "No open signals: nothing is invested right now."
	}
	if res.Curve, err = s.equityCurve(ctx, sigs, names); err != nil {
		return nil, err
	}
	res.Stamp(s.now())
	return res, nil
}

// equityCurve builds (or returns the memo of) the curve for the current
// store version.
func (s *Service) equityCurve(ctx context.Context, sigs []store.Signal, names map[string]nameInfo) ([]CurvePoint, error) {
	asOf := s.cal.LastCompletedSession(s.now())
	key := curveKey{version: s.st.Version(), asOf: asOf.Format(time.DateOnly)}
	s.mu.Lock()
	if s.curveK == key && s.curve != nil {
		c := s.curve
		s.mu.Unlock()
		return c, nil
	}
	s.mu.Unlock()
	// One read per symbol, from its earliest signal; Curve keeps each
	// trade's own window of the shared bars.
	from := map[string]string{}
	for _, g := range sigs {
		if sym := symbolOf(g, names); sym != "" && validDate(g.SignalDate) && (from[sym] == "" || g.SignalDate < from[sym]) {
			from[sym] = g.SignalDate
		}
	}
	bySym := make(map[string][]market.Bar, len(from))
	for sym, d := range from {
		bars, err := s.barsAfter(ctx, sym, d, asOf)
		if err != nil {
			return nil, err
		}
		bySym[sym] = bars
	}
	var trades []CurveTrade
	for _, g := range sigs {
		if !validDate(g.SignalDate) {
			continue // a row with a bad date cannot be placed on the curve
		}
		t := CurveTrade{SignalDate: g.SignalDate, EntryPrice: g.EntryPrice, Bars: bySym[symbolOf(g, names)]}
		if g.Status == "CLOSED" {
			if g.ExitDate == nil || g.ExitPrice == nil {
				continue
			}
			t.ExitDate, t.ExitPrice = *g.ExitDate, *g.ExitPrice
		}
		trades = append(trades, t)
	}
	var kospi []market.Bar
	if len(trades) > 0 {
		first := trades[0].SignalDate
		for _, t := range trades {
			first = min(first, t.SignalDate)
		}
		day, _ := time.Parse(time.DateOnly, first)
		// From two weeks before the first signal, to find KOSPI's base close.
		all, err := s.st.BarsSince(ctx, KospiSymbol, market.Daily, day.AddDate(0, 0, -14).Unix())
		if err != nil {
			return nil, err
		}
		kospi = s.tradingBars(all, asOf)
	}
	c := Curve(trades, kospi)
	s.mu.Lock()
	s.curve, s.curveK = c, key
	s.mu.Unlock()
	return c, nil
}

func validDate(d string) bool {
	_, err := time.Parse(time.DateOnly, d)
	return err == nil
}

// StatsResult is the body of GET /api/kr/vcp-stats.
type StatsResult struct {
	contract.Meta
	TotalSignals        int     `json:"total_signals"`
	ClosedSignals       int     `json:"closed_signals"`
	OpenSignals         int     `json:"open_signals"`
	WinRate             float64 `json:"win_rate"`
	AvgReturnPct        float64 `json:"avg_return_pct"`
	MaxReturnPct        float64 `json:"max_return_pct"`
	MinReturnPct        float64 `json:"min_return_pct"`
	AvgHoldDays         float64 `json:"avg_hold_days"`
	TotalWinners        int     `json:"total_winners"`
	TotalLosers         int     `json:"total_losers"`
	CompoundedReturnPct float64 `json:"compounded_return_pct"`
}

// VCPStats summarises the ledger (Appendix C vcp-stats).
func (s *Service) VCPStats(ctx context.Context) (*StatsResult, error) {
	res := &StatsResult{}
	sigs, names, err := s.ledger(ctx, &res.Meta)
	if err != nil {
		return nil, err
	}
	m := Summarize(closedTrades(sigs, names))
	res.TotalSignals, res.ClosedSignals, res.OpenSignals = len(sigs), m.Closed, countOpen(sigs)
	res.WinRate, res.AvgReturnPct = m.WinRate, m.AvgReturn
	res.MaxReturnPct, res.MinReturnPct, res.AvgHoldDays = m.BestTrade, m.WorstTrade, m.AvgHoldDays
	res.TotalWinners, res.TotalLosers = m.Wins, m.Losses
	res.CompoundedReturnPct = m.CompoundedReturn
	res.Stamp(s.now())
	return res, nil
}

// HistoryRow is one ledger row of vcp-history, in the original's camelCase
// and in snake_case.
type HistoryRow struct {
	ID               int64    `json:"id"`
	Ticker           string   `json:"ticker"`
	Name             string   `json:"name"`
	Market           string   `json:"market"`
	SignalDateKo     string   `json:"signalDate"` // "MM월 DD일"
	Foreign5dC       int64    `json:"foreign5d"`
	Inst5dC          int64    `json:"inst5d"`
	Score            float64  `json:"score"`
	ContractionRatio float64  `json:"contractionRatio"`
	EntryPriceC      float64  `json:"entryPrice"`
	Status           string   `json:"status"`
	ExitPriceC       *float64 `json:"exitPrice"`
	ExitDateC        *string  `json:"exitDate"`
	ReturnPctC       *float64 `json:"returnPct"`
	HoldDaysC        int      `json:"holdDays"`

	SignalDate        string   `json:"signal_date"` // YYYY-MM-DD
	Foreign5d         int64    `json:"foreign_5d"`
	Inst5d            int64    `json:"inst_5d"`
	ContractionRatioS float64  `json:"contraction_ratio"`
	EntryPrice        float64  `json:"entry_price"`
	ExitPrice         *float64 `json:"exit_price"`
	ExitDate          *string  `json:"exit_date"`
	ExitReason        *string  `json:"exit_reason"`
	ReturnPct         *float64 `json:"return_pct"`         // realised; null while OPEN
	HoldDays          int      `json:"hold_days"`          // trading days
	CurrentPrice      *float64 `json:"current_price"`      // OPEN rows: latest quote or close
	CurrentReturnPct  *float64 `json:"current_return_pct"` // OPEN rows: (current − entry)/entry·100
}

// HistoryResult is the body of GET /api/kr/vcp-history.
type HistoryResult struct {
	contract.Meta
	Signals []HistoryRow `json:"signals"`
	Count   int          `json:"count"`
	Days    int          `json:"days"`
	From    string       `json:"from"` // first signal date included ("" when the ledger is empty)
	To      string       `json:"to"`   // newest signal date
}

// History limits.
const (
	DefaultHistoryDays = 30
	MaxHistoryDays     = 3650
)

// ParseDays validates vcp-history's days parameter ("" = 30).
func ParseDays(v string) (int, error) {
	if v == "" {
		return DefaultHistoryDays, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxHistoryDays {
		return 0, contract.BadRequest("invalid_days", "days must be a whole number from 1 to %d, got %q", MaxHistoryDays, v)
	}
	return n, nil
}

// VCPHistory lists the ledger rows whose signal date is within days
// calendar days of the newest signal date (signal_date ≥ newest − days, the
// original's cutoff, anchored on the ledger rather than the clock), newest
// first.
func (s *Service) VCPHistory(ctx context.Context, days string) (*HistoryResult, error) {
	n, err := ParseDays(days)
	if err != nil {
		return nil, err
	}
	res := &HistoryResult{Signals: []HistoryRow{}, Days: n}
	sigs, names, err := s.ledger(ctx, &res.Meta)
	if err != nil {
		return nil, err
	}
	if len(sigs) > 0 {
		res.To = sigs[0].SignalDate // newest first
		newest, err := time.Parse(time.DateOnly, res.To)
		if err != nil {
			return nil, fmt.Errorf("vcp history: newest signal date: %w", err)
		}
		res.From = newest.AddDate(0, 0, -n).Format(time.DateOnly)
	}
	var syms []string
	var keep []store.Signal
	for _, g := range sigs {
		if g.SignalDate < res.From {
			continue
		}
		keep = append(keep, g)
		if g.Status == "OPEN" {
			syms = append(syms, symbolOf(g, names))
		}
	}
	prices, err := s.latestPrices(ctx, syms)
	if err != nil {
		return nil, err
	}
	for _, g := range keep {
		nm := names[g.Ticker]
		row := HistoryRow{ID: g.ID, Ticker: g.Ticker, Name: nm.Name, Market: nm.Market, SignalDateKo: koDate(g.SignalDate),
			Foreign5dC: g.Foreign5d, Inst5dC: g.Inst5d, Score: g.Score, ContractionRatio: g.ContractionRatio,
			EntryPriceC: g.EntryPrice, Status: g.Status, ExitPriceC: g.ExitPrice, ExitDateC: g.ExitDate, ReturnPctC: g.ReturnPct,
			HoldDaysC: g.HoldDays, SignalDate: g.SignalDate, Foreign5d: g.Foreign5d, Inst5d: g.Inst5d,
			ContractionRatioS: g.ContractionRatio, EntryPrice: g.EntryPrice, ExitPrice: g.ExitPrice, ExitDate: g.ExitDate,
			ExitReason: g.ExitReason, ReturnPct: g.ReturnPct, HoldDays: g.HoldDays}
		if g.Status == "OPEN" {
			cur := g.EntryPrice
			if pp, ok := prices[symbolOf(g, names)]; ok {
				cur = pp.Price
			}
			row.CurrentPrice = &cur
			if g.EntryPrice > 0 {
				r := round((cur-g.EntryPrice)/g.EntryPrice*100, 2)
				row.CurrentReturnPct = &r
			}
		}
		res.Signals = append(res.Signals, row)
	}
	res.Count = len(res.Signals)
	res.Stamp(s.now())
	return res, nil
}

// koDate formats YYYY-MM-DD as the original's "MM월 DD일" (unchanged if it
// does not parse).
func koDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.Format("01월 02일")
}
