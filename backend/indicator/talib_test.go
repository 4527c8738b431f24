package indicator

// Cross-checks and benchmarks against go-talib (github.com/markcheno/go-talib),
// used as a test oracle only.
//
// Warm-up differences (only the defined part is compared; our warm-up is
// checked to be NaN):
//   - go-talib writes 0 where the value is undefined; we write NaN.
//   - MACD: go-talib hides the first signal-1 macd values (defined from
//     slow+signal-3, we define macd from slow-1) and seeds its signal EMA with
//     zeros from index signal-1, so signal/hist only converge to ours after
//     the zero seed has decayed: compared from lookback+macdSettle.
//   - RSI: go-talib returns 0 when avgGain+avgLoss < 1e-14 (never happens on a
//     random walk); we return NaN.
//   - MAX/MIN: go-talib returns zeros for n < 2; compared for n >= 2.
//   - ROC (PctChange): go-talib returns 0 for a zero base; random walks here
//     stay positive.

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	talib "github.com/markcheno/go-talib"
)

// randomWalk returns a deterministic multiplicative random walk starting at p0.
func randomWalk(seed uint64, n int, p0 float64) []float64 {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	x := make([]float64, n)
	p := p0
	for i := range x {
		p *= math.Exp(0.02 * r.NormFloat64())
		x[i] = p
	}
	return x
}

// ohlcv builds consistent high/low/close/volume around a close series.
func ohlcv(c []float64, seed uint64) (h, l, cl, v []float64) {
	r := rand.New(rand.NewPCG(seed, 0xbeef))
	h = make([]float64, len(c))
	l = make([]float64, len(c))
	v = make([]float64, len(c))
	for i, p := range c {
		h[i] = p * (1 + 0.01*r.Float64())
		l[i] = p * (1 - 0.01*r.Float64())
		v[i] = math.Round(1e5 * (1 + 10*r.Float64()))
	}
	return h, l, c, v
}

const tol = 1e-9

// cmp compares ours vs talib from index `from` (relative tolerance for |v|>1)
// and requires ours to be NaN before `nanUntil`.
func cmp(t *testing.T, name string, ours, ref []float64, nanUntil, from int) {
	t.Helper()
	if len(ours) != len(ref) {
		t.Fatalf("%s: len %d vs %d", name, len(ours), len(ref))
	}
	for i := 0; i < nanUntil && i < len(ours); i++ {
		if !math.IsNaN(ours[i]) {
			t.Fatalf("%s[%d] = %v, want NaN (warm-up)", name, i, ours[i])
		}
	}
	for i := from; i < len(ours); i++ {
		if math.IsNaN(ours[i]) || !approxEq(ours[i], ref[i], tol) {
			t.Fatalf("%s[%d] = %.17g, talib %.17g", name, i, ours[i], ref[i])
		}
	}
}

const macdSettle = 200 // (1-2/(9+1))^200 ≈ 4e-20: go-talib's zero-seeded signal has converged

func TestCrossTalib(t *testing.T) {
	for _, size := range []int{1000, 10000} {
		for _, p0 := range []float64{100, 75000} { // "large values": KRW-like prices
			for seed := uint64(1); seed <= 3; seed++ {
				x := randomWalk(seed, size, p0)
				h, l, c, v := ohlcv(x, seed)
				tag := func(s string) string {
					return s + "/" + strconv.Itoa(size) + "/" + strconv.FormatFloat(p0, 'g', -1, 64)
				}
				for _, n := range []int{2, 5, 14, 20, 50} {
					ns := tag("n" + strconv.Itoa(n))
					cmp(t, "SMA"+ns, SMA(x, n), talib.Sma(x, n), n-1, n-1)
					cmp(t, "EMA"+ns, EMA(x, n), talib.Ema(x, n), n-1, n-1)
					cmp(t, "RSI"+ns, RSIWilder(x, n), talib.Rsi(x, n), n, n)
					u, m, lo := Bollinger(x, n, 2)
					tu, tm, tl := talib.BBands(x, n, 2, 2, talib.SMA)
					cmp(t, "BBm"+ns, m, tm, n-1, n-1)
					bbCheck(t, "BB"+ns, x, n, 2, u, m, lo, tu, tl)
					cmp(t, "ATR"+ns, ATR(h, l, c, n), talib.Atr(h, l, c, n), n, n)
					cmp(t, "MAX"+ns, RollingMax(x, n), talib.Max(x, n), n-1, n-1)
					cmp(t, "MIN"+ns, RollingMin(x, n), talib.Min(x, n), n-1, n-1)
					cmp(t, "ROC"+ns, PctChange(x, n), talib.Roc(x, n), n, n)
				}
				cmp(t, tag("TRANGE"), TrueRange(h, l, c), talib.TRange(h, l, c), 1, 1)
				cmp(t, tag("OBV"), OBV(c, v), talib.Obv(c, v), 0, 0)
				for _, p := range [][3]int{{12, 26, 9}, {5, 35, 5}, {3, 10, 16}} {
					fast, slow, sg := p[0], p[1], p[2]
					ns := tag("MACD" + strconv.Itoa(fast) + "," + strconv.Itoa(slow) + "," + strconv.Itoa(sg))
					m, s, hh := MACD(x, fast, slow, sg)
					tm, ts, th := talib.Macd(x, fast, slow, sg)
					look := slow + sg - 2
					cmp(t, ns+"macd", m, tm, slow-1, look-1)
					cmp(t, ns+"sig", s, ts, look, look+macdSettle)
					cmp(t, ns+"hist", hh, th, look, look+macdSettle)
				}
			}
		}
	}
}

