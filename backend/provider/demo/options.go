package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"krmarket/backend/market"
)

// bsPrice is the Black-Scholes-Merton price of a European option with
// continuous dividend yield q.
func bsPrice(call bool, s, k, t, r, q, sigma float64) float64 {
	if t <= 0 || sigma <= 0 {
		if call {
			return math.Max(0, s-k)
		}
		return math.Max(0, k-s)
	}
	st := sigma * math.Sqrt(t)
	d1 := (math.Log(s/k) + (r-q+sigma*sigma/2)*t) / st
	d2 := d1 - st
	if call {
		return s*math.Exp(-q*t)*normCDF(d1) - k*math.Exp(-r*t)*normCDF(d2)
	}
	return k*math.Exp(-r*t)*normCDF(-d2) - s*math.Exp(-q*t)*normCDF(-d1)
}

func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// optionLiquidity is a typical day's total option volume (contracts).
func optionLiquidity(sym string) float64 {
	switch sym {
	case "SPY":
		return 3e6
	case "NVDA", "TSLA":
		return 2e6
	case "QQQ", "AAPL", "PLTR":
		return 1.2e6
	case "AMD", "AMZN", "META":
		return 6e5
	}
	return 3e5
}

// expiries returns the Fridays about 1, 4 and 8 weeks after the last
// session (Thursday when the Friday is a holiday).
func (g *gen) expiries(last time.Time) []time.Time {
	var out []time.Time
	for _, off := range []int{7, 28, 56} {
		d := last.AddDate(0, 0, off)
		d = d.AddDate(0, 0, (int(time.Friday)-int(d.Weekday())+7)%7)
		if !g.w.nyse.IsTradingDay(d) {
			d = g.w.nyse.PrevTradingDay(d)
		}
		if len(out) == 0 || d.After(out[len(out)-1]) {
			out = append(out, d)
		}
	}
	return out
}

// strikeStep picks the strike increment giving at most about 40 strikes
// across ±20 % of spot.
func strikeStep(spot float64) float64 {
	for _, inc := range []float64{0.5, 1, 2.5, 5, 10, 25, 50, 100} {
		if 0.4*spot/inc <= 40 {
			return inc
		}
	}
	return 250
}

// options builds the option chain of a watchlist underlying: three
// expiries, strikes within ±20 % of spot, calls and puts priced by
// Black-Scholes on a skewed smile around the realized volatility, with
// volume concentrated near the money and in the front month, open interest
// building with time to expiry, and a few unusually active contracts.
func (g *gen) options(ctx context.Context, sp *spec, bars []market.Bar, cnt *counters) error {
	if !sp.options {
		return nil
	}
	r := stream(g.w.cfg.Seed, sp.inst.Symbol, "options")
	cs := chain(r, sp, bars, g.expiries(time.Unix(bars[len(bars)-1].Time, 0).UTC()),
		g.w.levels["^IRX"].lvl[g.w.us.len()-1]/100, g.w.us.closes[g.w.us.len()-1])
	if err := g.sink.PutOptions(ctx, cs); err != nil {
		return err
	}
	cnt.options.Add(int64(len(cs)))
	return nil
}

func chain(r *rand.Rand, sp *spec, bars []market.Bar, exps []time.Time, rate float64, asOf int64) []market.OptionContract {
	n := len(bars)
	spot := bars[n-1].Close
	// Realized volatility of the last 30 sessions, annualised (252 days).
	var rets [30]float64
	for i := range rets {
		rets[i] = math.Log(bars[n-30+i].Close / bars[n-31+i].Close)
	}
	atm := clamp(std(rets[:])*math.Sqrt(252)*between(r, 1.0, 1.2)+0.02, 0.1, 1.5)
	q := sp.yield / 100
	inc := strikeStep(spot)
	lo, hi := math.Ceil(0.8*spot/inc)*inc, math.Floor(1.2*spot/inc)*inc
	liq := optionLiquidity(sp.inst.Symbol)
	lastDay := bars[n-1].Time

	type draft struct {
		c market.OptionContract
		w float64
	}
	var ds []draft
	wsum := 0.0
	for ei, e := range exps {
		t := float64(e.Unix()-lastDay) / (365 * day)
		term := 1 + 0.04*math.Log(t*365/30)
		ew := [...]float64{0.6, 0.25, 0.15}[min(ei, 2)]
		for k := lo; k <= hi+inc/2; k += inc {
			x := clamp(math.Log(k/spot)/(atm*math.Sqrt(t)), -4, 4)
			iv := math.Max(0.05, atm*term*(1-0.07*x+0.03*x*x))
			for _, typ := range []string{"C", "P"} {
				theo := bsPrice(typ == "C", spot, k, t, rate, q, iv)
				spread := math.Max(0.01, theo*between(r, 0.02, 0.08))
				bid := math.Max(0, math.Floor((theo-spread/2)*100)/100)
				ask := math.Max(bid+0.01, math.Ceil((theo+spread/2)*100)/100)
				last := clamp(round(theo*(1+0.02*r.NormFloat64()), 2), math.Max(bid, 0.01), ask)
				side := 0.55
				if typ == "P" {
					side = 0.45
				}
				w := ew * side * math.Exp(-x*x/2) * math.Exp(0.5*r.NormFloat64())
				wsum += w
				ds = append(ds, draft{market.OptionContract{
					Underlying: sp.inst.Symbol, Expiry: e.Unix(), Strike: round(k, 2), Type: typ,
					Last: last, Bid: bid, Ask: ask, IV: round(iv, 4), AsOf: asOf,
				}, w})
			}
		}
	}
	out := make([]market.OptionContract, len(ds))
	for i, d := range ds {
		c := d.c
		c.Volume = int64(math.Round(liq * d.w / wsum))
		oi := float64(c.Volume)*between(r, 2, 12) + 10
		if math.Mod(c.Strike, 5*inc) == 0 {
			oi *= 1.5 // round strikes gather open interest
		}
		for _, e := range exps[1:] {
			if c.Expiry >= e.Unix() {
				oi *= 1.6
			}
		}
		c.OpenInterest = int64(math.Round(oi))
		out[i] = c
	}
	for range 3 { // unusual activity: volume far above open interest
		c := &out[r.IntN(len(out))]
		c.Volume = int64(float64(c.OpenInterest)*between(r, 3, 8)) + 500
	}
	return out
}
