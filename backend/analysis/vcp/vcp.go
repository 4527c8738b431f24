// Package vcp detects Mark Minervini's volatility contraction pattern (VCP)
// and evaluates his trend template. It replaces the original app's crude
// "VCP" (a 10-bar/10-bar range ratio, api-reference §6.1) with the SEPA-style
// base analysis of §U15. Pure code: no I/O, no clock; everything is derived
// from the oldest-first bars passed in.
//
// # Detection rules (Detect)
//
// Let n = len(bars). The last bar ("today") is only used for the close,
// breakout and break-down tests; the base is built from the n−1 prior bars,
// so the pivot never includes today's bar (the original's bug made a
// breakout impossible).
//
//  1. n ≥ MinBaseLength + SwingWindow + 1, and every bar has finite
//     0 < Low ≤ High, Close > 0 and Volume ≥ 0; otherwise not found.
//  2. Swing points (w = SwingWindow, prior bars only, full window required):
//     bar i is a swing high if High[i] > every High in [i−w, i) and
//     High[i] ≥ every High in (i, i+w]; a swing low likewise with Low and
//     < / ≤. (Strict on the left so a plateau yields one point, a flat line
//     none.)
//  3. Base start H0 = the highest High among the last MaxBaseLength prior
//     bars (first occurrence). It must be a swing high, otherwise there is no
//     base (price is at a new high, or falling from the window's edge).
//  4. Zig-zag: walk the swing points after H0 in time order, keeping an
//     alternating high/low sequence (consecutive highs keep the higher one,
//     consecutive lows the lower one). Tail: if the sequence ends on a high,
//     the lowest Low after it is appended as the (unconfirmed) last low; if
//     it ends on a low, that low moves to any lower Low after it.
//  5. Each (high → following low) pair is a pullback with
//     depth = (High − Low)/High·100. Noise is merged, in order: a pullback
//     shallower than MinDepthPct absorbs the next one (the higher of the two
//     highs starts it, the lowest low after that high ends it), and a
//     pullback whose preceding rally (previous low → its high) is smaller
//     than MinDepthPct is folded into the previous pullback (lower low kept).
//     A trailing pullback still shallower than MinDepthPct is dropped.
//  6. Found ⇔ all of:
//     - MinContractions ≤ #pullbacks ≤ MaxContractions;
//     - every depth strictly smaller than the previous one;
//     - every pullback's low ≥ the previous pullback's low (higher lows);
//     - base depth (first pullback) ≤ MaxBaseDepthPct;
//     - MinBaseLength ≤ BaseLength ≤ MaxBaseLength, BaseLength = (n−1) − H0;
//     - today's close ≥ the last pullback's low (not broken down).
//
// Pivot = the last pullback's high. DistancePct = (Pivot − close)/Pivot·100.
//
// Volume dry-up (informational, does not affect Found): mean volume of the
// last pullback (its high bar through its low bar) divided by the mean
// volume of the up-to-50 bars before H0 (at least 10 needed, mean > 0);
// VolumeDryUp ⇔ ratio ≤ DryUpRatio (default 0.7).
//
// Breakout ⇔ Found, close > Pivot, close ≤ Pivot·(1 + PivotProximityPct/100)
// (not extended, as in the original) and today's volume > 1.5 × the mean
// volume of the up-to-50 prior bars (not including today).
//
// Stage: "none" if not found; else "breakout" if Breakout; else "pivot" if
// |DistancePct| ≤ PivotProximityPct; else "tightening" if Score ≥ 70; else
// "building".
//
// # Score (0–100, 0 when not found)
//
//	20  contraction count: 2 → 10, 3 → 16, ≥ 4 → 20
//	25  tightness of the last pullback: 25 if depth ≤ 5 %, 0 if ≥ 15 %, linear between
//	20  volume dry-up: 20 if ratio ≤ 0.5, 0 if ≥ 1.0 (or unknown), linear between
//	20  pivot proximity: 20 if close ≥ pivot, 20·(1 − d/(2·PivotProximityPct))
//	    for 0 < d < 2·PivotProximityPct (d = DistancePct), else 0
//	10  base depth: 10 if ≤ 25 %, else 5
//	 5  base length ≥ 25 bars (five weeks)
//
// rounded to one decimal.
//
// Reasons lists every failed check in English, including the non-fatal
// volume dry-up check, so a found pattern may still carry a reason.
package vcp

import (
	"fmt"
	"math"

	"krmarket/backend/indicator"
	"krmarket/backend/market"
)

