package binance

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Filter selects the scanner universe (crypto spec §1).
type Filter struct {
	// TopN keeps the N highest quote volumes; 0 means 200.
	TopN int
	// MinQuoteVolume drops tickers with a smaller 24h quote volume (USDT);
	// 0 means 5,000,000, negative means no minimum. Tickers without quote
	// volume are always dropped.
	MinQuoteVolume float64
	// ExcludeBases are extra base assets to drop, on top of the built-in
	// fiat and stablecoin lists.
	ExcludeBases []string
}

// DefaultFilter is the scanner's run-scan default: top 200 above 5 M USDT.
func DefaultFilter() Filter { return Filter{TopN: 200, MinQuoteVolume: 5e6} }

// QuoteAsset is the only quote asset of the universe.
const QuoteAsset = "USDT"

// Liquidity bucket thresholds on 24h quote volume (USDT).
const (
	LiquidityA = 50e6
	LiquidityB = 10e6
)

// Base assets that are fiat currencies or stablecoins: pairs against USDT
// are FX, not crypto. Matched exactly on the base asset.
var (
	fiatBases = []string{"EUR", "GBP", "AUD", "TRY", "BRL", "JPY", "RUB", "NGN", "BIDR", "IDRT", "UAH", "PLN", "RON", "ARS", "ZAR"}
	// USDC FDUSD TUSD DAI BUSD USDP PYUSD from the original list, plus
	// stablecoins listed since (EURI is in the original's stored data).
	stableBases = []string{"USDC", "FDUSD", "TUSD", "DAI", "BUSD", "USDP", "PYUSD", "EURI", "USDE", "AEUR", "XUSD", "USD1", "RLUSD"}
	// Leveraged-token suffixes (BTCUP, ETHDOWN, BNBBULL, XRP3L).
	leveragedSuffixes = []string{"UP", "DOWN", "BULL", "BEAR", "3L", "3S"}
)

// Base returns the base asset of a USDT pair ("BTCUSDT" → "BTC") and
// whether symbol is one.
func Base(symbol string) (string, bool) {
	base, ok := strings.CutSuffix(symbol, QuoteAsset)
	return base, ok && base != ""
}

// Liquidity returns the bucket of a 24h quote volume: "A" from 50 M USDT,
// "B" from 10 M, else "C".
func Liquidity(quoteVolume float64) string {
	switch {
	case quoteVolume >= LiquidityA:
		return "A"
	case quoteVolume >= LiquidityB:
		return "B"
	}
	return "C"
}

// Universe selects the scanner universe from all tickers (crypto spec §1):
// USDT pairs only; no fiat or stablecoin bases, no leveraged tokens; quote
// volume at least f.MinQuoteVolume; sorted by quote volume descending
// (ties by symbol) and cut to f.TopN. The result carries Base and
// Liquidity; the input is not modified.
//
// Exclusions match the base asset exactly, unlike the original's
// substring test (which dropped JUPUSDT for containing "UP/"). A base is a
// leveraged token when it is one of the suffix words itself (BULL, BEAR,
// ...) or an underlying of two or more characters plus such a suffix where
// the underlying also trades against USDT in tickers: BTCUP (BTCUSDT
// exists) is dropped, JUP ("J") and SUPER are kept.
func Universe(tickers []Ticker24h, f Filter) []Ticker24h {
	topN, minQV := f.TopN, f.MinQuoteVolume
	if topN <= 0 {
		topN = 200
	}
	if minQV == 0 {
		minQV = 5e6
	}
	listed := make(map[string]bool, len(tickers))
	for _, t := range tickers {
		if b, ok := Base(t.Symbol); ok {
			listed[b] = true
		}
	}
	var out []Ticker24h
	for _, t := range tickers {
		base, ok := Base(t.Symbol)
		if !ok || !(t.QuoteVolume > 0) || math.IsInf(t.QuoteVolume, 0) || t.QuoteVolume < minQV ||
			slices.Contains(fiatBases, base) || slices.Contains(stableBases, base) ||
			slices.Contains(f.ExcludeBases, base) || leveraged(base, listed) {
			continue
		}
		t.Base, t.Liquidity = base, Liquidity(t.QuoteVolume)
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Ticker24h) int {
		if c := cmp.Compare(b.QuoteVolume, a.QuoteVolume); c != 0 {
			return c
		}
		return strings.Compare(a.Symbol, b.Symbol)
	})
	return out[:min(len(out), topN)]
}

// leveraged reports whether base is a leveraged token (see Universe).
func leveraged(base string, listed map[string]bool) bool {
	for _, s := range leveragedSuffixes {
		if base == s {
			return true
		}
		if u, ok := strings.CutSuffix(base, s); ok && len(u) >= 2 && listed[u] {
			return true
		}
	}
	return false
}
