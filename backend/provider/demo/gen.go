package demo

import (
	"context"
	"math"

	"krmarket/backend/market"
)

// gen runs the per-instrument generators over a shared world.
type gen struct {
	w        *world
	specs    []spec
	sink     Sink
	bySymbol map[string]int
}

// index returns the position of a symbol's spec.
func (g *gen) index(sym string) int {
	i, ok := g.bySymbol[sym]
	if !ok {
		panic("demo: unknown symbol " + sym)
	}
	return i
}

// scratch is one worker's reusable buffers, sized for the longest axis.
type scratch struct {
	path path
	hist []float64
	tmp  []float64
	bars []market.Bar // a crypto pair's full 4-hour series
}

func newScratch(w *world) *scratch {
	n := max(w.kr.len(), w.us.len(), w.wd.len(), w.c4.len())
	return &scratch{path: newPath(n), hist: make([]float64, n), tmp: make([]float64, n), bars: make([]market.Bar, n)}
}

// result collects one instrument's quote and fundamentals (written into
// slots owned by the instrument, so workers never share them).
type result struct {
	quote   *market.Quote
	fund    *market.Fundamentals
	planted bool
}

func (g *gen) run(ctx context.Context, sp *spec, s *scratch, out *result, cnt *counters) error {
	switch sp.model {
	case mKRStock:
		return g.runKRStock(ctx, sp, s, out, cnt)
	case mUSStock:
		return g.runUSStock(ctx, sp, s, out, cnt)
	case mRecipe:
		return g.runRecipe(ctx, sp, s, out, cnt)
	case mLevel:
		return g.runLevel(ctx, sp, s, out, cnt)
	case mCrypto:
		return g.runCrypto(ctx, sp, s, out, cnt)
	default:
		return g.runMirror(ctx, sp, s, out, cnt)
	}
}

func (g *gen) putDaily(ctx context.Context, bars []market.Bar, cnt *counters) error {
	if err := g.sink.PutBars(ctx, bars); err != nil {
		return err
	}
	cnt.daily.Add(int64(len(bars)))
	return nil
}

// plantVCP plants a setup at the end of ph when it fits, returning the plan
// (nil when the series is too short).
func (g *gen) plantVCP(sym string, ph path, stretch int) *vcpPlan {
	r := stream(g.w.cfg.Seed, sym, "vcp")
	p := planVCP(r, stretch)
	if p.steps > len(ph.ret)-60 {
		return nil
	}
	p.apply(r, ph)
	return &p
}

func (g *gen) runKRStock(ctx context.Context, sp *spec, s *scratch, out *result, cnt *counters) error {
	ax := &g.w.kr
	n := ax.len()
	ph := s.path.slice(n)
	sym := sp.inst.Symbol
	size := krSize(stream(g.w.cfg.Seed, sym, "size"), sp)
	sec := &g.w.krSecs[sp.sector]
	mkt, idx := "kospi", "^KS11"
	if sp.inst.Exchange == "KOSDAQ" {
		mkt, idx = "kosdaq", "^KQ11"
	}
	r := stream(g.w.cfg.Seed, sym, "px")
	frac := float64(sp.rank) / float64(max(sp.nRank, 1))
	idio := 0.011 + 0.018*math.Sqrt(frac) + between(r, 0, 0.006)
	if mkt == "kosdaq" {
		idio += 0.004
	}
	if sec.name == "바이오" || sec.name == "2차전지" {
		idio += 0.004
	}
	genEquityPath(r, ph, s.hist[:n], eqParams{
		mkt: g.w.series[mkt], mktSig: g.w.levels[idx].sig, sec: g.w.series["krsec:"+sec.name],
		bm: between(r, 0.7, 1.3), bs: between(r, 0.6, 1.2), idio: idio, mu: 0.0004 * r.NormFloat64(),
		jump: 0.006 + 0.01*frac, limit: 0.3,
	})
	accum := -1
	if sp.vcp {
		if p := g.plantVCP(sym, ph, 1); p != nil {
			accum, out.planted = n-p.steps, true
		}
	}
	bars := make([]market.Bar, n)
	buildBars(bars, ph, barSpec{symbol: sym, interval: market.Daily, times: ax.times, end: size.price, px: sp.px, vbase: size.volume, vscale: 1, limit: 0.3})
	if err := g.putDaily(ctx, bars, cnt); err != nil {
		return err
	}
	if flows := krFlows(stream(g.w.cfg.Seed, sym, "flow"), bars, g.w.cfg.FlowDays, accum); len(flows) > 0 {
		if err := g.sink.PutFlows(ctx, flows); err != nil {
			return err
		}
		cnt.flows.Add(int64(len(flows)))
	}
	*out.quote = dailyQuote(bars, ax.closes[n-1])
	*out.fund = krFundamentals(stream(g.w.cfg.Seed, sym, "fund"), sp, sec, bars, size.shares, g.w.series[mkt])
	return nil
}

