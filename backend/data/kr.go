package data

// Series is a non-equity series (index, FX rate, yield, commodity, ETF or
// crypto pair) with its display name, kind and typical level.
type Series struct {
	Symbol string  // Yahoo symbol ("^KS11", "KRW=X", "GC=F")
	Name   string  // display name
	Kind   string  // index, fx, rate, commodity, etf, crypto (market.Kind*)
	Level  float64 // typical recent level, quote units (rates in percent)
	Lo, Hi float64 // plausible range over the last two years
}

// KRBenchmarks returns the KR market benchmarks used by the KR market gate:
// KOSPI (^KS11), KOSDAQ (^KQ11) and USD/KRW (KRW=X, KRW per USD).
func KRBenchmarks() []Series {
	return []Series{
		{Symbol: "^KS11", Name: "코스피 (KOSPI)", Kind: "index", Level: 2750, Lo: 2400, Hi: 3200},
		{Symbol: "^KQ11", Name: "코스닥 (KOSDAQ)", Kind: "index", Level: 820, Lo: 700, Hi: 950},
		{Symbol: "KRW=X", Name: "USD/KRW", Kind: "fx", Level: 1390, Lo: 1300, Hi: 1480},
	}
}

// KRSectorETF is a KRX-listed sector ETF used as a sector proxy.
type KRSectorETF struct {
	Symbol string  // Yahoo symbol ("091160.KS")
	Ticker string  // KRX code ("091160")
	Name   string  // display name ("KODEX 반도체")
	Sector string  // sector label used by the KR market gate ("반도체")
	Level  float64 // typical price in KRW
}

// KRSectorETFs returns the sector ETFs of the KR market gate, KOSPI 200
// first. Codes and sector labels follow the original gate's table; its
// labels for 091170, 102780 and 102960 differ from the funds' real
// mandates (KODEX 은행, 삼성그룹, 기계장비), and the gate's labels are kept.
func KRSectorETFs() []KRSectorETF {
	return []KRSectorETF{
		{Symbol: "069500.KS", Ticker: "069500", Name: "KODEX 200", Sector: "KOSPI200", Level: 35500},
		{Symbol: "091160.KS", Ticker: "091160", Name: "KODEX 반도체", Sector: "반도체", Level: 38000},
		{Symbol: "305720.KS", Ticker: "305720", Name: "KODEX 2차전지산업", Sector: "2차전지", Level: 15500},
		{Symbol: "091170.KS", Ticker: "091170", Name: "KODEX 자동차", Sector: "자동차", Level: 19500},
		{Symbol: "102780.KS", Ticker: "102780", Name: "KODEX IT", Sector: "IT", Level: 12500},
		{Symbol: "102960.KS", Ticker: "102960", Name: "KODEX 은행", Sector: "은행", Level: 10500},
		{Symbol: "117680.KS", Ticker: "117680", Name: "KODEX 철강", Sector: "철강", Level: 11500},
		{Symbol: "102970.KS", Ticker: "102970", Name: "KODEX 증권", Sector: "증권", Level: 9000},
	}
}
