package core

import (
	"context"
	"errors"
	"io"
	"krmarket/backend/jobs"
	"net"
	"strings"
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
	// The ledger's history is rebuilt by a background job (StartLive starts
	// it; here directly, without StartLive's network probe).
	if !c.replayPending {
		t.Fatal("fresh demo market without a pending ledger replay")
	}
	job, err := c.StartReplay(20)
	if err != nil {
		t.Fatal(err)
	}
	if sig, err := c.KR.Signals(ctx); err != nil || (sig.PendingJob != "" && sig.Count != 0) {
		t.Fatalf("signals while replaying: %+v %v", sig, err)
	}
	if _, err := c.StartScan("", 0); !errors.Is(err, jobs.ErrBusy) {
		t.Fatalf("scan during a replay: %v", err)
	}
	if p, err := c.Jobs.Wait(ctx, job.ID); err != nil || p.State != "done" {
		t.Fatalf("replay job %+v %v", p, err)
	}
	// A scan now adds nothing new for the last session (already replayed)
	// and the ledger update closes nothing more.
	sj, err := c.StartScan("", 0)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := c.Jobs.Wait(ctx, sj.ID); err != nil || p.State != "done" {
		t.Fatalf("scan job %+v %v", p, err)
	}
	if _, err := c.StartScan("", 501); err == nil {
		t.Fatal("replay of 501 days accepted")
	}
	sig, err := c.KR.Signals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sig.DataSource != "demo" || sig.Count == 0 || sig.PendingJob != "" {
		t.Fatalf("signals: %d, source %s, message %q", sig.Count, sig.DataSource, sig.Message)
	}
	for _, s := range sig.Signals {
		// Open signals are younger than the 5-session time exit.
		if s.SignalDate < "2026-11-20" || s.SignalDate > "2026-11-27" || s.Name == "" || s.EntryPrice <= 0 || s.FinalScore < 0 || s.FinalScore > 100 {
			t.Fatalf("bad signal %+v", s)
		}
	}
	all, err := c.Store.LedgerSignals(ctx, market.KR)
	if err != nil {
		t.Fatal(err)
	}
	closed := 0
	for _, g := range all {
		if g.Status == "CLOSED" {
			closed++
			if g.ExitDate == nil || *g.ExitDate <= g.SignalDate || g.HoldDays < 1 || g.HoldDays > 5 {
				t.Fatalf("bad closed signal %+v", g)
			}
		}
	}
	if closed == 0 {
		t.Fatalf("replay closed nothing (%d signals)", len(all))
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

// --source live with an unreachable Yahoo fails loudly with a clear message
// (and stores no demo data: live mode shows only real data).
func TestLiveSourceFailsClearly(t *testing.T) {
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there any more
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Source = config.SourceLive
	cfg.Sources.YahooURL = dead
	c, err := Open(ctx, cfg, Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if n, _ := c.Store.Count(ctx, "bars"); n != 0 {
		t.Fatalf("live mode generated %d demo bars", n)
	}
	err = c.StartLive(ctx)
	if err == nil || !strings.Contains(err.Error(), "cannot reach Yahoo Finance") {
		t.Fatalf("err = %v", err)
	}
	if st := c.Sources.Status("yahoo"); st.State != "failing" {
		t.Fatalf("yahoo state %+v", st)
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
