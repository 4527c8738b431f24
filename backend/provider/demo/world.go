package demo

import (
	"math"
	"math/rand/v2"

	"krmarket/backend/calendar"
	"krmarket/backend/data"
)

// world holds everything shared by the per-instrument generators: date
// axes, common factor returns and level series. It is read-only once built.
type world struct {
	cfg       Config
	krx, nyse *calendar.Calendar
	kr, us    axis // trading days
	wd        axis // weekdays (FX, foreign indices)
	c4, c1    axis // crypto 4-hour steps and days
	series    map[string][]float64
	levels    map[string]*levelPath
	sigmas    map[string]float64 // typical per-step σ of each factor series
	krSecs    []krSector
	usSectors []string
}

func (w *world) axis(kind uint8) *axis {
	switch kind {
	case axKR:
		return &w.kr
	case axUS:
		return &w.us
	case axWD:
		return &w.wd
	default:
		return &w.c4
	}
}

func newWorld(cfg Config) *world {
	w := &world{
		cfg: cfg, krx: calendar.KRX(), nyse: calendar.NYSE(),
		series: map[string][]float64{}, levels: map[string]*levelPath{}, sigmas: map[string]float64{},
		krSecs: krSectors(), usSectors: data.USSectors(),
	}
	n := cfg.DailyBars
	w.kr = tradingAxis(w.krx, cfg.Now, n)
	w.us = tradingAxis(w.nyse, cfg.Now, n)
	w.wd = weekdayAxis(cfg.Now, n)
	w.c4, w.c1 = cryptoAxes(cfg.Now, n)
	w.buildFactors()
	return w
}

// target returns the data-table level of a macro series.
func target(sym string) float64 {
	for _, m := range data.Macro() {
		if m.Symbol == sym {
			return m.Level
		}
	}
	for _, m := range data.KRBenchmarks() {
		if m.Symbol == sym {
			return m.Level
		}
	}
	panic("demo: no level for " + sym)
}

func (w *world) rng(name string) *rand.Rand { return stream(w.cfg.Seed, "factor", name) }

// putLevel registers a level series under its symbol and its per-step
// change as a factor series.
func (w *world) putLevel(sym, factor string, p levelPath) *levelPath {
	w.levels[sym] = &p
	if factor != "" {
		w.series[factor] = p.ret
		w.sigmas[factor] = std(p.ret)
	}
	return &p
}

func (w *world) putSeries(name string, ret []float64) {
	w.series[name] = ret
	w.sigmas[name] = std(ret)
}

