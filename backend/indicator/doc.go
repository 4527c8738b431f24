// Package indicator implements classic technical-analysis indicators as pure,
// allocation-light numeric functions.
//
// Conventions shared by every function in this package:
//
//   - Inputs are []float64 ordered oldest first. Outputs have the same length
//     as the (primary) input. Indices where a value is undefined (warm-up,
//     gaps) hold math.NaN(). TA-Lib writes 0 there instead; the defined part is
//     what matches TA-Lib.
//   - Periods n <= 0 never panic: the result is all NaN (same length as the input).
//     A series shorter than the warm-up is all NaN.
//   - Non-finite inputs (NaN, +Inf, -Inf) break the series: the output at that
//     index is NaN and the indicator restarts its warm-up with the next finite
//     value, exactly as if the series started there. For moving-window
//     indicators (SMA, Bollinger, RSISimple, RollingMax, RollingMin) this is
//     the same as "NaN whenever the window contains a non-finite value". For
//     recursive ones (EMA, RSIWilder, MACD, ATR, OBV) it means a single bad
//     value costs one warm-up instead of poisoning the rest of the series.
//     PctChange only looks at its two end points (see its doc).
//   - Multi-input functions (ATR, TrueRange, OBV) return all NaN, with the
//     length of close, when input lengths differ.
//   - Every function makes exactly one heap allocation per returned slice and
//     runs in O(len) time (one pass; RollingMax/RollingMin make two passes over
//     the output and need no scratch memory). No I/O, no clock, no shared state: all
//     functions are safe for concurrent use.
package indicator

import "math"

// nan is math.NaN() hoisted into a package variable so that hot loops do not
// re-create it.
var nan = math.NaN()

// fillNaN returns a new slice of length n filled with NaN.
func fillNaN(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = nan
	}
	return out
}
