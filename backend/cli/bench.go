package cli

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/mattn/go-sqlite3" // the baseline's raw driver

	"krmarket/backend/config"
	"krmarket/backend/core"
	"krmarket/backend/market"
	"krmarket/backend/provider/demo"
	"krmarket/backend/store"
)

const benchHelp = `Usage: krmarket bench [flags]

Measures, in fresh temporary databases (your data dir is not touched):
  - demo market generation + storage time (first start), and generation alone;
  - the KR scan over every KRX stock from the store (median of 3, per-stock
    cost), and the signal rules alone on 500 bars per stock in memory, full
    against screened (the trend template rejects before the pattern search);
  - the indicator kernels (SMA, EMA, Wilder RSI, MACD, Bollinger, ATR, MAX,
    OBV) on 100,000 bars against go-talib on the same input;
  - bars ingested per second through the store's packed-chunk writer,
    against a baseline of one prepared single-row INSERT per bar into a
    row-per-bar table in the same run;
  - against a fake Yahoo server with 50 ms latency: quotes for 300 symbols
    (batched calls, default rate budget) and an incremental history sync of
    500 symbols that each lack one day (every new bar must be stored);
  - GET /api/kr/signals requests per second and p99 latency with 32
    concurrent clients against an in-process server on loopback, against a
    baseline handler that returns the same bytes through the same stack;
  - the background scheduler's KR price cycle (300 open signals + 11 index
    and sector symbols) against the fake Yahoo server with 50 ms latency, and
    the idle CPU and RSS of ` + "`krmarket serve`" + ` over 10 s (Linux).
Ratios are the figures to compare across machines; absolute numbers vary.
`

func runBench(args []string, env Env) int {
	fs := newFlags("bench", benchHelp, env)
	dur := fs.Duration("duration", 3*time.Second, "duration of each HTTP load run")
	clients := fs.Int("clients", 32, "concurrent HTTP clients")
	nbars := fs.Int("bars", 500_000, "bars for the ingest measurement")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if err := bench(env.Stdout, *dur, *clients, *nbars); err != nil {
		fmt.Fprintln(env.Stderr, "krmarket bench:", err)
		return 1
	}
	return 0
}

func bench(w io.Writer, dur time.Duration, clients, nbars int) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "krmarket-bench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	now := time.Now()

	// 1. Demo market: generation alone, then generation + storage.
	t0 := time.Now()
	stats, err := demo.Generate(ctx, demo.Config{Seed: config.Default().DemoSeed, Now: now}, demo.Discard{})
	if err != nil {
		return err
	}
	genOnly := time.Since(t0)
	cfg := config.Default()
	cfg.DataDir = filepath.Join(tmp, "demo")
	cfg.Source = config.SourceDemo
	cfg.LogLevel = "warn"
	t0 = time.Now()
	app, err := core.Open(ctx, cfg, core.Options{Console: io.Discard})
	if err != nil {
		return err
	}
	firstStart := time.Since(t0)
	fmt.Fprintf(w, "demo market: %d instruments, %d bars, %d flow rows\n", stats.Instruments, stats.DailyBars+stats.H4Bars, stats.Flows)
	fmt.Fprintf(w, "  first start (generate + store): %v   (aim < 5s)\n", firstStart.Round(time.Millisecond))
	fmt.Fprintf(w, "  generation alone: %v   ratio first-start/generation: %.1fx\n", genOnly.Round(time.Millisecond), ratio(firstStart, genOnly))

	// 2. The KR scan and the indicator kernels.
	if err := benchScan(ctx, w, app); err != nil {
		return err
	}

	// 3. Ingest: batched multi-row writer vs single-row prepared inserts.
	bars := syntheticBars(nbars)
	fast, err := ingestBatched(ctx, filepath.Join(tmp, "ingest-fast.db"), bars)
	if err != nil {
		return err
	}
	slow, err := ingestRowByRow(ctx, filepath.Join(tmp, "ingest-base.db"), bars)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ingest: %d bars\n", len(bars))
	fmt.Fprintf(w, "  packed writer: %.0f bars/s   (aim >= 300,000)\n", float64(len(bars))/fast.Seconds())
	fmt.Fprintf(w, "  baseline single-row INSERT: %.0f bars/s   ratio: %.2fx\n", float64(len(bars))/slow.Seconds(), ratio(slow, fast))

	// 4. HTTP: /api/kr/signals vs a static handler with the same bytes.
	if err := app.Server.Start("127.0.0.1:0"); err != nil {
		return err
	}
	defer app.Close(context.Background())
	addr := app.Server.Addr()
	body, err := get(http.DefaultClient, "http://"+addr+"/api/kr/signals")
	if err != nil {
		return err
	}
	sig := load("http://"+addr+"/api/kr/signals", clients, dur)
	base, stopBase, err := staticServer(body)
	if err != nil {
		return err
	}
	defer stopBase()
	bl := load("http://"+base+"/", clients, dur)
	fmt.Fprintf(w, "GET /api/kr/signals, %d clients, %v each:\n", clients, dur)
	fmt.Fprintf(w, "  krmarket: %.0f req/s, p50 %v, p99 %v, errors %d   (aim >= 15,000 req/s)\n", sig.rps, sig.p50, sig.p99, sig.errors)
	fmt.Fprintf(w, "  baseline static handler: %.0f req/s, p99 %v   ratio: %.2f of baseline\n", bl.rps, bl.p99, sig.rps/bl.rps)

	// 5. The live data path against the fake Yahoo server.
	if err := benchLive(w, tmp); err != nil {
		return err
	}
	// 6. The background price cycle and idle serve (benchbackground.go).
	return benchBackground(w, tmp)
}

