package indicator

import (
	"math"
	"testing"
)

var N = math.NaN()

// approxEq: NaN matches NaN; otherwise |a-b| <= tol·max(1,|b|).
func approxEq(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

func expect(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", name, len(got), len(want))
	}
	for i := range want {
		if !approxEq(got[i], want[i], 1e-12) {
			t.Errorf("%s[%d] = %v, want %v (all: %v)", name, i, got[i], want[i], got)
			return
		}
	}
}

func TestGoldenSMA(t *testing.T) {
	// (1+2+3)/3=2, (2+3+4)/3=3, (3+4+5)/3=4
	expect(t, "SMA", SMA([]float64{1, 2, 3, 4, 5}, 3), []float64{N, N, 2, 3, 4})
	expect(t, "SMA1", SMA([]float64{1, 2, 3}, 1), []float64{1, 2, 3})
}

func TestGoldenEMA(t *testing.T) {
	// n=3, alpha=2/4=0.5; seed (2+4+6)/3=4 at i=2;
	// i=3: 4+0.5·(8-4)=6; i=4: 6+0.5·(3-6)=4.5
	expect(t, "EMA", EMA([]float64{2, 4, 6, 8, 3}, 3), []float64{N, N, 4, 6, 4.5})
	expect(t, "EMA1", EMA([]float64{2, 4, 6}, 1), []float64{2, 4, 6})
}

func TestGoldenRSI(t *testing.T) {
	x := []float64{1, 2, 1, 2, 3} // moves +1 -1 +1 +1
	// Wilder n=2: seed i=2: g=(1+0)/2=.5, l=(0+1)/2=.5 → 50
	// i=3: g=(.5·1+1)/2=.75, l=(.5·1+0)/2=.25 → 75
	// i=4: g=(.75+1)/2=.875, l=(.25+0)/2=.125 → 87.5
	expect(t, "RSIWilder", RSIWilder(x, 2), []float64{N, N, 50, 75, 87.5})
	// Simple n=2: i=2 moves(+1,-1) → 50; i=3 (-1,+1) → 50; i=4 (+1,+1) → 100
	expect(t, "RSISimple", RSISimple(x, 2), []float64{N, N, 50, 50, 100})
	// flat tail: i=2 moves (+1,0) → 100; i=3 (0,0) → NaN (no 50 substitution)
	y := []float64{1, 2, 2, 2, 2}
	expect(t, "RSISimple-flat", RSISimple(y, 2), []float64{N, N, 100, N, N})
	// Wilder on y: seed g=.5,l=0 → 100; stays 100 (loss stays 0)
	expect(t, "RSIWilder-flat", RSIWilder(y, 2), []float64{N, N, 100, 100, 100})
	// down moves then flat, with a float step that does not cancel exactly:
	// sums snap to 0 once the window holds no move
	z := []float64{1, 1.1, 1.3, 1.3, 1.3}
	expect(t, "RSISimple-snap", RSISimple(z, 2), []float64{N, N, 100, 100, N})
}

func TestGoldenMACD(t *testing.T) {
	x := []float64{1, 3, 2, 4, 3, 5}
	// fast n=2 (α=2/3): seed i=1 (1+3)/2=2; i=2: 2+⅔·0=2; i=3: 2+⅔·2=10/3;
	//   i=4: 10/3+⅔·(3-10/3)=28/9; i=5: 28/9+⅔·(5-28/9)=118/27
	// slow n=3 (α=½): seed i=2 (1+3+2)/3=2; i=3: 3; i=4: 3; i=5: 4
	// macd: i=2: 0, i=3: 1/3, i=4: 1/9, i=5: 10/27
	// signal n=2 (α=2/3): seed i=3 (0+1/3)/2=1/6; i=4: 1/6+⅔·(1/9-1/6)=7/54;
	//   i=5: 7/54+⅔·(10/27-7/54)=47/162
	// hist: i=3: 1/6; i=4: -1/54; i=5: 13/162
	m, s, h := MACD(x, 2, 3, 2)
	expect(t, "macd", m, []float64{N, N, 0, 1. / 3, 1. / 9, 10. / 27})
	expect(t, "sig", s, []float64{N, N, N, 1. / 6, 7. / 54, 47. / 162})
	expect(t, "hist", h, []float64{N, N, N, 1. / 6, -1. / 54, 13. / 162})
}

