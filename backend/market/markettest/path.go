// Package markettest builds hand-checkable price series for tests.
package markettest

import (
	"time"

	"krmarket/backend/market"
)

// Seg is one straight piece of a price path: reach Target in N bars, each
// with volume Vol.
type Seg struct {
	Target float64
	N      int
	Vol    float64
}

// Bar is a daily bar of symbol "T" with Open = High = Low = Close = c.
func Bar(c, vol float64) market.Bar {
	return market.Bar{Symbol: "T", Interval: market.Daily, Open: c, High: c, Low: c, Close: c, AdjClose: c, Volume: vol}
}

// Path returns daily bars one day apart from t0 whose prices follow the
// piecewise-linear path from start (bar 0, volume vol0) through segs, so
// depths and returns are exact.
func Path(t0 time.Time, start, vol0 float64, segs ...Seg) []market.Bar {
	bars := []market.Bar{Bar(start, vol0)}
	cur := start
	for _, s := range segs {
		for k := 1; k <= s.N; k++ {
			bars = append(bars, Bar(cur+(s.Target-cur)*float64(k)/float64(s.N), s.Vol))
		}
		cur = s.Target
	}
	for i := range bars {
		bars[i].Time = t0.Unix() + int64(i)*86400
	}
	return bars
}
