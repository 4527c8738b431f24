package vcp

import (
	"time"

	"krmarket/backend/market/markettest"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"krmarket/backend/market"
)

// seg is one piece of a constructed path (markettest.Seg).
func seg(target float64, n int, vol float64) markettest.Seg {
	return markettest.Seg{Target: target, N: n, Vol: vol}
}

// build is markettest.Path from time 0.
func build(start, vol0 float64, segs ...markettest.Seg) []market.Bar {
	return markettest.Path(time.Unix(0, 0), start, vol0, segs...)
}

var mk = markettest.Bar

// threeContraction: lead-in 50→100 over 80 bars (H0 at index 80), then
// pullbacks 100→80 (20 %), 95→85.5 (10 %), 92→87.4 (5 %) with falling volume,
// last close 90.16 = 2 % under the 92 pivot. n = 127.
func threeContraction() []market.Bar {
	return build(50, 1e6,
		seg(100, 80, 1e6),
		seg(80, 10, 8e5), seg(95, 10, 8e5),
		seg(85.5, 8, 6e5), seg(92, 8, 6e5),
		seg(87.4, 6, 4e5), seg(90.16, 4, 4e5),
	)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func hasReason(r Result, sub string) bool {
	for _, s := range r.Reasons {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestThreeContractionBase(t *testing.T) {
	bars := threeContraction()
	r := Detect(bars, DefaultConfig())
	if !r.Found {
		t.Fatalf("not found: %v", r.Reasons)
	}
	wantDepths := []float64{20, 10, 5}
	if len(r.Depths) != 3 {
		t.Fatalf("depths = %v, want %v", r.Depths, wantDepths)
	}
	for i, d := range wantDepths {
		if !near(r.Depths[i], d) {
			t.Errorf("depth[%d] = %v, want %v", i, r.Depths[i], d)
		}
	}
	wantIdx := [][2]int{{80, 90}, {100, 108}, {116, 122}}
	for i, c := range r.Contractions {
		if c.HighIndex != wantIdx[i][0] || c.LowIndex != wantIdx[i][1] {
			t.Errorf("contraction %d = %d→%d, want %v", i, c.HighIndex, c.LowIndex, wantIdx[i])
		}
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"pivot", r.Pivot, 92},
		{"distance", r.DistancePct, 2},
		{"base depth", r.BaseDepthPct, 20},
		{"base length", float64(r.BaseLength), 46},
		// 16 (3 contractions) + 25 (last 5 %) + 20 (dry ratio 0.43) + 16 (2 % under) + 10 + 5
		{"score", r.Score, 92},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !r.VolumeDryUp || r.Breakout || r.Stage != StagePivot {
		t.Errorf("dryup=%v breakout=%v stage=%q", r.VolumeDryUp, r.Breakout, r.Stage)
	}
	if len(r.Reasons) != 0 {
		t.Errorf("unexpected reasons %v", r.Reasons)
	}
}

func TestBreakout(t *testing.T) {
	base := threeContraction()
	avg := 0.0
	for _, b := range base[len(base)-50:] {
		avg += b.Volume / 50
	}
	tests := []struct {
		name      string
		close     float64
		vol       float64
		breakout  bool
		stage     string
		wantScore float64
	}{
		{"2x volume above pivot", 94, 2 * avg, true, StageBreakout, 96},
		{"1x volume above pivot", 94, avg, false, StagePivot, 96},
		{"extended 10% above pivot", 101.2, 2 * avg, false, StageTightening, 96},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bars := append(append([]market.Bar(nil), base...), mk(tc.close, tc.vol))
			r := Detect(bars, DefaultConfig())
			if !r.Found || !near(r.Pivot, 92) {
				t.Fatalf("found=%v pivot=%v reasons=%v", r.Found, r.Pivot, r.Reasons)
			}
			if r.Breakout != tc.breakout || r.Stage != tc.stage || !near(r.Score, tc.wantScore) {
				t.Errorf("breakout=%v stage=%q score=%v, want %v %q %v", r.Breakout, r.Stage, r.Score, tc.breakout, tc.stage, tc.wantScore)
			}
			if r.DistancePct >= 0 {
				t.Errorf("distance %v should be negative above the pivot", r.DistancePct)
			}
		})
	}
}

func TestRejections(t *testing.T) {
	flat := make([]market.Bar, 200)
	for i := range flat {
		flat[i] = mk(100, 1e6)
	}
	down := make([]market.Bar, 300)
	for i := range down {
		down[i] = mk(200-float64(i)/3, 1e6)
	}
	// Saw-tooth downtrend: lower highs and lower lows.
	var sawSegs []markettest.Seg
	v := 200.0
	for k := 0; k < 30; k++ {
		sawSegs = append(sawSegs, seg(v*0.9, 6, 1e6), seg(v*0.9*1.05, 6, 1e6))
		v *= 0.9 * 1.05
	}
	tests := []struct {
		name   string
		bars   []market.Bar
		reason string
	}{
		{"second pullback deeper", build(50, 1e6,
			seg(100, 80, 1e6), seg(90, 10, 8e5), seg(97, 10, 8e5),
			seg(82.45, 8, 6e5), seg(90, 8, 6e5)), "contraction 2 (15.0%) not shallower than contraction 1 (10.0%)"},
		{"first pullback too deep", build(50, 1e6,
			seg(100, 80, 1e6), seg(60, 12, 8e5), seg(90, 12, 8e5),
			seg(72, 8, 6e5), seg(85, 8, 6e5), seg(80.75, 6, 4e5), seg(83, 4, 4e5)), "base depth 40.0% exceeds 35%"},
		{"single pullback", build(50, 1e6,
			seg(100, 80, 1e6), seg(85, 10, 8e5), seg(95, 10, 8e5)), "only 1 contraction(s), need 2"},
		{"broken down", append(threeContraction(), mk(85, 1e6)), "broken down"},
		{"flat line", flat, "not a swing high"},
		{"steady downtrend", down, "not a swing high"},
		{"saw-tooth downtrend", build(200, 1e6, sawSegs...), ""},
		{"too few bars", flat[:10], "need at least 21 bars, have 10"},
		{"invalid bar", append(threeContraction(), market.Bar{High: math.NaN()}), "invalid bar"},
		{"empty", nil, "need at least"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Detect(tc.bars, DefaultConfig())
			if r.Found || r.Stage != StageNone || r.Score != 0 || r.Breakout {
				t.Fatalf("found=%v stage=%q score=%v depths=%v", r.Found, r.Stage, r.Score, r.Depths)
			}
			if len(r.Reasons) == 0 || !hasReason(r, tc.reason) {
				t.Errorf("reasons %v, want one containing %q", r.Reasons, tc.reason)
			}
		})
	}
}

