package binancetest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// Kline is one candle of the fake series. CloseTime, quote volume, trades
// and taker volumes are derived when served.
type Kline struct {
	OpenTime time.Time
	Open     float64
	High     float64
	Low      float64
	Close    float64
	Volume   float64
}

// Ticker is one symbol's 24-hour statistics; the other fields Binance
// sends are derived when served.
type Ticker struct {
	Symbol             string
	LastPrice          float64
	PriceChangePercent float64
	Volume             float64
	QuoteVolume        float64
	OpenTime           time.Time
	CloseTime          time.Time
}

// interval returns the length of an interval the fake serves ("1h", "4h",
// "1d"), else 0.
func interval(s string) time.Duration {
	switch s {
	case "1h":
		return time.Hour
	case "4h":
		return 4 * time.Hour
	case "1d":
		return 24 * time.Hour
	}
	return 0
}

// GenKlines returns n consecutive candles of symbol at interval ("1h",
// "4h" or "1d"), oldest first, the last being the one that contains now
// (still forming). The same arguments give the same candles.
func GenKlines(symbol, iv string, now time.Time, n int) []Kline {
	step := interval(iv)
	if step == 0 {
		panic("binancetest: unsupported interval " + iv)
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(symbol + "/" + iv))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x62696e616e6365))
	last := now.UTC().Truncate(step)
	px := 1 + 1000*rng.Float64()
	out := make([]Kline, n)
	for i := range out {
		open := px
		px *= math.Exp(0.03 * rng.NormFloat64())
		hi := math.Max(open, px) * (1 + 0.01*rng.Float64())
		lo := math.Min(open, px) * (1 - 0.01*rng.Float64())
		out[i] = Kline{
			OpenTime: last.Add(-time.Duration(n-1-i) * step),
			Open:     round8(open), High: round8(hi), Low: round8(lo), Close: round8(px),
			Volume: round8(1000 + 1e5*rng.Float64()),
		}
	}
	return out
}

func round8(v float64) float64 { return math.Round(v*1e8) / 1e8 }
