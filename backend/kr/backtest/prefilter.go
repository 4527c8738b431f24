package backtest

import (
	"math"

	"krmarket/backend/analysis/vcp"
	"krmarket/backend/market"
)

// slack makes trendBound conservative: a comparison within this relative
// distance counts as passing, so floating-point differences between the
// prefix sums here and vcp.TrendTemplate's running sums can never skip a
// day the template passes.
const slack = 1e-9

// trendBound returns, for every bar index t, an upper bound on the number of
// vcp.TrendTemplate checks passing on closes[..t] (−1 when the template
// cannot be computed there: fewer than 252 bars, or an unusable close in the
// window). It evaluates all days at once with prefix sums, where calling
// TrendTemplate on each day's window would redo the 252-bar work every day;
// the exact template still runs (inside setup.Evaluate) on every day this
// bound does not rule out. The checks mirror vcp.TrendTemplate's C1–C7; a
// test compares the replay with and without this shortcut.
func trendBound(bars []market.Bar, from int) []int {
	n := len(bars)
	const w = vcp.TrendMinBars
	out := make([]int, n)
	sum := make([]float64, n+1) // prefix sums of closes
	bad := make([]int, n+1)     // prefix counts of unusable closes
	for i, b := range bars {
		c := b.Close
		ok := c > 0 && !math.IsInf(c, 0)
		sum[i+1], bad[i+1] = sum[i], bad[i]
		if ok {
			sum[i+1] += c
		} else {
			bad[i+1]++
		}
	}
	sma := func(t, k int) float64 { return (sum[t+1] - sum[t+1-k]) / float64(k) }
	gt := func(a, b float64) bool { return a > b-math.Abs(b)*slack } // a > b, give or take slack
	for t := range out {
		out[t] = -1
		if t < from || t+1 < w || bad[t+1]-bad[t+1-w] > 0 {
			continue
		}
		p := bars[t].Close
		s50, s150, s200 := sma(t, 50), sma(t, 150), sma(t, 200)
		s200ago := sma(t-20, 200)
		hi, lo := p, p
		for _, b := range bars[t+1-w : t+1] {
			hi, lo = max(hi, b.Close), min(lo, b.Close)
		}
		checks := [7]bool{
			gt(p, s150) && gt(p, s200),     // C1 price above SMA150 and SMA200
			gt(s150, s200),                 // C2
			gt(s200, s200ago),              // C3 SMA200 rising over 20 bars
			gt(s50, s150) && gt(s50, s200), // C4
			gt(p, s50),                     // C5
			gt(p, 1.25*lo),                 // C6 ≥ 1.25 × 52-week low (slack covers equality)
			gt(p, 0.75*hi),                 // C7 ≥ 0.75 × 52-week high
		}
		out[t] = 0
		for _, c := range checks {
			if c {
				out[t]++
			}
		}
	}
	return out
}
