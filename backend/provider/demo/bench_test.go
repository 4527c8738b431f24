package demo

import (
	"context"
	"testing"
	"time"

	"krmarket/backend/market"
)

var benchNow = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)

// BenchmarkGenerate measures the whole demo market with a discarding sink
// and reports its cost relative to a baseline measured in the same run: a
// plain loop that allocates and fills the same number of daily bars with a
// constant (so the ratio says how much the modelling costs on top of merely
// producing the rows).
func BenchmarkGenerate(b *testing.B) {
	ctx := context.Background()
	st, err := Generate(ctx, Config{Seed: 1, Now: benchNow}, Discard{})
	if err != nil {
		b.Fatal(err)
	}
	var genT, baseT time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := Generate(ctx, Config{Seed: 1, Now: benchNow}, Discard{}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		fillConstant(st.Instruments, st.DailyBars/st.Instruments)
		genT, baseT = genT+t1.Sub(t0), baseT+time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(genT.Milliseconds())/n, "gen-ms/op")
	b.ReportMetric(float64(baseT.Microseconds())/1e3/n, "baseline-ms/op")
	b.ReportMetric(float64(genT)/float64(baseT), "x-baseline")
	b.ReportMetric(float64(st.DailyBars+st.H4Bars+st.Flows), "rows")
}

var sinkBars []market.Bar

// fillConstant allocates and fills n series of k bars with a constant.
func fillConstant(n, k int) {
	for range n {
		bars := make([]market.Bar, k)
		for t := range bars {
			bars[t] = market.Bar{Symbol: "X", Interval: market.Daily, Time: int64(t), Open: 1, High: 1, Low: 1, Close: 1, AdjClose: 1, Volume: 1}
		}
		sinkBars = bars
	}
}
