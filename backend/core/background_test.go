package core

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/events"
	"krmarket/backend/market"
	"krmarket/backend/notify"
	"krmarket/backend/provider/yahoo/yahootest"
	"krmarket/backend/scheduler"
	"krmarket/backend/store"
)

// TestMain lets the test binary act as the price-cycle child that
// TestKillDuringPriceCycle kills.
func TestMain(m *testing.M) {
	if dir := os.Getenv("KRMARKET_BG_CHILD"); dir != "" {
		os.Exit(priceChild(dir, os.Getenv("KRMARKET_BG_YAHOO")))
	}
	os.Exit(m.Run())
}

// krCodes are n synthetic KRX codes.
func krCodes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("9%05d", i+1)
	}
	return out
}

// priceFake starts a fake Yahoo with daily bars for the codes and the KR
// index and sector-ETF symbols of the price cycle.
func priceFake(t testing.TB, codes []string, latency time.Duration) *yahootest.Server {
	y := yahootest.Start(yahootest.WithLatency(latency))
	if t != nil {
		t.Cleanup(y.Close)
	}
	from := time.Now().AddDate(0, 0, -60)
	for i, c := range codes {
		sym := c + ".KS"
		y.SetBars(sym, yahootest.Walk(sym, from, 40, float64(10000+100*i)))
	}
	for _, b := range data.KRBenchmarks() {
		y.SetBars(b.Symbol, yahootest.Walk(b.Symbol, from, 40, b.Level))
	}
	for _, e := range data.KRSectorETFs() {
		y.SetBars(e.Symbol, yahootest.Walk(e.Symbol, from, 40, e.Level))
	}
	return y
}

// liveConfig is a live-mode config on dir against the fake Yahoo at url.
func liveConfig(dir, url string) config.Config {
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Source = config.SourceLive
	cfg.LogLevel = "warn"
	cfg.Sources.YahooURL = url
	cfg.Sources.YahooPerHour = 100_000
	return cfg
}