func TestGoldenBollinger(t *testing.T) {
	// n=3: window (1,2,3): mean 2, pop var (1+0+1)/3=2/3; window (2,3,4): mean 3, same var
	sd := math.Sqrt(2. / 3)
	u, m, l := Bollinger([]float64{1, 2, 3, 4}, 3, 2)
	expect(t, "upper", u, []float64{N, N, 2 + 2*sd, 3 + 2*sd})
	expect(t, "middle", m, []float64{N, N, 2, 3})
	expect(t, "lower", l, []float64{N, N, 2 - 2*sd, 3 - 2*sd})
	// window (10,20,60): mean 30, var (400+100+900)/3=1400/3
	u, m, l = Bollinger([]float64{10, 20, 60}, 3, 1)
	sd = math.Sqrt(1400. / 3)
	expect(t, "upper2", u, []float64{N, N, 30 + sd})
	expect(t, "middle2", m, []float64{N, N, 30})
	expect(t, "lower2", l, []float64{N, N, 30 - sd})
}

func TestGoldenTRATR(t *testing.T) {
	h := []float64{10, 12, 11, 8, 13}
	l := []float64{8, 9, 7, 6, 12}
	c := []float64{9, 11, 8, 7, 12.5}
	// i=1: max(12-9=3, |9-12|=3, |9-9|=0)=3; i=2: max(4, |11-11|=0, |11-7|=4)=4
	// i=3: max(2, |8-8|=0, |8-6|=2)=2;       i=4: max(1, |7-13|=6, |7-12|=5)=6
	expect(t, "TR", TrueRange(h, l, c), []float64{N, 3, 4, 2, 6})
	// ATR n=2: seed i=2 (3+4)/2=3.5; i=3: (3.5·1+2)/2=2.75; i=4: (2.75+6)/2=4.375
	expect(t, "ATR", ATR(h, l, c, 2), []float64{N, N, 3.5, 2.75, 4.375})
	expect(t, "ATR1", ATR(h, l, c, 1), []float64{N, 3, 4, 2, 6})
}

func TestGoldenOBV(t *testing.T) {
	c := []float64{10, 11, 11, 10, 12}
	v := []float64{100, 200, 300, 400, 500}
	// 100; up +200=300; equal 300; down -400=-100; up +500=400
	expect(t, "OBV", OBV(c, v), []float64{100, 300, 300, -100, 400})
}

func TestGoldenRolling(t *testing.T) {
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	expect(t, "max", RollingMax(x, 3), []float64{N, N, 4, 4, 5, 9, 9, 9})
	expect(t, "min", RollingMin(x, 3), []float64{N, N, 1, 1, 1, 1, 2, 2})
	expect(t, "max1", RollingMax(x, 1), x)
	// power-of-two window (deque exactly full) and a decreasing series (worst case)
	d := []float64{8, 7, 6, 5, 4, 3, 2, 1}
	expect(t, "maxdec", RollingMax(d, 4), []float64{N, N, N, 8, 7, 6, 5, 4})
	expect(t, "mindec", RollingMin(d, 4), []float64{N, N, N, 5, 4, 3, 2, 1})
}

func TestGoldenPctChange(t *testing.T) {
	// 110/100-1=+10%; 99/110-1=-10%; 0/99-1=-100%; base 0 → NaN
	expect(t, "pct", PctChange([]float64{100, 110, 99, 0, 5}, 1), []float64{N, 10, -10, -100, N})
	// n=2: 99/100-1 = -1%
	expect(t, "pct2", PctChange([]float64{100, 110, 99}, 2), []float64{N, N, -1})
}

// single-output adapters for the generic edge-case tests
var singles = map[string]func(x []float64, n int) []float64{
	"SMA":        SMA,
	"EMA":        EMA,
	"RSIWilder":  RSIWilder,
	"RSISimple":  RSISimple,
	"RollingMax": RollingMax,
	"RollingMin": RollingMin,
	"PctChange":  PctChange,
	"MACD":       func(x []float64, n int) []float64 { m, _, _ := MACD(x, n, n+1, n); return m },
	"MACDsig":    func(x []float64, n int) []float64 { _, s, _ := MACD(x, n, n+1, n); return s },
	"BBupper":    func(x []float64, n int) []float64 { u, _, _ := Bollinger(x, n, 2); return u },
	"BBlower":    func(x []float64, n int) []float64 { _, _, l := Bollinger(x, n, 2); return l },
	"ATR":        func(x []float64, n int) []float64 { return ATR(x, x, x, n) },
	"OBVn":       func(x []float64, n int) []float64 { return OBV(x, x) }, // n ignored
}

