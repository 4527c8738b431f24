package demo

import (
	"fmt"
	"slices"

	"krmarket/backend/data"
	"krmarket/backend/market"
)

// model says how an instrument's series is generated.
type model uint8

const (
	mKRStock model = iota // KR stock: market + sector factors + idiosyncratic GARCH noise
	mUSStock              // US stock: same model in dollars
	mRecipe               // ETF or derived index: a mix of factors (see recipes.go)
	mLevel                // index, FX rate, yield or commodity taken from the common factors
	mCrypto               // Binance pair: 4-hour candles aggregated to days
	mMirror               // Yahoo's BTC-USD/ETH-USD: a pair's daily candles in USD
)

// axis families.
const (
	axKR = iota
	axUS
	axWD
	axCrypto
)

// spec is one instrument and everything needed to generate it.
type spec struct {
	inst    market.Instrument
	model   model
	axis    uint8
	price   float64 // level of the last close (return-based models)
	sector  int     // KR sector index, or US sector index; -1 = none
	rank    int     // KR: size rank within its market (0 = largest); crypto: liquidity rank (1 = BTC)
	nRank   int     // number of ranked peers (KR market size)
	sizeB   float64 // US: market cap (stocks) or assets (ETFs), billions USD
	pe      float64 // US table P/E (0 unknown, < 0 loss-making)
	yield   float64 // dividend yield, percent
	freq    string  // dividend frequency, "" = none
	tags    []string
	key     string // recipe key (mRecipe), level key (mLevel) or pair (mMirror)
	px      pricer
	options bool // has an option chain
	vcp     bool // carries a planted VCP setup
}

// Shares of each family carrying a planted VCP setup.
const (
	vcpShareKR     = 0.04
	vcpShareUS     = 0.06
	vcpShareCrypto = 0.07
)

// buildUniverse assembles the instruments from the data tables. A symbol
// listed in several tables is generated once: the first table wins and
// later tables only add dividend details.
func buildUniverse(seed uint64) ([]spec, error) {
	krs, err := data.KRTickers()
	if err != nil {
		return nil, fmt.Errorf("demo universe: %w", err)
	}
	var out []spec
	index := map[string]int{}
	add := func(s spec) {
		if _, dup := index[s.inst.Symbol]; dup {
			return
		}
		index[s.inst.Symbol] = len(out)
		out = append(out, s)
	}

	// KR benchmarks and sector ETFs.
	for _, b := range data.KRBenchmarks() {
		if b.Kind == market.KindIndex {
			add(spec{inst: market.Instrument{Symbol: b.Symbol, Ticker: b.Symbol, Name: b.Name, Market: market.KR, Exchange: "INDEX", Kind: market.KindIndex, Currency: "KRW"},
				model: mLevel, axis: axKR, key: b.Symbol, px: decimals(2), sector: -1})
		}
	}
	for _, e := range data.KRSectorETFs() {
		add(spec{inst: market.Instrument{Symbol: e.Symbol, Ticker: e.Ticker, Name: e.Name, Market: market.KR, Exchange: "KOSPI", Kind: market.KindETF, Sector: e.Sector, Currency: "KRW"},
			model: mRecipe, axis: axKR, price: e.Level, key: e.Symbol, px: pricer{kind: pxKRXETF}, sector: -1})
	}

	// KR stocks.
	secs := krSectors()
	rank := map[string]int{}
	size := map[string]int{}
	for _, t := range krs {
		size[t.Market]++
	}
	for _, t := range krs {
		h := hash64(seed, t.Symbol, "sector")
		s := spec{inst: market.Instrument{Symbol: t.Symbol, Ticker: t.Ticker, Name: t.Name, Market: market.KR, Exchange: t.Market, Kind: market.KindStock, Currency: "KRW"},
			model: mKRStock, axis: axKR, rank: rank[t.Market], nRank: size[t.Market], px: pricer{kind: pxKRX}}
		rank[t.Market]++
		s.sector = krSectorOf(secs, t.Name, h)
		s.inst.Sector = secs[s.sector].name
		s.vcp = unit(hash64(seed, t.Symbol, "vcp")) < vcpShareKR
		add(s)
	}

	// US stocks and ETFs.
	usSectors := data.USSectors()
	for _, x := range append(data.USHeatmap(), data.USExtraStocks()...) {
		add(spec{inst: market.Instrument{Symbol: x.Symbol, Ticker: x.Symbol, Name: x.Name, Market: market.US, Exchange: x.Exchange, Kind: market.KindStock, Sector: x.Sector, Currency: "USD"},
			model: mUSStock, axis: axUS, price: x.Price, sector: slices.Index(usSectors, x.Sector), sizeB: x.MarketCapB, pe: x.PE, yield: x.YieldPct,
			px: decimals(2), vcp: unit(hash64(seed, x.Symbol, "vcp")) < vcpShareUS})
	}
	for _, e := range data.USETFs() {
		add(spec{inst: market.Instrument{Symbol: e.Symbol, Ticker: e.Symbol, Name: e.Name, Market: market.US, Exchange: e.Exchange, Kind: market.KindETF, Sector: e.Category, Currency: "USD"},
			model: mRecipe, axis: axUS, price: e.Price, key: e.Symbol, yield: e.YieldPct, px: decimals(2), sector: -1})
	}

	// Dividend universe: new symbols are generated, known ones gain details.
	for _, d := range data.DividendUniverse() {
		if i, ok := index[d.Symbol]; ok {
			out[i].freq, out[i].yield, out[i].tags = d.Frequency, d.YieldPct, d.Tags
			if out[i].sizeB == 0 {
				out[i].sizeB = d.SizeB
			}
			continue
		}
		s := spec{inst: market.Instrument{Symbol: d.Symbol, Ticker: d.Symbol, Name: d.Name, Market: market.US, Exchange: d.Exchange, Sector: d.Sector, Currency: "USD"},
			axis: axUS, price: d.Price, sizeB: d.SizeB, yield: d.YieldPct, freq: d.Frequency, tags: d.Tags, px: decimals(2), sector: slices.Index(usSectors, d.Sector)}
		if d.Type == "ETF" {
			s.inst.Kind, s.model, s.key, s.sector = market.KindETF, mRecipe, d.Symbol, -1
		} else {
			s.inst.Kind, s.model = market.KindStock, mUSStock
			s.vcp = unit(hash64(seed, d.Symbol, "vcp")) < vcpShareUS
		}
		add(s)
	}
	// US stocks with a yield but outside the dividend universe pay quarterly.
	for i := range out {
		if out[i].axis == axUS && out[i].yield > 0 && out[i].freq == "" {
			out[i].freq = market.Quarterly
		}
	}

	// Macro series.
	for _, m := range data.Macro() {
		s := spec{inst: market.Instrument{Symbol: m.Symbol, Ticker: m.Symbol, Name: m.Name, Market: market.Macro, Kind: m.Kind}, price: m.Level, key: m.Symbol, sector: -1}
		s.model, s.axis, s.inst.Exchange, s.inst.Currency, s.px = macroModel(m)
		add(s)
	}

	// Crypto pairs.
	for _, c := range data.CryptoPairs() {
		add(spec{inst: market.Instrument{Symbol: c.Symbol, Ticker: c.Symbol, Name: c.Name, Market: market.Crypto, Exchange: "BINANCE", Kind: market.KindCrypto, Currency: "USDT"},
			model: mCrypto, axis: axCrypto, price: c.Price, rank: c.Rank, px: decimals(cryptoDecimals(c.Price)), sector: -1,
			vcp: c.Rank >= 3 && unit(hash64(seed, c.Symbol, "vcp")) < vcpShareCrypto})
	}

	for _, sym := range data.OptionsWatchlist() {
		i, ok := index[sym]
		if !ok {
			return nil, fmt.Errorf("demo universe: options symbol %s is not generated", sym)
		}
		out[i].options = true
	}
	return out, nil
}

