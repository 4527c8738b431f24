package indicator

// SMA returns the simple moving average of the last n values:
//
//	SMA[i] = (x[i-n+1] + … + x[i]) / n
//
// Units: those of x. Warm-up: the first n-1 outputs are NaN (first value at
// index n-1), as in TA-Lib SMA. n <= 0 gives all NaN. Implemented with a
// running sum, like TA-Lib.
func SMA(x []float64, n int) []float64 {
	if n <= 0 {
		return fillNaN(len(x))
	}
	out := make([]float64, len(x))
	fn := float64(n)
	for i := 0; i < len(x); {
		// warm-up: gather n consecutive finite values
		run, sum := 0, 0.0
		for ; i < len(x) && run < n; i++ {
			v := x[i]
			if v-v != 0 { // NaN or ±Inf: break the series
				run, sum = 0, 0
				out[i] = nan
				continue
			}
			run++
			sum += v
			out[i] = nan
		}
		if run < n {
			break
		}
		out[i-1] = sum / fn
		// steady state until the next non-finite value
		for ; i < len(x); i++ {
			v := x[i]
			if v-v != 0 {
				break // the warm-up loop above emits NaN and restarts
			}
			// v - x[i-n] is off the loop-carried dependency chain, so the
			// running sum costs one add of latency per bar.
			sum += v - x[i-n]
			out[i] = sum / fn
		}
	}
	return out
}

// EMA returns the span-based exponential moving average with smoothing factor
// alpha = 2/(n+1):
//
//	EMA[n-1] = SMA of x[0..n-1]              (seed, TA-Lib's convention)
//	EMA[i]   = EMA[i-1] + alpha·(x[i] - EMA[i-1])
//
// Units: those of x. Warm-up: the first n-1 outputs are NaN (first value at
// index n-1). Because of the SMA seed, the values differ from an EMA seeded
// with x[0] (pandas adjust=false) during the first few multiples of n bars and
// then converge. Matches TA-Lib EMA to rounding. n <= 0 gives all NaN;
// n == 1 returns x.
func EMA(x []float64, n int) []float64 {
	if n <= 0 {
		return fillNaN(len(x))
	}
	out := make([]float64, len(x))
	fn := float64(n)
	k := 2 / (fn + 1)
	k1 := 1 - k
	run := 0
	sum, prev := 0.0, 0.0
	for i, v := range x {
		if v-v != 0 {
			run, sum = 0, 0
			out[i] = nan
			continue
		}
		run++
		if run > n {
			// prev·(1-α) + v·α: v·α is off the dependency chain, so each
			// bar costs one mul+add of latency (TA-Lib's (v-prev)·α+prev costs
			// sub+mul+add). Rounding differs by an ulp and does not accumulate.
			prev = prev*k1 + v*k
			out[i] = prev
		} else if run == n {
			sum += v
			prev = sum / fn
			out[i] = prev
		} else {
			sum += v
			out[i] = nan
		}
	}
	return out
}

// emaState is a streaming EMA with the same seed and gap rules as EMA.
type emaState struct {
	n    int
	fn   float64
	k    float64
	k1   float64
	run  int
	sum  float64
	prev float64
}

func newEMAState(n int) emaState {
	k := 2 / (float64(n) + 1)
	return emaState{n: n, fn: float64(n), k: k, k1: 1 - k}
}

// step consumes v and returns the EMA at that point (NaN during warm-up or
// when v is not finite, which also resets the state).
func (s *emaState) step(v float64) float64 {
	if v-v != 0 {
		s.run, s.sum = 0, 0
		return nan
	}
	s.run++
	if s.run > s.n {
		s.prev = s.prev*s.k1 + v*s.k
		return s.prev
	}
	s.sum += v
	if s.run == s.n {
		s.prev = s.sum / s.fn
		return s.prev
	}
	return nan
}

// MACD returns the moving-average convergence/divergence of x:
//
//	macd = EMA(x, fast) - EMA(x, slow)
//	sig  = EMA(macd, signal)   (seeded with the SMA of the first `signal` defined macd values)
//	hist = macd - sig
//
// with EMA exactly as in this package (alpha = 2/(n+1), SMA seed). Units: those
// of x. Warm-up: macd is defined from index max(fast,slow)-1; sig and hist from
// index max(fast,slow)+signal-2 (TA-Lib's MACD lookback). Periods are not
// swapped: fast > slow simply yields the negated usual sign. Any period <= 0
// gives all NaN.
//
// Compared with go-talib's Macd: the macd line is identical where go-talib
// defines it (it hides the first signal-1 values); go-talib seeds the signal
// EMA with zeros, so its signal/hist converge to ours only after a few dozen
// multiples of `signal` bars.
func MACD(x []float64, fast, slow, signal int) (macd, sig, hist []float64) {
	if fast <= 0 || slow <= 0 || signal <= 0 {
		return fillNaN(len(x)), fillNaN(len(x)), fillNaN(len(x))
	}
	macd = make([]float64, len(x))
	sig = make([]float64, len(x))
	hist = make([]float64, len(x))
	ef, es, eg := newEMAState(fast), newEMAState(slow), newEMAState(signal)
	for i, v := range x {
		m := ef.step(v) - es.step(v)
		s := eg.step(m) // NaN m resets the signal EMA: it starts with the first defined macd
		macd[i] = m
		sig[i] = s
		hist[i] = m - s
	}
	return macd, sig, hist
}
