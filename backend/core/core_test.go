package core

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/market"
	"krmarket/backend/provider/demo"
)

// Saturday 2026-11-28 12:00 KST: the last completed KRX session is Friday 2026-11-27.
var pinnedNow = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)

func openCore(t *testing.T, dir, source string) *Core {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Source = source
	cfg.LogLevel = "warn"
	c, err := Open(context.Background(), cfg, Options{Console: io.Discard, Now: func() time.Time { return pinnedNow }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// First start on an empty data dir: the demo market is generated and
// scanned, every operation answers from it, and a second start reuses it.
func TestFirstStartDemo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := openCore(t, dir, config.SourceAuto)
	end, err := c.Store.Meta(ctx, metaDemoEnd)
	if err != nil || end != "2026-11-27" {
		t.Fatalf("demo end %q %v", end, err)
	}
	n, _ := c.Store.Count(ctx, "bars")
	if n < 1_000_000 {
		t.Fatalf("only %d bars stored", n)
	}
	kr, err := c.Store.Instruments(ctx, market.KR, market.KindStock)
	if err != nil || len(kr) < 2700 {
		t.Fatalf("%d KR stocks, %v", len(kr), err)
	}
	sig, err := c.KR.Signals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sig.DataSource != "demo" || sig.Count == 0 {
		t.Fatalf("signals: %d, source %s, message %q", sig.Count, sig.DataSource, sig.Message)
	}
	for _, s := range sig.Signals {
		if s.SignalDate != "2026-11-27" || s.Name == "" || s.EntryPrice <= 0 || s.FinalScore < 0 || s.FinalScore > 100 {
			t.Fatalf("bad signal %+v", s)
		}
	}
	ch, err := c.KR.StockChart(ctx, sig.Signals[0].Ticker, "1y")
	if err != nil || len(ch.Data) != 252 || ch.Data[251].Date != "2026-11-27" {
		t.Fatalf("chart: %v bars, err %v", len(ch.Data), err)
	}
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// Second start: nothing is regenerated, the ledger is kept.
	c = openCore(t, dir, config.SourceDemo)
	defer c.Close(ctx)
	rep, err := LoadDemo(ctx, c.Store, c.Cfg.DemoSeed, pinnedNow, false)
	if err != nil || rep.Generated {
		t.Fatalf("second start regenerated: %+v %v", rep, err)
	}
	sig2, _ := c.KR.Signals(ctx)
	if sig2.Count != sig.Count {
		t.Fatalf("signals changed across restarts: %d → %d", sig.Count, sig2.Count)
	}
}

func TestLiveSourceFailsClearly(t *testing.T) {
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Source = config.SourceLive
	_, err := Open(context.Background(), cfg, Options{Console: io.Discard})
	if !errors.Is(err, ErrLiveUnavailable) {
		t.Fatalf("err = %v", err)
	}
}

// BenchmarkFirstStart measures generating and storing the whole demo
// market into a fresh database, against generation alone in the same run.
func BenchmarkFirstStart(b *testing.B) {
	ctx := context.Background()
	var full, gen time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := demo.Generate(ctx, demo.Config{Seed: 1, Now: pinnedNow}, demo.Discard{}); err != nil {
			b.Fatal(err)
		}
		gen += time.Since(t0)
		cfg := config.Default()
		cfg.DataDir = b.TempDir()
		cfg.DemoSeed = 1
		cfg.LogLevel = "error"
		t0 = time.Now()
		c, err := Open(ctx, cfg, Options{Console: io.Discard, Now: func() time.Time { return pinnedNow }})
		if err != nil {
			b.Fatal(err)
		}
		full += time.Since(t0)
		c.Close(ctx)
	}
	b.ReportMetric(full.Seconds()/float64(b.N), "s/first-start")
	b.ReportMetric(full.Seconds()/gen.Seconds(), "x-vs-generation")
}
