package demo

import (
	"math"
	"math/rand/v2"
)

// eqParams are one stock's exposures.
type eqParams struct {
	mkt, mktSig []float64 // market factor returns and their conditional σ
	sec         []float64 // sector factor returns (nil = none)
	bm, bs      float64   // market and sector betas
	idio        float64   // idiosyncratic daily σ (unconditional)
	mu          float64   // idiosyncratic daily drift
	jump        float64   // daily probability of a news gap (3–10 %)
	limit       float64   // daily price limit (KRX 0.30), 0 = none
}

// genEquityPath fills a stock's path: factor returns plus Student-t
// idiosyncratic shocks with GARCH(1,1) volatility, occasional news gaps,
// partial overnight gaps, volatility-scaled wicks and volume that rises with
// the size of the move and on breakouts to new 50-day highs.
func genEquityPath(r *rand.Rand, p path, hist []float64, e eqParams) {
	const alpha, beta = 0.07, 0.9
	h, e2, lv := 1.0, 1.0, 0.0
	lo, hi := math.Inf(-1), math.Inf(1)
	if e.limit > 0 {
		lo, hi = math.Log(1-e.limit+0.001), math.Log(1+e.limit-0.001)
	}
	for t := range p.ret {
		h = (1 - alpha - beta) + alpha*e2 + beta*h
		z := studentT(r)
		e2 = h * z * z
		sd := e.idio * math.Sqrt(h)
		ret := e.mu + e.bm*e.mkt[t] + sd*z
		if e.sec != nil {
			ret += e.bs * e.sec[t]
		}
		w := 0.1 + 0.35*r.Float64()
		if r.Float64() < e.jump {
			j := 0.03 + 0.07*r.Float64()
			if r.Float64() < 0.45 {
				j = -j
			}
			ret, w = ret+j, 0.85
		}
		ret = clamp(ret, lo, hi)
		sigma := sd + math.Abs(e.bm)*e.mktSig[t]
		a := math.Abs(ret)
		p.ret[t] = ret
		p.gap[t] = w*ret + 0.1*sigma*r.NormFloat64()
		s := 0.5*sigma + 0.3*a
		p.eh[t] = math.Abs(r.NormFloat64()) * s
		p.el[t] = math.Abs(r.NormFloat64()) * s
		lv = 0.7*lv + 0.2*r.NormFloat64()
		p.vm[t] = expSmall(lv+0.2*r.NormFloat64()) * (0.6 + 0.4*min(a/sigma, 5))
	}
	boostBreakouts(p, hist, 50, 1.6)
}

// boostBreakouts multiplies the volume of closes above the previous
// window-step high by factor; hist is scratch space of len(p.ret).
func boostBreakouts(p path, hist []float64, window int, factor float64) {
	x, best, bestAt := 0.0, math.Inf(-1), -1
	for t, r := range p.ret {
		x += r
		if bestAt < t-window { // the high left the window: rescan it
			best, bestAt = math.Inf(-1), -1
			for s := max(0, t-window); s < t; s++ {
				if hist[s] >= best {
					best, bestAt = hist[s], s
				}
			}
		}
		if t >= window && x > best {
			p.vm[t] *= factor
		}
		hist[t] = x
		if x >= best {
			best, bestAt = x, t
		}
	}
}
