package demo

import (
	"math"
	"math/rand/v2"

	"krmarket/backend/market"
)

// krFlows derives investor net buying (shares) for the last nDays bars of a
// KR stock. Foreigners chase returns and have persistent biases;
// institutions less so; individuals take the other side (retail ≈ −(foreign
// + institutions) minus other corporations). Before and during a planted
// VCP, foreigners and institutions accumulate for weeks. accumFrom is the
// first bar of accumulation (-1 = none).
func krFlows(r *rand.Rand, bars []market.Bar, nDays, accumFrom int) []market.Flow {
	n := len(bars)
	nDays = min(nDays, n-1)
	if nDays <= 0 {
		return nil
	}
	// Typical absolute daily return, to standardise moves.
	sigma := 0.0
	for t := n - nDays; t < n; t++ {
		sigma += math.Abs(bars[t].Close/bars[t-1].Close - 1)
	}
	sigma = max(sigma/float64(nDays)*1.25, 0.002)
	af, ai := between(r, 0.06, 0.1), between(r, 0.03, 0.06)     // return sensitivity
	accF, accI := between(r, 0.1, 0.18), between(r, 0.06, 0.12) // accumulation strength
	pf, pi := 0.03*r.NormFloat64(), 0.03*r.NormFloat64()
	out := make([]market.Flow, nDays)
	for i := range out {
		t := n - nDays + i
		b := &bars[t]
		z := clamp((b.Close/bars[t-1].Close-1)/sigma, -4, 4)
		pf = 0.93*pf + 0.03*r.NormFloat64()
		pi = 0.9*pi + 0.025*r.NormFloat64()
		f := af*z + pf + 0.05*r.NormFloat64()
		in := ai*z + pi + 0.04*r.NormFloat64()
		if accumFrom >= 0 && t >= accumFrom {
			ramp := math.Min(1, float64(t-accumFrom+1)/15)
			f += ramp * accF
			in += ramp * accI
		}
		f, in = clamp(f, -0.45, 0.45), clamp(in, -0.35, 0.35)
		v := b.Volume
		fn, inn := int64(math.Round(f*v)), int64(math.Round(in*v))
		other := int64(math.Round(0.015 * v * r.NormFloat64()))
		out[i] = market.Flow{Symbol: b.Symbol, Time: b.Time, ForeignNet: fn, InstNet: inn, RetailNet: -(fn + inn + other)}
	}
	return out
}