// macroModel places a macro series: which generator, axis, exchange,
// currency and price precision.
func macroModel(m data.Series) (model, uint8, string, string, pricer) {
	switch m.Symbol {
	case "BTC-USD", "ETH-USD":
		return mMirror, axCrypto, "CCC", "USD", decimals(2)
	case "^DJI", "^IXIC", "^RUT":
		return mRecipe, axUS, "INDEX", "USD", decimals(2)
	case "DX-Y.NYB", "USDJPY=X":
		return mLevel, axWD, "FX", "USD", decimals(3)
	case "EURUSD=X":
		return mLevel, axWD, "FX", "USD", decimals(5)
	case "KRW=X":
		return mLevel, axWD, "FX", "KRW", decimals(2)
	case "000300.SS":
		return mLevel, axWD, "INDEX", "CNY", decimals(2)
	case "^N225":
		return mLevel, axWD, "INDEX", "JPY", decimals(2)
	case "^GDAXI":
		return mLevel, axWD, "INDEX", "EUR", decimals(2)
	case "^FTSE":
		return mLevel, axWD, "INDEX", "GBP", decimals(2)
	case "GC=F", "SI=F":
		return mLevel, axUS, "COMEX", "USD", decimals(2)
	case "HG=F":
		return mLevel, axUS, "COMEX", "USD", decimals(4)
	case "CL=F":
		return mLevel, axUS, "NYMEX", "USD", decimals(2)
	case "NG=F":
		return mLevel, axUS, "NYMEX", "USD", decimals(3)
	case "^IRX", "^TNX", "^TYX":
		return mLevel, axUS, "INDEX", "USD", decimals(3)
	}
	if m.Kind == market.KindETF {
		return mRecipe, axUS, "NYSEARCA", "USD", decimals(2)
	}
	return mLevel, axUS, "INDEX", "USD", decimals(2) // ^GSPC, ^VIX, ^SKEW
}

// Instruments lists every instrument of the app's universe (KR stocks,
// indices and sector ETFs, US stocks and ETFs, the dividend universe, macro
// series and crypto pairs), exactly as the demo market stores them. Live
// updates use the same list, so both modes cover the same names.
func Instruments(seed uint64) ([]market.Instrument, error) {
	specs, err := buildUniverse(seed)
	if err != nil {
		return nil, err
	}
	out := make([]market.Instrument, len(specs))
	for i, s := range specs {
		out[i] = s.inst
	}
	return out, nil
}
