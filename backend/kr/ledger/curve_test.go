package ledger

import (
	"math"
	"math/rand"
	"testing"
	"time"

	"krmarket/backend/market"
)

func dbar(date string, c float64) market.Bar {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return market.Bar{Time: d.Unix(), Open: c, High: c, Low: c, Close: c}
}

func f(v float64) *float64 { return &v }

// A hand-computed three-day curve:
//
//	A: signal D0 entry 100; D1 close 110; exits D2 at 99.
//	B: signal D1 entry 50; D2 close 55; D3 close 60; still open.
//	KOSPI closes: D0 2000, D1 2020, D2 1990, D3 2050.
//
//	D1: held A: 110/100−1 = +10 %            → equity 1.10            → 10.00
//	D2: held A: 99/110−1 = −10 %, B: 55/50−1 = +10 %; mean 0 → 1.10   → 10.00
//	D3: held B: 60/55−1 = +9.0909 %          → 1.10·1.090909 = 1.2    → 20.00
//	KOSPI: 2020/2000 → 1.00, 1990/2000 → −0.50, 2050/2000 → 2.50.
func TestCurveGolden(t *testing.T) {
	d0, d1, d2, d3 := "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"
	trades := []CurveTrade{
		{SignalDate: d0, EntryPrice: 100, ExitDate: d2, ExitPrice: 99,
			Bars: []market.Bar{dbar(d0, 100), dbar(d1, 110), dbar(d2, 98), dbar(d3, 500)}}, // d2 close ignored (exit price), d3 after exit
		{SignalDate: d1, EntryPrice: 50, Bars: []market.Bar{dbar(d2, 55), dbar(d3, 60)}},
	}
	kospi := []market.Bar{dbar("2026-02-27", 1900), dbar(d0, 2000), dbar(d1, 2020), dbar(d2, 1990), dbar(d3, 2050), dbar("2026-03-06", 9999)}
	got := Curve(trades, kospi)
	want := []CurvePoint{
		{Date: d0, Strategy: 0, Kospi: f(0), Positions: 0},
		{Date: d1, Strategy: 10, Kospi: f(1), Positions: 1},
		{Date: d2, Strategy: 10, Kospi: f(-0.5), Positions: 2},
		{Date: d3, Strategy: 20, Kospi: f(2.5), Positions: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d points %+v", len(got), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Date != w.Date || g.Strategy != w.Strategy || g.Positions != w.Positions || g.Kospi == nil || *g.Kospi != *w.Kospi {
			t.Errorf("point %d: got %+v (kospi %v), want %+v (kospi %v)", i, g, deref(g.Kospi), w, *w.Kospi)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestCurveCashAndMissingKospi(t *testing.T) {
	// One trade closed on 03-03; KOSPI absent. 03-04 (a bar of nothing) is
	// not on the axis; the curve ends at the exit: flat nowhere, kospi null.
	got := Curve([]CurveTrade{{SignalDate: "2026-03-02", EntryPrice: 100, ExitDate: "2026-03-03", ExitPrice: 105,
		Bars: []market.Bar{dbar("2026-03-03", 104)}}}, nil)
	if len(got) != 2 || got[1].Strategy != 5 || got[0].Kospi != nil || got[1].Kospi != nil {
		t.Fatalf("%+v", got)
	}
	// Two trades with a gap between them: the portfolio is flat in cash.
	got = Curve([]CurveTrade{
		{SignalDate: "2026-03-02", EntryPrice: 100, ExitDate: "2026-03-03", ExitPrice: 110, Bars: []market.Bar{dbar("2026-03-03", 110)}},
		{SignalDate: "2026-03-05", EntryPrice: 10, Bars: []market.Bar{dbar("2026-03-06", 11)}},
	}, []market.Bar{dbar("2026-03-04", 100), dbar("2026-03-05", 101)})
	// Axis: 03-02 (0), 03-03 (+10 %), 03-04 (cash), 03-05 (cash), 03-06 (1.1·1.1 = 1.21 → 21 %).
	// KOSPI has no close on or before 03-02: null until its first close (03-04), the base.
	wantS := []float64{0, 10, 10, 10, 21}
	wantK := []any{nil, nil, 0.0, 1.0, 1.0}
	if len(got) != 5 {
		t.Fatalf("%+v", got)
	}
	for i, p := range got {
		if p.Strategy != wantS[i] || deref(p.Kospi) != wantK[i] {
			t.Errorf("point %d %+v kospi %v, want %v / %v", i, p, deref(p.Kospi), wantS[i], wantK[i])
		}
	}
	if got := Curve(nil, nil); got == nil || len(got) != 0 {
		t.Fatalf("no trades: %+v", got)
	}
	// Unusable trades (no entry, closed without exit price) are left out.
	if got := Curve([]CurveTrade{{SignalDate: "2026-03-02"}, {SignalDate: "2026-03-02", EntryPrice: 5, ExitDate: "2026-03-03"}}, nil); len(got) != 0 {
		t.Fatalf("unusable: %+v", got)
	}
}

// Property: a single closed trade's curve ends at its realised return
// (the daily returns telescope to exit/entry), whatever the bars between,
// and every point's positions count is 0 or 1.
func TestCurveSingleTradeTelescopes(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	start, _ := time.Parse(time.DateOnly, "2026-01-05")
	for iter := 0; iter < 300; iter++ {
		n := 1 + rng.Intn(15)
		entry := 1000 + rng.Float64()*1000
		var bars []market.Bar
		c := entry
		for i := 1; i <= n; i++ {
			c *= 1 + rng.NormFloat64()*0.03
			if rng.Intn(5) == 0 {
				continue // a missing day
			}
			bars = append(bars, dbar(start.AddDate(0, 0, i).Format(time.DateOnly), c))
		}
		exitDate := start.AddDate(0, 0, n).Format(time.DateOnly)
		exit := c * (1 + rng.NormFloat64()*0.01)
		got := Curve([]CurveTrade{{SignalDate: start.Format(time.DateOnly), EntryPrice: entry, ExitDate: exitDate, ExitPrice: exit, Bars: bars}}, nil)
		last := got[len(got)-1]
		if last.Date != exitDate || math.Abs(last.Strategy-round((exit/entry-1)*100, 2)) > 0.011 {
			t.Fatalf("iter %d: last %+v, want %v at %s", iter, last, (exit/entry-1)*100, exitDate)
		}
		for _, p := range got {
			if p.Positions > 1 {
				t.Fatalf("iter %d: %+v", iter, p)
			}
		}
	}
}
