// Package gate scores market series and decides the market gate of
// api-reference §7: the "enhanced score" of one series (trend 25, RSI 25,
// MACD 20, volume 15, relative strength 15), the KR gate colour with its
// reasons (§7.1), and the simple KODEX 200 regime of K1. Pure: no I/O, no
// clock; indicators come from package indicator.
//
// Two deliberate departures from the original, both documented in the API:
//   - RSI is Wilder's (TA-Lib RSI); the original used simple rolling means
//     of gains and losses (Cutler's RSI, indicator.RSISimple).
//   - A series scored without a benchmark (the index itself) cannot earn
//     the 15 relative-strength points, so the original capped it at 85
//     (spec §11.6). Here its other four terms are rescaled from 85 to 100
//     (score = round(raw·100/85)) and the result says rs_applicable false.
package gate

import (
	"fmt"
	"math"

	"krmarket/backend/indicator"
	"krmarket/backend/market"
)

// Signals of a scored series.
const (
	Bullish = "BULLISH"
	Neutral = "NEUTRAL"
	Bearish = "BEARISH"
)

// Trend states of the trend term.
const (
	TrendStrong     = "strong_uptrend" // close > short MA > long MA (25)
	TrendAboveShort = "above_short_ma" // close > short MA (15)
	TrendAboveLong  = "above_long_ma"  // close > long MA (10)
	TrendDown       = "downtrend"      // none of the above (0)
)

// Term weights.
const (
	MaxTrend  = 25
	MaxRSI    = 25
	MaxMACD   = 20
	MaxVolume = 15
	MaxRS     = 15
	// NoBenchmarkMax is the most a series without a benchmark can score
	// before rescaling (everything but the RS term).
	NoBenchmarkMax = MaxTrend + MaxRSI + MaxMACD + MaxVolume
)

// ScoreTerms are the points of each term.
type ScoreTerms struct {
	Trend  int `json:"trend"`
	RSI    int `json:"rsi"`
	MACD   int `json:"macd"`
	Volume int `json:"volume"`
	RS     int `json:"rs"`
}

// Result is the enhanced score of one series.
type Result struct {
	// Scored is false when the series had fewer than MinBars bars; Score
	// is then 50 and Signal NEUTRAL (the original's rule), with Reason.
	Scored bool   `json:"scored"`
	Reason string `json:"reason,omitempty"`
	Bars   int    `json:"bars"`
	Score  int    `json:"score"`  // 0–100
	Signal string `json:"signal"` // BULLISH, NEUTRAL, BEARISH
	// Raw is the sum of the terms before the no-benchmark rescaling.
	Raw        int        `json:"raw"`
	Components ScoreTerms `json:"components"`

	Close     float64 `json:"close"`      // last close
	ChangePct float64 `json:"change_pct"` // 1-day change, percent
	Trend     string  `json:"trend"`      // Trend* constant
	SMAShort  float64 `json:"sma_short"`
	SMALong   float64 `json:"sma_long"`
	// RSI is Wilder's RSI at the last bar; 50 when undefined (no move in
	// the window), as in the original.
	RSI float64 `json:"rsi"`
	// MACD is BULLISH when the MACD line is above its signal line, else
	// BEARISH.
	MACD     string  `json:"macd"`
	MACDLine float64 `json:"macd_line"`
	MACDSig  float64 `json:"macd_signal"`
	// VolumeRatio is the last volume over its VolumePeriod average; 1 when
	// the series has no volume (the original's constant-volume rule), and
	// VolumeKnown is then false.
	VolumeRatio float64 `json:"volume_ratio"`
	VolumeKnown bool    `json:"volume_known"`
	// RS is the series' RSPeriod-bar return minus the benchmark's over the
	// same dates, in percentage points; meaningful only when RSApplicable.
	RS           float64 `json:"rs"`
	RSApplicable bool    `json:"rs_applicable"`
}