// bbCheck compares the bands with a two-pass (exact-as-possible) population
// std at 1e-9, and with go-talib at 1e-9 plus go-talib's own cancellation
// error: it computes var = E[x²]-E[x]² from running sums, whose absolute
// error grows like c·√i·ε·max(x²) after i updates (the sums remember the
// largest squares they ever held), i.e. that /(2·sd) on sd. For n=2 windows of nearly equal
// prices that exceeds 1e-9 relative, and ours is the accurate one.
func bbCheck(t *testing.T, name string, x []float64, n int, k float64, u, m, lo, tu, tl []float64) {
	t.Helper()
	const eps = 0x1p-52
	maxSq := 0.0 // largest x² that ever entered go-talib's running sums
	for i := range n - 1 {
		maxSq = math.Max(maxSq, x[i]*x[i])
	}
	for i := n - 1; i < len(x); i++ {
		maxSq = math.Max(maxSq, x[i]*x[i])
		mean := 0.0
		for j := i - n + 1; j <= i; j++ {
			mean += x[j]
		}
		mean /= float64(n)
		ss := 0.0
		for j := i - n + 1; j <= i; j++ {
			d := x[j] - mean
			ss += d * d
		}
		sd := math.Sqrt(ss / float64(n))
		if !approxEq(u[i], mean+k*sd, tol) || !approxEq(lo[i], mean-k*sd, tol) {
			t.Fatalf("%s[%d]: bands %v/%v, two-pass %v/%v", name, i, u[i], lo[i], mean+k*sd, mean-k*sd)
		}
		slack := tol*math.Max(1, math.Abs(tu[i])) + k*8*(1+math.Sqrt(float64(i)))*eps*maxSq/math.Max(sd, 1e-300)
		if math.Abs(u[i]-tu[i]) > slack || math.Abs(lo[i]-tl[i]) > slack {
			t.Fatalf("%s[%d]: bands %v/%v, talib %v/%v (slack %g)", name, i, u[i], lo[i], tu[i], tl[i], slack)
		}
	}
}

// RSISimple has no TA-Lib counterpart: check it against a direct O(n·k) window sum.
func TestRSISimpleBrute(t *testing.T) {
	x := randomWalk(9, 2000, 100)
	for _, n := range []int{1, 2, 14, 50} {
		got := RSISimple(x, n)
		for i := range x {
			if i < n {
				if !math.IsNaN(got[i]) {
					t.Fatalf("n=%d [%d] not NaN", n, i)
				}
				continue
			}
			g, l := 0.0, 0.0
			for j := i - n + 1; j <= i; j++ {
				d := x[j] - x[j-1]
				if d > 0 {
					g += d
				} else {
					l -= d
				}
			}
			if want := 100 * g / (g + l); !approxEq(got[i], want, tol) {
				t.Fatalf("n=%d [%d] = %v want %v", n, i, got[i], want)
			}
		}
	}
}

