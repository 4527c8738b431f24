package demo

import (
	"math"
	"math/rand/v2"
)

// A planted VCP (volatility contraction pattern, Minervini): an advance,
// then 2–4 pullbacks, each shallower than the last and on lighter volume,
// ending in a tight, quiet area just under the pivot (the last contraction's
// high); some break out above the pivot on heavy volume in the last bars.
// Inside a leg the path wanders (a Brownian bridge between the leg's end
// points, kept strictly inside them), so candles are mixed like a real
// chart, while each leg's end stays its extreme and swing-based detectors
// still see exactly the planned highs and lows.

// Leg kinds.
const (
	legTrend = iota // the prior advance
	legDown         // a contraction's pullback
	legUp           // recovery towards the next high
	legTight        // the quiet area under the pivot
	legBreak        // breakout above the pivot
)

type leg struct {
	n    int     // steps
	d    float64 // total log change
	vol  float64 // volume multiplier
	kind uint8
}

// vcpPlan is a planted setup; its steps replace a series' last bars.
type vcpPlan struct {
	legs     []leg
	depths   []float64 // planned pullback depths, fractions, decreasing
	breakout bool
	steps    int
}

// planVCP draws a setup; stretch multiplies every leg's length (6 turns a
// daily-scale pattern into 4-hour steps).
func planVCP(r *rand.Rand, stretch int) vcpPlan {
	var p vcpPlan
	add := func(n int, d, vol float64, kind uint8) {
		p.legs = append(p.legs, leg{n * stretch, d, vol, kind})
		p.steps += n * stretch
	}
	ln := math.Log
	for range 3 { // staircase advance: higher highs, higher lows
		add(8+r.IntN(4), ln(between(r, 1.10, 1.16)), 1.25, legTrend)
		add(3+r.IntN(2), ln(1-between(r, 0.03, 0.05)), 0.9, legTrend)
	}
	add(9+r.IntN(4), ln(between(r, 1.12, 1.2)), 1.4, legTrend)

	switch nc := [...]int{2, 3, 3, 3, 4}[r.IntN(5)]; nc {
	case 2:
		p.depths = []float64{between(r, 0.15, 0.19), between(r, 0.07, 0.09)}
	case 3:
		p.depths = []float64{between(r, 0.18, 0.25), between(r, 0.10, 0.13), between(r, 0.05, 0.07)}
	default:
		p.depths = []float64{between(r, 0.22, 0.28), between(r, 0.13, 0.16), between(r, 0.07, 0.09), between(r, 0.035, 0.045)}
	}
	nc := len(p.depths)
	last := 0.0 // how far below the pivot the series ends, fraction
	for i, dep := range p.depths {
		f := float64(i) / float64(nc-1) // 0 for the first contraction, 1 for the last
		nd := max(3, int(math.Round(dep*60)))
		add(nd, ln(1-dep), 1.2-0.7*f, legDown)
		if i < nc-1 {
			next := between(r, 0.975, 0.995) // next high, relative to this one
			add(int(math.Round(float64(nd)*1.2))+2, ln(next)-ln(1-dep), 0.95-0.45*f, legUp)
			continue
		}
		near := between(r, 0.025, 0.04)
		add(nd+1, ln(1-near)-ln(1-dep), 0.5, legUp)
		last = between(r, 0.003, 0.015)
		add(5+r.IntN(4), ln(1-last)-ln(1-near), between(r, 0.35, 0.45), legTight)
	}
	if r.Float64() < 0.4 {
		p.breakout = true
		add(1+r.IntN(2), ln(between(r, 1.02, 1.07))-ln(1-last), between(r, 2.5, 3.5), legBreak)
	}
	return p
}

// apply writes the plan into the path's last p.steps steps (see bridge for
// the steps of a leg); opens sit
// between the previous close and the close, wicks are small relative to the
// leg's average step. At each turn the extreme bar gets a clear wick and
// the next bar none, so that a swing high (low) is not tied by its
// neighbour after rounding to the tick.
func (p *vcpPlan) apply(r *rand.Rand, ph path) {
	t := len(ph.ret) - p.steps
	var w [64]float64
	for li, lg := range p.legs {
		ws := bridge(r, lg, w[:0])
		avg := math.Abs(lg.d) / float64(lg.n)
		turnIn := li > 0 && (p.legs[li-1].d > 0) != (lg.d > 0)
		turnOut := li+1 < len(p.legs) && (p.legs[li+1].d > 0) != (lg.d > 0)
		for i, step := range ws {
			ph.ret[t] = step
			ph.gap[t] = step * between(r, 0.15, 0.45)
			ph.eh[t] = avg*between(r, 0.1, 0.45) + 0.0005
			ph.el[t] = avg*between(r, 0.1, 0.45) + 0.0005
			ph.vm[t] = lg.vol * math.Exp(0.15*r.NormFloat64())
			if i == 0 && turnIn { // first bar after a turn: no wick back towards it
				ph.gap[t] = step * 0.5
				if lg.d < 0 {
					ph.eh[t] = 0
				} else {
					ph.el[t] = 0
				}
			}
			if i == len(ws)-1 && turnOut { // the turning bar marks the extreme
				if lg.d > 0 {
					ph.eh[t] = avg*0.6 + 0.004
				} else {
					ph.el[t] = avg*0.6 + 0.004
				}
			}
			t++
		}
	}
}

// bridge returns a leg's lg.n log steps: they add up to lg.d, and every
// partial sum before the last stays strictly between 0 and lg.d, so the
// leg's end is its extreme while the path in between moves both ways with
// about a normal day's volatility (less in quiet legs).
func bridge(r *rand.Rand, lg leg, buf []float64) []float64 {
	n := lg.n
	lo, hi := min(0, lg.d), max(0, lg.d)
	margin := 0.04 * (hi - lo)
	sd := max(0.002, min(0.006, 0.5*(hi-lo)/math.Sqrt(float64(n))))
	walk := make([]float64, n+1)
	for i := 1; i <= n; i++ {
		walk[i] = walk[i-1] + sd*r.NormFloat64()
	}
	prev := 0.0
	for i := 1; i <= n; i++ {
		f := float64(i) / float64(n)
		v := lg.d
		if i < n {
			v = lg.d*f + walk[i] - walk[n]*f
			// reflect off the leg's bounds, then clamp what still overshoots
			if top := hi - margin; v > top {
				v = 2*top - v
			}
			if bot := lo + margin; v < bot {
				v = 2*bot - v
			}
			v = max(lo+margin, min(hi-margin, v))
		}
		buf = append(buf, v-prev)
		prev = v
	}
	return buf
}

// contraction is one pullback's location within the series, for tests and
// for callers that want to check a detector against the plan.
type contraction struct {
	high, low int     // bar index of the swing high and of the pullback's low
	depth     float64 // planned depth, fraction
	from, to  int     // bars of the pullback and its recovery, [from, to)
}

// contractions locates the plan's pullbacks in a series of n bars.
func (p *vcpPlan) contractions(n int) []contraction {
	var out []contraction
	t := n - p.steps
	for i, lg := range p.legs {
		if lg.kind == legDown {
			c := contraction{high: t - 1, low: t + lg.n - 1, depth: p.depths[len(out)], from: t, to: t + lg.n}
			if i+1 < len(p.legs) && p.legs[i+1].kind == legUp {
				c.to += p.legs[i+1].n
			}
			out = append(out, c)
		}
		t += lg.n
	}
	return out
}
