package vcp

import (
	"math"

	"krmarket/backend/indicator"
)

// TrendMinBars is the number of closes TrendTemplate needs: a 252-bar
// (52-week) high/low window; this also covers the 200-day SMA and its value
// 20 bars earlier (220 bars).
const TrendMinBars = 252

// Trend is the result of Minervini's seven trend-template checks on the last
// close. Checks[0..6] are C1..C7:
//
//	C1 price > SMA150 and price > SMA200
//	C2 SMA150 > SMA200
//	C3 SMA200 rising: SMA200 today > SMA200 20 bars earlier
//	C4 SMA50 > SMA150 and SMA50 > SMA200
//	C5 price > SMA50
//	C6 price ≥ 1.25 × 52-week low  (lowest close of the last 252 bars)
//	C7 price ≥ 0.75 × 52-week high (highest close of the last 252 bars)
type Trend struct {
	Checks                                        [7]bool
	Passed                                        int
	Price, SMA50, SMA150, SMA200, High52w, Low52w float64
}

// TrendTemplate evaluates the trend template on oldest-first closes. It
// returns false when there are fewer than TrendMinBars closes or any of the
// last TrendMinBars closes is not a finite positive number.
func TrendTemplate(closes []float64) (Trend, bool) {
	n := len(closes)
	if n < TrendMinBars {
		return Trend{}, false
	}
	for _, c := range closes[n-TrendMinBars:] {
		if !(c > 0) || math.IsInf(c, 0) {
			return Trend{}, false
		}
	}
	x := closes[n-TrendMinBars:] // only the window matters; keeps NaN-free input
	m := len(x)
	s50, s150, s200 := indicator.SMA(x, 50), indicator.SMA(x, 150), indicator.SMA(x, 200)
	t := Trend{
		Price:   x[m-1],
		SMA50:   s50[m-1],
		SMA150:  s150[m-1],
		SMA200:  s200[m-1],
		High52w: indicator.RollingMax(x, 252)[m-1],
		Low52w:  indicator.RollingMin(x, 252)[m-1],
	}
	p := t.Price
	t.Checks[0] = p > t.SMA150 && p > t.SMA200
	t.Checks[1] = t.SMA150 > t.SMA200
	t.Checks[2] = t.SMA200 > s200[m-21]
	t.Checks[3] = t.SMA50 > t.SMA150 && t.SMA50 > t.SMA200
	t.Checks[4] = p > t.SMA50
	t.Checks[5] = p >= 1.25*t.Low52w
	t.Checks[6] = p >= 0.75*t.High52w
	for _, c := range t.Checks {
		if c {
			t.Passed++
		}
	}
	return t, true
}