func (w *world) buildFactors() {
	first := min(w.kr.days[0], w.us.days[0], w.wd.days[0], w.c4.days[0]) - 10
	last := max(w.kr.days[len(w.kr.days)-1], w.us.days[len(w.us.days)-1], w.wd.days[len(w.wd.days)-1], w.c4.days[len(w.c4.days)-1]) + 1
	g := globalShocks(w.cfg.Seed, first, last-first+1)
	glUS := globalOn(g, first, &w.us, 0)
	glKR := globalOn(g, first, &w.kr, 1)
	glWD0 := globalOn(g, first, &w.wd, 0)
	glWD1 := globalOn(g, first, &w.wd, 1)
	glC := globalOn(g, first, &w.c4, 1)
	nUS, nKR, nWD, nC := w.us.len(), w.kr.len(), w.wd.len(), w.c4.len()
	us, kr, kq, cr := usRegimes(), krRegimes(), kqRegimes(), cryptoRegimes()

	// United States.
	spx := w.putLevel("^GSPC", "spx", genLevel(w.rng("^GSPC"), nUS, levelSpec{start: 5000, end: target("^GSPC"), band: 0.1, kappa: 0.008, regimes: &us, garch: true, exos: []exo{{glUS, 0.6}}}))
	tnx := w.putLevel("^TNX", "dtnx", genLevel(w.rng("^TNX"), nUS, levelSpec{start: 4.2, end: target("^TNX"), band: 0.45, kappa: 0.01, sigma: 0.055, additive: true, exos: []exo{{spx.z, 0.3}}}))
	w.putLevel("^IRX", "", genLevel(w.rng("^IRX"), nUS, levelSpec{start: 5.2, end: target("^IRX"), band: 0.2, kappa: 0.03, sigma: 0.015, additive: true, exos: []exo{{tnx.z, 0.3}}}))
	spread := genLevel(w.rng("^TYX"), nUS, levelSpec{start: 0.35, end: target("^TYX") - target("^TNX"), band: 0.15, kappa: 0.03, sigma: 0.012, additive: true, exos: []exo{{tnx.z, -0.2}}})
	w.putLevel("^TYX", "dtyx", sumLevels(tnx, &spread))
	w.putLevel("^VIX", "", genVIX(w.rng("^VIX"), spx))
	w.putLevel("^SKEW", "", genLevel(w.rng("^SKEW"), nUS, levelSpec{start: 142, end: target("^SKEW"), band: 0.06, kappa: 0.05, sigma: 0.02}))
	oil := w.putLevel("CL=F", "oil", genLevel(w.rng("CL=F"), nUS, levelSpec{start: 75, end: target("CL=F"), band: 0.18, kappa: 0.01, sigma: 0.021, garch: true, exos: []exo{{glUS, 0.3}}}))
	gold := w.putLevel("GC=F", "gold", genLevel(w.rng("GC=F"), nUS, levelSpec{start: 2400, end: target("GC=F"), band: 0.08, kappa: 0.01, sigma: 0.011, garch: true, exos: []exo{{glUS, -0.1}}}))
	w.putLevel("SI=F", "", genLevel(w.rng("SI=F"), nUS, levelSpec{start: 28, end: target("SI=F"), band: 0.12, kappa: 0.01, sigma: 0.019, garch: true, exos: []exo{{gold.z, 0.75}}}))
	w.putLevel("HG=F", "", genLevel(w.rng("HG=F"), nUS, levelSpec{start: 4.2, end: target("HG=F"), band: 0.1, kappa: 0.01, sigma: 0.014, exos: []exo{{spx.z, 0.3}}}))
	w.putLevel("NG=F", "", genLevel(w.rng("NG=F"), nUS, levelSpec{start: 2.6, end: target("NG=F"), band: 0.3, kappa: 0.02, sigma: 0.035, garch: true}))
	small, _ := genSector(w.rng("small"), nUS, 0.006, nil)
	w.putSeries("small", small)
	for _, name := range w.usSectors {
		var ex []exo
		sigma := 0.007
		switch name {
		case "Technology":
			sigma = 0.008
		case "Energy":
			sigma, ex = 0.011, []exo{{oil.z, 0.55}}
		case "Utilities":
			sigma, ex = 0.006, []exo{{tnx.z, -0.35}}
		case "Real Estate":
			sigma, ex = 0.007, []exo{{tnx.z, -0.35}}
		case "Financials":
			ex = []exo{{tnx.z, 0.25}}
		case "Healthcare", "Industrials":
			sigma = 0.0055
		case "Consumer Staples":
			sigma = 0.005
		}
		ret, _ := genSector(w.rng("sec:"+name), nUS, sigma, ex)
		w.putSeries("sec:"+name, ret)
	}

	// Korea.
	kospi := w.putLevel("^KS11", "kospi", genLevel(w.rng("^KS11"), nKR, levelSpec{start: 2650, end: target("^KS11"), band: 0.11, kappa: 0.01, regimes: &kr, garch: true, exos: []exo{{glKR, 0.45}}}))
	w.putLevel("^KQ11", "kosdaq", genLevel(w.rng("^KQ11"), nKR, levelSpec{start: 850, end: target("^KQ11"), band: 0.12, kappa: 0.01, regimes: &kq, regimePath: kospi.regime, garch: true, exos: []exo{{kospi.z, 0.75}}}))
	for _, s := range w.krSecs {
		ret, _ := genSector(w.rng("krsec:"+s.name), nKR, s.vol, nil)
		w.putSeries("krsec:"+s.name, ret)
	}

	// Weekday series: the dollar, FX, foreign indices.
	dxy := w.putLevel("DX-Y.NYB", "dxy", genLevel(w.rng("DX-Y.NYB"), nWD, levelSpec{start: 104, end: target("DX-Y.NYB"), band: 0.05, kappa: 0.01, sigma: 0.0035, exos: []exo{{glWD0, -0.2}}}))
	w.putLevel("KRW=X", "", genLevel(w.rng("KRW=X"), nWD, levelSpec{start: 1360, end: target("KRW=X"), band: 0.035, kappa: 0.015, sigma: 0.0038, garch: true, exos: []exo{{dxy.z, 0.4}, {glWD1, -0.35}}}))
	w.putLevel("EURUSD=X", "", genLevel(w.rng("EURUSD=X"), nWD, levelSpec{start: 1.08, end: target("EURUSD=X"), band: 0.06, kappa: 0.01, sigma: 0.0035, exos: []exo{{dxy.z, -0.85}}}))
	w.putLevel("USDJPY=X", "", genLevel(w.rng("USDJPY=X"), nWD, levelSpec{start: 152, end: target("USDJPY=X"), band: 0.07, kappa: 0.01, sigma: 0.006, exos: []exo{{dxy.z, 0.5}}}))
	w.putLevel("000300.SS", "", genLevel(w.rng("000300.SS"), nWD, levelSpec{start: 3700, end: target("000300.SS"), band: 0.12, kappa: 0.01, sigma: 0.011, garch: true, exos: []exo{{glWD1, 0.35}}}))
	w.putLevel("^N225", "", genLevel(w.rng("^N225"), nWD, levelSpec{start: 38000, end: target("^N225"), band: 0.12, kappa: 0.01, sigma: 0.012, garch: true, exos: []exo{{glWD1, 0.55}}}))
	w.putLevel("^GDAXI", "", genLevel(w.rng("^GDAXI"), nWD, levelSpec{start: 18500, end: target("^GDAXI"), band: 0.1, kappa: 0.01, sigma: 0.010, garch: true, exos: []exo{{glWD0, 0.55}}}))
	w.putLevel("^FTSE", "", genLevel(w.rng("^FTSE"), nWD, levelSpec{start: 8000, end: target("^FTSE"), band: 0.08, kappa: 0.01, sigma: 0.008, garch: true, exos: []exo{{glWD0, 0.5}}}))

	// Crypto: Bitcoin is the market; an "alt season" factor moves the rest.
	w.putLevel("BTCUSDT", "btc", genLevel(w.rng("BTCUSDT"), nC, levelSpec{start: 60000, end: target("BTC-USD"), band: 0.25, kappa: 0.01 / 6, regimes: &cr, garch: true, exos: []exo{{glC, 0.3}}}))
	alt, _ := genSector(w.rng("alt"), nC, 0.004, nil)
	w.putSeries("alt", alt)
}

