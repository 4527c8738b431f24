package exits

import (
	"math"
	"math/rand"
	"testing"

	"krmarket/backend/market"
)

func bar(o, h, l, c float64) market.Bar { return market.Bar{Open: o, High: h, Low: l, Close: c} }

func TestDefaultRulesValid(t *testing.T) {
	r := DefaultRules()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r != (Rules{7, 15, 5, 5}) {
		t.Fatalf("defaults changed: %+v", r)
	}
	if err := (Rules{}).Validate(); err != nil {
		t.Fatalf("all-off rules must be valid: %v", err)
	}
}

func TestValidateRejects(t *testing.T) {
	for name, r := range map[string]Rules{
		"negative stop":    {StopLossPct: -1},
		"stop 100":         {StopLossPct: 100},
		"NaN target":       {TakeProfitPct: math.NaN()},
		"huge target":      {TakeProfitPct: 1001},
		"inf trail":        {TrailingStopPct: math.Inf(1)},
		"trail 100":        {TrailingStopPct: 100},
		"negative hold":    {MaxHoldDays: -1},
		"hold above limit": {MaxHoldDays: MaxHoldDaysLimit + 1},
	} {
		if err := r.Validate(); err == nil {
			t.Errorf("%s: want error for %+v", name, r)
		}
	}
}

