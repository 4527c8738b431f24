package indicator

import "math"

// Bollinger returns Bollinger Bands over the last n values:
//
//	middle = SMA(x, n)
//	sd     = population standard deviation of the window (divide by n, like TA-Lib)
//	upper  = middle + k·sd,  lower = middle - k·sd
//
// Units: those of x; k is a number of standard deviations (commonly 2).
// Warm-up: the first n-1 outputs are NaN (first value at index n-1). The window
// variance uses running sums of x-K with the shift K re-anchored to the newest
// value every n bars (sums recomputed exactly), which stays accurate for large
// prices; TA-Lib's unshifted E[x²]-E[x]² loses digits on tight windows of
// large prices and snaps variances < 1e-14 to 0. n <= 0 gives all NaN;
// n == 1 gives sd = 0.
func Bollinger(x []float64, n int, k float64) (upper, middle, lower []float64) {
	if n <= 0 {
		return fillNaN(len(x)), fillNaN(len(x)), fillNaN(len(x))
	}
	upper = make([]float64, len(x))
	middle = make([]float64, len(x))
	lower = make([]float64, len(x))
	fn := float64(n)
	run, since := 0, 0
	// s1, s2 = Σ(x-K), Σ(x-K)² over the window. The shift K is re-anchored to
	// the newest value every n bars and the sums recomputed exactly (O(1)
	// amortised), so rounding drift never accumulates beyond one window and the
	// cancellation in E[d²]-E[d]² is relative to the window's own spread.
	var anchor, s1, s2 float64
	for i, v := range x {
		if v-v != 0 {
			run = 0
			upper[i], middle[i], lower[i] = nan, nan, nan
			continue
		}
		run++
		if run < n {
			upper[i], middle[i], lower[i] = nan, nan, nan
			continue
		}
		if run == n || since == n {
			anchor, s1, s2, since = v, 0, 0, 0
			for _, w := range x[i-n+1 : i+1] {
				d := w - anchor
				s1 += d
				s2 += d * d
			}
		} else {
			o := x[i-n] - anchor
			d := v - anchor
			s1 += d - o
			s2 += d*d - o*o
		}
		since++
		m := s1 / fn
		vr := s2/fn - m*m
		if vr < 0 {
			vr = 0
		}
		w := k * math.Sqrt(vr)
		mean := anchor + m
		upper[i] = mean + w
		middle[i] = mean
		lower[i] = mean - w
	}
	return upper, middle, lower
}

// trueRange is max(h-l, |pc-h|, |pc-l|) (branchless).
func trueRange(h, l, pc float64) float64 {
	return max(h-l, math.Abs(pc-h), math.Abs(pc-l))
}

// TrueRange returns Wilder's true range,
//
//	TR[i] = max(high[i]-low[i], |close[i-1]-high[i]|, |close[i-1]-low[i]|),
//
// in price units. Warm-up: TR[0] is NaN (no previous close), as in TA-Lib
// TRANGE. A bar is usable only when its high, low and close are all finite;
// TR[i] is NaN unless bars i-1 and i are both usable. Lengths must match (else
// all NaN, length of close).
func TrueRange(high, low, close []float64) []float64 {
	if len(high) != len(close) || len(low) != len(close) {
		return fillNaN(len(close))
	}
	out := make([]float64, len(close))
	if len(close) == 0 {
		return out
	}
	high, low = high[:len(close)], low[:len(close)]
	// Optimistic pass without per-bar finiteness branches: any non-finite
	// input turns `poison` into NaN and the careful pass redoes the work.
	pc := close[0]
	poison := high[0] - high[0] + low[0] - low[0] + pc - pc
	out[0] = nan
	for i := 1; i < len(close); i++ {
		h, l, c := high[i], low[i], close[i]
		poison += h - h + l - l + c - c
		out[i] = trueRange(h, l, pc)
		pc = c
	}
	if poison != 0 {
		trueRangeCareful(high, low, close, out)
	}
	return out
}

// trueRangeCareful is TrueRange with the restart-on-non-finite rule.
func trueRangeCareful(high, low, close, out []float64) {
	high, low, out = high[:len(close)], low[:len(close)], out[:len(close)]
	for i := 0; i < len(close); {
		pc := close[i]
		out[i] = nan // first bar of a run: no previous close
		if h, l := high[i], low[i]; h-h+l-l+pc-pc != 0 {
			i++
			continue
		}
		for i++; i < len(close); i++ {
			h, l, c := high[i], low[i], close[i]
			if h-h+l-l+c-c != 0 {
				break // the outer loop emits NaN and restarts
			}
			out[i] = trueRange(h, l, pc)
			pc = c
		}
	}
}

// ATR returns Wilder's Average True Range (TA-Lib ATR), in price units:
//
//	ATR[n] = mean(TR[1..n]),  ATR[i] = (ATR[i-1]·(n-1) + TR[i]) / n
//
// Warm-up: the first n outputs are NaN (first value at index n, since TR[0] is
// undefined). n == 1 returns TrueRange; n <= 0 or mismatched lengths give all
// NaN. Gaps (non-finite bars) restart the warm-up as described for TrueRange.
func ATR(high, low, close []float64, n int) []float64 {
	if n <= 0 || len(high) != len(close) || len(low) != len(close) {
		return fillNaN(len(close))
	}
	out := make([]float64, len(close))
	high, low = high[:len(close)], low[:len(close)]
	fn := float64(n)
	fn1 := fn - 1
	ok := false
	run := 0 // consecutive defined TRs
	var pc, sum, atr float64
	for i, c := range close {
		h, l := high[i], low[i]
		if h-h+l-l+c-c != 0 {
			ok, run, sum = false, 0, 0
			out[i] = nan
			continue
		}
		if !ok {
			ok = true
			pc = c
			out[i] = nan
			continue
		}
		tr := trueRange(h, l, pc)
		pc = c
		run++
		if run > n {
			atr = (atr*fn1 + tr) / fn
			out[i] = atr
		} else {
			sum += tr
			if run == n {
				atr = sum / fn
				out[i] = atr
			} else {
				out[i] = nan
			}
		}
	}
	return out
}
