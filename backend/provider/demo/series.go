package demo

import (
	"math"
	"math/rand/v2"

	"krmarket/backend/market"
)

// path is a series before pricing: per step the log return close-to-close,
// the overnight gap (log open/previous close), the high and low extensions
// beyond the open/close body (log, ≥ 0) and a volume multiplier.
type path struct {
	ret, gap, eh, el, vm []float64
}

func newPath(n int) path {
	buf := make([]float64, 5*n)
	return path{ret: buf[:n:n], gap: buf[n : 2*n : 2*n], eh: buf[2*n : 3*n : 3*n], el: buf[3*n : 4*n : 4*n], vm: buf[4*n:]}
}

// slice returns the first n steps of a path buffer.
func (p *path) slice(n int) path {
	return path{ret: p.ret[:n], gap: p.gap[:n], eh: p.eh[:n], el: p.el[:n], vm: p.vm[:n]}
}

// Price rounding.
const (
	pxDecimals = iota // round to a number of decimals
	pxKRX             // KRX stock tick grid
	pxKRXETF          // KRX ETF tick: 5 won
)

// pricer rounds prices to an instrument's tick.
type pricer struct {
	kind  uint8
	scale float64 // 10^decimals for pxDecimals
}

func decimals(d int) pricer { return pricer{kind: pxDecimals, scale: math.Pow10(d)} }

// krxTick is the KRX tick size for a stock price (KRW).
func krxTick(p float64) float64 {
	switch {
	case p < 2000:
		return 1
	case p < 5000:
		return 5
	case p < 20000:
		return 10
	case p < 50000:
		return 50
	case p < 200000:
		return 100
	case p < 500000:
		return 500
	default:
		return 1000
	}
}

// round rounds to the nearest tick, never below one tick. Rounding on the
// KRX grid always lands on the grid of the rounded price (each tick divides
// the next).
func (p pricer) round(x float64) float64 {
	switch p.kind {
	case pxKRX:
		t := krxTick(x)
		return max(1, math.Round(x/t)*t)
	case pxKRXETF:
		return max(5, math.Round(x/5)*5)
	default:
		return max(1, math.Round(x*p.scale)) / p.scale
	}
}

// cryptoDecimals picks a price precision from a typical price: about five
// significant digits, 2–8 decimals.
func cryptoDecimals(price float64) int {
	return int(clamp(5-math.Floor(math.Log10(price)), 2, 8))
}

// volumeDecimals picks a base-unit volume precision for a crypto pair.
func volumeDecimals(price float64) int {
	return int(clamp(math.Floor(math.Log10(price))+1, 0, 5))
}

// barSpec says how to turn a path into candles.
type barSpec struct {
	symbol, interval string
	times            []int64
	end              float64 // close of the last bar (before rounding)
	px               pricer
	vbase            float64 // volume at multiplier 1
	vscale           float64 // volume rounding: 10^decimals (1 = whole units)
	limit            float64 // daily price limit as a fraction (KRX: 0.30), 0 = none
}

// buildBars prices a path into candles anchored so that the last close is
// spec.end. out must have room for len(spec.times) bars. Raw (unrounded)
// prices carry the path; each printed price is rounded to the tick and the
// candle is made consistent (low ≤ open, close ≤ high).
func buildBars(out []market.Bar, p path, s barSpec) {
	n := len(s.times)
	total := 0.0
	for t := range n {
		total += p.ret[t]
	}
	x := math.Log(s.end) - total // log close before the first bar
	prev := math.Exp(x)
	prevR := s.px.round(prev)
	for t := range n {
		x += p.ret[t]
		c := math.Exp(x)
		o := prev * expSmall(p.gap[t])
		h := max(o, c) * expSmall(p.eh[t])
		l := min(o, c) * expSmall(-p.el[t])
		if s.limit > 0 {
			lo, hi := prevR*(1-s.limit), prevR*(1+s.limit)
			o, h, l, c = clamp(o, lo, hi), clamp(h, lo, hi), clamp(l, lo, hi), clamp(c, lo, hi)
		}
		or, hr, lr, cr := s.px.round(o), s.px.round(h), s.px.round(l), s.px.round(c)
		hr = max(hr, or, cr)
		lr = min(lr, or, cr)
		v := math.Round(s.vbase*p.vm[t]*s.vscale) / s.vscale
		out[t] = market.Bar{
			Symbol: s.symbol, Interval: s.interval, Time: s.times[t],
			Open: or, High: hr, Low: lr, Close: cr, AdjClose: cr, Volume: max(0, v),
		}
		prev, prevR = c, cr
	}
}

// aggregate merges consecutive groups of k candles into one candle per
// group (open of the first, close of the last, extreme high and low, summed
// volume rounded to vscale), stamped with times[i].
func aggregate(src []market.Bar, k int, times []int64, interval string, vscale float64) []market.Bar {
	out := make([]market.Bar, len(times))
	for i := range times {
		g := src[i*k : (i+1)*k]
		b := market.Bar{Symbol: g[0].Symbol, Interval: interval, Time: times[i], Open: g[0].Open, High: g[0].High, Low: g[0].Low}
		v := 0.0
		for _, x := range g {
			b.High = math.Max(b.High, x.High)
			b.Low = math.Min(b.Low, x.Low)
			v += x.Volume
		}
		b.Close = g[k-1].Close
		b.AdjClose = b.Close
		b.Volume = math.Round(v*vscale) / vscale
		out[i] = b
	}
	return out
}

// fillNoise fills gaps, extensions and volume multipliers for a path whose
// returns are set, given the per-step σ (sigs[t], or sigma when sigs is
// nil): opens take part of the move overnight, wicks scale with volatility,
// volume rises with the size of the move and is autocorrelated.
func fillNoise(r *rand.Rand, p path, sigs []float64, sigma float64) {
	lv := 0.0
	for t := range p.ret {
		if sigs != nil {
			sigma = max(sigs[t], 1e-5)
		}
		a := math.Abs(p.ret[t])
		p.gap[t] = (0.1+0.35*r.Float64())*p.ret[t] + 0.1*sigma*r.NormFloat64()
		s := 0.5*sigma + 0.3*a
		p.eh[t] = math.Abs(r.NormFloat64()) * s
		p.el[t] = math.Abs(r.NormFloat64()) * s
		lv = 0.7*lv + 0.2*r.NormFloat64()
		p.vm[t] = expSmall(lv+0.2*r.NormFloat64()) * (0.6 + 0.4*min(a/sigma, 5))
	}
}
