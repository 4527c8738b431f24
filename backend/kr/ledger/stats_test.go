package ledger

import (
	"math"
	"math/rand"
	"reflect"
	"testing"
)

// goldenTrades are five closed trades; every expected number in
// TestSummarizeGolden was worked out by hand from them (see comments).
func goldenTrades() []Trade {
	return []Trade{
		{Ticker: "A", SignalDate: "2026-01-12", ExitDate: "2026-01-15", ReturnPct: 10, HoldDays: 3, ExitReason: "TAKE_PROFIT"},
		{Ticker: "B", SignalDate: "2026-01-16", ExitDate: "2026-01-20", ReturnPct: -5, HoldDays: 2, ExitReason: "STOP_LOSS"},
		{Ticker: "C", SignalDate: "2026-01-27", ExitDate: "2026-02-03", ReturnPct: 4, HoldDays: 5, ExitReason: "TIME_EXIT"},
		{Ticker: "D", SignalDate: "2026-02-03", ExitDate: "2026-02-10", ReturnPct: 0, HoldDays: 5, ExitReason: "TIME_EXIT"},
		{Ticker: "E", SignalDate: "2026-02-05", ExitDate: "2026-02-12", ReturnPct: -2, HoldDays: 5, ExitReason: "TIME_EXIT"},
	}
}

func TestSummarizeGolden(t *testing.T) {
	m := Summarize(goldenTrades())
	pf := func(v float64) *float64 { return &v }
	want := Metrics{
		Closed: 5,
		Wins:   2, Losses: 3, // A, C win; B, D (flat counts as a loss), E lose
		WinRate:     40,  // 2/5
		AvgReturn:   1.4, // 7/5
		TotalReturn: 7,   // 10 − 5 + 4 + 0 − 2 (sum, not compounded)
		// 1.10 · 0.95 · 1.04 · 1.00 · 0.98 = 1.065064 → 6.5064 % → 6.51
		CompoundedReturn: 6.51,
		BestTrade:        10, WorstTrade: -5,
		AvgHoldDays:  4,     // (3+2+5+5+5)/5
		AvgWin:       7,     // (10+4)/2
		AvgLoss:      -2.33, // (−5+0−2)/3 = −2.333…
		ProfitFactor: pf(2), // 14 / |−7|
		ByExitReason: map[string]ReasonStats{
			"TAKE_PROFIT": {Count: 1, WinRate: 100, AvgReturn: 10},
			"STOP_LOSS":   {Count: 1, WinRate: 0, AvgReturn: -5},
			"TIME_EXIT":   {Count: 3, WinRate: 33.3, AvgReturn: 0.67}, // 1/3 wins; (4+0−2)/3
		},
		Monthly: []MonthStats{
			// January exits: A +10, B −5 → sum 5; 1.10·0.95 = 1.045 → 4.5 %
			{Month: "2026-01", Trades: 2, Wins: 1, WinRate: 50, SumReturn: 5, CompoundedReturn: 4.5},
			// February exits: C +4, D 0, E −2 → sum 2; 1.04·1.00·0.98 = 1.0192 → 1.92 %
			{Month: "2026-02", Trades: 3, Wins: 1, WinRate: 33.3, SumReturn: 2, CompoundedReturn: 1.92},
		},
		Period: "2026-01-12 ~ 2026-02-12",
	}
	top := m.Top
	m.Top = nil
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("metrics\n got %+v\nwant %+v", m, want)
	}
	var order []string
	for _, tr := range top {
		order = append(order, tr.Ticker)
	}
	if !reflect.DeepEqual(order, []string{"A", "C", "D", "E", "B"}) {
		t.Fatalf("top performers %v", order)
	}
}