// sumLevels adds two additive level paths (the 30-year yield is the 10-year
// plus a term spread).
func sumLevels(a, b *levelPath) levelPath {
	n := len(a.lvl)
	p := levelPath{lvl: make([]float64, n), sig: a.sig, z: a.z, ret: make([]float64, n), prev0: a.prev0 + b.prev0}
	prev := p.prev0
	for t := range n {
		p.lvl[t] = a.lvl[t] + b.lvl[t]
		p.ret[t] = p.lvl[t] - prev
		prev = p.lvl[t]
	}
	return p
}

// genVIX makes the VIX a mean-reverting log level whose target rises with
// the S&P 500's regime (14 bull, 18 choppy, 27 bear) and which jumps when the
// index falls, kept within about 11–45.
func genVIX(r *rand.Rand, spx *levelPath) levelPath {
	n := len(spx.lvl)
	p := levelPath{lvl: make([]float64, n), sig: make([]float64, n), z: make([]float64, n), ret: make([]float64, n)}
	targets := [3]float64{math.Log(14), math.Log(18), math.Log(27)}
	lo, hi := math.Log(11.5), math.Log(44)
	x := targets[spx.regime[0]]
	p.prev0 = math.Exp(x)
	for t := range n {
		z := r.NormFloat64()
		dx := 0.07*(targets[spx.regime[t]]-x) - 4.5*spx.ret[t] + 0.05*z
		if x+dx > hi {
			dx -= 0.5 * (x + dx - hi)
		}
		if x+dx < lo {
			dx = lo - x + 0.02*math.Abs(z)
		}
		x += dx
		p.lvl[t], p.ret[t], p.z[t], p.sig[t] = math.Exp(x), dx, z, 0.05+3*spx.sig[t]
	}
	return p
}

func std(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}
