package demo

import (
	"math"

	"krmarket/backend/market"
)

func round(x float64, dp int) float64 {
	s := math.Pow10(dp)
	return math.Round(x*s) / s
}

// dailyQuote is the last daily bar as a quote, stamped with the session's
// close instant.
func dailyQuote(bars []market.Bar, closeTime int64) market.Quote {
	last := bars[len(bars)-1]
	prev := bars[len(bars)-2].Close
	ch := last.Close - prev
	return market.Quote{
		Symbol: last.Symbol, Price: last.Close, PrevClose: prev, Change: round(ch, 8),
		ChangePct: round(ch/prev*100, 4), Volume: last.Volume, Time: closeTime,
	}
}

// rollingQuote is a crypto 24-hour ticker over the last k candles: change
// against the close k candles ago, base and quote (USDT) volume.
func rollingQuote(bars []market.Bar, k int, closeTime int64, vscale float64) market.Quote {
	n := len(bars)
	last := bars[n-1]
	prev := bars[n-1-k].Close
	v, qv := 0.0, 0.0
	for _, b := range bars[n-k:] {
		v += b.Volume
		qv += b.Volume * (b.Open + b.High + b.Low + b.Close) / 4
	}
	ch := last.Close - prev
	return market.Quote{
		Symbol: last.Symbol, Price: last.Close, PrevClose: prev, Change: round(ch, 10),
		ChangePct: round(ch/prev*100, 4), Volume: math.Round(v*vscale) / vscale, QuoteVolume: round(qv, 2), Time: closeTime,
	}
}