func TestNoDryUpIsInformational(t *testing.T) {
	bars := threeContraction()
	for i := range bars {
		bars[i].Volume = 1e6 // constant volume: ratio 1.0
	}
	r := Detect(bars, DefaultConfig())
	if !r.Found || r.VolumeDryUp || !hasReason(r, "no volume dry-up (ratio 1.00 > 0.70)") {
		t.Fatalf("found=%v dry=%v reasons=%v", r.Found, r.VolumeDryUp, r.Reasons)
	}
	if !near(r.Score, 72) { // 92 − 20 dry-up points
		t.Errorf("score = %v, want 72", r.Score)
	}
}

func TestTrendTemplate(t *testing.T) {
	up, dn := make([]float64, 300), make([]float64, 300)
	for i := range up {
		up[i] = 100 + float64(i)
		dn[i] = 400 - float64(i)
	}
	tests := []struct {
		name   string
		closes []float64
		want   Trend
	}{
		{"uptrend", up, Trend{Checks: [7]bool{true, true, true, true, true, true, true}, Passed: 7,
			Price: 399, SMA50: 374.5, SMA150: 324.5, SMA200: 299.5, High52w: 399, Low52w: 148}},
		{"downtrend", dn, Trend{Passed: 0,
			Price: 101, SMA50: 125.5, SMA150: 175.5, SMA200: 200.5, High52w: 352, Low52w: 101}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := TrendTemplate(tc.closes)
			if !ok {
				t.Fatal("not ok")
			}
			if got.Checks != tc.want.Checks || got.Passed != tc.want.Passed {
				t.Errorf("checks %v passed %d, want %v %d", got.Checks, got.Passed, tc.want.Checks, tc.want.Passed)
			}
			for _, f := range [][3]any{
				{"price", got.Price, tc.want.Price}, {"sma50", got.SMA50, tc.want.SMA50},
				{"sma150", got.SMA150, tc.want.SMA150}, {"sma200", got.SMA200, tc.want.SMA200},
				{"high52w", got.High52w, tc.want.High52w}, {"low52w", got.Low52w, tc.want.Low52w},
			} {
				if !near(f[1].(float64), f[2].(float64)) {
					t.Errorf("%s = %v, want %v", f[0], f[1], f[2])
				}
			}
		})
	}
	// Mixed: price dipped below SMA50 after an uptrend → only C5 (and C4? no) changes.
	mixed := append([]float64(nil), up...)
	mixed[len(mixed)-1] = 360 // below SMA50 (≈374), above SMA150/200
	got, _ := TrendTemplate(mixed)
	if got.Checks[4] || !got.Checks[0] || !got.Checks[3] || got.Passed != 6 {
		t.Errorf("mixed: %+v", got)
	}
	if _, ok := TrendTemplate(up[:TrendMinBars-1]); ok {
		t.Error("251 closes should not be enough")
	}
	bad := append([]float64(nil), up...)
	bad[len(bad)-5] = math.NaN()
	if _, ok := TrendTemplate(bad); ok {
		t.Error("NaN close should be rejected")
	}
}