func allNaN(v []float64) bool {
	for _, f := range v {
		if !math.IsNaN(f) {
			return false
		}
	}
	return true
}

func TestEdgeNonPositivePeriodAndShort(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	for name, f := range singles {
		if name == "OBVn" {
			continue
		}
		for _, n := range []int{0, -1, -100} {
			if out := f(x, n); len(out) != len(x) || !allNaN(out) {
				t.Errorf("%s n=%d: %v, want all NaN", name, n, out)
			}
		}
		if out := f(x, 10); len(out) != len(x) || !allNaN(out) {
			t.Errorf("%s len<n: %v, want all NaN", name, out)
		}
		if out := f(nil, 3); len(out) != 0 {
			t.Errorf("%s nil: %v", name, out)
		}
	}
	m, s, h := MACD(x, 0, 3, 2)
	if !allNaN(m) || !allNaN(s) || !allNaN(h) {
		t.Error("MACD fast=0 not all NaN")
	}
	if out := ATR([]float64{1}, x, x, 2); len(out) != len(x) || !allNaN(out) {
		t.Error("ATR length mismatch")
	}
	if out := TrueRange(x, []float64{1}, x); len(out) != len(x) || !allNaN(out) {
		t.Error("TrueRange length mismatch")
	}
	if out := OBV(x, x[:2]); len(out) != len(x) || !allNaN(out) {
		t.Error("OBV length mismatch")
	}
}

func TestEdgeConstant(t *testing.T) {
	x := make([]float64, 50)
	for i := range x {
		x[i] = 123.45
	}
	check := func(name string, out []float64, from int, want float64) {
		t.Helper()
		for i := from; i < len(out); i++ {
			if !approxEq(out[i], want, 1e-12) {
				t.Fatalf("%s[%d]=%v want %v", name, i, out[i], want)
			}
		}
	}
	check("SMA", SMA(x, 5), 4, 123.45)
	check("EMA", EMA(x, 5), 4, 123.45)
	check("RSIWilder", RSIWilder(x, 5), 0, N) // flat: undefined
	check("RSISimple", RSISimple(x, 5), 0, N)
	m, s, h := MACD(x, 3, 6, 4)
	check("macd", m, 5, 0)
	check("sig", s, 8, 0)
	check("hist", h, 8, 0)
	u, mid, l := Bollinger(x, 5, 2)
	check("bbu", u, 4, 123.45)
	check("bbm", mid, 4, 123.45)
	check("bbl", l, 4, 123.45)
	check("TR", TrueRange(x, x, x), 1, 0)
	check("ATR", ATR(x, x, x, 5), 5, 0)
	check("OBV", OBV(x, x), 0, 123.45)
	check("max", RollingMax(x, 5), 4, 123.45)
	check("min", RollingMin(x, 5), 4, 123.45)
	check("pct", PctChange(x, 5), 5, 0)
}

