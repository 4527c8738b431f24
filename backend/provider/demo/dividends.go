package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/market"
)

// dividends generates the payments of a US dividend payer over its history,
// adjusts its bars' AdjClose for them and hands them to the sink.
func (g *gen) dividends(ctx context.Context, sp *spec, bars []market.Bar, cnt *counters) ([]market.Dividend, error) {
	if sp.freq == "" || sp.yield <= 0 {
		return nil, nil
	}
	ds := genDividends(stream(g.w.cfg.Seed, sp.inst.Symbol, "div"), sp, bars, g.w.nyse)
	if len(ds) == 0 {
		return nil, nil
	}
	adjustCloses(bars, ds)
	if err := g.sink.PutDividends(ctx, ds); err != nil {
		return nil, err
	}
	cnt.divs.Add(int64(len(ds)))
	return ds, nil
}

func perYear(freq string) int {
	switch freq {
	case market.Monthly:
		return 12
	case market.Quarterly:
		return 4
	case market.SemiAnnual:
		return 2
	default:
		return 1
	}
}

// genDividends schedules ex-dates on a fixed day of the month in a fixed
// cycle of months (moved to the next trading day), pays 1–2 weeks later for
// monthly payers and 2–4 weeks later otherwise, and sizes payments so the
// trailing year matches the yield at the last close, raising them once a
// year (covered-call funds vary month to month).
func genDividends(r *rand.Rand, sp *spec, bars []market.Bar, cal *calendar.Calendar) []market.Dividend {
	k := perYear(sp.freq)
	step := 12 / k
	phase := r.IntN(step)
	dom := 1 + r.IntN(25)
	growth, noise := 0.04, 0.0
	has := func(t string) bool { return slices.Contains(sp.tags, t) }
	switch {
	case has("covered_call"):
		growth, noise = 0, 0.08
	case has("bonds"), has("preferreds"):
		growth, noise = 0.02, 0.03
	case has("dividend_growth"):
		growth = 0.07
	case has("high_yield"), has("mreits"), has("bdc"):
		growth, noise = 0.01, 0.02
	}
	first := time.Unix(bars[0].Time, 0).UTC()
	lastT := bars[len(bars)-1].Time
	perPay := sp.yield / 100 * bars[len(bars)-1].Close / float64(k)
	var out []market.Dividend
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); m.Unix() <= lastT; m = m.AddDate(0, 1, 0) {
		if (int(m.Month())-1-phase)%step != 0 {
			continue
		}
		ex := m.AddDate(0, 0, dom-1)
		if !cal.IsTradingDay(ex) {
			ex = cal.NextTradingDay(ex)
		}
		if ex.Unix() < bars[0].Time || ex.Unix() > lastT {
			continue
		}
		lag := 14 + r.IntN(17)
		if k == 12 {
			lag = 7 + r.IntN(8)
		}
		pay := ex.AddDate(0, 0, lag)
		if !cal.IsTradingDay(pay) {
			pay = cal.NextTradingDay(pay)
		}
		yearsBack := math.Floor(float64(lastT-ex.Unix()) / (365.25 * day))
		amt := perPay * math.Pow(1+growth, -yearsBack) * math.Exp(noise*r.NormFloat64())
		out = append(out, market.Dividend{
			Symbol: sp.inst.Symbol, ExDate: ex.Unix(), PayDate: pay.Unix(),
			Amount: math.Max(0.0001, round(amt, 4)), Frequency: sp.freq,
		})
	}
	return out
}

// adjustCloses sets AdjClose like Yahoo: closes before each ex-date are
// scaled by (1 − dividend / close before the ex-date).
func adjustCloses(bars []market.Bar, ds []market.Dividend) {
	j, f := len(ds)-1, 1.0
	for t := len(bars) - 1; t >= 0; t-- {
		bars[t].AdjClose = round(bars[t].Close*f, 6)
		for j >= 0 && ds[j].ExDate >= bars[t].Time {
			if ds[j].ExDate == bars[t].Time && t > 0 {
				f *= 1 - ds[j].Amount/bars[t-1].Close
			}
			j--
		}
	}
}

// trailingRate sums the payments with an ex-date in the year up to asOf.
func trailingRate(ds []market.Dividend, asOf int64) float64 {
	s := 0.0
	for _, d := range ds {
		if d.ExDate > asOf-365*day && d.ExDate <= asOf {
			s += d.Amount
		}
	}
	return round(s, 4)
}