func randomWalk(rng *rand.Rand, n int) []market.Bar {
	bars := make([]market.Bar, n)
	c := 100.0
	for i := range bars {
		c *= math.Exp(rng.NormFloat64() * 0.02)
		hi := c * (1 + rng.Float64()*0.02)
		lo := c * (1 - rng.Float64()*0.02)
		bars[i] = market.Bar{Time: int64(i) * 86400, Open: c, High: hi, Low: lo, Close: c, AdjClose: c, Volume: 1e5 + rng.Float64()*1e6}
	}
	return bars
}

func checkInvariants(t *testing.T, r Result, cfg Config) {
	t.Helper()
	cfg = cfg.normalized()
	if len(r.Depths) != len(r.Contractions) {
		t.Fatalf("depths/contractions length mismatch")
	}
	if r.Score < 0 || r.Score > 100 || math.IsNaN(r.Score) {
		t.Fatalf("score %v", r.Score)
	}
	if !r.Found {
		if r.Stage != StageNone || r.Breakout || len(r.Reasons) == 0 {
			t.Fatalf("not found but stage=%q breakout=%v reasons=%v", r.Stage, r.Breakout, r.Reasons)
		}
		return
	}
	if k := len(r.Depths); k < cfg.MinContractions || k > cfg.MaxContractions {
		t.Fatalf("found with %d contractions", k)
	}
	for i := 1; i < len(r.Depths); i++ {
		if !(r.Depths[i] < r.Depths[i-1]) {
			t.Fatalf("depths not strictly decreasing: %v", r.Depths)
		}
	}
	if !(r.Pivot > 0) || r.BaseDepthPct > cfg.MaxBaseDepthPct ||
		r.BaseLength < cfg.MinBaseLength || r.BaseLength > cfg.MaxBaseLength {
		t.Fatalf("bad found result %+v", r)
	}
	if r.Stage == StageNone {
		t.Fatal("found with stage none")
	}
}

func TestPropertyRandomWalks(t *testing.T) {
	found := 0
	for seed := uint64(0); seed < 400; seed++ {
		rng := rand.New(rand.NewPCG(seed, 42))
		bars := randomWalk(rng, 100+rng.IntN(300))
		cfg := DefaultConfig()
		if seed%3 == 1 {
			cfg.SwingWindow = 1 + rng.IntN(8)
			cfg.MinDepthPct = 1 + rng.Float64()*5
		}
		r := Detect(bars, cfg)
		checkInvariants(t, r, cfg)
		if r.Found {
			found++
		}
		closes := make([]float64, len(bars))
		for i, b := range bars {
			closes[i] = b.Close
		}
		if tr, ok := TrendTemplate(closes); ok && (tr.Passed < 0 || tr.Passed > 7) {
			t.Fatalf("passed %d", tr.Passed)
		}
	}
	t.Logf("found a VCP in %d of 400 random walks", found)
}

func FuzzDetect(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, uint8(5))
	f.Add(make([]byte, 400), uint8(0))
	seed := make([]byte, 0, 800)
	for i := 0; i < 200; i++ {
		seed = append(seed, byte(100+i%37), byte(i%5), byte(i%7), byte(i))
	}
	f.Add(seed, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, w uint8) {
		var bars []market.Bar
		for i := 0; i+4 <= len(data); i += 4 {
			c := float64(data[i]) + 1
			bars = append(bars, market.Bar{
				Close: c, High: c + float64(data[i+1]), Low: c - float64(data[i+2])/4,
				Volume: float64(data[i+3]) * 1000,
			})
		}
		cfg := DefaultConfig()
		cfg.SwingWindow = int(w % 12)
		checkInvariants(t, Detect(bars, cfg), cfg)
	})
}

func BenchmarkDetect500(b *testing.B) {
	bars := randomWalk(rand.New(rand.NewPCG(1, 2)), 500)
	cfg := DefaultConfig()
	b.ReportAllocs()
	for b.Loop() {
		Detect(bars, cfg)
	}
	b.ReportMetric(float64(len(bars))*float64(b.N)/b.Elapsed().Seconds(), "bars/s")
}
