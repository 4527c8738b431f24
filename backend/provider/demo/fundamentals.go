package demo

import (
	"math"
	"math/rand/v2"

	"krmarket/backend/market"
)

func ptr(x float64) *float64 { return &x }

// realizedBeta regresses the bars' last (up to) 250 daily log returns on the
// market factor's returns over the same steps.
func realizedBeta(bars []market.Bar, mkt []float64) float64 {
	n := len(bars)
	k := min(250, n-1)
	var sx, sy, sxx, sxy float64
	for t := n - k; t < n; t++ {
		y := math.Log(bars[t].Close / bars[t-1].Close)
		x := mkt[t]
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	fk := float64(k)
	v := sxx/fk - (sx/fk)*(sx/fk)
	if v <= 0 {
		return 1
	}
	return round((sxy/fk-(sx/fk)*(sy/fk))/v, 3)
}

// krFundamentals draws a KR company's figures from its sector's ranges,
// consistent with the last close: EPS = price/PE, BPS = price/PB, ROE =
// EPS/BPS. Amounts per share are whole KRW.
func krFundamentals(r *rand.Rand, sp *spec, sec *krSector, bars []market.Bar, shares float64, mkt []float64) market.Fundamentals {
	price := bars[len(bars)-1].Close
	f := market.Fundamentals{Symbol: sp.inst.Symbol, AsOf: bars[len(bars)-1].Time, SharesOut: shares, MarketCap: price * shares}
	pb := between(r, sec.pbLo, sec.pbHi)
	f.BPS = math.Round(price / pb)
	f.PB = ptr(round(price/f.BPS, 2))
	margin := between(r, 0.03, 0.18)
	if r.Float64() < sec.loss {
		f.EPS = -math.Round(price * between(r, 0.02, 0.1))
		margin = -between(r, 0.03, 0.3)
	} else {
		pe := between(r, sec.peLo, sec.peHi)
		f.EPS = math.Max(1, math.Round(price/pe))
		f.PE = ptr(round(price/f.EPS, 2))
		dy := between(r, sec.divLo, sec.divHi) / 100
		f.DividendRate = math.Round(price*dy/5) * 5
		f.DividendYield = round(f.DividendRate/price, 4)
		f.PayoutRatio = ptr(round(f.DividendRate/f.EPS, 4))
	}
	f.ROE = ptr(round(f.EPS/f.BPS, 4))
	f.ProfitMargin = ptr(round(margin, 4))
	f.RevenueGrowth = ptr(round(0.05+0.12*r.NormFloat64(), 4))
	f.EPSGrowth = ptr(round(0.08+0.25*r.NormFloat64(), 4))
	f.Beta = ptr(realizedBeta(bars, mkt))
	f.TargetPrice = ptr(sp.px.round(price * (1 + 0.12 + 0.12*r.NormFloat64())))
	return f
}

// usSectorPB gives a price-to-book range per sector.
func usSectorPB(sector string) (lo, hi float64) {
	switch sector {
	case "Technology":
		return 6, 30
	case "Financials":
		return 1, 2.5
	case "Healthcare":
		return 3, 10
	case "Energy":
		return 1.5, 3
	case "Consumer Discretionary":
		return 4, 15
	case "Consumer Staples":
		return 4, 10
	case "Industrials":
		return 3, 9
	case "Materials":
		return 2, 5
	case "Utilities":
		return 1.5, 2.5
	case "Real Estate":
		return 1.5, 3
	case "Communication Services":
		return 2, 7
	}
	return 1.5, 5
}

// usFundamentals builds a US company's figures from its table P/E and
// yield, consistent with the last close; the dividend rate is the trailing
// year of generated payments.
func usFundamentals(r *rand.Rand, sp *spec, bars []market.Bar, shares float64, divs []market.Dividend, spx []float64) market.Fundamentals {
	last := bars[len(bars)-1]
	price := last.Close
	f := market.Fundamentals{Symbol: sp.inst.Symbol, AsOf: last.Time, SharesOut: math.Round(shares), MarketCap: round(price*shares, 0), Tags: sp.tags}
	lo, hi := usSectorPB(sp.inst.Sector)
	f.BPS = round(price/between(r, lo, hi), 2)
	f.PB = ptr(round(price/f.BPS, 2))
	pe := sp.pe
	if pe == 0 {
		pe = between(r, 12, 30)
	}
	margin := between(r, 0.05, 0.3)
	if pe < 0 {
		f.EPS = -round(price*between(r, 0.01, 0.06), 2)
		margin = -between(r, 0.01, 0.15)
	} else {
		f.EPS = math.Max(0.01, round(price/pe, 2))
		f.PE = ptr(round(price/f.EPS, 2))
	}
	f.ROE = ptr(round(f.EPS/f.BPS, 4))
	f.DividendRate = trailingRate(divs, last.Time)
	f.DividendYield = round(f.DividendRate/price, 4)
	if f.EPS > 0 && f.DividendRate > 0 {
		f.PayoutRatio = ptr(round(f.DividendRate/f.EPS, 4))
	}
	f.ProfitMargin = ptr(round(margin, 4))
	f.RevenueGrowth = ptr(round(0.06+0.08*r.NormFloat64(), 4))
	f.EPSGrowth = ptr(round(0.08+0.18*r.NormFloat64(), 4))
	f.Beta = ptr(realizedBeta(bars, spx))
	f.TargetPrice = ptr(round(price*(1+0.1+0.1*r.NormFloat64()), 2))
	return f
}

// etfFundamentals gives a fund's assets, trailing distributions and beta.
func etfFundamentals(sp *spec, bars []market.Bar, divs []market.Dividend, spx []float64) market.Fundamentals {
	last := bars[len(bars)-1]
	f := market.Fundamentals{Symbol: sp.inst.Symbol, AsOf: last.Time, MarketCap: sp.sizeB * 1e9, Tags: sp.tags}
	f.DividendRate = trailingRate(divs, last.Time)
	f.DividendYield = round(f.DividendRate/last.Close, 4)
	f.Beta = ptr(realizedBeta(bars, spx))
	return f
}
