package demo

import (
	"math"
	"math/rand/v2"
)

// Common factors: every market has a level series driven by Markov regimes
// (bull, choppy, bear) with GARCH-like volatility and a pull towards a trend
// band that keeps levels realistic; sectors add their own co-moving shocks;
// a calendar-day "global" shock links markets (Seoul and Asia trade the US
// shock of the previous day). All are pure functions of (seed, name, axis).

const (
	bull = iota
	choppy
	bear
)

// regimeSpec gives per-step drift, volatility and persistence per regime.
type regimeSpec struct {
	mu, sigma [3]float64
	stay      [3]float64 // probability of staying in the regime for one step
}

func usRegimes() regimeSpec {
	return regimeSpec{
		mu:    [3]float64{0.0009, 0.0001, -0.0012},
		sigma: [3]float64{0.0072, 0.0100, 0.0165},
		stay:  [3]float64{0.988, 0.975, 0.970},
	}
}

func krRegimes() regimeSpec {
	return regimeSpec{
		mu:    [3]float64{0.0008, 0, -0.0011},
		sigma: [3]float64{0.0085, 0.0105, 0.0160},
		stay:  [3]float64{0.985, 0.975, 0.970},
	}
}

func kqRegimes() regimeSpec {
	return regimeSpec{
		mu:    [3]float64{0.0010, -0.0001, -0.0015},
		sigma: [3]float64{0.0110, 0.0130, 0.0200},
		stay:  [3]float64{0.985, 0.975, 0.970},
	}
}

// cryptoRegimes are per 4-hour step.
func cryptoRegimes() regimeSpec {
	d := regimeSpec{
		mu:    [3]float64{0.0035, 0, -0.0045},
		sigma: [3]float64{0.025, 0.028, 0.040},
		stay:  [3]float64{0.985, 0.975, 0.975},
	}
	for i := range 3 {
		d.mu[i] /= 6
		d.sigma[i] /= math.Sqrt(6)
		d.stay[i] = math.Pow(d.stay[i], 1.0/6)
	}
	return d
}

// nextRegime draws the next state of the regime chain.
func nextRegime(r *rand.Rand, cur uint8, spec *regimeSpec) uint8 {
	u := r.Float64()
	if u < spec.stay[cur] {
		return cur
	}
	v := (u - spec.stay[cur]) / (1 - spec.stay[cur]) // uniform again
	switch cur {
	case bull:
		if v < 0.75 {
			return choppy
		}
		return bear
	case choppy:
		if v < 0.55 {
			return bull
		}
		return bear
	default:
		if v < 0.6 {
			return choppy
		}
		return bull
	}
}

// exo is an external standardized shock series with its loading.
type exo struct {
	z    []float64
	beta float64
}

// levelSpec describes a level series that wanders around a trend line.
type levelSpec struct {
	start, end float64 // trend-line levels at the first and last step
	band       float64 // comfortable half-width around the trend (log units, or points if additive)
	kappa      float64 // mean reversion per step
	sigma      float64 // shock σ per step (ignored with regimes)
	regimes    *regimeSpec
	regimePath []uint8 // follow another series' regimes (with regimes set)
	garch      bool
	additive   bool // moves in points (yields), not in logs
	exos       []exo
}

// levelPath is a generated level series.
type levelPath struct {
	lvl    []float64 // level at each step's close
	prev0  float64   // level before the first step
	sig    []float64 // conditional σ of the log change per step
	regime []uint8   // regime per step (nil without regimes)
	z      []float64 // standardized total shock per step
	ret    []float64 // change per step: log return, or points if additive
}

