package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/calendar"
	"krmarket/backend/contract"
	"krmarket/backend/live"
	"krmarket/backend/market"
	"krmarket/backend/provider/yahoo"
	"krmarket/backend/provider/yahoo/yahootest"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

// benchLive measures the live data path against the fake Yahoo server with
// 50 ms added latency: 300 quotes with the real default rate budget, and an
// incremental history sync of 500 symbols that each lack one day.
func benchLive(w io.Writer, tmp string) error {
	ctx := context.Background()
	const latency = 50 * time.Millisecond
	fake := yahootest.Start(yahootest.WithLatency(latency))
	defer fake.Close()
	now := time.Now().UTC()
	cal := calendar.NYSE()
	last := cal.LastCompletedSession(now)
	days := cal.PrevTradingDays(last, 260)
	syms := make([]string, 500)
	for i := range syms {
		syms[i] = fmt.Sprintf("BENCH%03d", i)
		var bars []market.Bar
		for _, b := range yahootest.Walk(syms[i], days[0], 300, 100) {
			if !time.Unix(b.Time, 0).After(last) { // nothing after the last completed session
				bars = append(bars, b)
			}
		}
		fake.SetBars(syms[i], bars)
	}

	// 1. Quotes for 300 symbols, the default budget of 1,500 requests/hour.
	y, err := yahoo.New(yahoo.Config{BaseURL: fake.URL, RatePerHour: 1500})
	if err != nil {
		return err
	}
	t0 := time.Now()
	qs, err := y.Quotes(ctx, syms[:300])
	if err != nil {
		return err
	}
	el := time.Since(t0)
	calls := fake.Count(yahootest.EndpointQuote)
	fmt.Fprintf(w, "live quotes (fake Yahoo, %v latency): %d symbols in %v with %d quote calls (+ session); %.1f round trips of latency\n",
		latency, len(qs), el.Round(time.Millisecond), calls, el.Seconds()/latency.Seconds())

	// 2. Incremental sync: the store has every series up to the session
	// before the last one; the fake has one more day.
	st, err := store.Open(ctx, filepath.Join(tmp, "sync.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	fast, err := yahoo.New(yahoo.Config{BaseURL: fake.URL, RatePerHour: 1_000_000}) // a mirror's budget
	if err != nil {
		return err
	}
	fake.SetLatency(0) // seeding is not measured
	in := st.Ingester(contract.SourceLive, time.Now)
	for _, s := range syms {
		bars, err := fast.Daily(ctx, s, days[0], now)
		if err != nil {
			return fmt.Errorf("seed %s: %w", s, err)
		}
		if err := in.PutBars(ctx, bars[:len(bars)-1]); err != nil { // all but the last day
			return err
		}
	}
	before, _ := st.Count(ctx, "bars")
	fake.SetLatency(latency)
	log := logrus.New()
	log.SetOutput(io.Discard)
	u := live.New(st, sources.New(time.Now), time.Now, log, 0)
	o := live.DefaultOptions()
	o.Workers = 8
	t0 = time.Now()
	n, err := u.SyncDaily(ctx, fast, syms, cal, o, nil)
	if err != nil {
		return err
	}
	el = time.Since(t0)
	after, _ := st.Count(ctx, "bars")
	fmt.Fprintf(w, "incremental sync: %d symbols lacking one day → %d new bars stored (store %d → %d) in %v; at Yahoo's default 1,500 requests/hour the same %d requests take ≈ %v\n",
		len(syms), n, before, after, el.Round(time.Millisecond), len(syms), (time.Duration(len(syms)-25) * 2400 * time.Millisecond).Round(time.Minute))
	if n != len(syms) || after-before != int64(len(syms)) {
		fmt.Fprintln(os.Stderr, "krmarket bench: the incremental sync did not store exactly one bar per symbol")
	}
	return nil
}