// RollingMax/Min on monotone series (deque worst case) vs brute force, with big n.
func TestRollingBrute(t *testing.T) {
	for _, x := range [][]float64{randomWalk(4, 3000, 100), linspace(3000, -1), linspace(3000, 1)} {
		for _, n := range []int{1, 3, 64, 65, 100, 128} {
			mx, mn := RollingMax(x, n), RollingMin(x, n)
			for i := n - 1; i < len(x); i++ {
				a, b := math.Inf(-1), math.Inf(1)
				for j := i - n + 1; j <= i; j++ {
					a, b = math.Max(a, x[j]), math.Min(b, x[j])
				}
				if mx[i] != a || mn[i] != b {
					t.Fatalf("n=%d [%d]: max %v/%v min %v/%v", n, i, mx[i], a, mn[i], b)
				}
			}
		}
	}
}

func linspace(n int, step float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1e4 + step*float64(i)
	}
	return x
}

// ---- benchmarks ----

var sink []float64

// benchPair times ours and talib on the same input inside one benchmark,
// interleaving the calls (ours, talib, ours, …) so that GC and frequency
// drift hit both alike. It reports our throughput (bars/s), talib's
// (talib-bars/s) and the time ratio ours÷talib (x-vs-talib, < 1 means
// faster). ns/op covers both calls.
func benchPair(b *testing.B, bars int, ours, ref func() []float64) {
	b.ReportAllocs()
	sink = ours()
	sink = ref()
	var d1, d2 time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		sink = ours()
		t1 := time.Now()
		sink = ref()
		d2 += time.Since(t1)
		d1 += t1.Sub(t0)
	}
	b.ReportMetric(float64(bars)*float64(b.N)/d1.Seconds(), "bars/s")
	b.ReportMetric(float64(bars)*float64(b.N)/d2.Seconds(), "talib-bars/s")
	b.ReportMetric(d1.Seconds()/d2.Seconds(), "x-vs-talib")
}

func benchSizes(b *testing.B, f func(b *testing.B, bars int, x, h, l, c, v []float64)) {
	for _, bars := range []int{1000, 10000} {
		x := randomWalk(42, bars, 100)
		h, l, c, v := ohlcv(x, 42)
		b.Run(strconv.Itoa(bars), func(b *testing.B) { f(b, bars, x, h, l, c, v) })
	}
}

func BenchmarkSMA(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars, func() []float64 { return SMA(x, 20) }, func() []float64 { return talib.Sma(x, 20) })
	})
}

func BenchmarkEMA(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars, func() []float64 { return EMA(x, 20) }, func() []float64 { return talib.Ema(x, 20) })
	})
}

func BenchmarkRSIWilder(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars, func() []float64 { return RSIWilder(x, 14) }, func() []float64 { return talib.Rsi(x, 14) })
	})
}

// RSISimple has no TA-Lib equivalent; the reference is talib.Rsi (Wilder).
func BenchmarkRSISimple(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars, func() []float64 { return RSISimple(x, 14) }, func() []float64 { return talib.Rsi(x, 14) })
	})
}

func BenchmarkMACD(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars,
			func() []float64 { m, _, _ := MACD(x, 12, 26, 9); return m },
			func() []float64 { m, _, _ := talib.Macd(x, 12, 26, 9); return m })
	})
}

func BenchmarkBollinger(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars,
			func() []float64 { u, _, _ := Bollinger(x, 20, 2); return u },
			func() []float64 { u, _, _ := talib.BBands(x, 20, 2, 2, talib.SMA); return u })
	})
}

func BenchmarkATR(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, _, h, l, c, _ []float64) {
		benchPair(b, bars, func() []float64 { return ATR(h, l, c, 14) }, func() []float64 { return talib.Atr(h, l, c, 14) })
	})
}

func BenchmarkTrueRange(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, _, h, l, c, _ []float64) {
		benchPair(b, bars, func() []float64 { return TrueRange(h, l, c) }, func() []float64 { return talib.TRange(h, l, c) })
	})
}

func BenchmarkOBV(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, _, _, _, c, v []float64) {
		benchPair(b, bars, func() []float64 { return OBV(c, v) }, func() []float64 { return talib.Obv(c, v) })
	})
}

func BenchmarkRollingMax(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars, func() []float64 { return RollingMax(x, 20) }, func() []float64 { return talib.Max(x, 20) })
	})
}

func BenchmarkRollingMin(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars, func() []float64 { return RollingMin(x, 20) }, func() []float64 { return talib.Min(x, 20) })
	})
}

func BenchmarkPctChange(b *testing.B) {
	benchSizes(b, func(b *testing.B, bars int, x, _, _, _, _ []float64) {
		benchPair(b, bars, func() []float64 { return PctChange(x, 10) }, func() []float64 { return talib.Roc(x, 10) })
	})
}
