package demo

import (
	"math"
	"math/rand/v2"
)

// krSizing is a KR stock's scale.
type krSizing struct {
	price  float64 // last close, KRW
	shares float64 // shares outstanding
	volume float64 // typical daily volume, shares
}

// krKnownPrices pins the price level of the best-known KR names (KRW).
func krKnownPrices(ticker string) float64 {
	switch ticker {
	case "005930": // 삼성전자
		return 70000
	case "005935": // 삼성전자우
		return 57000
	case "000660": // SK하이닉스
		return 200000
	case "373220": // LG에너지솔루션
		return 350000
	case "207940": // 삼성바이오로직스
		return 1000000
	case "012450": // 한화에어로스페이스
		return 700000
	case "005380": // 현대차
		return 210000
	case "000270": // 기아
		return 95000
	case "105560": // KB금융
		return 85000
	case "068270": // 셀트리온
		return 175000
	case "035420": // NAVER
		return 200000
	case "055550": // 신한지주
		return 52000
	case "005490": // POSCO홀딩스
		return 280000
	case "015760": // 한국전력
		return 30000
	case "035720": // 카카오
		return 45000
	case "051910": // LG화학
		return 270000
	case "006400": // 삼성SDI
		return 200000
	case "017670": // SK텔레콤
		return 55000
	case "030200": // KT
		return 50000
	case "247540": // 에코프로비엠
		return 110000
	case "086520": // 에코프로
		return 60000
	case "196170": // 알테오젠
		return 400000
	}
	return 0
}

// krSize draws a KR stock's market cap from its size rank (a power law:
// KOSPI's largest ≈ 420 tn KRW, KOSDAQ's ≈ 15 tn), a price level and a
// turnover. Planted VCP stocks trade at least 600k shares a day, so their
// accumulation shows in the flow tables.
func krSize(r *rand.Rand, sp *spec) krSizing {
	rank := float64(sp.rank + 1)
	var capKRW float64
	top := sp.rank < 100
	if sp.inst.Exchange == "KOSDAQ" {
		capKRW = 1.5e13 * math.Pow(rank, -0.85)
	} else {
		capKRW = 4.2e14 * math.Pow(rank, -1.3)
	}
	if sp.rank > 0 {
		capKRW *= math.Exp(0.2 * r.NormFloat64())
	}
	price := krKnownPrices(sp.inst.Ticker)
	if price == 0 {
		switch {
		case sp.inst.Exchange == "KOSPI" && top:
			price = logUniform(r, 20000, 400000)
		case sp.inst.Exchange == "KOSPI":
			price = logUniform(r, 2000, 150000)
		case top:
			price = logUniform(r, 10000, 200000)
		default:
			price = logUniform(r, 1000, 50000)
		}
	}
	shares := math.Round(capKRW / price)
	turnover := logUniform(r, 0.001, 0.012)
	if sp.inst.Exchange == "KOSDAQ" {
		turnover *= 1.5
	}
	vol := shares * turnover
	if sp.vcp && vol < 6e5 {
		vol = between(r, 6e5, 1.2e6)
	}
	return krSizing{price: price, shares: shares, volume: vol}
}

// usEquity draws a US stock's exposures: sector-typical betas, an
// idiosyncratic volatility falling with size, and a few known high-beta names.
func usEquity(r *rand.Rand, sp *spec, w *world) eqParams {
	bm := 1.0
	sectorName := ""
	if sp.sector >= 0 {
		sectorName = w.usSectors[sp.sector]
	}
	mult := 1.0
	switch sectorName {
	case "Technology":
		bm, mult = 1.2, 1.15
	case "Consumer Discretionary":
		bm = 1.15
	case "Financials":
		bm = 1.1
	case "Communication Services":
		bm = 1.05
	case "Energy":
		bm = 0.9
	case "Healthcare":
		bm, mult = 0.75, 0.9
	case "Consumer Staples":
		bm, mult = 0.6, 0.7
	case "Utilities":
		bm, mult = 0.5, 0.7
	case "Real Estate":
		bm = 0.85
	}
	bm += between(r, -0.15, 0.15)
	capB := math.Max(sp.sizeB, 1)
	idio := clamp(0.028-0.0035*math.Log10(capB), 0.008, 0.03) * mult
	switch sp.inst.Symbol {
	case "TSLA":
		bm, idio = 1.8, 0.03
	case "NVDA", "AMD":
		bm, idio = 1.6, 0.022
	case "COIN":
		bm, idio = 2.2, 0.035
	case "PLTR":
		bm, idio = 1.9, 0.03
	case "BRK-B":
		bm = 0.85
	}
	e := eqParams{
		mkt: w.series["spx"], mktSig: w.levels["^GSPC"].sig,
		bm: bm, idio: idio, jump: 0.01,
		mu: 0.0003*r.NormFloat64() - sp.yield/100/252,
	}
	if sectorName != "" {
		e.sec, e.bs = w.series["sec:"+sectorName], between(r, 0.7, 1.2)
	}
	return e
}
