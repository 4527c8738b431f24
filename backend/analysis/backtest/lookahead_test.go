package backtest

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"krmarket/backend/analysis/exits"
	"krmarket/backend/market"
)

// randomBar is a valid candle around p.
func randomBar(rng *rand.Rand, sym string, t int64, p float64) market.Bar {
	o := p * (1 + 0.03*(rng.Float64()-0.5))
	c := p * (1 + 0.08*(rng.Float64()-0.5))
	h := max(o, c) * (1 + 0.03*rng.Float64())
	l := min(o, c) * (1 - 0.03*rng.Float64())
	return market.Bar{Symbol: sym, Interval: market.Daily, Time: t, Open: o, High: h, Low: l, Close: c, Volume: 1000}
}

// walk is a random daily series over days from..to (some days missing when
// gaps is set).
func walk(rng *rand.Rand, sym string, from, to int, p0 float64, gaps bool) []market.Bar {
	var out []market.Bar
	p := p0
	for i := from; i <= to; i++ {
		p *= 1 + 0.04*(rng.Float64()-0.48)
		if gaps && rng.Intn(15) == 0 {
			continue
		}
		out = append(out, randomBar(rng, sym, dt(i), p))
	}
	return out
}

// breakoutSignals is a stand-in signal rule that, like the real one, uses
// only a stock's bars up to the signal day: a close above the previous five
// closes, scored by the 5-bar gain.
func breakoutSignals(stocks []Stock) []Signal {
	var out []Signal
	for _, s := range stocks {
		for i := 5; i < len(s.Bars); i++ {
			b := s.Bars[i]
			hi := 0.0
			for _, x := range s.Bars[i-5 : i] {
				hi = max(hi, x.Close)
			}
			if b.Close > hi {
				score := min(100, 40+(b.Close/s.Bars[i-5].Close-1)*800)
				out = append(out, Signal{Symbol: s.Symbol, Time: b.Time, Score: score})
			}
		}
	}
	return out
}

func randomMarket(rng *rand.Rand) Input {
	in := Input{Start: dt(0), End: dt(59)}
	for k := range 5 {
		sym := fmt.Sprintf("%06d.KS", k+1)
		in.Stocks = append(in.Stocks, Stock{Symbol: sym, Ticker: sym[:6], Bars: walk(rng, sym, -10, 59, 1000*float64(k+1), true)})
	}
	in.Index = walk(rng, "^KS11", -70, 59, 2500, false)
	in.USDKRW = walk(rng, "KRW=X", -5, 59, 1390, false)
	in.Signals = breakoutSignals(in.Stocks)
	return in
}

// perturb replaces every bar after day t with a random one and drops some.
func perturb(rng *rand.Rand, bars []market.Bar, t int64) []market.Bar {
	out := make([]market.Bar, 0, len(bars))
	for _, b := range bars {
		if b.Time <= t {
			out = append(out, b)
			continue
		}
		if rng.Intn(6) == 0 {
			continue
		}
		out = append(out, randomBar(rng, b.Symbol, b.Time, b.Close*(0.5+rng.Float64())))
	}
	return out
}

type entry struct {
	Ticker, SignalDate, EntryDate string
	EntryPrice                    float64
	Quantity                      int64
}

func entriesUpTo(r Result, date string) []entry {
	var out []entry
	for _, x := range r.Trades {
		if x.EntryDate <= date {
			out = append(out, entry{x.Ticker, x.SignalDate, x.EntryDate, x.EntryPrice, x.Quantity})
		}
	}
	for _, x := range r.OpenPositions {
		if x.EntryDate <= date {
			out = append(out, entry{x.Ticker, x.SignalDate, x.EntryDate, x.EntryPrice, x.Quantity})
		}
	}
	slices.SortFunc(out, func(a, b entry) int {
		if a.EntryDate != b.EntryDate {
			return strings.Compare(a.EntryDate, b.EntryDate)
		}
		return strings.Compare(a.Ticker, b.Ticker)
	})
	return out
}

// runLogged runs and records the orders decided at each close.
func runLogged(t *testing.T, in Input, cfg Config) (Result, map[int64][]order) {
	t.Helper()
	log := map[int64][]order{}
	r, err := run(in, cfg, func(d int64, o []order) { log[d] = slices.Clone(o) })
	if err != nil {
		t.Fatal(err)
	}
	return r, log
}

