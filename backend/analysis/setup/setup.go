// Package setup holds the KR signal rules: given one stock's daily bars, its
// investor flows and the KOSPI bars up to a day, it decides whether that day
// raises a signal and scores it. Pure code (no I/O, no clock), so the live
// scan, the ledger replay and the backtest share exactly the same rules.
//
// # Rules
//
// Rule "vcp" (default) — a Minervini setup:
//
//   - a volatility contraction pattern is found (package vcp: 2–6 successive
//     shallower pullbacks with higher lows, base depth and length bounds) and
//     its stage is pivot, breakout or tightening (a "building" base far below
//     its pivot is not actionable yet);
//   - at least MinTrendChecks of the seven trend-template checks pass;
//   - foreigners and institutions are not both net sellers over 5 days;
//   - the composite score is at least MinScore.
//
// Rule "legacy" — the original's §6.1 test: foreign 5-day net buying ≥
// ForeignMin, supply/demand index ≥ IndexMin, 20-bar contraction ratio ≤
// ContractionMax, close ≥ NearHigh × the 20-bar high close, and volume not
// expanding (the second 10 bars' volume < 1.2 × the first 10 bars').
//
// # Composite score (0–100)
//
//	score = (wP·pattern + wF·flow + wT·trend + wR·rs) / (wP + wF + wT + wR)
//
//	pattern  the vcp score (0 when no pattern is found)
//	flow     the supply/demand index (api-reference §6.3), 0 without flows
//	trend    trend-template checks passed / 7 · 100 (0 with < 252 bars)
//	rs       relative strength vs KOSPI: 50 + (5/3)·d clamped to 0–100,
//	         where d is the IBD-style weighted excess return in %-points,
//	         d = 0.4·x63 + 0.2·x126 + 0.2·x189 + 0.2·x252 and xN = the stock's
//	         N-bar return − KOSPI's over the same dates (lookbacks the data
//	         cannot cover are left out and the weights renormalised); 50
//	         without a benchmark. ±30 points of excess return map to 100 / 0.
//
// Default weights 0.40 / 0.30 / 0.20 / 0.10 are the original's ScreenerConfig
// weights, which it declared and never used.
//
// contraction_ratio keeps its documented meaning (last 10 bars' range over
// the 10 before) in both rules; it is reported, and only the legacy rule
// filters on it.
package setup

import (
	"fmt"
	"math"

	"krmarket/backend/analysis/flow"
	"krmarket/backend/analysis/vcp"
	"krmarket/backend/market"
)

// Rules.
const (
	RuleVCP    = "vcp"
	RuleLegacy = "legacy"
)

// Weights of the composite score's parts; only their ratios matter.
type Weights struct {
	Pattern float64 `json:"pattern" doc:"weight of the VCP pattern score (default 0.40)"`
	Flow    float64 `json:"flow" doc:"weight of the supply/demand index (default 0.30)"`
	Trend   float64 `json:"trend" doc:"weight of the trend template, checks passed / 7 (default 0.20)"`
	RS      float64 `json:"rs" doc:"weight of relative strength vs KOSPI (default 0.10)"`
}

// Config is the signal rules' settings (config key "signals").
type Config struct {
	Rule           string     `json:"rule" doc:"vcp (Minervini pattern + trend template + flows + composite score) or legacy (the original §6.1 test)"` // "vcp" or "legacy"
	MinScore       float64    `json:"min_score" doc:"vcp rule: the composite score a signal needs, 0–100 (default 60)"`                                 // vcp rule: composite score floor, default 60
	MinTrendChecks int        `json:"min_trend_checks" doc:"vcp rule: trend-template checks that must pass, 0–7 (default 6)"`                           // vcp rule: trend-template checks needed (0–7), default 6
	ForeignMin     int64      `json:"foreign_min" doc:"legacy rule: foreign 5-day net buying floor in shares (default 50,000)"`                         // legacy rule: foreign 5-day net buying, shares, default 50,000
	IndexMin       float64    `json:"index_min" doc:"legacy rule: supply/demand index floor, 0–100 (default 60)"`                                       // legacy rule: supply/demand index floor, default 60
	ContractionMax float64    `json:"contraction_max" doc:"legacy rule: 20-bar contraction ratio ceiling (default 0.8)"`                                // legacy rule: contraction ratio ceiling, default 0.8
	NearHigh       float64    `json:"near_high" doc:"legacy rule: close must be at least this fraction of the 20-bar high close (default 0.92)"`        // legacy rule: close ≥ this × 20-bar high close, default 0.92
	Weights        Weights    `json:"weights" doc:"composite score weights; only their ratios matter"`
	VCP            vcp.Config `json:"vcp" doc:"the VCP detector thresholds"`
}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		Rule: RuleVCP, MinScore: 60, MinTrendChecks: 6,
		ForeignMin: 50_000, IndexMin: 60, ContractionMax: 0.8, NearHigh: 0.92,
		Weights: Weights{Pattern: 0.40, Flow: 0.30, Trend: 0.20, RS: 0.10},
		VCP:     vcp.DefaultConfig(),
	}
}

