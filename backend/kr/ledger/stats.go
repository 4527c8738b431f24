package ledger

import (
	"math"
	"sort"
)

// Trade is one closed ledger trade.
type Trade struct {
	ID         int64   `json:"id"`
	Ticker     string  `json:"ticker"`
	Name       string  `json:"name"`
	Market     string  `json:"market"`
	SignalDate string  `json:"signal_date"` // entry at this day's close
	ExitDate   string  `json:"exit_date"`   // date of the exit bar
	EntryPrice float64 `json:"entry_price"`
	ExitPrice  float64 `json:"exit_price"`
	ReturnPct  float64 `json:"return_pct"`
	HoldDays   int     `json:"hold_days"` // trading days
	ExitReason string  `json:"exit_reason"`
}

// ReasonStats are the trades closed for one exit reason.
type ReasonStats struct {
	Count     int     `json:"count"`
	WinRate   float64 `json:"win_rate"`   // %, 1 dp
	AvgReturn float64 `json:"avg_return"` // %, 2 dp
}

// MonthStats are the trades closed in one calendar month (by exit date).
type MonthStats struct {
	Month            string  `json:"month"` // YYYY-MM
	Trades           int     `json:"trades"`
	Wins             int     `json:"wins"`
	WinRate          float64 `json:"win_rate"`          // %, 1 dp
	SumReturn        float64 `json:"sum_return"`        // Σ return_pct, 2 dp
	CompoundedReturn float64 `json:"compounded_return"` // (∏(1+r/100) − 1)·100, 2 dp
}

// Metrics summarise closed trades. A win is a return > 0, a loss ≤ 0 (the
// original tracker's split, so a flat trade is a loss).
type Metrics struct {
	Closed           int
	Wins, Losses     int
	WinRate          float64 // wins/closed·100, 1 dp
	AvgReturn        float64 // mean return, 2 dp
	TotalReturn      float64 // SUM of returns (the original's total_return), 2 dp
	CompoundedReturn float64 // (∏(1+r/100) − 1)·100, 2 dp
	BestTrade        float64 // max return, 2 dp
	WorstTrade       float64 // min return, 2 dp
	AvgHoldDays      float64 // 1 dp
	AvgWin           float64 // mean return of wins, 2 dp (0: none)
	AvgLoss          float64 // mean return of losses, 2 dp (0: none)
	ProfitFactor     *float64
	ByExitReason     map[string]ReasonStats
	Monthly          []MonthStats // ascending by month
	Period           string       // "<first signal_date> ~ <last exit_date>"
	Top              []Trade      // best 5 by return, ties by exit date then ticker
}

// UnknownReason labels closed trades stored without an exit reason.
const UnknownReason = "UNKNOWN"

// Summarize computes the performance metrics of closed trades. Pure: the
// order of trades does not matter (they are summed in a canonical order, so
// even the last rounding digit is the same).
func Summarize(trades []Trade) Metrics {
	m := Metrics{Closed: len(trades), ByExitReason: map[string]ReasonStats{}, Monthly: []MonthStats{}, Top: []Trade{}}
	if len(trades) == 0 {
		return m
	}
	trades = append([]Trade(nil), trades...)
	sort.SliceStable(trades, func(i, j int) bool {
		a, b := trades[i], trades[j]
		switch {
		case a.ExitDate != b.ExitDate:
			return a.ExitDate < b.ExitDate
		case a.SignalDate != b.SignalDate:
			return a.SignalDate < b.SignalDate
		case a.Ticker != b.Ticker:
			return a.Ticker < b.Ticker
		case a.ReturnPct != b.ReturnPct:
			return a.ReturnPct < b.ReturnPct
		}
		return a.ID < b.ID
	})
	var sum, grossWin, grossLoss, winSum, lossSum float64
	hold := 0
	growth := 1.0
	best, worst := math.Inf(-1), math.Inf(1)
	first, last := trades[0].SignalDate, trades[0].ExitDate
	reasons := map[string]*agg{}
	months := map[string]*agg{}
	for _, t := range trades {
		r := t.ReturnPct
		sum += r
		growth *= 1 + r/100
		hold += t.HoldDays
		best, worst = math.Max(best, r), math.Min(worst, r)
		if t.SignalDate < first {
			first = t.SignalDate
		}
		if t.ExitDate > last {
			last = t.ExitDate
		}
		win := r > 0
		if win {
			m.Wins++
			winSum += r
			grossWin += r
		} else {
			m.Losses++
			lossSum += r
			grossLoss += r
		}
		reason := t.ExitReason
		if reason == "" {
			reason = UnknownReason
		}
		month := ""
		if len(t.ExitDate) >= 7 {
			month = t.ExitDate[:7]
		}
		add(reasons, reason, r)
		add(months, month, r)
	}
	n := float64(len(trades))
	m.WinRate = round(float64(m.Wins)/n*100, 1)
	m.AvgReturn = round(sum/n, 2)
	m.TotalReturn = round(sum, 2)
	m.CompoundedReturn = round((growth-1)*100, 2)
	m.BestTrade, m.WorstTrade = round(best, 2), round(worst, 2)
	m.AvgHoldDays = round(float64(hold)/n, 1)
	if m.Wins > 0 {
		m.AvgWin = round(winSum/float64(m.Wins), 2)
	}
	if m.Losses > 0 {
		m.AvgLoss = round(lossSum/float64(m.Losses), 2)
	}
	if grossLoss < 0 {
		pf := round(grossWin/-grossLoss, 2)
		m.ProfitFactor = &pf
	}
	for k, a := range reasons {
		m.ByExitReason[k] = ReasonStats{Count: a.n, WinRate: round(float64(a.wins)/float64(a.n)*100, 1), AvgReturn: round(a.sum/float64(a.n), 2)}
	}
	for k, a := range months {
		m.Monthly = append(m.Monthly, MonthStats{Month: k, Trades: a.n, Wins: a.wins,
			WinRate: round(float64(a.wins)/float64(a.n)*100, 1), SumReturn: round(a.sum, 2), CompoundedReturn: round((a.growth-1)*100, 2)})
	}
	sort.Slice(m.Monthly, func(i, j int) bool { return m.Monthly[i].Month < m.Monthly[j].Month })
	m.Period = first + " ~ " + last
	top := append([]Trade(nil), trades...)
	sort.SliceStable(top, func(i, j int) bool {
		a, b := top[i], top[j]
		if a.ReturnPct != b.ReturnPct {
			return a.ReturnPct > b.ReturnPct
		}
		if a.ExitDate != b.ExitDate {
			return a.ExitDate > b.ExitDate
		}
		return a.Ticker < b.Ticker
	})
	m.Top = top[:min(5, len(top))]
	return m
}

// agg accumulates the trades of one group (exit reason or month).
type agg struct {
	n, wins int
	sum     float64 // Σ return_pct
	growth  float64 // ∏(1 + return_pct/100)
}

func add(set map[string]*agg, key string, r float64) {
	a := set[key]
	if a == nil {
		a = &agg{growth: 1}
		set[key] = a
	}
	a.n++
	a.sum += r
	a.growth *= 1 + r/100
	if r > 0 {
		a.wins++
	}
}

// round rounds half away from zero to dp decimals.
func round(v float64, dp int) float64 {
	p := math.Pow(10, float64(dp))
	return math.Round(v*p) / p
}
