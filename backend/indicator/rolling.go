package indicator

// RollingMax returns the highest value of the last n values (TA-Lib MAX).
// Units: those of x. Warm-up: the first n-1 outputs are NaN. n == 1 returns a
// copy of x (TA-Lib returns zeros for n < 2); n <= 0 gives all NaN.
// O(len(x)) worst case (van Herk/Gil-Werman: block suffix maxima stored in
// the output, then block prefix maxima), with no scratch memory.
func RollingMax(x []float64, n int) []float64 {
	return rollingExt(x, n, true)
}

// RollingMin returns the lowest value of the last n values (TA-Lib MIN).
// Units: those of x. Warm-up: the first n-1 outputs are NaN. n == 1 returns a
// copy of x (TA-Lib returns zeros for n < 2); n <= 0 gives all NaN.
// O(len(x)) worst case, same algorithm as RollingMax.
func RollingMin(x []float64, n int) []float64 {
	return rollingExt(x, n, false)
}

func rollingExt(x []float64, n int, isMax bool) []float64 {
	if n <= 0 {
		return fillNaN(len(x))
	}
	out := make([]float64, len(x))
	// Split into runs of finite values; each run is an independent series.
	for s := 0; s < len(x); {
		if v := x[s]; v-v != 0 {
			out[s] = nan
			s++
			continue
		}
		e := s + 1
		for e < len(x) && x[e]-x[e] == 0 {
			e++
		}
		if isMax {
			segMax(x[s:e], out[s:e], n)
		} else {
			segMin(x[s:e], out[s:e], n)
		}
		s = e
	}
	return out
}

// segMax fills out with the rolling max of the finite series x.
// Blocks are [b, b+n). Pass 1 stores S[j] = max(x[j..end of j's block]) at
// out[j+n-1] (j <= m-n). Pass 2 runs the block prefix max P[i] and sets
// out[i] = max(S[i-n+1], P[i]), the max of window [i-n+1, i]. Block 0 needs
// no pass 2: out[n-1] = S[0] is already the max of x[0..n-1].
func segMax(x, out []float64, n int) {
	m := len(x)
	out = out[:m]
	for i := 0; i < n-1 && i < m; i++ {
		out[i] = nan
	}
	if m < n {
		return
	}
	last := m - n // largest j with a full window
	for b := 0; b <= last; b += n {
		j := b + n - 1 // <= m-1 since b <= m-n
		acc := x[j]
		for ; j > last; j-- { // tail of the last block: accumulate only
			acc = max(acc, x[j])
		}
		for ; j >= b; j-- {
			acc = max(acc, x[j])
			out[j+n-1] = acc
		}
	}
	for b := n; b < m; b += n {
		e := min(b+n, m)
		p := x[b]
		for i := b; i < e; i++ {
			p = max(p, x[i])
			out[i] = max(out[i], p)
		}
	}
}

// segMin is segMax with min.
func segMin(x, out []float64, n int) {
	m := len(x)
	out = out[:m]
	for i := 0; i < n-1 && i < m; i++ {
		out[i] = nan
	}
	if m < n {
		return
	}
	last := m - n
	for b := 0; b <= last; b += n {
		j := b + n - 1
		acc := x[j]
		for ; j > last; j-- {
			acc = min(acc, x[j])
		}
		for ; j >= b; j-- {
			acc = min(acc, x[j])
			out[j+n-1] = acc
		}
	}
	for b := n; b < m; b += n {
		e := min(b+n, m)
		p := x[b]
		for i := b; i < e; i++ {
			p = min(p, x[i])
			out[i] = min(out[i], p)
		}
	}
}
