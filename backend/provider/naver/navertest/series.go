package navertest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// Day is one row of the fake investor table.
type Day struct {
	Date            time.Time // trading date, 00:00 UTC
	Close           int64
	Change          int64   // signed change from the previous close
	ChangePct       float64 // percent, printed with 2 decimals
	Volume          int64
	InstNet         int64
	ForeignNet      int64
	ForeignHoldings int64
	ForeignRatio    float64 // percent, printed with 2 decimals
}

// Series returns n weekdays of plausible data for code ending at end
// (included if it is a weekday), oldest first. The same code, n and end
// always give the same series.
func Series(code string, n int, end time.Time) []Day {
	h := fnv.New64a()
	_, _ = h.Write([]byte(code))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x6e61766572))
	dates := make([]time.Time, 0, n)
	d := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, time.UTC)
	for len(dates) < n {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			dates = append(dates, d)
		}
		d = d.AddDate(0, 0, -1)
	}
	const shares = 100_000_000
	closePx := float64(10_000 + rng.IntN(90_000))
	holdings := int64(shares * (0.1 + 0.4*rng.Float64()))
	out := make([]Day, n)
	prev := int64(math.Round(closePx/10) * 10)
	for i := range out {
		closePx *= 1 + 0.03*(2*rng.Float64()-1)
		c := int64(math.Round(closePx/10) * 10)
		vol := int64(100_000 + rng.IntN(5_000_000))
		inst := int64(float64(vol) * 0.15 * (2*rng.Float64() - 1))
		frgn := int64(float64(vol) * 0.2 * (2*rng.Float64() - 1))
		if rng.IntN(20) == 0 {
			inst = 0
		}
		holdings = max(0, holdings+frgn)
		out[i] = Day{
			Date:            dates[n-1-i],
			Close:           c,
			Change:          c - prev,
			ChangePct:       math.Round(float64(c-prev)/float64(prev)*10000) / 100,
			Volume:          vol,
			InstNet:         inst,
			ForeignNet:      frgn,
			ForeignHoldings: holdings,
			ForeignRatio:    math.Round(float64(holdings)/shares*10000) / 100,
		}
		prev = c
	}
	return out
}