// Score computes the enhanced score of bars (oldest first) against bench
// (the benchmark's bars, oldest first; nil or too short: no RS term, and
// the other terms are rescaled to 100).
func Score(bars []market.Bar, bench []market.Bar, cfg Config) Result {
	r := Result{Bars: len(bars), Score: 50, Signal: Neutral}
	if n := len(bars); n > 0 {
		r.Close = bars[n-1].Close
		if n > 1 && bars[n-2].Close != 0 {
			r.ChangePct = (bars[n-1].Close/bars[n-2].Close - 1) * 100
		}
	}
	if len(bars) < cfg.MinBars || len(bars) < cfg.Lookback() {
		r.Reason = fmt.Sprintf("insufficient data: %d daily bars, %d needed", len(bars), max(cfg.MinBars, cfg.Lookback()))
		return r
	}
	closes := make([]float64, len(bars))
	vols := make([]float64, len(bars))
	for i, b := range bars {
		closes[i], vols[i] = b.Close, b.Volume
	}
	last := len(bars) - 1
	r.Scored = true

	r.SMAShort = indicator.SMA(closes, cfg.MAShort)[last]
	r.SMALong = indicator.SMA(closes, cfg.MALong)[last]
	r.Trend = trendState(r.Close, r.SMAShort, r.SMALong)
	r.Components.Trend = trendPoints(r.Trend)

	r.RSI = indicator.RSIWilder(closes, cfg.RSIPeriod)[last]
	if math.IsNaN(r.RSI) {
		r.RSI = 50
	}
	r.Components.RSI = rsiPoints(r.RSI)

	line, sig, _ := indicator.MACD(closes, cfg.MACDFast, cfg.MACDSlow, cfg.MACDSignal)
	r.MACDLine, r.MACDSig = line[last], sig[last]
	r.MACD = Bearish
	if r.MACDLine > r.MACDSig {
		r.MACD = Bullish
		r.Components.MACD = MaxMACD
	}

	r.VolumeRatio, r.VolumeKnown = 1, false
	if avg := indicator.SMA(vols, cfg.VolumePeriod)[last]; avg > 0 {
		r.VolumeRatio, r.VolumeKnown = vols[last]/avg, true
	}
	r.Components.Volume = volumePoints(r.VolumeRatio)

	r.RS, r.RSApplicable = relativeStrength(bars, bench, cfg.RSPeriod)
	if r.RSApplicable {
		r.Components.RS = rsPoints(r.RS)
	}

	c := r.Components
	r.Raw = c.Trend + c.RSI + c.MACD + c.Volume + c.RS
	if r.RSApplicable {
		r.Score = r.Raw
	} else {
		r.Score = int(math.Round(float64(r.Raw) * 100 / NoBenchmarkMax))
	}
	r.Score = max(0, min(100, r.Score))
	r.Signal = SignalOf(r.Score, cfg)
	return r
}

// SignalOf labels a score: BULLISH ≥ cfg.Bullish, BEARISH < cfg.Bearish.
func SignalOf(score int, cfg Config) string {
	switch {
	case score >= cfg.Bullish:
		return Bullish
	case score < cfg.Bearish:
		return Bearish
	}
	return Neutral
}

func trendState(close, short, long float64) string {
	switch {
	case close > short && short > long:
		return TrendStrong
	case close > short:
		return TrendAboveShort
	case close > long:
		return TrendAboveLong
	}
	return TrendDown
}

func trendPoints(state string) int {
	switch state {
	case TrendStrong:
		return 25
	case TrendAboveShort:
		return 15
	case TrendAboveLong:
		return 10
	}
	return 0
}

// rsiPoints: 50–70 → 25, 40–50 → 15, 30–40 → 20, below 30 → 10, above 70
// → 0; each band includes its lower bound, and 70 itself scores 25.
func rsiPoints(rsi float64) int {
	switch {
	case rsi >= 50 && rsi <= 70:
		return 25
	case rsi >= 40 && rsi < 50:
		return 15
	case rsi >= 30 && rsi < 40:
		return 20
	case rsi < 30:
		return 10
	}
	return 0
}

// volumePoints: ratio above 1.2 → 15, above 0.8 → 10.
func volumePoints(ratio float64) int {
	switch {
	case ratio > 1.2:
		return 15
	case ratio > 0.8:
		return 10
	}
	return 0
}

// rsPoints: return difference above 2 pp → 15, above 0 → 10, above −2 → 5.
func rsPoints(diff float64) int {
	switch {
	case diff > 2:
		return 15
	case diff > 0:
		return 10
	case diff > -2:
		return 5
	}
	return 0
}

// relativeStrength returns the period-bar return of bars minus the
// benchmark's return over the same dates (the benchmark's last close at or
// before each end of the window), in percentage points (to 1e-9). ok is
// false when the benchmark does not cover the window.
func relativeStrength(bars, bench []market.Bar, period int) (float64, bool) {
	last := len(bars) - 1
	if len(bench) == 0 || last < period {
		return 0, false
	}
	t0, t1 := bars[last-period], bars[last]
	i0, i1 := market.AtOrBefore(bench, t0.Time), market.AtOrBefore(bench, t1.Time)
	if i0 < 0 || i1 <= i0 || t0.Close <= 0 || bench[i0].Close <= 0 {
		return 0, false
	}
	own := (t1.Close/t0.Close - 1) * 100
	ref := (bench[i1].Close/bench[i0].Close - 1) * 100
	// Rounded to 1e-9 pp so floating-point noise cannot move a band edge
	// ((101/100 − 1)·100 − (99/100 − 1)·100 is 2.0000000000000018).
	d := math.Round((own-ref)*1e9) / 1e9
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return 0, false
	}
	return d, true
}