// Validate reports the first out-of-range setting.
func (c Config) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case c.Rule != RuleVCP && c.Rule != RuleLegacy:
		return fmt.Errorf("signals.rule %q: want vcp or legacy", c.Rule)
	case !finite(c.MinScore) || c.MinScore < 0 || c.MinScore > 100:
		return fmt.Errorf("signals.min_score %v: want 0–100", c.MinScore)
	case c.MinTrendChecks < 0 || c.MinTrendChecks > 7:
		return fmt.Errorf("signals.min_trend_checks %d: want 0–7", c.MinTrendChecks)
	case c.ForeignMin < 0:
		return fmt.Errorf("signals.foreign_min %d: want ≥ 0", c.ForeignMin)
	case !finite(c.IndexMin) || c.IndexMin < 0 || c.IndexMin > 100:
		return fmt.Errorf("signals.index_min %v: want 0–100", c.IndexMin)
	case !finite(c.ContractionMax) || c.ContractionMax <= 0 || c.ContractionMax > 2:
		return fmt.Errorf("signals.contraction_max %v: want (0, 2]", c.ContractionMax)
	case !finite(c.NearHigh) || c.NearHigh <= 0 || c.NearHigh > 1:
		return fmt.Errorf("signals.near_high %v: want (0, 1]", c.NearHigh)
	}
	w := c.Weights
	for _, v := range []float64{w.Pattern, w.Flow, w.Trend, w.RS} {
		if !finite(v) || v < 0 {
			return fmt.Errorf("signals.weights: %v is not a weight ≥ 0", v)
		}
	}
	if w.Pattern+w.Flow+w.Trend+w.RS <= 0 {
		return fmt.Errorf("signals.weights: all zero")
	}
	v := c.VCP
	switch {
	case v.MinContractions < 1 || v.MaxContractions < v.MinContractions || v.MaxContractions > 10:
		return fmt.Errorf("signals.vcp contractions %d–%d: want 1 ≤ min ≤ max ≤ 10", v.MinContractions, v.MaxContractions)
	case v.SwingWindow < 1 || v.SwingWindow > 20:
		return fmt.Errorf("signals.vcp.swing_window %d: want 1–20", v.SwingWindow)
	case !finite(v.MinDepthPct) || v.MinDepthPct <= 0 || v.MinDepthPct >= 50:
		return fmt.Errorf("signals.vcp.min_depth_pct %v: want (0, 50)", v.MinDepthPct)
	case !finite(v.MaxBaseDepthPct) || v.MaxBaseDepthPct <= v.MinDepthPct || v.MaxBaseDepthPct > 90:
		return fmt.Errorf("signals.vcp.max_base_depth_pct %v: want (min_depth_pct, 90]", v.MaxBaseDepthPct)
	case v.MinBaseLength < 5 || v.MaxBaseLength < v.MinBaseLength || v.MaxBaseLength > 250:
		return fmt.Errorf("signals.vcp base length %d–%d: want 5 ≤ min ≤ max ≤ 250", v.MinBaseLength, v.MaxBaseLength)
	case !finite(v.DryUpRatio) || v.DryUpRatio <= 0 || v.DryUpRatio > 2:
		return fmt.Errorf("signals.vcp.dry_up_ratio %v: want (0, 2]", v.DryUpRatio)
	case !finite(v.PivotProximityPct) || v.PivotProximityPct <= 0 || v.PivotProximityPct > 30:
		return fmt.Errorf("signals.vcp.pivot_proximity_pct %v: want (0, 30]", v.PivotProximityPct)
	}
	return nil
}