// seedKR stores the codes as live KR stocks with a few bars each, an old
// quote of 1 KRW and one OPEN signal each.
func seedKR(ctx context.Context, st *store.Store, codes []string, now time.Time) error {
	in := st.Ingester(contract.SourceLive, func() time.Time { return now })
	insts := make([]market.Instrument, len(codes))
	var bars []market.Bar
	var quotes []market.Quote
	sigs := make([]store.Signal, len(codes))
	for i, c := range codes {
		sym := c + ".KS"
		insts[i] = market.Instrument{Symbol: sym, Ticker: c, Name: "Test " + c, Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"}
		for d := range 5 {
			p := float64(1000 + d)
			bars = append(bars, market.Bar{Symbol: sym, Interval: market.Daily, Time: now.AddDate(0, 0, d-10).Truncate(24 * time.Hour).Unix(),
				Open: p, High: p + 10, Low: p - 10, Close: p, Volume: 1000})
		}
		quotes = append(quotes, market.Quote{Symbol: sym, Price: 1, Time: now.Add(-time.Hour).Unix()})
		sigs[i] = store.Signal{Market: market.KR, Ticker: c, Symbol: sym, SignalDate: now.AddDate(0, 0, -3).Format(time.DateOnly),
			EntryPrice: 1000, Foreign5d: 100_000, Inst5d: 50_000, Score: 60, ContractionRatio: 0.5}
	}
	if err := in.PutInstruments(ctx, insts); err != nil {
		return err
	}
	if err := in.PutBars(ctx, bars); err != nil {
		return err
	}
	if err := in.PutQuotes(ctx, quotes); err != nil {
		return err
	}
	_, err := st.AddSignals(ctx, sigs, now)
	return err
}

// runJob triggers a job and waits for its finished event.
func runJob(t *testing.T, c *Core, job string) map[string]any {
	t.Helper()
	sub := c.Events.Subscribe(1000, events.SchedulerRun)
	defer sub.Close()
	if err := c.Background.Trigger(job); err != nil {
		t.Fatal(err)
	}
	timeout := time.After(60 * time.Second)
	for {
		select {
		case e := <-sub.C:
			d := e.Data.(map[string]any)
			if d["job"] == job && d["phase"] == "finished" {
				return d
			}
		case <-timeout:
			t.Fatalf("%s did not finish", job)
		}
	}
}

// One price cycle for 300 open signals (plus the 11 KR index and sector
// symbols) against the fake Yahoo with 50 ms latency: 7 batched quote
// calls, one store transaction per batch, the run recorded in job_runs,
// prices.updated published, and the API returns the new prices.
func TestPriceCycle300(t *testing.T) {
	ctx := context.Background()
	codes := krCodes(300)
	fake := priceFake(t, codes, 50*time.Millisecond)
	dir := t.TempDir()
	c, err := Open(ctx, liveConfig(dir, fake.URL), Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if err := seedKR(ctx, c.Store, codes, time.Now()); err != nil {
		t.Fatal(err)
	}
	prices := c.Events.Subscribe(16, events.PricesUpdated)
	defer prices.Close()
	v0 := c.Store.Version()

	start := time.Now()
	fin := runJob(t, c, config.JobPricesKR)
	elapsed := time.Since(start)
	t.Logf("price cycle: 311 symbols in %v (fake Yahoo, 50 ms latency; %d quote calls)", elapsed.Round(time.Millisecond), fake.Count(yahootest.EndpointQuote))

	want := len(codes) + len(data.KRBenchmarks()) + len(data.KRSectorETFs())
	if fin["result"] != scheduler.ResultOK || fin["items"] != want || fin["error"] != "" {
		t.Fatalf("run %v, want ok with %d items", fin, want)
	}
	if n := fake.Count(yahootest.EndpointQuote); n != (want+49)/50 {
		t.Fatalf("%d quote calls, want %d batches of ≤50", n, (want+49)/50)
	}
	// At most one commit per batch (group commit may merge concurrent
	// batches, never split one), plus the run's start and end records and
	// the Yahoo session saved on first use.
	if d := c.Store.Version() - v0; d < 3 || d > int64((want+49)/50)+3 {
		t.Fatalf("%d commits for %d batches", d, (want+49)/50)
	}
	// Every stored quote is the fake's latest close.
	syms := make([]string, len(codes))
	for i, code := range codes {
		syms[i] = code + ".KS"
	}
	qs, err := c.Store.Quotes(ctx, syms)
	if err != nil || len(qs) != len(codes) {
		t.Fatalf("%d quotes, %v", len(qs), err)
	}
	lastClose := func(sym string) float64 {
		bars := yahootest.Walk(sym, time.Now().AddDate(0, 0, -60), 40, float64(10000+100*indexOf(codes, strings.TrimSuffix(sym, ".KS"))))
		return bars[len(bars)-1].Close
	}
	for _, s := range syms {
		if got, want := qs[s].Price, lastClose(s); math.Abs(got-want) > 1e-9 {
			t.Fatalf("%s: stored %v, fake close %v", s, got, want)
		}
	}
	// The API (kr.signals through the dispatcher) shows the new prices.
	status, body := c.Dispatcher.Invoke(ctx, "kr.signals", nil, nil)
	var res struct {
		Signals []struct {
			Ticker       string  `json:"ticker"`
			CurrentPrice float64 `json:"current_price"`
		} `json:"signals"`
	}
	if err := json.Unmarshal(body, &res); err != nil || status != 200 || len(res.Signals) == 0 {
		t.Fatalf("kr.signals %d %s", status, body)
	}
	for _, r := range res.Signals {
		if want := math.Round(lastClose(r.Ticker + ".KS")); r.CurrentPrice != want {
			t.Fatalf("%s current_price %v, want %v", r.Ticker, r.CurrentPrice, want)
		}
	}
	select {
	case e := <-prices.C:
		d := e.Data.(map[string]any)
		if d["market"] != "kr" || d["count"] != want || len(d["symbols"].([]string)) != want {
			t.Fatalf("prices.updated %v", d)
		}
	default:
		t.Fatal("no prices.updated event")
	}
	// Recorded in job_runs.
	runs, err := c.Store.JobRuns(ctx, config.JobPricesKR, 5)
	if err != nil || len(runs) != 1 || runs[0].Result != "ok" || runs[0].Items != want || runs[0].Ended == nil {
		t.Fatalf("job_runs %+v, %v", runs, err)
	}
	if c.Background.LastPriceUpdate().IsZero() {
		t.Fatal("last price update not set")
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// In demo mode (and on demo data) every job is listed, and the price jobs
// end with "demo data: nothing to fetch" without any request.
func TestDemoModeJobsSkip(t *testing.T) {
	ctx := context.Background()
	fake := priceFake(t, nil, 0)
	c, err := Open(ctx, liveConfig(t.TempDir(), fake.URL), Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.System.EditConfig(func(cfg *config.Config) error { cfg.Source = config.SourceDemo; return nil }); err != nil {
		t.Fatal(err)
	}
	jobs, err := c.Background.Jobs(ctx)
	if err != nil || len(jobs) != len(config.BackgroundJobs) {
		t.Fatalf("jobs %+v, %v", jobs, err)
	}
	for i, j := range jobs {
		if j.Name != config.BackgroundJobs[i] || j.Schedule == "" || !j.Enabled {
			t.Fatalf("job %d = %+v", i, j)
		}
	}
	for _, j := range []string{config.JobPricesKR, config.JobPricesUS, config.JobPricesCrypto} {
		if fin := runJob(t, c, j); fin["result"] != "demo data: nothing to fetch" || fin["error"] != "" {
			t.Fatalf("%s: %v", j, fin)
		}
	}
	if n := fake.Count(yahootest.EndpointQuote); n != 0 {
		t.Fatalf("%d quote requests in demo mode", n)
	}
	// After a restart the status shows the recorded last run.
	jobs, _ = c.Background.Jobs(ctx)
	if l := jobs[0].Last; l == nil || l.Result != "demo data: nothing to fetch" {
		t.Fatalf("last run %+v", jobs[0].Last)
	}
}

// Settings changes reach the scheduler: the price interval reschedules,
// job switches disable, listeners run.
func TestBackgroundSettings(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, liveConfig(t.TempDir(), "http://127.0.0.1:1"), Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var got []string
	c.Background.OnSettings(func(old, new config.Config) {
		got = append(got, fmt.Sprintf("%v→%v", old.Background.HideToTray, new.Background.HideToTray))
	})
	if _, err := c.System.UpdateSettings([]byte(`{"background":{"price_interval_minutes":15,"hide_to_tray":false,"jobs":{"data.daily":false}}}`), nil); err != nil {
		t.Fatal(err)
	}
	jobs, _ := c.Background.Jobs(ctx)
	for _, j := range jobs {
		switch j.Name {
		case config.JobPricesKR:
			if j.Schedule != "every 15m while KRX is open (Asia/Seoul)" {
				t.Errorf("schedule %q", j.Schedule)
			}
		case config.JobDataDaily:
			if j.Enabled {
				t.Error("data.daily still enabled")
			}
		}
	}
	if len(got) != 1 || got[0] != "true→false" {
		t.Fatalf("listener saw %v", got)
	}
	// Pause/resume all and one.
	if err := c.Background.Pause(""); err != nil || !c.Background.GlobalPaused() {
		t.Fatal("pause all")
	}
	if err := c.Background.Pause("nope"); !errors.Is(err, scheduler.ErrUnknownJob) {
		t.Fatalf("pause unknown: %v", err)
	}
	if err := c.Background.Resume(""); err != nil || c.Background.GlobalPaused() {
		t.Fatal("resume all")
	}
}

// The steps of a pipeline all run; a failing step is reported, a note is
// not an error, cancellation stops the pipeline.
func TestRunSteps(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, liveConfig(t.TempDir(), "http://127.0.0.1:1"), Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var ran []string
	step := func(name string, n int, err error) Step {
		return Step{Name: name, Run: func(context.Context) (int, error) { ran = append(ran, name); return n, err }}
	}
	n, err := c.Background.RunSteps(ctx, "test", []Step{
		step("update", 0, errors.New("network down")),
		step("scan", 3, nil),
		step("ai", 0, scheduler.Note("AI analysis not available")),
		step("snapshot", 1, nil),
	})
	if n != 4 || err == nil || !strings.Contains(err.Error(), "update: network down") || strings.Join(ran, ",") != "update,scan,ai,snapshot" {
		t.Fatalf("n=%d err=%v ran=%v", n, err, ran)
	}
	cctx, cancel := context.WithCancel(ctx)
	ran = nil
	n, err = c.Background.RunSteps(cctx, "test", []Step{
		{Name: "first", Run: func(context.Context) (int, error) { cancel(); return 1, nil }},
		step("second", 1, nil),
	})
	if !errors.Is(err, context.Canceled) || n != 1 || len(ran) != 0 {
		t.Fatalf("cancelled: n=%d err=%v ran=%v", n, err, ran)
	}
}

// The KR post-close pipeline on a demo store: the update is skipped (demo),
// the scan, ledger update and AI analysis run, a snapshot is stored.
func TestKRAfterCloseDemo(t *testing.T) {
	ctx := context.Background()
	c := openCore(t, t.TempDir(), config.SourceDemo)
	defer c.Close(ctx)
	var names []string
	for _, s := range c.Background.KRAfterClose {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "kr.update,kr.scan,ledger.update,ai.analysis,daily.snapshot,kr.gate" {
		t.Fatalf("steps %s", got)
	}
	fin := runJob(t, c, config.JobKRAfterClose)
	if fin["result"] != scheduler.ResultOK {
		t.Fatalf("run %v", fin)
	}
	b, err := c.Store.Snapshot(ctx, snapshotKindDaily, "2026-11-27")
	if err != nil || !strings.Contains(string(b), `"date":"2026-11-27"`) || !strings.Contains(string(b), `"gate":"`) {
		t.Fatalf("snapshot %s, %v", b, err)
	}
	if c.Background.LastGate() == "" {
		t.Fatal("the pipeline did not read the gate")
	}
}

// Gate colour changes are published and notified, once per change, not on
// the first reading.
func TestGateChangeNotifies(t *testing.T) {
	ctx := context.Background()
	c, err := Open(ctx, liveConfig(t.TempDir(), "http://127.0.0.1:1"), Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var mu sync.Mutex
	var sent []string
	c.Background.SetSender(notify.SenderFunc(func(title, body string) error {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, title)
		return nil
	}))
	gates := c.Events.Subscribe(16, events.GateChanged)
	defer gates.Close()
	colour := "GREEN"
	c.Background.GateColour = func(context.Context) (string, error) { return colour, nil }
	c.Background.CheckGate(ctx)
	c.Background.CheckGate(ctx)
	colour = "red"
	c.Background.CheckGate(ctx)
	if c.Background.LastGate() != "RED" {
		t.Fatalf("last gate %q", c.Background.LastGate())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sent) != 1 || sent[0] != "KR market gate: GREEN → RED" {
		t.Fatalf("notifications %q", sent)
	}
	select {
	case e := <-gates.C:
		if d := e.Data.(map[string]string); d["from"] != "GREEN" || d["to"] != "RED" {
			t.Fatalf("gate.changed %v", d)
		}
	default:
		t.Fatal("no gate.changed event")
	}
	// Switched off in the settings: no notification.
	if _, err := c.System.UpdateSettings([]byte(`{"background":{"notifications":{"gate_change":false}}}`), nil); err != nil {
		t.Fatal(err)
	}
	colour = "YELLOW"
	c.Background.CheckGate(ctx)
	if len(sent) != 1 {
		t.Fatalf("notified although off: %q", sent)
	}
}

// Close cancels a price cycle stuck on a slow source and closes the
// database within 2 seconds.
func TestCloseWithinTwoSeconds(t *testing.T) {
	ctx := context.Background()
	codes := krCodes(20)
	fake := priceFake(t, codes, 30*time.Second) // every request hangs
	c, err := Open(ctx, liveConfig(t.TempDir(), fake.URL), Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := seedKR(ctx, c.Store, codes, time.Now()); err != nil {
		t.Fatal(err)
	}
	sub := c.Events.Subscribe(16, events.SchedulerRun)
	if err := c.Background.Trigger(config.JobPricesKR); err != nil {
		t.Fatal(err)
	}
	<-sub.C // started
	time.Sleep(100 * time.Millisecond)
	cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	start := time.Now()
	if err := c.Close(cctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if d := time.Since(start); d >= 2*time.Second {
		t.Fatalf("Close took %v", d)
	}
	if err := c.Store.Ping(ctx); err == nil {
		t.Fatal("the database is still open")
	}
	// The cancelled run was recorded before the database closed.
	st, err := store.Open(ctx, c.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, _ := st.JobRuns(ctx, config.JobPricesKR, 1)
	if len(runs) != 1 || runs[0].Result != scheduler.ResultCancelled {
		t.Fatalf("runs %+v", runs)
	}
}

// priceChild runs price cycles on dir until killed, printing "cycle N" and
// "progress" lines.
func priceChild(dir, url string) int {
	ctx := context.Background()
	c, err := Open(ctx, liveConfig(dir, url), Options{Console: io.Discard})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	for i := 1; ; i++ {
		fmt.Println("cycle", i)
		sub := c.Events.Subscribe(1000, events.SchedulerRun)
		if err := c.Background.Trigger(config.JobPricesKR); err != nil {
			fmt.Println("error", err)
			return 1
		}
		for e := range sub.C {
			d := e.Data.(map[string]any)
			if d["phase"] == "progress" {
				fmt.Println("progress", d["done"])
			}
			if d["phase"] == "finished" {
				fmt.Println("finished", d["result"])
				break
			}
		}
		sub.Close()
	}
}

// kill -9 in the middle of a price cycle: the database passes
// PRAGMA integrity_check, the interrupted run is marked as such on the
// next start, and the next cycle succeeds.
func TestKillDuringPriceCycle(t *testing.T) {
	ctx := context.Background()
	codes := krCodes(300)
	fake := priceFake(t, codes, 150*time.Millisecond)
	dir := t.TempDir()
	{
		st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
		if err != nil {
			t.Fatal(err)
		}
		if err := seedKR(ctx, st, codes, time.Now()); err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KRMARKET_BG_CHILD="+dir, "KRMARKET_BG_YAHOO="+fake.URL)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	cycles, progress := 0, 0
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "error"):
			cmd.Process.Kill()
			t.Fatal(line)
		case strings.HasPrefix(line, "cycle"):
			cycles++
		case strings.HasPrefix(line, "progress") && cycles == 2:
			progress++
		}
		if cycles == 2 && progress == 2 { // second cycle, some batches stored, others in flight
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if cycles != 2 || progress != 2 {
		t.Fatalf("child stopped early: %d cycles, %d progress lines", cycles, progress)
	}

	fake.SetLatency(0)
	c, err := Open(ctx, liveConfig(dir, fake.URL), Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if res, err := c.Store.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	runs, err := c.Store.JobRuns(ctx, config.JobPricesKR, 5)
	if err != nil || len(runs) != 2 || runs[0].Ended != nil || runs[1].Result != "ok" {
		t.Fatalf("runs before restart %+v, %v", runs, err)
	}
	startCtx, stop := context.WithCancel(ctx)
	defer stop()
	c.Background.Start(startCtx)
	runs, _ = c.Store.JobRuns(ctx, config.JobPricesKR, 5)
	if runs[0].Result != store.ResultInterrupted {
		t.Fatalf("interrupted run %+v", runs[0])
	}
	if !c.Background.LastPriceUpdate().Equal(*runs[1].Ended) {
		t.Fatalf("last price update %v, want the first cycle's end %v", c.Background.LastPriceUpdate(), runs[1].Ended)
	}
	if fin := runJob(t, c, config.JobPricesKR); fin["result"] != scheduler.ResultOK || fin["items"] != 311 {
		t.Fatalf("next cycle %v", fin)
	}
}
