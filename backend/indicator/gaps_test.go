package indicator

import (
	"math"
	"math/rand/v2"
	"testing"
)

// withGaps returns a copy of x with random NaN/±Inf holes (single bars and
// short bursts), so finite runs of every length, including < n, occur.
func withGaps(x []float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	y := append([]float64(nil), x...)
	bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1)}
	for i := 0; i < len(y); i++ {
		if r.IntN(40) == 0 {
			for k := r.IntN(3); k >= 0 && i < len(y); k-- {
				y[i] = bad[r.IntN(3)]
				i++
			}
		}
	}
	return y
}

// runs returns the [start,end) index ranges of consecutive finite values.
func runs(y ...[]float64) [][2]int {
	var out [][2]int
	s := -1
	for i := range y[0] {
		ok := true
		for _, a := range y {
			if math.IsNaN(a[i]) || math.IsInf(a[i], 0) {
				ok = false
			}
		}
		if ok && s < 0 {
			s = i
		}
		if !ok && s >= 0 {
			out = append(out, [2]int{s, i})
			s = -1
		}
	}
	if s >= 0 {
		out = append(out, [2]int{s, len(y[0])})
	}
	return out
}

// The restart rule: on a series with holes, every indicator equals, on each
// finite run, the same indicator computed on that run alone, and is NaN on
// the holes.
func TestGapsRestartProperty(t *testing.T) {
	base := randomWalk(11, 3000, 100)
	hb, lb, _, vb := ohlcv(base, 11)
	x := withGaps(base, 1)
	h := withGaps(hb, 2)
	v := withGaps(vb, 3)
	l := lb
	type ind struct {
		name string
		f    func(x, h, l, v []float64) []float64
		hlc  bool // uses h, l, x(close)
		vol  bool // uses x(close), v
	}
	n := 14
	inds := []ind{
		{"SMA", func(x, _, _, _ []float64) []float64 { return SMA(x, n) }, false, false},
		{"EMA", func(x, _, _, _ []float64) []float64 { return EMA(x, n) }, false, false},
		{"RSIWilder", func(x, _, _, _ []float64) []float64 { return RSIWilder(x, n) }, false, false},
		{"RSISimple", func(x, _, _, _ []float64) []float64 { return RSISimple(x, n) }, false, false},
		{"RollingMax", func(x, _, _, _ []float64) []float64 { return RollingMax(x, n) }, false, false},
		{"RollingMin", func(x, _, _, _ []float64) []float64 { return RollingMin(x, n) }, false, false},
		{"MACD", func(x, _, _, _ []float64) []float64 { m, _, _ := MACD(x, 5, 13, 4); return m }, false, false},
		{"MACDsig", func(x, _, _, _ []float64) []float64 { _, s, _ := MACD(x, 5, 13, 4); return s }, false, false},
		{"MACDhist", func(x, _, _, _ []float64) []float64 { _, _, hh := MACD(x, 5, 13, 4); return hh }, false, false},
		{"BBu", func(x, _, _, _ []float64) []float64 { u, _, _ := Bollinger(x, n, 2); return u }, false, false},
		{"BBm", func(x, _, _, _ []float64) []float64 { _, m, _ := Bollinger(x, n, 2); return m }, false, false},
		{"BBl", func(x, _, _, _ []float64) []float64 { _, _, lo := Bollinger(x, n, 2); return lo }, false, false},
		{"ATR", func(x, h, l, _ []float64) []float64 { return ATR(h, l, x, n) }, true, false},
		{"TR", func(x, h, l, _ []float64) []float64 { return TrueRange(h, l, x) }, true, false},
		{"OBV", func(x, _, _, v []float64) []float64 { return OBV(x, v) }, false, true},
	}
	for _, in := range inds {
		full := in.f(x, h, l, v)
		var rs [][2]int
		switch {
		case in.hlc:
			rs = runs(x, h, l)
		case in.vol:
			rs = runs(x, v)
		default:
			rs = runs(x)
		}
		covered := make([]bool, len(x))
		for _, r := range rs {
			a, b := r[0], r[1]
			part := in.f(x[a:b], h[a:b], l[a:b], v[a:b])
			for i := a; i < b; i++ {
				covered[i] = true
				if !approxEq(full[i], part[i-a], 1e-12) {
					t.Fatalf("%s[%d] = %v, run-alone %v (run %d..%d)", in.name, i, full[i], part[i-a], a, b)
				}
			}
		}
		for i, c := range covered {
			if !c && !math.IsNaN(full[i]) {
				t.Fatalf("%s[%d] = %v on a hole, want NaN", in.name, i, full[i])
			}
		}
	}
	// Window indicators also equal a naive window computation that skips any
	// window containing a hole.
	for _, w := range []int{1, 2, 5, 14} {
		sma, mx, mn := SMA(x, w), RollingMax(x, w), RollingMin(x, w)
		for i := range x {
			ok := i >= w-1
			s, a, b := 0.0, math.Inf(-1), math.Inf(1)
			for j := max(0, i-w+1); ok && j <= i; j++ {
				if math.IsNaN(x[j]) || math.IsInf(x[j], 0) {
					ok = false
					break
				}
				s += x[j]
				a, b = math.Max(a, x[j]), math.Min(b, x[j])
			}
			if !ok {
				if !math.IsNaN(sma[i]) || !math.IsNaN(mx[i]) || !math.IsNaN(mn[i]) {
					t.Fatalf("w=%d [%d]: want NaN, got %v %v %v", w, i, sma[i], mx[i], mn[i])
				}
				continue
			}
			if !approxEq(sma[i], s/float64(w), 1e-9) || mx[i] != a || mn[i] != b {
				t.Fatalf("w=%d [%d]: sma %v/%v max %v/%v min %v/%v", w, i, sma[i], s/float64(w), mx[i], a, mn[i], b)
			}
		}
	}
}