// Golden cases. Entry 100 with the default rules gives stop 93, target 115;
// each expected value is worked out by hand in the comment next to it.
func TestFirstGolden(t *testing.T) {
	def := DefaultRules()
	cases := []struct {
		name  string
		rules Rules
		bars  []market.Bar
		want  Exit
		open  bool
	}{
		{
			// low 92 ≤ stop 93 while the open 99 is above it → fill at the stop, 93.
			name: "stop touched intrabar", rules: def,
			bars: []market.Bar{bar(101, 104, 99, 103), bar(99, 100, 92, 95)},
			want: Exit{Index: 1, Price: 93, Reason: StopLoss, HoldDays: 2},
		},
		{
			// open 90 ≤ stop 93 → gap down, fill at the open 90.
			name: "stop gap down", rules: def,
			bars: []market.Bar{bar(90, 91, 88, 89)},
			want: Exit{Index: 0, Price: 90, Reason: StopLoss, HoldDays: 1},
		},
		{
			// high 116 ≥ target 115, open 108 below it → fill at 115.
			name: "target touched intrabar", rules: def,
			bars: []market.Bar{bar(108, 116, 107, 110)},
			want: Exit{Index: 0, Price: 115, Reason: TakeProfit, HoldDays: 1},
		},
		{
			// open 120 ≥ target 115 → gap up, fill at the open 120.
			name: "target gap up", rules: def,
			bars: []market.Bar{bar(102, 104, 101, 103), bar(120, 125, 118, 122)},
			want: Exit{Index: 1, Price: 120, Reason: TakeProfit, HoldDays: 2},
		},
		{
			// low 92 ≤ 93 and high 116 ≥ 115 on the same bar → the stop wins, 93.
			name: "both touched: stop wins", rules: def,
			bars: []market.Bar{bar(100, 116, 92, 100)},
			want: Exit{Index: 0, Price: 93, Reason: StopLoss, HoldDays: 1},
		},
		{
			// Trail 5 %, stop/target/time off. Bar 0 high 110 → peak 110 from bar 1 on,
			// level 104.5 > 100. Bar 1 low 104 ≤ 104.5, open 108 → fill min(108, 104.5) = 104.5.
			// Bar 0 itself (low 99) cannot trigger: its peak is still the entry (level 95 < entry).
			name: "trailing stop", rules: Rules{TrailingStopPct: 5},
			bars: []market.Bar{bar(100, 110, 99, 109), bar(108, 109, 104, 105)},
			want: Exit{Index: 1, Price: 104.5, Reason: TrailingStop, HoldDays: 2},
		},
		{
			// Same trail, bar 1 gaps down to 103 < level 104.5 → fill at the open 103.
			name: "trailing stop gap", rules: Rules{TrailingStopPct: 5},
			bars: []market.Bar{bar(100, 110, 99, 109), bar(103, 106, 102, 104)},
			want: Exit{Index: 1, Price: 103, Reason: TrailingStop, HoldDays: 2},
		},
		{
			// Peak 104 → level 98.8 ≤ entry 100: trail inactive though low 98 ≤ 98.8;
			// the 5-bar time exit fires at the close of bar 4, 101.
			name: "trail inactive below entry then time exit", rules: def,
			bars: []market.Bar{
				bar(100, 104, 99, 103), bar(102, 103, 98, 99), bar(99, 101, 98, 100),
				bar(100, 102, 99, 101), bar(101, 102, 100, 101), bar(101, 130, 50, 101),
			},
			want: Exit{Index: 4, Price: 101, Reason: TimeExit, HoldDays: 5},
		},
		{
			// The current bar's own high must not raise the peak: bar 0 high 112,
			// low 100 — with look-ahead the level would be 106.4 and fire; without it
			// the level is 95 (inactive). Bar 1: peak 112, level 106.4, low 107 > 106.4
			// → no exit; still open after 2 bars.
			name: "no intrabar look-ahead in trail", rules: Rules{TrailingStopPct: 5},
			bars: []market.Bar{bar(101, 112, 100, 111), bar(110, 111, 107, 108)},
			open: true,
		},
		{
			// KRX halted day: open/high/low 0, close 98 → treated as a 98 bar; no rule fires.
			name: "halted day filled from close", rules: def,
			bars: []market.Bar{bar(0, 0, 0, 98)},
			open: true,
		},
		{
			// A bar without a usable close stops the scan, even if a later bar would exit.
			name: "unusable close stops scan", rules: def,
			bars: []market.Bar{bar(100, 101, 99, 0), bar(50, 50, 50, 50)},
			open: true,
		},
		{
			name: "all rules off never exits", rules: Rules{},
			bars: []market.Bar{bar(100, 200, 10, 150), bar(1, 1, 1, 1)},
			open: true,
		},
	}
	for _, tc := range cases {
		got, ok := First(100, tc.bars, tc.rules)
		if ok == tc.open {
			t.Errorf("%s: ok=%v, want %v (got %+v)", tc.name, ok, !tc.open, got)
			continue
		}
		if ok && got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestFirstBadEntry(t *testing.T) {
	bars := []market.Bar{bar(1, 1, 1, 1)}
	for _, e := range []float64{0, -5, math.NaN(), math.Inf(1)} {
		if _, ok := First(e, bars, DefaultRules()); ok {
			t.Errorf("entry %v: want ok=false", e)
		}
	}
	if _, ok := First(100, nil, DefaultRules()); ok {
		t.Error("no bars: want ok=false")
	}
}

func TestUsable(t *testing.T) {
	bars := []market.Bar{bar(1, 1, 1, 1), bar(0, 0, 0, 2), bar(1, 1, 1, math.NaN()), bar(1, 1, 1, 1)}
	if got := Usable(bars); got != 2 {
		t.Fatalf("Usable = %d, want 2", got)
	}
}

// randomWalk builds n valid OHLC bars starting near 100.
func randomWalk(rng *rand.Rand, n int) []market.Bar {
	out := make([]market.Bar, n)
	c := 100.0
	for i := range out {
		o := c * (1 + rng.NormFloat64()*0.03)
		c = o * (1 + rng.NormFloat64()*0.03)
		h := math.Max(o, c) * (1 + rng.Float64()*0.04)
		l := math.Min(o, c) * (1 - rng.Float64()*0.04)
		out[i] = bar(o, h, l, c)
	}
	return out
}

func randomRules(rng *rand.Rand) Rules {
	r := Rules{}
	if rng.Intn(4) > 0 {
		r.StopLossPct = 1 + rng.Float64()*15
	}
	if rng.Intn(4) > 0 {
		r.TakeProfitPct = 1 + rng.Float64()*30
	}
	if rng.Intn(4) > 0 {
		r.TrailingStopPct = 1 + rng.Float64()*10
	}
	if rng.Intn(4) > 0 {
		r.MaxHoldDays = 1 + rng.Intn(20)
	}
	return r
}

// Properties over random walks: the fill lies in the exit bar's [low, high]
// or equals its open; HoldDays = Index+1 within the bars; TIME_EXIT only at
// MaxHoldDays; no exit beyond MaxHoldDays; changing every bar after the exit
// (or truncating there) gives the identical exit — no look-ahead.
func TestFirstProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	exits := 0
	for iter := 0; iter < 3000; iter++ {
		bars := randomWalk(rng, 1+rng.Intn(40))
		r := randomRules(rng)
		entry := 100 * (1 + rng.NormFloat64()*0.02)
		e, ok := First(entry, bars, r)
		if !ok {
			if r.MaxHoldDays > 0 && len(bars) >= r.MaxHoldDays {
				t.Fatalf("iter %d: open after %d bars with MaxHoldDays %d", iter, len(bars), r.MaxHoldDays)
			}
			continue
		}
		exits++
		if e.Index < 0 || e.Index >= len(bars) || e.HoldDays != e.Index+1 {
			t.Fatalf("iter %d: bad index/hold %+v", iter, e)
		}
		b := bars[e.Index]
		if !(e.Price == b.Open || (e.Price >= b.Low-1e-9 && e.Price <= b.High+1e-9)) {
			t.Fatalf("iter %d: price %v outside bar %+v", iter, e.Price, b)
		}
		if r.MaxHoldDays > 0 && e.HoldDays > r.MaxHoldDays {
			t.Fatalf("iter %d: held %d > max %d", iter, e.HoldDays, r.MaxHoldDays)
		}
		if e.Reason == TimeExit && e.HoldDays != r.MaxHoldDays {
			t.Fatalf("iter %d: time exit at %d, max %d", iter, e.HoldDays, r.MaxHoldDays)
		}
		if got, ok := First(entry, bars[:e.Index+1], r); !ok || got != e {
			t.Fatalf("iter %d: truncated after exit gives %+v %v, want %+v", iter, got, ok, e)
		}
		mutated := append(append([]market.Bar(nil), bars[:e.Index+1]...), randomWalk(rng, 1+rng.Intn(10))...)
		if got, ok := First(entry, mutated, r); !ok || got != e {
			t.Fatalf("iter %d: changed future gives %+v %v, want %+v", iter, got, ok, e)
		}
		// No exit before bars[0]: prefixes ending before the exit stay open.
		if e.Index > 0 {
			if got, ok := First(entry, bars[:e.Index], r); ok {
				t.Fatalf("iter %d: prefix exits early %+v, full %+v", iter, got, e)
			}
		}
	}
	if exits < 1000 {
		t.Fatalf("only %d exits in 3000 random cases; generator too tame", exits)
	}
}
