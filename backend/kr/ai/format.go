package ai

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"krmarket/backend/market"
)

// NA is shown for a missing figure, as the original did.
const NA = "N/A"

// Fundamentals are a stock's figures formatted like the original's K5
// (pykrx) block: marcap "N억원", per/pbr "12.34", eps/bps "N원",
// div_yield "x.xx%", roe "x.xx%"; "N/A" when missing.
type Fundamentals struct {
	Marcap   string `json:"marcap"`
	PER      string `json:"per"`
	PBR      string `json:"pbr"`
	EPS      string `json:"eps"`
	BPS      string `json:"bps"`
	DivYield string `json:"div_yield"`
	ROE      string `json:"roe"`
	AsOf     string `json:"as_of,omitempty"` // date of the figures (YYYY-MM-DD)
}

// FormatFundamentals formats stored figures (nil: all N/A).
//
//   - marcap: market cap / 1e8, rounded, with thousands separators + "억원";
//     N/A when not positive.
//   - per, pbr: two decimals; N/A when missing or 0 (negative PER is shown).
//   - eps, bps: rounded won with separators + "원"; N/A when 0.
//   - div_yield: the yield (a fraction) × 100 with two decimals + "%".
//   - roe: the stored ROE × 100, else PBR/PER·100 (the original's
//     approximation) when both are positive; N/A otherwise.
func FormatFundamentals(f *market.Fundamentals) Fundamentals {
	out := Fundamentals{Marcap: NA, PER: NA, PBR: NA, EPS: NA, BPS: NA, DivYield: NA, ROE: NA}
	if f == nil {
		return out
	}
	if f.MarketCap > 0 && finite(f.MarketCap) {
		out.Marcap = comma(int64(math.Round(f.MarketCap/1e8))) + "억원"
	}
	ratio := func(p *float64) string {
		if p == nil || *p == 0 || !finite(*p) {
			return NA
		}
		return fmt.Sprintf("%.2f", *p)
	}
	out.PER, out.PBR = ratio(f.PE), ratio(f.PB)
	won := func(v float64) string {
		if v == 0 || !finite(v) {
			return NA
		}
		return comma(int64(math.Round(v))) + "원"
	}
	out.EPS, out.BPS = won(f.EPS), won(f.BPS)
	if finite(f.DividendYield) && f.DividendYield >= 0 {
		out.DivYield = fmt.Sprintf("%.2f%%", f.DividendYield*100)
	}
	switch {
	case f.ROE != nil && finite(*f.ROE):
		out.ROE = fmt.Sprintf("%.2f%%", *f.ROE*100)
	case f.PE != nil && f.PB != nil && *f.PE > 0 && *f.PB > 0:
		out.ROE = fmt.Sprintf("%.2f%%", *f.PB / *f.PE * 100)
	}
	if f.AsOf > 0 {
		out.AsOf = time.Unix(f.AsOf, 0).UTC().Format("2006-01-02")
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// IndexQuote is an index's last close and its change from the close before.
type IndexQuote struct {
	Value     float64 `json:"value"`      // 2 dp
	ChangePct float64 `json:"change_pct"` // %, 2 dp
	Date      string  `json:"date"`       // of the last close
}

// MarketIndices are KOSPI and KOSDAQ; null when fewer than two closes are stored.
type MarketIndices struct {
	KOSPI  *IndexQuote `json:"kospi"`
	KOSDAQ *IndexQuote `json:"kosdaq"`
}

// indexQuote computes an IndexQuote from the last two bars (oldest first).
func indexQuote(bars []market.Bar) *IndexQuote {
	if len(bars) < 2 {
		return nil
	}
	prev, last := bars[len(bars)-2], bars[len(bars)-1]
	if prev.Close <= 0 || !finite(last.Close) {
		return nil
	}
	return &IndexQuote{Value: round(last.Close, 2), ChangePct: round((last.Close-prev.Close)/prev.Close*100, 2), Date: last.Date()}
}

func round(v float64, dp int) float64 {
	p := math.Pow(10, float64(dp))
	return math.Round(v*p) / p
}

// NewsItem is one headline.
type NewsItem struct {
	Title   string `json:"title"`
	Summary string `json:"summary"`
	URL     string `json:"url"`
}

// clip trims s to n runes and flattens whitespace (news text goes into
// prompts: one line per item, bounded).
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
