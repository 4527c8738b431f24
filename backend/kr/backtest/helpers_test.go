package backtest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/provider/demo"
	"krmarket/backend/store"
)

// pinnedNow is Saturday 2026-11-28 12:00 KST: the demo ends on Friday 2026-11-27.
var pinnedNow = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)

// filterSink passes the instruments, bars and flows of some symbols to the
// store (keep == nil: all of them) and drops everything else.
type filterSink struct {
	demo.Discard
	in   *store.Ingester
	keep func(sym string) bool
}

func (f filterSink) PutInstruments(ctx context.Context, xs []market.Instrument) error {
	var out []market.Instrument
	for _, x := range xs {
		if f.keep(x.Symbol) {
			out = append(out, x)
		}
	}
	return f.in.PutInstruments(ctx, out)
}

func (f filterSink) PutBars(ctx context.Context, bars []market.Bar) error {
	if len(bars) == 0 || bars[0].Interval != market.Daily || !f.keep(bars[0].Symbol) {
		return nil
	}
	return f.in.PutBars(ctx, bars)
}

func (f filterSink) PutFlows(ctx context.Context, fl []market.Flow) error {
	if len(fl) == 0 || !f.keep(fl[0].Symbol) {
		return nil
	}
	return f.in.PutFlows(ctx, fl)
}

// demoStore generates the demo market (daily bars and flows of the symbols
// keep accepts) into a temp store.
func demoStore(t testing.TB, dailyBars int, keep func(string) bool) (*store.Store, demo.Stats) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if keep == nil {
		keep = func(string) bool { return true }
	}
	var stats demo.Stats
	err = st.BulkLoad(ctx, func() error {
		var err error
		stats, err = demo.Generate(ctx, demo.Config{Seed: 20260101, Now: pinnedNow, DailyBars: dailyBars, FlowDays: dailyBars - 1},
			filterSink{in: st.Ingester(contract.SourceDemo, time.Now), keep: keep})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return st, stats
}