// genLevel generates a level series. Shocks are Student-t (4 df) mixed with
// the external shocks; GARCH(1,1) on the unit-variance shock.
func genLevel(r *rand.Rand, n int, s levelSpec) levelPath {
	p := levelPath{lvl: make([]float64, n), sig: make([]float64, n), z: make([]float64, n), ret: make([]float64, n)}
	conv := func(v float64) float64 { return math.Log(v) }
	if s.additive {
		conv = func(v float64) float64 { return v }
	}
	a, b := conv(s.start), conv(s.end)
	x := a + 0.3*s.band*r.NormFloat64()
	var reg uint8 = choppy
	if s.regimes != nil {
		p.regime = make([]uint8, n)
		reg = uint8(r.IntN(3))
	}
	own := 1.0
	for _, e := range s.exos {
		own -= e.beta * e.beta
	}
	own = math.Sqrt(math.Max(own, 0.05))
	const alpha, beta = 0.08, 0.88
	h, e2 := 1.0, 1.0
	p.prev0 = x
	for t := range n {
		mu, sig := 0.0, s.sigma
		if s.regimes != nil {
			if s.regimePath != nil {
				reg = s.regimePath[t]
			} else if t > 0 {
				reg = nextRegime(r, reg, s.regimes)
			}
			p.regime[t] = reg
			mu, sig = s.regimes.mu[reg], s.regimes.sigma[reg]
		}
		if s.garch {
			h = (1 - alpha - beta) + alpha*e2 + beta*h
			sig *= math.Sqrt(h)
		}
		z := own * studentT6(r)
		for _, e := range s.exos {
			z += e.beta * e.z[t]
		}
		e2 = h * z * z
		trend := a
		if n > 1 {
			trend += (b - a) * float64(t) / float64(n-1)
		}
		dev := x - trend
		pull := -s.kappa * dev
		if over := math.Abs(dev) - s.band; over > 0 {
			pull -= math.Copysign(0.15*over, dev)
		}
		dx := mu + sig*z + pull
		x += dx
		p.z[t], p.ret[t] = z, dx
		if s.additive {
			p.lvl[t] = x
			p.sig[t] = sig / math.Max(math.Abs(x), 0.1)
		} else {
			p.lvl[t] = math.Exp(x)
			p.sig[t] = sig
		}
	}
	if !s.additive {
		p.prev0 = math.Exp(p.prev0)
	}
	return p
}

// genSector returns per-step returns of a sector factor: Student-t shocks
// with GARCH volatility plus a slowly drifting trend (sector rotation).
func genSector(r *rand.Rand, n int, sigma float64, exos []exo) (ret, z []float64) {
	ret, z = make([]float64, n), make([]float64, n)
	own := 1.0
	for _, e := range exos {
		own -= e.beta * e.beta
	}
	own = math.Sqrt(math.Max(own, 0.05))
	const alpha, beta = 0.07, 0.9
	h, e2, drift := 1.0, 1.0, 0.0
	for t := range n {
		h = (1 - alpha - beta) + alpha*e2 + beta*h
		zt := own * studentT6(r)
		for _, e := range exos {
			zt += e.beta * e.z[t]
		}
		e2 = h * zt * zt
		drift = 0.985*drift + 0.00012*r.NormFloat64()
		ret[t] = drift + sigma*math.Sqrt(h)*zt
		z[t] = zt
	}
	return ret, z
}

// globalShocks returns unit shocks per calendar day from day0 (inclusive):
// weekdays carry full weight, weekends 0.3 (crypto only trades on them).
func globalShocks(seed uint64, day0, n int32) []float64 {
	r := stream(seed, "factor", "global")
	g := make([]float64, n)
	for i := range g {
		w := 1.0
		if wd := (int64(day0) + int64(i) + 4) % 7; wd == 0 || wd == 6 {
			w = 0.3
		}
		g[i] = w * r.NormFloat64()
	}
	return g
}

// globalOn maps the calendar-day shocks onto an axis: each step gets the
// normalized sum of the shocks of the calendar days since the previous step,
// shifted by lag days (1 for Asia: it trades the US shock of the day before).
func globalOn(g []float64, day0 int32, a *axis, lag int32) []float64 {
	out := make([]float64, a.len())
	prev := a.days[0] - 1
	for t, d := range a.days {
		s, w := 0.0, 0.0
		for x := prev + 1; x <= d; x++ {
			i := x - lag - day0
			if i >= 0 && int(i) < len(g) {
				s += g[i]
				w++
			}
		}
		if w > 0 {
			out[t] = s / math.Sqrt(w)
		}
		prev = d
	}
	return out
}