// Stages.
const (
	StageBreakout   = "breakout"
	StagePivot      = "pivot"
	StageTightening = "tightening"
	StageBuilding   = "building"
	StageNone       = "none"
)

// Config tunes Detect. Zero or invalid fields are replaced by defaults.
type Config struct {
	MinContractions   int     `json:"min_contractions" doc:"fewest pullbacks in a base (default 2)"`                                                                               // default 2
	MaxContractions   int     `json:"max_contractions" doc:"most pullbacks in a base (default 6)"`                                                                                 // default 6
	SwingWindow       int     `json:"swing_window" doc:"bars on each side that make a swing high or low (default 5)"`                                                              // bars each side for a swing high/low, default 5
	MinDepthPct       float64 `json:"min_depth_pct" doc:"a pullback shallower than this percentage is noise (default 3)"`                                                          // a pullback shallower than this (%) is noise, default 3
	MaxBaseDepthPct   float64 `json:"max_base_depth_pct" doc:"deepest allowed first pullback, percent (default 35)"`                                                               // deepest first pullback allowed (%), default 35
	MinBaseLength     int     `json:"min_base_length" doc:"shortest base in bars (default 15)"`                                                                                    // bars, default 15
	MaxBaseLength     int     `json:"max_base_length" doc:"longest base in bars (default 130)"`                                                                                    // bars, default 130
	DryUpRatio        float64 `json:"dry_up_ratio" doc:"volume dry-up when the last pullback's mean volume is at most this fraction of the 50 bars before the base (default 0.7)"` // last pullback's mean volume / the 50 bars before the base, ≤ this = dry-up; default 0.7
	PivotProximityPct float64 `json:"pivot_proximity_pct" doc:"near the pivot when within this percent of it; a breakout more than this far above is extended (default 5)"`        // "near pivot" when within this % of it, default 5
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		MinContractions: 2, MaxContractions: 6,
		SwingWindow: 5,
		MinDepthPct: 3, MaxBaseDepthPct: 35,
		MinBaseLength: 15, MaxBaseLength: 130,
		DryUpRatio: 0.7, PivotProximityPct: 5,
	}
}

func (c Config) normalized() Config {
	d := DefaultConfig()
	if c.MinContractions <= 0 {
		c.MinContractions = d.MinContractions
	}
	if c.MaxContractions <= 0 {
		c.MaxContractions = d.MaxContractions
	}
	if c.MaxContractions < c.MinContractions {
		c.MaxContractions = c.MinContractions
	}
	if c.SwingWindow <= 0 {
		c.SwingWindow = d.SwingWindow
	}
	if !(c.MinDepthPct > 0) || math.IsInf(c.MinDepthPct, 0) {
		c.MinDepthPct = d.MinDepthPct
	}
	if !(c.MaxBaseDepthPct > 0) || math.IsInf(c.MaxBaseDepthPct, 0) {
		c.MaxBaseDepthPct = d.MaxBaseDepthPct
	}
	if c.MinBaseLength <= 0 {
		c.MinBaseLength = d.MinBaseLength
	}
	if c.MaxBaseLength <= 0 {
		c.MaxBaseLength = d.MaxBaseLength
	}
	if c.MaxBaseLength < c.MinBaseLength {
		c.MaxBaseLength = c.MinBaseLength
	}
	if !(c.DryUpRatio > 0) || math.IsInf(c.DryUpRatio, 0) {
		c.DryUpRatio = d.DryUpRatio
	}
	if !(c.PivotProximityPct > 0) || math.IsInf(c.PivotProximityPct, 0) {
		c.PivotProximityPct = d.PivotProximityPct
	}
	return c
}

// Contraction is one pullback of the base: from the bar with the high to the
// bar with the following low (indexes into the bars passed to Detect).
type Contraction struct {
	HighIndex, LowIndex int
	High, Low, DepthPct float64
}

// Result of Detect; see the package doc for the exact rules.
type Result struct {
	Found        bool          // a valid VCP base
	Contractions []Contraction // successive pullbacks, each shallower than the last
	Depths       []float64     // DepthPct of each, for the API
	Pivot        float64       // the last contraction's high
	DistancePct  float64       // (pivot − last close)/pivot·100 (negative above the pivot)
	BaseDepthPct float64       // first pullback's depth
	BaseLength   int           // bars from the base's first high to the last bar
	VolumeDryUp  bool
	Breakout     bool   // close > pivot (≤ PivotProximityPct above) on volume > 1.5× the prior 50-bar mean
	Stage        string // breakout | pivot | tightening | building | none
	Score        float64
	Reasons      []string
}