// Input is one stock on one day: everything oldest first and ending on that
// day (nothing after it may be passed: the rules cannot look ahead).
type Input struct {
	Bars  []market.Bar  // the stock's daily bars
	Flows []market.Flow // its investor flows (up to 60 days are used)
	Bench []market.Bar  // KOSPI daily bars (may be empty)
	// Screen asks only for the verdict: with the vcp rule, a stock failing
	// the trend template is rejected without the (costlier) pattern
	// search, so its pattern fields and score are left incomplete.
	Screen bool
}

// Legacy is the §6.1 20-bar test.
type Legacy struct {
	OK               bool    // 20 bars with a non-flat first half
	ContractionRatio float64 // last 10 bars' range / previous 10 bars' range, 3 dp
	NearHigh         bool
	VolumeContract   bool
}

// Evaluation is the verdict for one stock and day.
type Evaluation struct {
	Pass     bool
	Rule     string
	HasFlows bool
	Flow     flow.Index
	Legacy   Legacy
	VCP      vcp.Result
	HasTrend bool
	Trend    vcp.Trend
	RSExcess float64 // weighted excess return vs KOSPI, %-points (0 without a benchmark)
	HasRS    bool
	// The composite's parts (0–100) and the composite itself.
	PatternScore, FlowScore, TrendScore, RSScore float64
	Score                                        float64
	Reasons                                      []string // why it failed (empty when Pass)
}

// Evaluate applies the rules to one stock on the last day of in.Bars.
func Evaluate(in Input, cfg Config) Evaluation {
	ev := Evaluation{Rule: cfg.Rule}
	bars := in.Bars
	if len(bars) == 0 {
		ev.Reasons = append(ev.Reasons, "no bars")
		return ev
	}
	if len(in.Flows) > 0 {
		fl := in.Flows
		if len(fl) > 60 {
			fl = fl[len(fl)-60:]
		}
		tail := bars
		if len(tail) > 80 {
			tail = tail[len(tail)-80:]
		}
		ev.Flow = flow.Compute(flow.Join(fl, tail))
		ev.HasFlows = true
		ev.FlowScore = ev.Flow.Value
	}
	ev.Legacy = Contraction(bars, cfg.NearHigh)
	closes := make([]float64, len(bars))
	for i, b := range bars {
		closes[i] = b.Close
	}
	if t, ok := vcp.TrendTemplate(closes); ok {
		ev.Trend, ev.HasTrend = t, true
		ev.TrendScore = float64(t.Passed) / 7 * 100
	}
	if in.Screen && cfg.Rule == RuleVCP && (!ev.HasTrend || ev.Trend.Passed < cfg.MinTrendChecks) {
		ev.Reasons = []string{"trend template not met"}
		return ev
	}
	ev.VCP = vcp.Detect(bars, cfg.VCP)
	ev.PatternScore = ev.VCP.Score
	ev.RSScore = 50
	if d, ok := RelativeStrength(bars, in.Bench); ok {
		ev.RSExcess, ev.HasRS = d, true
		ev.RSScore = clamp(50+d*5/3, 0, 100)
	}
	w := cfg.Weights
	sum := w.Pattern + w.Flow + w.Trend + w.RS
	if sum > 0 {
		ev.Score = round1((w.Pattern*ev.PatternScore + w.Flow*ev.FlowScore + w.Trend*ev.TrendScore + w.RS*ev.RSScore) / sum)
	}

	if cfg.Rule == RuleLegacy {
		ev.Reasons = legacyReasons(ev, cfg)
	} else {
		ev.Reasons = vcpReasons(ev, cfg)
	}
	ev.Pass = len(ev.Reasons) == 0
	return ev
}

func vcpReasons(ev Evaluation, cfg Config) []string {
	var r []string
	switch {
	case !ev.VCP.Found:
		r = append(r, "no volatility contraction pattern")
	case ev.VCP.Stage == vcp.StageBuilding:
		r = append(r, fmt.Sprintf("base still building: %.1f%% below the pivot", ev.VCP.DistancePct))
	}
	if !ev.HasTrend {
		r = append(r, fmt.Sprintf("fewer than %d bars for the trend template", vcp.TrendMinBars))
	} else if ev.Trend.Passed < cfg.MinTrendChecks {
		r = append(r, fmt.Sprintf("trend template: %d of 7 checks (need %d)", ev.Trend.Passed, cfg.MinTrendChecks))
	}
	if ev.HasFlows && ev.Flow.Foreign5d < 0 && ev.Flow.Inst5d < 0 {
		r = append(r, "foreigners and institutions both net sellers over 5 days")
	}
	if ev.Score < cfg.MinScore {
		r = append(r, fmt.Sprintf("score %.1f below %.0f", ev.Score, cfg.MinScore))
	}
	return r
}