func (g *gen) runUSStock(ctx context.Context, sp *spec, s *scratch, out *result, cnt *counters) error {
	ax := &g.w.us
	n := ax.len()
	ph := s.path.slice(n)
	sym := sp.inst.Symbol
	r := stream(g.w.cfg.Seed, sym, "px")
	e := usEquity(r, sp, g.w)
	genEquityPath(r, ph, s.hist[:n], e)
	if sp.vcp {
		out.planted = g.plantVCP(sym, ph, 1) != nil
	}
	shares := sp.sizeB * 1e9 / sp.price
	turnover := logUniform(stream(g.w.cfg.Seed, sym, "size"), 0.003, 0.012)
	bars := make([]market.Bar, n)
	buildBars(bars, ph, barSpec{symbol: sym, interval: market.Daily, times: ax.times, end: sp.price, px: sp.px, vbase: shares * turnover, vscale: 1})
	divs, err := g.dividends(ctx, sp, bars, cnt)
	if err != nil {
		return err
	}
	if err := g.putDaily(ctx, bars, cnt); err != nil {
		return err
	}
	if err := g.options(ctx, sp, bars, cnt); err != nil {
		return err
	}
	*out.quote = dailyQuote(bars, ax.closes[n-1])
	*out.fund = usFundamentals(stream(g.w.cfg.Seed, sym, "fund"), sp, bars, shares, divs, g.w.series["spx"])
	return nil
}

func (g *gen) runRecipe(ctx context.Context, sp *spec, s *scratch, out *result, cnt *counters) error {
	ax := g.w.axis(sp.axis)
	n := ax.len()
	ph := s.path.slice(n)
	sym := sp.inst.Symbol
	rc := recipeFor(sp.key, sp.tags)
	g.recipeReturns(sp.key, sp.tags, ph.ret, s.tmp[:n])
	sigma := math.Max(std(ph.ret), 1e-4)
	fillNoise(stream(g.w.cfg.Seed, sym, "noise"), ph, nil, sigma)
	boostBreakouts(ph, s.hist[:n], 50, 1.3)
	end := sp.price
	if rc.ref != "" {
		end = g.w.levels[rc.ref].lvl[n-1] * sp.price / target(rc.ref)
	}
	bars := make([]market.Bar, n)
	buildBars(bars, ph, barSpec{symbol: sym, interval: market.Daily, times: ax.times, end: end, px: sp.px, vbase: rc.vol, vscale: 1})
	var divs []market.Dividend
	if sp.axis == axUS {
		var err error
		if divs, err = g.dividends(ctx, sp, bars, cnt); err != nil {
			return err
		}
	}
	if err := g.putDaily(ctx, bars, cnt); err != nil {
		return err
	}
	if err := g.options(ctx, sp, bars, cnt); err != nil {
		return err
	}
	*out.quote = dailyQuote(bars, ax.closes[n-1])
	if sp.axis == axUS && sp.inst.Kind == market.KindETF {
		*out.fund = etfFundamentals(sp, bars, divs, g.w.series["spx"])
	}
	return nil
}

// recipeReturns writes a recipe's daily log returns into out (tmp is
// scratch for geared funds).
func (g *gen) recipeReturns(key string, tags []string, out, tmp []float64) {
	rc := recipeFor(key, tags)
	if rc.lev != 0 {
		g.recipeReturns(rc.base, nil, tmp, nil)
		const fee = 0.0095 / 252
		for t, x := range tmp {
			out[t] = math.Log(math.Max(0.05, 1+rc.lev*math.Expm1(x))) - fee
		}
		return
	}
	clear(out)
	for _, ld := range rc.loads {
		f := g.w.series[ld.factor]
		if f == nil {
			panic("demo: recipe " + key + " uses unknown factor " + ld.factor)
		}
		for t := range out {
			out[t] += ld.beta * f[t]
		}
	}
	if rc.idio > 0 {
		idk := rc.idioKey
		if idk == "" {
			idk = key
		}
		r := stream(g.w.cfg.Seed, idk, "idio")
		const alpha, beta = 0.07, 0.9
		h, e2 := 1.0, 1.0
		for t := range out {
			h = (1 - alpha - beta) + alpha*e2 + beta*h
			z := studentT(r)
			e2 = h * z * z
			out[t] += rc.idio * math.Sqrt(h) * z
		}
	}
	if rc.track > 0 {
		r := stream(g.w.cfg.Seed, key, "track")
		for t := range out {
			out[t] += rc.track * r.NormFloat64()
		}
	}
}

// levelVolume is the typical daily volume of a level series (0 for FX,
// yields and volatility indices, as Yahoo reports them).
func levelVolume(sym string) float64 {
	switch sym {
	case "^KS11":
		return 4.5e8
	case "^KQ11":
		return 9e8
	case "^GSPC":
		return 4.5e9
	case "^N225":
		return 1.2e8
	case "^GDAXI":
		return 7e7
	case "^FTSE":
		return 7e8
	case "000300.SS":
		return 1.5e10
	case "GC=F":
		return 2e5
	case "SI=F":
		return 6e4
	case "CL=F":
		return 3e5
	case "HG=F":
		return 5e4
	case "NG=F":
		return 1.5e5
	}
	return 0
}

func (g *gen) runLevel(ctx context.Context, sp *spec, s *scratch, out *result, cnt *counters) error {
	ax := g.w.axis(sp.axis)
	n := ax.len()
	ph := s.path.slice(n)
	lp := g.w.levels[sp.key]
	if lp == nil {
		panic("demo: no level series " + sp.key)
	}
	prev := lp.prev0
	for t, v := range lp.lvl {
		ph.ret[t] = math.Log(v / prev)
		prev = v
	}
	fillNoise(stream(g.w.cfg.Seed, sp.inst.Symbol, "noise"), ph, lp.sig, 0)
	bars := make([]market.Bar, n)
	buildBars(bars, ph, barSpec{symbol: sp.inst.Symbol, interval: market.Daily, times: ax.times, end: lp.lvl[n-1], px: sp.px, vbase: levelVolume(sp.key), vscale: 1})
	if err := g.putDaily(ctx, bars, cnt); err != nil {
		return err
	}
	*out.quote = dailyQuote(bars, ax.closes[n-1])
	return nil
}