func validBar(b market.Bar) bool {
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	return fin(b.High) && fin(b.Low) && fin(b.Close) && fin(b.Volume) &&
		b.Low > 0 && b.Low <= b.High && b.Close > 0 && b.Volume >= 0
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

type leg struct{ hi, lo int }

// Detect looks for a VCP base ending at the last bar.
func Detect(bars []market.Bar, cfg Config) Result {
	cfg = cfg.normalized()
	r := Result{Stage: StageNone}
	fail := func(format string, a ...any) { r.Reasons = append(r.Reasons, fmt.Sprintf(format, a...)) }
	w := cfg.SwingWindow
	n := len(bars)
	if need := cfg.MinBaseLength + w + 1; n < need {
		fail("need at least %d bars, have %d", need, n)
		return r
	}
	for i, b := range bars {
		if !validBar(b) {
			fail("invalid bar at index %d", i)
			return r
		}
	}
	p := n - 1 // number of prior bars; indexes 0..p-1
	high, low, vol := make([]float64, p), make([]float64, p), make([]float64, p)
	for i, b := range bars[:p] {
		high[i], low[i], vol[i] = b.High, b.Low, b.Volume
	}
	isHigh, isLow := swings(high, low, w)

	h0 := max(0, p-cfg.MaxBaseLength)
	for i := h0 + 1; i < p; i++ {
		if high[i] > high[h0] {
			h0 = i
		}
	}
	if !isHigh[h0] {
		fail("no base: highest high of the last %d bars is not a swing high", min(p, cfg.MaxBaseLength))
		return r
	}

	// Zig-zag of alternating swing points starting at H0.
	type pt struct {
		idx  int
		high bool
	}
	pts := []pt{{h0, true}}
	for i := h0 + 1; i < p; i++ {
		if isHigh[i] {
			if last := &pts[len(pts)-1]; last.high {
				if high[i] > high[last.idx] {
					last.idx = i
				}
			} else {
				pts = append(pts, pt{i, true})
			}
		}
		if isLow[i] {
			if last := &pts[len(pts)-1]; !last.high {
				if low[i] < low[last.idx] {
					last.idx = i
				}
			} else {
				pts = append(pts, pt{i, false})
			}
		}
	}
	if last := &pts[len(pts)-1]; last.high {
		if last.idx < p-1 {
			pts = append(pts, pt{argMin(low, last.idx+1, p), false})
		}
	} else {
		last.idx = argMin(low, last.idx, p)
	}

	depth := func(l leg) float64 { return (high[l.hi] - low[l.lo]) / high[l.hi] * 100 }
	var legs []leg
	for k := 0; k+1 < len(pts); k += 2 {
		lg := leg{pts[k].idx, pts[k+1].idx}
		if len(legs) > 0 {
			prev := &legs[len(legs)-1]
			switch {
			case depth(*prev) < cfg.MinDepthPct: // previous pullback is noise: absorb this one
				if high[lg.hi] > high[prev.hi] {
					*prev = lg
				} else if low[lg.lo] < low[prev.lo] {
					prev.lo = lg.lo
				}
				continue
			case (high[lg.hi]-low[prev.lo])/low[prev.lo]*100 < cfg.MinDepthPct: // rally is noise
				if low[lg.lo] < low[prev.lo] {
					prev.lo = lg.lo
				}
				continue
			}
		}
		legs = append(legs, lg)
	}
	if len(legs) > 0 && depth(legs[len(legs)-1]) < cfg.MinDepthPct {
		legs = legs[:len(legs)-1]
	}
	if len(legs) == 0 {
		fail("no pullback deeper than %.4g%% after the base high", cfg.MinDepthPct)
		return r
	}

	for _, lg := range legs {
		c := Contraction{HighIndex: lg.hi, LowIndex: lg.lo, High: high[lg.hi], Low: low[lg.lo], DepthPct: depth(lg)}
		r.Contractions = append(r.Contractions, c)
		r.Depths = append(r.Depths, c.DepthPct)
	}
	lastC := r.Contractions[len(r.Contractions)-1]
	r.Pivot = lastC.High
	r.BaseDepthPct = r.Depths[0]
	r.BaseLength = (n - 1) - h0
	today := bars[n-1]
	r.DistancePct = (r.Pivot - today.Close) / r.Pivot * 100

	ok := true
	bad := func(format string, a ...any) { ok = false; fail(format, a...) }
	if k := len(legs); k < cfg.MinContractions {
		bad("only %d contraction(s), need %d", k, cfg.MinContractions)
	} else if k > cfg.MaxContractions {
		bad("%d contractions, more than %d", k, cfg.MaxContractions)
	}
	for k := 1; k < len(r.Contractions); k++ {
		c, prev := r.Contractions[k], r.Contractions[k-1]
		if c.DepthPct >= prev.DepthPct {
			bad("contraction %d (%.1f%%) not shallower than contraction %d (%.1f%%)", k+1, c.DepthPct, k, prev.DepthPct)
		}
		if c.Low < prev.Low {
			bad("contraction %d low undercuts contraction %d low", k+1, k)
		}
	}
	if r.BaseDepthPct > cfg.MaxBaseDepthPct {
		bad("base depth %.1f%% exceeds %.4g%%", r.BaseDepthPct, cfg.MaxBaseDepthPct)
	}
	if r.BaseLength < cfg.MinBaseLength {
		bad("base length %d bars, shorter than %d", r.BaseLength, cfg.MinBaseLength)
	} else if r.BaseLength > cfg.MaxBaseLength {
		bad("base length %d bars, longer than %d", r.BaseLength, cfg.MaxBaseLength)
	}
	if today.Close < lastC.Low {
		bad("last close below the last contraction's low (broken down)")
	}
	r.Found = ok

	// Volume dry-up (informational).
	dryRatio := math.NaN()
	if ref := vol[max(0, h0-50):h0]; len(ref) >= 10 {
		if m := mean(ref); m > 0 {
			dryRatio = mean(vol[lastC.HighIndex:lastC.LowIndex+1]) / m
		}
	}
	switch {
	case math.IsNaN(dryRatio):
		fail("volume dry-up unknown (need 10 bars with volume before the base)")
	case dryRatio <= cfg.DryUpRatio:
		r.VolumeDryUp = true
	default:
		fail("no volume dry-up (ratio %.2f > %.2f)", dryRatio, cfg.DryUpRatio)
	}

	if !r.Found {
		return r
	}
	avg50 := mean(vol[max(0, p-50):])
	r.Breakout = today.Close > r.Pivot &&
		today.Close <= r.Pivot*(1+cfg.PivotProximityPct/100) &&
		avg50 > 0 && today.Volume > 1.5*avg50
	r.Score = score(r, dryRatio, cfg)
	switch {
	case r.Breakout:
		r.Stage = StageBreakout
	case math.Abs(r.DistancePct) <= cfg.PivotProximityPct:
		r.Stage = StagePivot
	case r.Score >= 70:
		r.Stage = StageTightening
	default:
		r.Stage = StageBuilding
	}
	return r
}

// swings marks swing highs/lows with a full ±w window (see package doc).
func swings(high, low []float64, w int) (isHigh, isLow []bool) {
	p := len(high)
	isHigh, isLow = make([]bool, p), make([]bool, p)
	maxH, minL := indicator.RollingMax(high, w), indicator.RollingMin(low, w) // over [i-w+1, i]
	for i := w; i+w < p; i++ {
		isHigh[i] = high[i] > maxH[i-1] && high[i] >= maxH[i+w]
		isLow[i] = low[i] < minL[i-1] && low[i] <= minL[i+w]
	}
	return isHigh, isLow
}

// argMin returns the index of the first minimum of x[from:to] (from < to).
func argMin(x []float64, from, to int) int {
	k := from
	for i := from + 1; i < to; i++ {
		if x[i] < x[k] {
			k = i
		}
	}
	return k
}

func lin(v, full, zero float64) float64 { // 1 at v ≤ full, 0 at v ≥ zero (full < zero)
	switch {
	case v <= full:
		return 1
	case v >= zero:
		return 0
	}
	return (zero - v) / (zero - full)
}

func score(r Result, dryRatio float64, cfg Config) float64 {
	s := 0.0
	switch k := len(r.Depths); {
	case k >= 4:
		s += 20
	case k == 3:
		s += 16
	case k == 2:
		s += 10
	}
	s += 25 * lin(r.Depths[len(r.Depths)-1], 5, 15)
	if !math.IsNaN(dryRatio) {
		s += 20 * lin(dryRatio, 0.5, 1.0)
	}
	s += 20 * lin(r.DistancePct, 0, 2*cfg.PivotProximityPct)
	if r.BaseDepthPct <= 25 {
		s += 10
	} else {
		s += 5
	}
	if r.BaseLength >= 25 {
		s += 5
	}
	return math.Round(s*10) / 10
}
