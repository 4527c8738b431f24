package backtest

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	bt "krmarket/backend/analysis/backtest"
	"krmarket/backend/analysis/setup"
	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// smallDemo keeps the 61 KR stocks whose code starts with 000, KOSPI and
// USD/KRW, 400 daily bars each.
func smallDemo(t *testing.T) *store.Store {
	st, _ := demoStore(t, 400, func(sym string) bool {
		return strings.HasPrefix(sym, "000") || sym == KOSPI || sym == USDKRW
	})
	return st
}

func fixedClock() time.Time { return pinnedNow }

func TestServiceOnDemoStore(t *testing.T) {
	ctx := context.Background()
	st := smallDemo(t)
	s := New(Deps{Store: st, Now: fixedClock})
	r, err := s.Run(ctx, Params{Preset: "default"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "success" || r.GeneratedAt == "" || r.DataSource != contract.SourceDemo {
		t.Fatalf("envelope %+v", r.Meta)
	}
	if r.End != "2026-11-27" || len(r.EquityCurve) != DefaultDays || r.EquityCurve[0].Date != r.Start || r.Universe != 61 {
		t.Fatalf("range %s–%s, %d days, universe %d", r.Start, r.End, len(r.EquityCurve), r.Universe)
	}
	if r.SignalStats.Total == 0 || r.Performance.TotalTrades == 0 {
		t.Fatalf("the demo stocks gave %d signals and %d trades", r.SignalStats.Total, r.Performance.TotalTrades)
	}
	t.Logf("%d evaluations, %d signals, %d trades, %d open, return %.2f%%, %d ms",
		r.Evaluated, r.SignalStats.Total, r.Performance.TotalTrades, len(r.OpenPositions), r.Performance.TotalReturnPct, r.ElapsedMS)

	// Every trade enters at the open (+0.1 % slippage) of the stored bar
	// that follows its signal day, and leaves inside the run.
	days := map[string]int{}
	for i, p := range r.EquityCurve {
		days[p.Date] = i
	}
	for _, tr := range r.Trades {
		bars, err := st.LastBars(ctx, tr.Symbol, market.Daily, 0)
		if err != nil {
			t.Fatal(err)
		}
		k := indexOf(bars, tr.SignalDate)
		if k < 0 || k+1 >= len(bars) || bars[k+1].Date() != tr.EntryDate {
			t.Fatalf("%s: entry %s is not the bar after signal %s", tr.Ticker, tr.EntryDate, tr.SignalDate)
		}
		if want := bars[k+1].Open * 1.001; math.Abs(tr.EntryPrice-want) > 0.006 {
			t.Fatalf("%s: entry price %v, want open %v × 1.001", tr.Ticker, tr.EntryPrice, bars[k+1].Open)
		}
		if _, ok := days[tr.ExitDate]; !ok || tr.ExitDate < tr.EntryDate || tr.HoldDays < 1 || tr.HoldDays > 15 || tr.Name == "" {
			t.Fatalf("bad trade %+v", tr)
		}
	}
	p := r.Performance
	if d := p.FinalEquity - (bt.Default().InitialCapital + p.TotalPnL + p.UnrealizedPnL); math.Abs(d) > 2 {
		t.Fatalf("final equity %v ≠ capital + realised %v + unrealised %v", p.FinalEquity, p.TotalPnL, p.UnrealizedPnL)
	}

	t.Run("signals match setup on the full history", func(t *testing.T) {
		rp, err := s.replay(ctx, Params{}, s.plan())
		if err != nil {
			t.Fatal(err)
		}
		// Recompute with setup.Evaluate on every full prefix (no lookback
		// window, no trend shortcut) for the stocks with signals and two without.
		rules := setup.DefaultConfig()
		rules.MinScore = 0
		idx, _ := st.LastBars(ctx, KOSPI, market.Daily, 0)
		checked := 0
		insts, _ := st.Instruments(ctx, market.KR, market.KindStock)
		for _, in := range insts[:min(len(insts), 12)] {
			bars, _ := st.LastBars(ctx, in.Symbol, market.Daily, 0)
			flows, _ := st.LastFlows(ctx, in.Symbol, 0)
			var want []bt.Signal
			for k, b := range bars {
				if b.Time < rp.days[0] || b.Time >= rp.days[len(rp.days)-1] {
					continue
				}
				fl := upToFlows(flows, b.Time)
				ev := setup.Evaluate(setup.Input{Bars: bars[:k+1], Flows: fl[max(0, len(fl)-60):], Bench: upTo(idx, b.Time)}, rules)
				if ev.Pass {
					want = append(want, bt.Signal{Symbol: in.Symbol, Time: b.Time, Score: ev.Score})
				}
			}
			var got []bt.Signal
			for _, g := range rp.signals {
				if g.Symbol == in.Symbol {
					got = append(got, g)
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: replay signals %v\nfull-history signals %v", in.Symbol, got, want)
			}
			checked += len(want)
		}
		if checked == 0 {
			t.Fatal("no signal among the checked stocks")
		}
	})

	t.Run("trend shortcut changes nothing", func(t *testing.T) {
		plain := New(Deps{Store: st, Now: fixedClock})
		plain.noShortcut = true
		a, err := s.replay(ctx, Params{}, s.plan())
		if err != nil {
			t.Fatal(err)
		}
		b, err := plain.replay(ctx, Params{}, plain.plan())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a.signals, b.signals) || b.evaluated <= a.evaluated {
			t.Fatalf("with shortcut %d signals (%d evaluations), without %d (%d)", len(a.signals), a.evaluated, len(b.signals), b.evaluated)
		}
	})

	t.Run("cache", func(t *testing.T) {
		again, err := s.Run(ctx, Params{Preset: "default"})
		if err != nil {
			t.Fatal(err)
		}
		if again.GeneratedAt != r.GeneratedAt || again.ElapsedMS != r.ElapsedMS || &again.Trades[0] != &r.Trades[0] {
			t.Fatal("the same parameters were recomputed")
		}
		n := s.runs.Load()
		var wg sync.WaitGroup
		res := make([]*BacktestResult, 4)
		for i := range res {
			wg.Go(func() {
				var err error
				if res[i], err = s.Run(ctx, Params{Preset: "conservative", End: "2026-10-30"}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if s.runs.Load() != n+1 || res[0].End != "2026-10-30" || res[0].Config.MaxPositions != 5 {
			t.Fatalf("4 identical concurrent requests: %d computations", s.runs.Load()-n)
		}
		// A store write (new version) invalidates.
		if err := st.SetMeta(ctx, "test", "x"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Run(ctx, Params{Preset: "default"}); err != nil || s.runs.Load() != n+2 {
			t.Fatalf("after a write: %v, %d computations", err, s.runs.Load()-n)
		}
	})

	t.Run("a client that gives up does not cancel the run", func(t *testing.T) {
		s.run <- struct{}{} // hold the computation slot: the run waits
		cctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(20*time.Millisecond, cancel)
		p := Params{Preset: "aggressive", Start: "2026-06-01"}
		n := s.runs.Load()
		if _, err := s.Run(cctx, p); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled request: %v", err)
		}
		<-s.run
		for range 200 { // the detached run finishes and is cached
			s.mu.Lock()
			busy := len(s.flights) > 0
			s.mu.Unlock()
			if !busy {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		r, err := s.Run(ctx, p)
		if err != nil || r.Start < "2026-06-01" || s.runs.Load() != n+1 {
			t.Fatalf("%v, start %s, %d new computations", err, r.Start, s.runs.Load()-n)
		}
	})

	t.Run("range errors", func(t *testing.T) {
		for _, c := range []struct {
			p    Params
			code string
		}{
			{Params{Preset: "default", Start: "2030-01-01"}, "no_data_in_range"},
			{Params{Preset: "default", End: "2001-01-01"}, "no_data_in_range"},
			{Params{Preset: "default", Start: "2026-11-27", End: "2026-11-27"}, "range_too_short"},
			{Params{Preset: "nope"}, "invalid_preset"},
		} {
			_, err := s.Run(ctx, c.p)
			var ce *contract.Error
			if !errors.As(err, &ce) || ce.Code != c.code || ce.HTTP != 400 {
				t.Errorf("%+v: %v, want %s", c.p, err, c.code)
			}
		}
	})
}

func TestEmptyStore(t *testing.T) {
	st, _ := demoStore(t, 40, func(string) bool { return false })
	_, err := New(Deps{Store: st, Now: fixedClock}).Run(context.Background(), Params{Preset: "default"})
	var ce *contract.Error
	if !errors.As(err, &ce) || ce.HTTP != 503 || ce.Code != "no_price_data" {
		t.Fatalf("empty store: %v", err)
	}
}

func indexOf(bars []market.Bar, date string) int {
	for i, b := range bars {
		if b.Date() == date {
			return i
		}
	}
	return -1
}

func upToFlows(fl []market.Flow, t int64) []market.Flow {
	n := 0
	for n < len(fl) && fl[n].Time <= t {
		n++
	}
	return fl[:n]
}

func TestParseParams(t *testing.T) {
	p, err := ParseParams(map[string]string{"start": "2026-01-05", "end": "2026-06-30", "preset": "aggressive",
		"min_score": "55.5", "stop_loss_pct": "4", "take_profit_pct": "0", "trailing_stop_pct": "3", "max_hold_days": "12",
		"max_positions": "7", "position_size_pct": "12.5", "initial_capital": "50000000"})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := p.Config()
	if err != nil {
		t.Fatal(err)
	}
	want := bt.Aggressive()
	want.MinScore, want.Exits.StopLossPct, want.Exits.TakeProfitPct, want.Exits.TrailingStopPct, want.Exits.MaxHoldDays = 55.5, 4, 0, 3, 12
	want.MaxPositions, want.PositionSizePct, want.InitialCapital = 7, 12.5, 50_000_000
	if !reflect.DeepEqual(cfg, want) || p.Start != "2026-01-05" || p.End != "2026-06-30" {
		t.Fatalf("config %+v\nwant %+v", cfg, want)
	}
	if p, err := ParseParams(nil); err != nil || p.Preset != "default" {
		t.Fatalf("defaults: %+v %v", p, err)
	}
	for q, code := range map[string]string{
		"preset=yolo":                     "invalid_preset",
		"start=2026-13-01":                "invalid_start",
		"end=yesterday":                   "invalid_end",
		"start=2026-06-01&end=2026-05-01": "invalid_range",
		"min_score=abc":                   "invalid_min_score",
		"min_score=101":                   "invalid_min_score",
		"min_score=NaN":                   "invalid_min_score",
		"stop_loss_pct=0":                 "invalid_stop_loss_pct",
		"stop_loss_pct=51":                "invalid_stop_loss_pct",
		"take_profit_pct=-1":              "invalid_take_profit_pct",
		"trailing_stop_pct=Inf":           "invalid_trailing_stop_pct",
		"max_hold_days=2.5":               "invalid_max_hold_days",
		"max_hold_days=251":               "invalid_max_hold_days",
		"max_positions=0":                 "invalid_max_positions",
		"max_positions=1e9":               "invalid_max_positions",
		"position_size_pct=0":             "invalid_position_size_pct",
		"position_size_pct=100.1":         "invalid_position_size_pct",
		"initial_capital=99999":           "invalid_initial_capital",
		"initial_capital=1e13":            "invalid_initial_capital",
	} {
		m := map[string]string{}
		for _, kv := range strings.Split(q, "&") {
			k, v, _ := strings.Cut(kv, "=")
			m[k] = v
		}
		_, err := ParseParams(m)
		var ce *contract.Error
		if !errors.As(err, &ce) || ce.Code != code || ce.HTTP != 400 || ce.Message == "" {
			t.Errorf("%s: %v, want %s", q, err, code)
		}
	}
}