func TestSummarizeEdges(t *testing.T) {
	m := Summarize(nil)
	if m.Closed != 0 || m.ProfitFactor != nil || m.Monthly == nil || m.ByExitReason == nil || m.Top == nil || m.Period != "" {
		t.Fatalf("empty: %+v", m)
	}
	// Only winners: no losses → profit factor null, avg_loss 0.
	m = Summarize([]Trade{{ReturnPct: 3, ExitDate: "2026-01-02"}, {ReturnPct: 1, ExitDate: "2026-01-03"}})
	if m.ProfitFactor != nil || m.AvgLoss != 0 || m.WinRate != 100 || m.CompoundedReturn != 4.03 { // 1.03·1.01 = 1.0403
		t.Fatalf("winners only: %+v", m)
	}
	// Only a flat trade: a "loss" of zero gross → profit factor still null.
	m = Summarize([]Trade{{ReturnPct: 0, ExitDate: "2026-01-02"}})
	if m.ProfitFactor != nil || m.Losses != 1 {
		t.Fatalf("flat only: %+v", m)
	}
	// Missing reason is grouped as UNKNOWN; more than five trades keep five on top.
	var six []Trade
	for i := range 6 {
		six = append(six, Trade{Ticker: string(rune('A' + i)), ReturnPct: float64(i), ExitDate: "2026-03-01"})
	}
	m = Summarize(six)
	if m.ByExitReason[UnknownReason].Count != 6 || len(m.Top) != 5 || m.Top[0].Ticker != "F" {
		t.Fatalf("six: %+v", m)
	}
}

// Properties over random trade lists: counts add up; the order of trades
// does not matter; worst ≤ avg ≤ best; win rates within [0, 100]; the
// compounded return lies between the sum's extremes in sign when all
// returns share a sign.
func TestSummarizeProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	reasons := []string{"STOP_LOSS", "TAKE_PROFIT", "TRAILING_STOP", "TIME_EXIT"}
	for iter := 0; iter < 500; iter++ {
		n := 1 + rng.Intn(30)
		trades := make([]Trade, n)
		for i := range trades {
			trades[i] = Trade{
				Ticker:     string(rune('A' + rng.Intn(26))),
				SignalDate: "2026-0" + string(rune('1'+rng.Intn(5))) + "-01",
				ExitDate:   "2026-0" + string(rune('5'+rng.Intn(4))) + "-1" + string(rune('0'+rng.Intn(10))),
				ReturnPct:  round(rng.NormFloat64()*6, 2),
				HoldDays:   1 + rng.Intn(5),
				ExitReason: reasons[rng.Intn(len(reasons))],
			}
		}
		m := Summarize(trades)
		shuffled := append([]Trade(nil), trades...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		m2 := Summarize(shuffled)
		m.Top, m2.Top = nil, nil
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("iter %d: order changes the metrics", iter)
		}
		if m.Wins+m.Losses != n {
			t.Fatalf("iter %d: wins+losses %d != %d", iter, m.Wins+m.Losses, n)
		}
		months, byReason := 0, 0
		for _, mo := range m.Monthly {
			months += mo.Trades
		}
		for _, r := range m.ByExitReason {
			byReason += r.Count
			if r.WinRate < 0 || r.WinRate > 100 {
				t.Fatalf("iter %d: reason win rate %v", iter, r.WinRate)
			}
		}
		if months != n || byReason != n {
			t.Fatalf("iter %d: monthly %d, reasons %d, want %d", iter, months, byReason, n)
		}
		if !(m.WorstTrade <= m.AvgReturn+0.005 && m.AvgReturn <= m.BestTrade+0.005) {
			t.Fatalf("iter %d: worst %v avg %v best %v", iter, m.WorstTrade, m.AvgReturn, m.BestTrade)
		}
		if math.Abs(m.TotalReturn-m.AvgReturn*float64(n)) > 0.01*float64(n) {
			t.Fatalf("iter %d: total %v vs avg·n %v", iter, m.TotalReturn, m.AvgReturn*float64(n))
		}
		if m.ProfitFactor != nil && *m.ProfitFactor < 0 {
			t.Fatalf("iter %d: negative profit factor", iter)
		}
	}
}
