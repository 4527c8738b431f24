package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"krmarket/backend/market"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func barsFor(sym string, n int) []market.Bar {
	out := make([]market.Bar, n)
	for i := range out {
		p := float64(1000 + i)
		out[i] = market.Bar{Symbol: sym, Interval: market.Daily, Time: int64(1_700_000_000 + i*86400),
			Open: p, High: p + 10, Low: p - 10, Close: p + 5, Volume: float64(100 + i)}
	}
	return out
}

func TestMigrationsFromEmpty(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.SchemaVersion(ctx)
	if err != nil || v != 1 {
		t.Fatalf("schema version = %d, %v; want 1", v, err)
	}
	for _, table := range []string{"instruments", "bars", "series", "quotes", "investor_flows", "dividends", "fundamentals", "option_contracts", "signals", "snapshots"} {
		if _, err := st.Count(ctx, table); err != nil {
			t.Errorf("table %s: %v", table, err)
		}
	}
	var mode string
	if err := st.w.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := st.w.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
	var bt int
	if err := st.r.QueryRow("PRAGMA busy_timeout").Scan(&bt); err != nil || bt != 5000 {
		t.Errorf("busy_timeout = %d, %v; want 5000", bt, err)
	}
	st.Close()
	// Reopening applies nothing and keeps the version.
	st, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, _ := st.SchemaVersion(ctx); v != 1 {
		t.Fatalf("after reopen version = %d", v)
	}
}

func TestOpenRejectsGarbageFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database ", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "damaged or not a KR Market database") {
		t.Fatalf("err = %v, want a clear damaged-file error", err)
	}
}

func TestPutBarsRoundTripAndSeries(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	in := st.Ingester("demo", time.Now)
	want := barsFor("005930.KS", 600)
	if err := in.PutBars(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := st.LastBars(ctx, "005930.KS", market.Daily, 300)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 300 || got[0].Time != want[300].Time || got[299] != withAdj(want[599]) {
		t.Fatalf("LastBars: len %d first %v last %+v", len(got), got[0].Time, got[len(got)-1])
	}
	src, err := st.SeriesSource(ctx, "005930.KS", market.Daily)
	if err != nil || src != "demo" {
		t.Fatalf("series source %q %v", src, err)
	}
	// Upserting the same keys replaces, never duplicates.
	if err := in.PutBars(ctx, want[:10]); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Count(ctx, "bars"); n != 600 {
		t.Fatalf("bars = %d, want 600", n)
	}
}

func withAdj(b market.Bar) market.Bar {
	if b.AdjClose == 0 {
		b.AdjClose = b.Close
	}
	return b
}

func TestPutBarsRejectsBadBarsWhole(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	in := st.Ingester("demo", time.Now)
	bars := barsFor("A", 10)
	bars[7].High = bars[7].Low - 1
	if err := in.PutBars(ctx, bars); err == nil {
		t.Fatal("want an error for high < low")
	}
	if n, _ := st.Count(ctx, "bars"); n != 0 {
		t.Fatalf("a rejected batch left %d rows", n)
	}
}

// Readers run while the writer commits batches; every read sees whole
// batches only and nobody gets SQLITE_BUSY.
func TestConcurrentReadersDuringWrites(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	in := st.Ingester("demo", time.Now)
	const batch, batches = 500, 40
	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				n, err := st.Count(ctx, "bars")
				if err != nil {
					errs <- err
					return
				}
				if n%batch != 0 {
					errs <- fmt.Errorf("reader saw %d rows: a half-written batch", n)
					return
				}
			}
		}()
	}
	for i := 0; i < batches; i++ {
		if err := in.PutBars(ctx, barsFor(fmt.Sprintf("S%03d", i), batch)); err != nil {
			t.Fatal(err)
		}
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n, _ := st.Count(ctx, "bars"); n != batch*batches {
		t.Fatalf("bars = %d", n)
	}
}

// TestMain lets the test binary act as the crashing writer child.
func TestMain(m *testing.M) {
	if path := os.Getenv("KRMARKET_CRASH_CHILD"); path != "" {
		crashChild(path)
		return
	}
	os.Exit(m.Run())
}

const crashBatch = 1000

// crashChild commits batches, reporting each, then starts one more batch
// and stops inside its transaction, waiting to be killed.
func crashChild(path string) {
	ctx := context.Background()
	st, err := Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	in := st.Ingester("demo", time.Now)
	for i := 0; i < 5; i++ {
		if err := in.PutBars(ctx, barsFor(fmt.Sprintf("C%03d", i), crashBatch)); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("committed", i+1)
	}
	_ = st.Write(ctx, func(tx *sql.Tx) error {
		// Half a batch of a new symbol goes in, then the process stops
		// inside the open transaction and waits to be killed.
		recs := make([]record, crashBatch/2)
		for i := range recs {
			recs[i] = record{ts: int64(1_700_000_000 + i*86400), v: [maxCols]float64{1, 2, 0.5, 1.5, 1.5, 100}}
		}
		if _, _, err := st.upsertChunks(ctx, tx, barTable, []any{"HALF", market.Daily}, recs); err != nil {
			return err
		}
		fmt.Println("midbatch")
		time.Sleep(time.Hour)
		return nil
	})
}

func TestCrashMidBatchLosesOnlyThatBatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KRMARKET_CRASH_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	committed := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "committed") {
			committed++
		}
		if strings.HasPrefix(line, "error") {
			t.Fatal(line)
		}
		if line == "midbatch" {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if committed != 5 {
		t.Fatalf("child committed %d batches, want 5", committed)
	}
	ctx := context.Background()
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if res, err := st.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	if n, _ := st.Count(ctx, "bars"); n != 5*crashBatch {
		t.Fatalf("bars after crash = %d, want %d (whole batches only)", n, 5*crashBatch)
	}
	// The store keeps working after the crash.
	if err := st.Ingester("demo", time.Now).PutBars(ctx, barsFor("AFTER", 10)); err != nil {
		t.Fatal(err)
	}
}

func TestDiskFullLosesOnlyTheBatch(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	in := st.Ingester("demo", time.Now)
	if err := in.PutBars(ctx, barsFor("KEEP", 100)); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := st.w.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := st.w.Exec(fmt.Sprintf("PRAGMA max_page_count=%d", pages+2)); err != nil {
		t.Fatal(err)
	}
	err := in.PutBars(ctx, barsFor("BIG", 20000))
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("err = %v, want ErrDiskFull", err)
	}
	if n, _ := st.Count(ctx, "bars"); n != 100 {
		t.Fatalf("bars = %d, want the 100 committed before", n)
	}
}

func TestSignalsLedgerRules(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	sig := Signal{Market: "KR", Ticker: "005930", Symbol: "005930.KS", SignalDate: "2026-11-27", EntryPrice: 70000, Score: 70, ContractionRatio: 0.5}
	n, err := st.AddSignals(ctx, []Signal{sig, sig}, now)
	if err != nil || n != 1 {
		t.Fatalf("added %d, %v; want 1 (duplicate in batch skipped)", n, err)
	}
	later := sig
	later.SignalDate = "2026-11-28"
	if n, _ := st.AddSignals(ctx, []Signal{later}, now); n != 0 {
		t.Fatalf("a second OPEN signal for one ticker was added")
	}
	open, err := st.OpenSignals(ctx, "KR")
	if err != nil || len(open) != 1 || open[0].EntryPrice != 70000 {
		t.Fatalf("open = %+v, %v", open, err)
	}
}
