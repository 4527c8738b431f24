package demo

import (
	"context"
	"math"
	"slices"

	"krmarket/backend/market"
)

// quoteVolume24h is a pair's typical 24-hour quote volume (USDT) by
// liquidity rank: about 2.5 bn for BTC, 8 M at rank 100.
func quoteVolume24h(rank int) float64 { return 2.5e9 * math.Pow(float64(rank), -1.25) }

// cryptoSeries generates a pair's full 4-hour series into s.bars: Bitcoin
// is the crypto market factor; other pairs add a beta to it, the alt-season
// factor and their own fat-tailed noise. Volume follows the hour of day
// (busiest in US hours) and the size of moves.
func (g *gen) cryptoSeries(sp *spec, s *scratch) (full []market.Bar, planted bool) {
	ax := &g.w.c4
	n := ax.len()
	ph := s.path.slice(n)
	sym := sp.inst.Symbol
	r := stream(g.w.cfg.Seed, sym, "px")
	btc := g.w.levels["BTCUSDT"]
	end := sp.price
	if sym == "BTCUSDT" {
		copy(ph.ret, btc.ret)
		fillNoise(r, ph, btc.sig, 0)
		end = btc.lvl[n-1]
	} else {
		daily := 0.012 + 0.03*min(1, float64(sp.rank)/60) + between(r, 0, 0.01)
		genEquityPath(r, ph, s.hist[:n], eqParams{
			mkt: btc.ret, mktSig: btc.sig, sec: g.w.series["alt"],
			bm: between(r, 0.8, 1.3), bs: between(r, 0.4, 1.2), idio: daily / math.Sqrt(6), jump: 0.002,
		})
	}
	seasonal := [6]float64{0.8, 0.85, 1.0, 1.15, 1.25, 0.95}
	for t := range ph.vm {
		ph.vm[t] *= seasonal[(ax.times[t]/(4*3600))%6]
	}
	if sp.vcp {
		stretch := 1
		if hash64(g.w.cfg.Seed, sym, "vcp-scale")%2 == 0 {
			stretch = 6 // a daily-scale setup drawn in 4-hour steps
		}
		p := g.plantVCP(sym, ph, stretch)
		if p == nil && stretch > 1 {
			p = g.plantVCP(sym, ph, 1)
		}
		planted = p != nil
	}
	full = s.bars[:n]
	buildBars(full, ph, barSpec{symbol: sym, interval: market.H4, times: ax.times, end: end, px: sp.px,
		vbase: quoteVolume24h(sp.rank) / 6 / sp.price, vscale: math.Pow10(volumeDecimals(sp.price))})
	return full, planted
}

func (g *gen) runCrypto(ctx context.Context, sp *spec, s *scratch, out *result, cnt *counters) error {
	full, planted := g.cryptoSeries(sp, s)
	out.planted = planted
	vscale := math.Pow10(volumeDecimals(sp.price))
	n := len(full)
	h4 := slices.Clone(full[n-min(g.w.cfg.H4Bars, n):])
	if err := g.sink.PutBars(ctx, h4); err != nil {
		return err
	}
	cnt.h4.Add(int64(len(h4)))
	d1 := aggregate(full, 6, g.w.c1.times, market.Daily, vscale)
	if err := g.putDaily(ctx, d1, cnt); err != nil {
		return err
	}
	*out.quote = rollingQuote(full, 6, g.w.c4.closes[n-1], vscale)
	return nil
}

// runMirror publishes a pair's daily candles under Yahoo's symbol, with
// volume in USD as Yahoo reports it.
func (g *gen) runMirror(ctx context.Context, sp *spec, s *scratch, out *result, cnt *counters) error {
	pair := g.specs[g.index(map[string]string{"BTC-USD": "BTCUSDT", "ETH-USD": "ETHUSDT"}[sp.inst.Symbol])]
	full, _ := g.cryptoSeries(&pair, s)
	usd := make([]float64, len(g.w.c1.times))
	for i := range usd {
		for _, b := range full[6*i : 6*i+6] {
			usd[i] += b.Volume * b.Close
		}
	}
	d1 := aggregate(full, 6, g.w.c1.times, market.Daily, 1)
	for i := range d1 {
		d1[i].Symbol = sp.inst.Symbol
		d1[i].Volume = math.Round(usd[i])
	}
	if err := g.putDaily(ctx, d1, cnt); err != nil {
		return err
	}
	*out.quote = dailyQuote(d1, g.w.c1.closes[len(d1)-1])
	return nil
}
