package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/core"
	"krmarket/backend/data"
	"krmarket/backend/events"
	"krmarket/backend/market"
	"krmarket/backend/provider/yahoo/yahootest"
	"krmarket/backend/store"
)

// benchBackground measures the background scheduler's price cycle — 300
// open KR signals plus the 11 index and sector symbols, through the real
// prices.kr job against the fake Yahoo server with 50 ms latency — and,
// on Linux, the idle CPU and RSS of `krmarket serve` once its start-up
// jobs are done.
func benchBackground(w io.Writer, tmp string) error {
	if err := benchPriceCycle(w, tmp); err != nil {
		return err
	}
	if runtime.GOOS != "linux" {
		fmt.Fprintln(w, "idle serve: measured on Linux only (/proc)")
		return nil
	}
	return benchIdleServe(w, tmp, 10*time.Second)
}

func benchPriceCycle(w io.Writer, tmp string) error {
	ctx := context.Background()
	const latency = 50 * time.Millisecond
	fake := yahootest.Start(yahootest.WithLatency(latency))
	defer fake.Close()
	now := time.Now()
	from := now.AddDate(0, 0, -60)
	codes := make([]string, 300)
	for i := range codes {
		codes[i] = fmt.Sprintf("9%05d", i+1)
		fake.SetBars(codes[i]+".KS", yahootest.Walk(codes[i]+".KS", from, 40, float64(10000+100*i)))
	}
	for _, b := range data.KRBenchmarks() {
		fake.SetBars(b.Symbol, yahootest.Walk(b.Symbol, from, 40, b.Level))
	}
	for _, e := range data.KRSectorETFs() {
		fake.SetBars(e.Symbol, yahootest.Walk(e.Symbol, from, 40, e.Level))
	}
	cfg := config.Default()
	cfg.DataDir = filepath.Join(tmp, "prices")
	cfg.Source = config.SourceLive
	cfg.LogLevel = "error"
	cfg.Sources.YahooURL = fake.URL
	cfg.Sources.YahooPerHour = 1500 // the default budget
	app, err := core.Open(ctx, cfg, core.Options{Console: io.Discard})
	if err != nil {
		return err
	}
	defer app.Close(ctx)
	if err := seedSignals(ctx, app.Store, codes, now); err != nil {
		return err
	}
	sub := app.Events.Subscribe(1000, events.SchedulerRun)
	defer sub.Close()
	t0 := time.Now()
	if err := app.Background.Trigger(config.JobPricesKR); err != nil {
		return err
	}
	var fin map[string]any
	for e := range sub.C {
		if d, _ := e.Data.(map[string]any); d["job"] == config.JobPricesKR && d["phase"] == "finished" {
			fin = d
			break
		}
	}
	el := time.Since(t0)
	fmt.Fprintf(w, "price cycle (prices.kr job, fake Yahoo %v latency): %v symbols in %v, %d quote calls of ≤50 (budget 3 s), result %v\n",
		latency, fin["items"], el.Round(time.Millisecond), fake.Count(yahootest.EndpointQuote), fin["result"])
	return nil
}

// seedSignals stores codes as live KR stocks with a few bars and one OPEN
// signal each.
func seedSignals(ctx context.Context, st *store.Store, codes []string, now time.Time) error {
	in := st.Ingester(contract.SourceLive, func() time.Time { return now })
	var insts []market.Instrument
	var bars []market.Bar
	var sigs []store.Signal
	for _, c := range codes {
		sym := c + ".KS"
		insts = append(insts, market.Instrument{Symbol: sym, Ticker: c, Name: c, Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"})
		bars = append(bars, market.Bar{Symbol: sym, Interval: market.Daily, Time: now.AddDate(0, 0, -5).Truncate(24 * time.Hour).Unix(),
			Open: 1000, High: 1010, Low: 990, Close: 1000, Volume: 1000})
		sigs = append(sigs, store.Signal{Market: market.KR, Ticker: c, Symbol: sym, SignalDate: now.AddDate(0, 0, -3).Format(time.DateOnly),
			EntryPrice: 1000, Score: 60, ContractionRatio: 0.5})
	}
	if err := in.PutInstruments(ctx, insts); err != nil {
		return err
	}
	if err := in.PutBars(ctx, bars); err != nil {
		return err
	}
	_, err := st.AddSignals(ctx, sigs, now)
	return err
}

var serveAddr = regexp.MustCompile(`KR Market API on http://([0-9.]+:[0-9]+)`)

// benchIdleServe starts `krmarket serve` (demo market) as a child, waits
// until its start-up jobs are done, then reads its CPU time and RSS from
// /proc over d of idleness.
func benchIdleServe(w io.Writer, tmp string, d time.Duration) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, "serve", "--data-dir", filepath.Join(tmp, "idle"), "--source", "demo", "--addr", "127.0.0.1:0", "--log-level", "warn")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	addr := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := serveAddr.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if addr == "" {
		return fmt.Errorf("idle serve: no address printed")
	}
	// Start-up work (the ledger history replay of a fresh demo market) ends first.
	deadline := time.Now().Add(3 * time.Minute)
	for {
		res, err := http.Get("http://" + addr + "/api/jobs")
		if err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if !strings.Contains(string(b), `"state":"running"`) {
				break
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("idle serve: start-up jobs still running after 3 minutes")
		}
		time.Sleep(500 * time.Millisecond)
	}
	time.Sleep(time.Second)
	pid := cmd.Process.Pid
	cpu0, err := procCPU(pid)
	if err != nil {
		return err
	}
	time.Sleep(d)
	cpu1, err := procCPU(pid)
	if err != nil {
		return err
	}
	rss, err := procRSS(pid)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "idle serve (demo market, start-up jobs done): CPU %.2f%% of one core over %v (%v CPU time), RSS %.1f MB\n",
		100*(cpu1-cpu0).Seconds()/d.Seconds(), d, (cpu1 - cpu0).Round(time.Millisecond), float64(rss)/(1<<20))
	return nil
}

// procCPU is a process's user + system CPU time from /proc/PID/stat
// (clock ticks of USER_HZ = 100 on Linux).
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	st, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}

// procRSS is a process's resident set size in bytes (/proc/PID/status VmRSS).
func procRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for %d", pid)
}