func ratio(a, b time.Duration) float64 { return a.Seconds() / b.Seconds() }

// syntheticBars makes n bars over n/500 symbols.
func syntheticBars(n int) []market.Bar {
	out := make([]market.Bar, n)
	for i := range out {
		sym := fmt.Sprintf("S%05d", i/500)
		p := 100 + math.Sin(float64(i))*5
		out[i] = market.Bar{Symbol: sym, Interval: market.Daily, Time: int64(1_600_000_000 + (i%500)*86400),
			Open: p, High: p + 1, Low: p - 1, Close: p + 0.5, AdjClose: p + 0.5, Volume: 1000}
	}
	return out
}

func ingestBatched(ctx context.Context, path string, bars []market.Bar) (time.Duration, error) {
	st, err := store.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	in := st.Ingester("bench", time.Now)
	t0 := time.Now()
	for i := 0; i < len(bars); i += 500 {
		if err := in.PutBars(ctx, bars[i:min(i+500, len(bars))]); err != nil {
			return 0, err
		}
	}
	return time.Since(t0), nil
}

func ingestRowByRow(ctx context.Context, path string, bars []market.Bar) (time.Duration, error) {
	st, err := store.Open(ctx, path) // creates the schema
	if err != nil {
		return 0, err
	}
	st.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bars_rows (symbol TEXT NOT NULL, interval TEXT NOT NULL, ts INTEGER NOT NULL, open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, adj_close REAL NOT NULL, volume REAL NOT NULL, PRIMARY KEY (symbol, interval, ts)) WITHOUT ROWID`); err != nil {
		return 0, err
	}
	t0 := time.Now()
	for i := 0; i < len(bars); i += 500 {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO bars_rows (symbol, interval, ts, open, high, low, close, adj_close, volume) VALUES (?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			tx.Rollback()
			return 0, err
		}
		for _, b := range bars[i:min(i+500, len(bars))] {
			if _, err := stmt.ExecContext(ctx, b.Symbol, b.Interval, b.Time, b.Open, b.High, b.Low, b.Close, b.AdjClose, b.Volume); err != nil {
				tx.Rollback()
				return 0, err
			}
		}
		stmt.Close()
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	}
	return time.Since(t0), nil
}

func get(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %s", url, resp.Status, b)
	}
	return b, nil
}

type loadResult struct {
	rps      float64
	p50, p99 time.Duration
	errors   int64
}

// load runs clients goroutines doing GET url for d and reports throughput
// and latency percentiles.
func load(url string, clients int, d time.Duration) loadResult {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var errs atomic.Int64
	lat := make([][]time.Duration, clients)
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	t0 := time.Now()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for time.Now().Before(deadline) {
				s := time.Now()
				resp, err := c.Get(url)
				if err != nil {
					errs.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs.Add(1)
				}
				lat[i] = append(lat[i], time.Since(s))
			}
		}(i)
	}
	wg.Wait()
	el := time.Since(t0)
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	r := loadResult{errors: errs.Load()}
	if len(all) > 0 {
		r.rps = float64(len(all)) / el.Seconds()
		r.p50 = all[len(all)/2].Round(time.Microsecond)
		r.p99 = all[len(all)*99/100].Round(time.Microsecond)
	}
	return r
}

func staticServer(body []byte) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	})}
	go srv.Serve(ln)
	return ln.Addr().String(), func() { srv.Close() }, nil
}
