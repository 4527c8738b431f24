package indicator

// RSIWilder returns the Relative Strength Index with Wilder's smoothing
// (TA-Lib RSI), in percent (0..100):
//
//	d[i] = x[i] - x[i-1];  gain = max(d,0);  loss = max(-d,0)
//	avgGain[n] = mean(gain[1..n]),  avgGain[i] = (avgGain[i-1]·(n-1) + gain[i]) / n
//	(same for loss);  RSI = 100·avgGain / (avgGain + avgLoss)
//
// Warm-up: the first n outputs are NaN (first value at index n). When both
// averages are exactly 0 (a flat series) the RSI is undefined and NaN is
// returned; TA-Lib returns 0 there (it tests |sum| < 1e-14). n <= 0 gives all
// NaN; n == 1 (TA-Lib returns zeros) gives 100 / 0 / NaN for up / down / flat
// bars.
func RSIWilder(x []float64, n int) []float64 {
	if n <= 0 {
		return fillNaN(len(x))
	}
	out := make([]float64, len(x))
	fn := float64(n)
	a, b := (fn-1)/fn, 1/fn
	run := 0 // consecutive finite values
	var prevV, g, l float64
	for i, v := range x {
		if v-v != 0 {
			run, g, l = 0, 0, 0
			out[i] = nan
			continue
		}
		run++
		d := v - prevV
		prevV = v
		if run > n+1 {
			// Wilder: g·(n-1)/n + gain/n, branchless and without a division
			// on the dependency chain (TA-Lib: (g·(n-1) + gain)/n; rounding
			// differs by an ulp and does not accumulate).
			g = g*a + max(d, 0)*b
			l = l*a + max(-d, 0)*b
		} else {
			if run == 1 {
				out[i] = nan
				continue
			}
			if d < 0 {
				l -= d
			} else {
				g += d
			}
			if run <= n {
				out[i] = nan
				continue
			}
			g /= fn // run == n+1: seed with the simple means of n moves
			l /= fn
		}
		if s := g + l; s != 0 {
			out[i] = 100 * (g / s)
		} else {
			out[i] = nan
		}
	}
	return out
}

// RSISimple returns the RSI computed from simple rolling means of the last n
// gains and losses (the original KR gate's method, "Cutler's RSI"), in percent
// (0..100):
//
//	RSI[i] = 100·Σgain / (Σgain + Σloss)   over the moves d[i-n+1..i]
//
// Warm-up: the first n outputs are NaN (first value at index n). When both
// means are 0 (no move in the window) the result is NaN — the "50 when flat"
// rule of the original gate is deliberately NOT applied here; callers that want
// it must substitute it themselves. Running sums are snapped back to exactly 0
// when the window holds no gain (resp. loss), so flat stretches are detected
// exactly. n <= 0 gives all NaN.
func RSISimple(x []float64, n int) []float64 {
	if n <= 0 {
		return fillNaN(len(x))
	}
	out := make([]float64, len(x))
	run := 0
	var prevV, g, l float64
	gc, lc := 0, 0 // number of non-zero gains / losses in the window
	for i, v := range x {
		if v-v != 0 {
			run, g, l, gc, lc = 0, 0, 0, 0, 0
			out[i] = nan
			continue
		}
		run++
		d := v - prevV
		prevV = v
		if run == 1 {
			out[i] = nan
			continue
		}
		// branchless: the sign of a move is unpredictable
		g += max(d, 0)
		l += max(-d, 0)
		gc += b2i(d > 0)
		lc += b2i(d < 0)
		if run > n+1 { // drop the move that left the window
			od := x[i-n] - x[i-n-1]
			g -= max(od, 0)
			l -= max(-od, 0)
			gc -= b2i(od > 0)
			lc -= b2i(od < 0)
			if gc == 0 || g < 0 {
				g = 0
			}
			if lc == 0 || l < 0 {
				l = 0
			}
		} else if run <= n {
			out[i] = nan
			continue
		}
		if s := g + l; s != 0 {
			out[i] = 100 * (g / s)
		} else {
			out[i] = nan
		}
	}
	return out
}

// PctChange returns the percent change over n bars:
//
//	PctChange[i] = (x[i]/x[i-n] - 1)·100
//
// Units: percent. Warm-up: the first n outputs are NaN. The value is NaN when
// either end point is non-finite or x[i-n] == 0 (TA-Lib ROC returns 0 for a
// zero base); values between the end points are not looked at. n <= 0 gives
// all NaN. Same as TA-Lib ROC otherwise.
func PctChange(x []float64, n int) []float64 {
	if n <= 0 {
		return fillNaN(len(x))
	}
	out := make([]float64, len(x))
	for i := 0; i < n && i < len(x); i++ {
		out[i] = nan
	}
	if n >= len(x) {
		return out
	}
	cur, dst := x[n:], out[n:]
	cur = cur[:len(x)-n]
	dst = dst[:len(cur)]
	for j, a := range x[:len(x)-n] {
		r := (cur[j]/a - 1) * 100
		// one test: a non-finite, or r non-finite (x[i] non-finite, a == 0)
		if a-a+r-r != 0 {
			r = nan
		}
		dst[j] = r
	}
	return out
}

// b2i converts a bool to 0/1 without a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