func TestNaNGapRestarts(t *testing.T) {
	inf := math.Inf(1)
	x := []float64{1, 2, 3, N, 5, 6, 7, 8}
	// window indicators: NaN while the window (n=3) contains index 3
	expect(t, "SMA", SMA(x, 3), []float64{N, N, 2, N, N, N, 6, 7})
	expect(t, "max", RollingMax(x, 3), []float64{N, N, 3, N, N, N, 7, 8})
	expect(t, "min", RollingMin(x, 3), []float64{N, N, 1, N, N, N, 5, 6})
	// EMA restarts: seed (5+6+7)/3=6 at i=6, then 6+.5·(8-6)=7
	expect(t, "EMA", EMA(x, 3), []float64{N, N, 2, N, N, N, 6, 7})
	xi := []float64{1, 2, 3, inf, 5, 6, 7, 8}
	expect(t, "SMA-inf", SMA(xi, 3), []float64{N, N, 2, N, N, N, 6, 7})
	expect(t, "EMA-inf", EMA(xi, 3), []float64{N, N, 2, N, N, N, 6, 7})
	// RSI n=2 needs 3 consecutive finite values after the gap
	y := []float64{1, 2, 1, N, 1, 2, 1, 2}
	// Wilder after gap: i=6 seed moves(+1,-1) → 50; i=7: g=(.5+1)/2=.75,l=.25 → 75
	expect(t, "RSIWilder", RSIWilder(y, 2), []float64{N, N, 50, N, N, N, 50, 75})
	expect(t, "RSISimple", RSISimple(y, 2), []float64{N, N, 50, N, N, N, 50, 50})
	u, m, l := Bollinger(x, 3, 2)
	sd := math.Sqrt(2. / 3)
	expect(t, "bbm", m, []float64{N, N, 2, N, N, N, 6, 7})
	expect(t, "bbu", u, []float64{N, N, 2 + 2*sd, N, N, N, 6 + 2*sd, 7 + 2*sd})
	expect(t, "bbl", l, []float64{N, N, 2 - 2*sd, N, N, N, 6 - 2*sd, 7 - 2*sd})
	// PctChange only looks at end points
	expect(t, "pct", PctChange(x, 2), []float64{N, N, 200, N, 100. * (5./3 - 1), N, 40, 100. * (8./6 - 1)})
	// OBV: bad bar → NaN, restart at volume of next bar
	c := []float64{10, 11, N, 12, 11}
	v := []float64{100, 200, 300, 400, 500}
	expect(t, "OBV", OBV(c, v), []float64{100, 300, N, 400, -100})
	// TR/ATR: bar 2 bad → TR[2], TR[3] NaN (no previous close), ATR n=2 re-seeds at i=5
	h := []float64{10, 12, N, 8, 13, 14}
	lo := []float64{8, 9, 7, 6, 12, 13}
	cl := []float64{9, 11, 8, 7, 12.5, 13.5}
	// TR[4] = max(1,|7-13|,|7-12|)=6; TR[5] = max(1,|12.5-14|,|12.5-13|)=1.5; ATR[5]=(6+1.5)/2
	expect(t, "TR", TrueRange(h, lo, cl), []float64{N, 3, N, N, 6, 1.5})
	expect(t, "ATR", ATR(h, lo, cl, 2), []float64{N, N, N, N, N, 3.75})
	// MACD: macd restarts with the EMAs, signal restarts with macd
	z := []float64{1, 3, 2, 4, 3, 5}
	zz := append([]float64{7, 7, N}, z...)
	mm, ss, hh := MACD(zz, 2, 3, 2)
	expect(t, "macd-gap", mm, []float64{N, N, N, N, N, 0, 1. / 3, 1. / 9, 10. / 27})
	expect(t, "sig-gap", ss, []float64{N, N, N, N, N, N, 1. / 6, 7. / 54, 47. / 162})
	expect(t, "hist-gap", hh, []float64{N, N, N, N, N, N, 1. / 6, -1. / 54, 13. / 162})
}

func TestAllocs(t *testing.T) {
	x := randomWalk(1, 1000, 100)
	h, l, c, v := ohlcv(x, 2)
	cases := []struct {
		name string
		want float64
		f    func()
	}{
		{"SMA", 1, func() { SMA(x, 20) }},
		{"EMA", 1, func() { EMA(x, 20) }},
		{"RSIWilder", 1, func() { RSIWilder(x, 14) }},
		{"RSISimple", 1, func() { RSISimple(x, 14) }},
		{"MACD", 3, func() { MACD(x, 12, 26, 9) }},
		{"Bollinger", 3, func() { Bollinger(x, 20, 2) }},
		{"ATR", 1, func() { ATR(h, l, c, 14) }},
		{"TrueRange", 1, func() { TrueRange(h, l, c) }},
		{"OBV", 1, func() { OBV(c, v) }},
		{"RollingMax", 1, func() { RollingMax(x, 64) }},
		{"RollingMin", 1, func() { RollingMin(x, 20) }},
		{"RollingMaxBig", 1, func() { RollingMax(x, 65) }},
		{"PctChange", 1, func() { PctChange(x, 5) }},
	}
	for _, tc := range cases {
		if got := testing.AllocsPerRun(20, tc.f); got != tc.want {
			t.Errorf("%s: %v allocs, want %v", tc.name, got, tc.want)
		}
	}
}