func legacyReasons(ev Evaluation, cfg Config) []string {
	var r []string
	if !ev.HasFlows {
		r = append(r, "no investor flows")
	} else {
		if ev.Flow.Foreign5d < cfg.ForeignMin {
			r = append(r, fmt.Sprintf("foreign 5-day net buying %d below %d", ev.Flow.Foreign5d, cfg.ForeignMin))
		}
		if ev.Flow.Value < cfg.IndexMin {
			r = append(r, fmt.Sprintf("supply/demand index %.1f below %.0f", ev.Flow.Value, cfg.IndexMin))
		}
	}
	l := ev.Legacy
	switch {
	case !l.OK:
		r = append(r, "fewer than 20 bars or a flat range")
	default:
		if l.ContractionRatio > cfg.ContractionMax {
			r = append(r, fmt.Sprintf("contraction ratio %.3f above %.2f", l.ContractionRatio, cfg.ContractionMax))
		}
		if !l.NearHigh {
			r = append(r, "not near the 20-bar high")
		}
		if !l.VolumeContract {
			r = append(r, "volume expanding")
		}
	}
	return r
}

// Contraction computes §6.1 over the last 20 bars (oldest first).
func Contraction(bars []market.Bar, nearHigh float64) Legacy {
	if len(bars) < 20 {
		return Legacy{ContractionRatio: 1}
	}
	b := bars[len(bars)-20:]
	r1, v1 := rangeOf(b[:10])
	r2, v2 := rangeOf(b[10:])
	if !(r1 > 0) {
		return Legacy{ContractionRatio: 1}
	}
	maxClose := 0.0
	for _, x := range b {
		maxClose = max(maxClose, x.Close)
	}
	return Legacy{
		OK:               true,
		ContractionRatio: math.Round(r2/r1*1000) / 1000,
		NearHigh:         b[19].Close >= nearHigh*maxClose,
		VolumeContract:   v2/10 < 1.2*(v1/10),
	}
}

func rangeOf(bs []market.Bar) (rng, vol float64) {
	hi, lo := bs[0].High, bs[0].Low
	for _, b := range bs {
		hi, lo = max(hi, b.High), min(lo, b.Low)
		vol += b.Volume
	}
	return hi - lo, vol
}

// rsLookbacks and their weights (IBD-style: the last quarter counts double).
var rsLookbacks = [4]struct {
	n int
	w float64
}{{63, 0.4}, {126, 0.2}, {189, 0.2}, {252, 0.2}}

// RelativeStrength is the weighted excess return of bars over bench in
// %-points, matching dates: the benchmark's value on each lookback date is
// its last bar at or before that date. ok is false when the benchmark does
// not reach the stock's last date or not even the 63-bar lookback fits.
func RelativeStrength(bars, bench []market.Bar) (float64, bool) {
	n := len(bars)
	if n < 2 || len(bench) == 0 {
		return 0, false
	}
	last := bars[n-1]
	bEnd := market.AtOrBefore(bench, last.Time)
	if bEnd < 0 || bench[bEnd].Time != last.Time || !(bench[bEnd].Close > 0) || !(last.Close > 0) {
		return 0, false
	}
	var sum, wsum float64
	for _, lb := range rsLookbacks {
		if n-1-lb.n < 0 {
			continue
		}
		from := bars[n-1-lb.n]
		bFrom := market.AtOrBefore(bench[:bEnd+1], from.Time)
		if bFrom < 0 || !(from.Close > 0) || !(bench[bFrom].Close > 0) {
			continue
		}
		xs := (last.Close/from.Close - 1) * 100
		xb := (bench[bEnd].Close/bench[bFrom].Close - 1) * 100
		sum += lb.w * (xs - xb)
		wsum += lb.w
	}
	if wsum == 0 {
		return 0, false
	}
	return sum / wsum, true
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(hi, v)) }

func round1(v float64) float64 { return math.Round(v*10) / 10 }
