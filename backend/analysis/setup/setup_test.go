package setup

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

// path is markettest.Path from a day boundary near 2020-09-13.
func path(start, vol0 float64, segs ...markettest.Seg) []market.Bar {
	return markettest.Path(time.Unix(1_600_000_000-1_600_000_000%86400, 0), start, vol0, segs...)
}

var bar = markettest.Bar

func flat(bars []market.Bar, c float64) []market.Bar {
	out := make([]market.Bar, len(bars))
	for i, b := range bars {
		out[i] = bar(c, 1)
		out[i].Time = b.Time
	}
	return out
}

// flows gives n days of flows ending on the bars' last date.
func flows(bars []market.Bar, n int, foreign, inst int64) []market.Flow {
	var out []market.Flow
	for _, b := range bars[len(bars)-n:] {
		out = append(out, market.Flow{Time: b.Time, ForeignNet: foreign, InstNet: inst})
	}
	return out
}

// threeContractionBase: a long advance 40→100 over 210 bars (trend template
// material), then pullbacks of 20 %, 10 % and 5 % with higher lows and
// falling volume; the last close 91.54 is 0.5 % under the 92 pivot.
func threeContractionBase() []market.Bar {
	return path(40, 1e6,
		seg(100, 210, 1e6),
		seg(80, 10, 8e5), seg(95, 10, 8e5),
		seg(85.5, 8, 6e5), seg(92, 8, 6e5),
		seg(87.4, 6, 4e5), seg(91.54, 6, 4e5),
	)
}

func TestConstructedBaseIsFound(t *testing.T) {
	bars := threeContractionBase()
	cfg := DefaultConfig()
	ev := Evaluate(Input{Bars: bars, Flows: flows(bars, 60, 200_000, 100_000), Bench: flat(bars, 2500)}, cfg)
	if !ev.Pass {
		t.Fatalf("constructed base rejected: %v (trend %d/7 %+v)", ev.Reasons, ev.Trend.Passed, ev.Trend.Checks)
	}
	want := []float64{20, 10, 5}
	if len(ev.VCP.Depths) != 3 {
		t.Fatalf("depths %v, want %v", ev.VCP.Depths, want)
	}
	for i, d := range want {
		if math.Abs(ev.VCP.Depths[i]-d) > 1e-9 {
			t.Errorf("depth %d = %v, want %v", i, ev.VCP.Depths[i], d)
		}
	}
	if ev.VCP.Pivot != 92 {
		t.Errorf("pivot %v, want 92", ev.VCP.Pivot)
	}
	// Distance (92 − 91.54)/92 = 0.5 %.
	if math.Abs(ev.VCP.DistancePct-0.5) > 1e-9 || ev.VCP.Stage != "pivot" {
		t.Errorf("distance %v stage %s", ev.VCP.DistancePct, ev.VCP.Stage)
	}
	// Composite by hand from the parts (weights .4/.3/.2/.1, sum 1).
	wantScore := math.Round((0.4*ev.PatternScore+0.3*ev.FlowScore+0.2*ev.TrendScore+0.1*ev.RSScore)*10) / 10
	if ev.Score != wantScore {
		t.Errorf("score %v, want %v", ev.Score, wantScore)
	}
	// Flat KOSPI: the stock's excess return is its own return. n = 259 bars,
	// last close 91.54; 63 bars back is index 195 of the advance
	// (40+60·195/210 = 95.714…), 252 back is index 6 (41.714…), all four
	// lookbacks fit: d = 0.4·x63 + 0.2·x126 + 0.2·x189 + 0.2·x252.
	n := len(bars)
	r := func(k int) float64 { return (bars[n-1].Close/bars[n-1-k].Close - 1) * 100 }
	wantRS := 0.4*r(63) + 0.2*r(126) + 0.2*r(189) + 0.2*r(252)
	if !ev.HasRS || math.Abs(ev.RSExcess-wantRS) > 1e-9 {
		t.Errorf("rs %v, want %v", ev.RSExcess, wantRS)
	}
	if n != 259 || math.Abs(bars[n-1-63].Close-(40+60*195.0/210)) > 1e-9 {
		t.Errorf("path arithmetic in the comment is off: %v", bars[n-1-63].Close)
	}
}

func TestDowntrendNeverPasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for k := 0; k < 200; k++ {
		// A falling market with noise and random bounces.
		n := 260 + rng.IntN(60)
		bars := make([]market.Bar, n)
		c := 100 + rng.Float64()*100
		for i := range bars {
			c *= 1 - 0.004 + 0.02*(rng.Float64()-0.5)
			hi, lo := c*(1+0.01*rng.Float64()), c*(1-0.01*rng.Float64())
			bars[i] = market.Bar{Time: int64(i) * 86400, Open: c, High: hi, Low: lo, Close: c, Volume: 1e5 + rng.Float64()*1e5}
		}
		ev := Evaluate(Input{Bars: bars, Flows: flows(bars, 60, 1e6, 1e6)}, DefaultConfig())
		if ev.Pass {
			t.Fatalf("downtrend %d passed: score %v trend %d/7 vcp %v", k, ev.Score, ev.Trend.Passed, ev.VCP.Found)
		}
		if ev.Trend.Passed >= 6 {
			t.Fatalf("downtrend %d passed %d trend checks", k, ev.Trend.Passed)
		}
	}
}

func TestRelativeStrengthGolden(t *testing.T) {
	// Stock: 100 → 130 linear over 300 bars; bench 1000 → 1100.
	stock := path(100, 1, seg(130, 300, 1))
	bench := path(1000, 1, seg(1100, 300, 1))
	d, ok := RelativeStrength(stock, bench)
	if !ok {
		t.Fatal("no rs")
	}
	ret := func(b []market.Bar, k int) float64 { n := len(b); return (b[n-1].Close/b[n-1-k].Close - 1) * 100 }
	want := 0.0
	for _, lb := range []struct {
		n int
		w float64
	}{{63, .4}, {126, .2}, {189, .2}, {252, .2}} {
		want += lb.w * (ret(stock, lb.n) - ret(bench, lb.n))
	}
	// 63 bars: stock 130/(100+30·237/300)=130/123.7 → +5.093 %, bench 1100/1079 → +1.946 %.
	if math.Abs(ret(stock, 63)-(130/123.7-1)*100) > 1e-9 {
		t.Fatalf("63-bar return %v", ret(stock, 63))
	}
	if math.Abs(d-want) > 1e-9 {
		t.Fatalf("rs %v, want %v", d, want)
	}
	// A benchmark that stops before the stock's last day is not used.
	if _, ok := RelativeStrength(stock, bench[:len(bench)-1]); ok {
		t.Fatal("stale benchmark used")
	}
	// Score mapping: +30 points → 100, −30 → 0.
	ev := Evaluate(Input{Bars: stock, Bench: bench}, DefaultConfig())
	if math.Abs(ev.RSScore-clamp(50+want*5/3, 0, 100)) > 1e-9 {
		t.Fatalf("rs score %v", ev.RSScore)
	}
}

// Hand-checked §6.1: first 10 bars range 120−80 = 40, last 10 range
// 110−100 = 10 → ratio 0.25; last close 108 ≥ 0.92·110; volume 500 < 1.2·1000.
func TestContractionGolden(t *testing.T) {
	bars := make([]market.Bar, 20)
	for i := range bars {
		if i < 10 {
			bars[i] = market.Bar{High: 100, Low: 90, Close: 95, Volume: 1000}
		} else {
			bars[i] = market.Bar{High: 110, Low: 100, Close: 105, Volume: 500}
		}
	}
	bars[3].High, bars[6].Low = 120, 80
	bars[19].Close = 108
	s := Contraction(bars, 0.92)
	if !s.OK || s.ContractionRatio != 0.25 || !s.NearHigh || !s.VolumeContract {
		t.Fatalf("got %+v", s)
	}
	bars[19].Close = 90 // 90 < 0.92·108
	if s := Contraction(bars, 0.92); s.NearHigh {
		t.Fatal("near high with a close 17 % below the max")
	}
	if s := Contraction(bars[:19], 0.92); s.OK {
		t.Fatal("19 bars accepted")
	}
}

func TestLegacyRule(t *testing.T) {
	bars := path(100, 1000, seg(120, 10, 1000), seg(118, 10, 500)) // tight, near the high, volume halves
	cfg := DefaultConfig()
	cfg.Rule = RuleLegacy
	ev := Evaluate(Input{Bars: bars, Flows: flows(bars, 20, 3_000_000, 2_000_000)}, cfg)
	// Index: per §6.3 with 20 days of equal flows; it must clear 60 here.
	if !ev.Pass {
		t.Fatalf("legacy setup rejected: %v (index %.1f, ratio %v)", ev.Reasons, ev.Flow.Value, ev.Legacy.ContractionRatio)
	}
	ev = Evaluate(Input{Bars: bars, Flows: flows(bars, 20, 5_000, 2_000_000)}, cfg)
	if ev.Pass || !strings.Contains(strings.Join(ev.Reasons, ";"), "foreign 5-day") {
		t.Fatalf("weak foreign buying passed: %v", ev.Reasons)
	}
}

func TestValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mod := range map[string]func(*Config){
		"rule":        func(c *Config) { c.Rule = "magic" },
		"min score":   func(c *Config) { c.MinScore = 101 },
		"nan score":   func(c *Config) { c.MinScore = math.NaN() },
		"checks":      func(c *Config) { c.MinTrendChecks = 8 },
		"weights":     func(c *Config) { c.Weights = Weights{} },
		"neg weight":  func(c *Config) { c.Weights.RS = -1 },
		"near high":   func(c *Config) { c.NearHigh = 1.5 },
		"contraction": func(c *Config) { c.VCP.MinContractions, c.VCP.MaxContractions = 4, 3 },
		"base length": func(c *Config) { c.VCP.MaxBaseLength = 1000 },
	} {
		c := DefaultConfig()
		mod(&c)
		if c.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestNoBars(t *testing.T) {
	if ev := Evaluate(Input{}, DefaultConfig()); ev.Pass || len(ev.Reasons) == 0 {
		t.Fatal("empty input passed")
	}
}

func BenchmarkEvaluate320(b *testing.B) {
	bars := threeContractionBase()
	for len(bars) < 320 {
		bars = append(path(30, 1e6, seg(40, 1, 1e6))[:1], bars...)
	}
	for i := range bars {
		bars[i].Time = int64(i) * 86400
	}
	in := Input{Bars: bars, Flows: flows(bars, 60, 1e5, 1e5), Bench: flat(bars, 2500)}
	cfg := DefaultConfig()
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in, cfg)
	}
}

// Screening gives the same verdict as the full evaluation.
func TestScreenSameVerdict(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	base := threeContractionBase()
	inputs := []Input{{Bars: base, Flows: flows(base, 60, 1e5, 1e5), Bench: flat(base, 2500)}}
	for k := 0; k < 100; k++ {
		n := 260 + rng.IntN(60)
		bars := make([]market.Bar, n)
		c := 100.0
		drift := 0.004 * (rng.Float64() - 0.3)
		for i := range bars {
			c *= 1 + drift + 0.02*(rng.Float64()-0.5)
			bars[i] = market.Bar{Time: int64(i) * 86400, Open: c, High: c * 1.01, Low: c * 0.99, Close: c, Volume: 1e5 + rng.Float64()*1e5}
		}
		inputs = append(inputs, Input{Bars: bars, Flows: flows(bars, 60, 1e5, -1e4)})
	}
	for i, in := range inputs {
		full := Evaluate(in, DefaultConfig())
		in.Screen = true
		if scr := Evaluate(in, DefaultConfig()); scr.Pass != full.Pass {
			t.Fatalf("input %d: screen %v, full %v (%v)", i, scr.Pass, full.Pass, full.Reasons)
		}
	}
}

// Any bars, flows and benchmark: no panic, the score stays in 0–100, and
// screening never passes what the full evaluation rejects.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, int64(1000), int64(-5), uint8(0))
	seed := make([]byte, 0, 1200)
	for i := 0; i < 300; i++ {
		seed = append(seed, byte(100+i%37), byte(i%5), byte(i%7), byte(i))
	}
	f.Add(seed, int64(50_000), int64(20_000), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, foreign, inst int64, rule uint8) {
		var bars []market.Bar
		for i := 0; i+4 <= len(data); i += 4 {
			c := float64(data[i]) + 1
			bars = append(bars, market.Bar{Time: int64(i/4) * 86400, Open: c, Close: c, High: c + float64(data[i+1]),
				Low: c - float64(data[i+2])/4, Volume: float64(data[i+3]) * 1000})
		}
		var fl []market.Flow
		if len(bars) > 0 {
			fl = flows(bars, min(len(bars), 60), foreign, inst)
		}
		cfg := DefaultConfig()
		if rule%2 == 1 {
			cfg.Rule = RuleLegacy
		}
		in := Input{Bars: bars, Flows: fl, Bench: flat(bars, 2500)}
		full := Evaluate(in, cfg)
		if full.Score < 0 || full.Score > 100 || math.IsNaN(full.Score) {
			t.Fatalf("score %v", full.Score)
		}
		in.Screen = true
		if Evaluate(in, cfg).Pass != full.Pass {
			t.Fatal("screening changed the verdict")
		}
	})
}