// Property: rewriting (or deleting) every bar after day t — stocks, KOSPI
// and USD/KRW — never changes what was decided up to t: the orders placed
// at each close ≤ t, the fills and exits on days ≤ t, and the equity curve
// through t.
func TestNoLookAhead(t *testing.T) {
	cfgs := []Config{Default(), Aggressive(), goldenConfig()}
	cfgs[1].Exits = exits.Rules{StopLossPct: 3, TakeProfitPct: 4, TrailingStopPct: 2, MaxHoldDays: 4}
	for seed := int64(1); seed <= 60; seed++ {
		rng := rand.New(rand.NewSource(seed))
		in := randomMarket(rng)
		cfg := cfgs[seed%int64(len(cfgs))]
		cfg.AllowedRegimes = []string{Bullish, Neutral, Bearish}
		if seed%2 == 0 {
			cfg.AllowedRegimes = []string{Bullish, Neutral}
		}
		full, fullLog := runLogged(t, in, cfg)
		cut := dt(5 + rng.Intn(50))
		date := day(cut)

		alt := in
		alt.Stocks = slices.Clone(in.Stocks)
		for i := range alt.Stocks {
			alt.Stocks[i].Bars = perturb(rng, in.Stocks[i].Bars, cut)
		}
		alt.Index = perturb(rng, in.Index, cut)
		alt.USDKRW = perturb(rng, in.USDKRW, cut)
		alt.Signals = breakoutSignals(alt.Stocks) // same rule, fed the changed bars
		got, gotLog := runLogged(t, alt, cfg)

		for d, o := range fullLog {
			if d <= cut && !reflect.DeepEqual(o, gotLog[d]) {
				t.Fatalf("seed %d cut %s: orders at %s differ: %v vs %v", seed, date, day(d), o, gotLog[d])
			}
		}
		if a, b := entriesUpTo(full, date), entriesUpTo(got, date); !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d cut %s: entries differ:\n%v\n%v", seed, date, a, b)
		}
		var exitsA, exitsB []ClosedTrade
		for _, x := range full.Trades {
			if x.ExitDate <= date {
				exitsA = append(exitsA, x)
			}
		}
		for _, x := range got.Trades {
			if x.ExitDate <= date {
				exitsB = append(exitsB, x)
			}
		}
		if !reflect.DeepEqual(exitsA, exitsB) {
			t.Fatalf("seed %d cut %s: exits differ:\n%v\n%v", seed, date, exitsA, exitsB)
		}
		for i, p := range full.EquityCurve {
			if p.Date > date {
				break
			}
			if got.EquityCurve[i] != p {
				t.Fatalf("seed %d cut %s: equity on %s: %+v vs %+v", seed, date, p.Date, p, got.EquityCurve[i])
			}
		}
	}
}

// The property test must exercise something: the random markets trade.
func TestRandomMarketsTrade(t *testing.T) {
	trades := 0
	for seed := int64(1); seed <= 10; seed++ {
		r, err := Run(randomMarket(rand.New(rand.NewSource(seed))), Aggressive())
		if err != nil {
			t.Fatal(err)
		}
		trades += len(r.Trades)
		// Accounting identity: final equity = capital + realised + unrealised.
		p := r.Performance
		if d := p.FinalEquity - (100_000_000 + p.TotalPnL + p.UnrealizedPnL); d > 2 || d < -2 {
			t.Fatalf("seed %d: equity %v ≠ capital + %v + %v", seed, p.FinalEquity, p.TotalPnL, p.UnrealizedPnL)
		}
	}
	if trades < 20 {
		t.Fatalf("only %d trades over 10 random markets", trades)
	}
}

// Passing the calendar in Days and only the stocks that have signals gives
// the same run as the whole universe (what the service does).
func TestDaysWithSignalStocksOnly(t *testing.T) {
	for seed := int64(1); seed <= 10; seed++ {
		in := randomMarket(rand.New(rand.NewSource(seed)))
		// The first stock never signals: drop its signals.
		quiet := in.Stocks[0].Symbol
		in.Signals = slices.DeleteFunc(in.Signals, func(g Signal) bool { return g.Symbol == quiet })
		full, err := Run(in, Default())
		if err != nil {
			t.Fatal(err)
		}
		slim := in
		slim.Days = tradingDays(in)
		slim.Stocks = in.Stocks[1:]
		got, err := Run(slim, Default())
		if err != nil {
			t.Fatal(err)
		}
		if full.Performance.TotalTrades == 0 || !reflect.DeepEqual(full, got) {
			t.Fatalf("seed %d: %d trades; the run without the quiet stock differs", seed, full.Performance.TotalTrades)
		}
	}
}
