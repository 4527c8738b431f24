// Package backtest is the KR backtest service behind GET /api/kr/backtest:
// it reads the stored daily history, replays the signal rules (package
// setup) day by day on what was known at each close, and runs the engine
// (package analysis/backtest) over the signals. Results are cached in memory
// per (parameters, store version).
package backtest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	bt "krmarket/backend/analysis/backtest"
	"krmarket/backend/analysis/setup"
	"krmarket/backend/analysis/vcp"
	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// Symbols of the market-wide series the run uses.
const (
	KOSPI  = "^KS11" // regime
	USDKRW = "KRW=X" // entry gate
)

// DefaultLookback is how many bars (ending on the signal day) each
// evaluation sees: the most any rule reads (the 252-bar relative strength
// lookback needs 253 bars; the trend template 252; bases of the default
// 130-bar maximum plus the swing window fewer — a longer configured base
// maximum lengthens the window), so the verdicts are those of the full
// history, at a cost per evaluation independent of how much is stored.
const DefaultLookback = vcp.TrendMinBars + 1

// flowDays is how many investor-flow days the rules use.
const flowDays = 60

// Deps are what the service needs.
type Deps struct {
	Store *store.Store
	Now   func() time.Time
	// Source tells what the KR data is (nil: the store's dominant source).
	Source contract.SourceFunc
	// Signals returns the current signal rules (nil: setup.DefaultConfig()).
	// The rules' own min_score is set to 0 for the replay: the backtest's
	// min_score decides which scores are traded.
	Signals func() setup.Config
	// Workers evaluate tickers concurrently (0: GOMAXPROCS).
	Workers int
	// Lookback is the bars per evaluation (0: DefaultLookback).
	Lookback int
}

// Service runs KR backtests.
type Service struct {
	st       *store.Store
	now      func() time.Time
	source   contract.SourceFunc
	signals  func() setup.Config
	workers  int
	lookback int
	// noShortcut turns the trend-template shortcut off (a test checks it
	// changes nothing).
	noShortcut bool

	run chan struct{} // one computation at a time (the machine is small)

	mu      sync.Mutex
	results lru[*computed]
	markets lru[*replay]
	flights map[string]*flight
	runs    atomic.Int64 // computations finished (tests)
}

// New returns a backtest service.
func New(d Deps) *Service {
	s := &Service{st: d.Store, now: d.Now, source: d.Source, workers: d.Workers, lookback: d.Lookback,
		run: make(chan struct{}, 1), results: newLRU[*computed](16), markets: newLRU[*replay](2), flights: map[string]*flight{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.source == nil {
		st := d.Store
		s.source = func(ctx context.Context, mkt string) (string, *int64, error) {
			src, err := st.DominantSource(ctx, mkt)
			return src, nil, err
		}
	}
	s.signals = d.Signals
	if s.signals == nil {
		s.signals = setup.DefaultConfig
	}
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	if s.lookback <= 0 {
		s.lookback = DefaultLookback
	}
	return s
}

// plan is how one replay applies the signal rules.
type plan struct {
	rules    setup.Config
	minBars  int // Evaluate cannot pass with fewer bars: earlier days are skipped
	lookback int
	// trendGate skips the days on which the trend template alone fails the
	// vcp rule.
	trendGate bool
}

func (s *Service) plan() plan {
	pl := plan{rules: s.signals(), minBars: 20}
	pl.rules.MinScore = 0
	if pl.rules.Rule == setup.RuleVCP {
		pl.minBars = vcp.TrendMinBars
	}
	// A base may start MaxBaseLength bars back and its first swing high
	// needs SwingWindow bars on each side.
	pl.lookback = max(s.lookback, pl.minBars+1, pl.rules.VCP.MaxBaseLength+2*pl.rules.VCP.SwingWindow+2)
	pl.trendGate = !s.noShortcut && pl.rules.Rule == setup.RuleVCP && pl.rules.MinTrendChecks > 0
	return pl
}

// BacktestResult is the body of GET /api/kr/backtest.
type BacktestResult struct {
	contract.Meta
	Preset     string `json:"preset"`
	Start      string `json:"start"` // first simulated trading day
	End        string `json:"end"`   // last simulated trading day
	SignalRule string `json:"signal_rule"`
	Universe   int    `json:"universe"`   // KR stocks with bars in the range
	Evaluated  int    `json:"evaluated"`  // full (stock, day) evaluations of the signal rules (days the trend template rules out are not counted)
	ElapsedMS  int64  `json:"elapsed_ms"` // time to compute this result (a cached result keeps it)
	bt.Result
	Notes []string `json:"notes"`
}

// computed is a cached result and when it was computed.
type computed struct {
	res *BacktestResult
	at  time.Time
}

// Run answers one backtest request: from the cache when the same
// parameters were run on the same store version, else computed. The
// computation runs detached from ctx (a client that gives up does not waste
// the work: the next identical request finds it cached), one at a time, and
// identical concurrent requests share it. The returned value shares its
// slices with the cache: callers must not modify it.
func (s *Service) Run(ctx context.Context, p Params) (*BacktestResult, error) {
	cfg, err := p.Config()
	if err != nil {
		return nil, err
	}
	src, age, err := s.source(ctx, market.KR)
	if err != nil {
		return nil, err
	}
	pl := s.plan()
	key, err := cacheKey(s.st.Version(), p, cfg, pl)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if c, ok := s.results.get(key); ok {
		s.mu.Unlock()
		return withMeta(c, src, age), nil
	}
	f, ok := s.flights[key]
	if !ok {
		f = &flight{done: make(chan struct{})}
		s.flights[key] = f
		go s.fly(context.WithoutCancel(ctx), key, f, p, cfg, pl)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.err != nil {
		return nil, f.err
	}
	return withMeta(f.c, src, age), nil
}

// flight is one computation in progress.
type flight struct {
	done chan struct{}
	c    *computed
	err  error
}

// fly computes one result (after any computation already running) and
// caches it.
func (s *Service) fly(ctx context.Context, key string, f *flight, p Params, cfg bt.Config, pl plan) {
	s.run <- struct{}{}
	started := time.Now()
	res, err := s.safeCompute(ctx, p, cfg, pl)
	<-s.run
	s.mu.Lock()
	if err == nil {
		res.ElapsedMS = time.Since(started).Milliseconds()
		f.c = &computed{res: res, at: s.now()}
		s.results.put(key, f.c)
		s.runs.Add(1)
	}
	f.err = err
	delete(s.flights, key)
	s.mu.Unlock()
	close(f.done)
}

// safeCompute is compute with a panic turned into an error: it runs on its
// own goroutine, where a panic would end the process.
func (s *Service) safeCompute(ctx context.Context, p Params, cfg bt.Config, pl plan) (res *BacktestResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("kr backtest: panic: %v", r)
		}
	}()
	return s.compute(ctx, p, cfg, pl)
}

// withMeta returns a copy of the cached result carrying the current data
// source (a live source can turn stale without a store write) and stamped
// with the time it was computed.
func withMeta(c *computed, src string, age *int64) *BacktestResult {
	r := *c.res
	r.DataSource, r.DataAge = src, age
	r.Stamp(c.at)
	return &r
}

// cacheKey identifies a result: the store version, the requested range,
// the backtest settings and the signal rules.
func cacheKey(version int64, p Params, cfg bt.Config, pl plan) (string, error) {
	b, err := json.Marshal(struct {
		V          int64
		Start, End string
		Preset     string
		Cfg        bt.Config
		Rules      setup.Config
		Lookback   int
		Shortcut   bool
	}{version, p.Start, p.End, p.Preset, cfg, pl.rules, pl.lookback, pl.trendGate})
	if err != nil {
		return "", fmt.Errorf("backtest cache key: %w", err)
	}
	return string(b), nil
}

// compute resolves the range, replays the signals (cached per range and
// store version) and runs the engine.
func (s *Service) compute(ctx context.Context, p Params, cfg bt.Config, pl plan) (*BacktestResult, error) {
	rp, err := s.replay(ctx, p, pl)
	if err != nil {
		return nil, err
	}
	in := bt.Input{Start: rp.days[0], End: rp.days[len(rp.days)-1], Days: rp.days, Stocks: rp.stocks,
		Index: rp.index, USDKRW: rp.usdkrw, Signals: rp.signals}
	out, err := bt.Run(in, cfg)
	if err != nil {
		return nil, fmt.Errorf("kr backtest: %w", err)
	}
	res := &BacktestResult{Preset: p.Preset, Start: day(in.Start), End: day(in.End), SignalRule: pl.rules.Rule,
		Universe: rp.universe, Evaluated: rp.evaluated, Result: out, Notes: notes(rp)}
	return res, nil
}

// notes states the run's assumptions and any missing input.
func notes(rp *replay) []string {
	n := []string{
		fmt.Sprintf("Signals: the %s rules are evaluated at each day's close on the last %d bars known then; entries fill at the next day's open.", rp.rule, rp.lookback),
		"Slippage is charged once per round trip, at entry (fill = open × (1 + slippage%)); commission on both sides; the securities transaction tax on every sale, win or lose.",
		"Sharpe ratio: daily mark-to-market equity returns, mean / sample SD × √252, risk-free 0. Max drawdown: of the daily mark-to-market equity curve.",
		"Open positions at the end are marked to the last close and are not counted as trades.",
	}
	if len(rp.index) < bt.RegimeBars {
		n = append(n, "KOSPI (^KS11) history is missing or short: every day counts as KR_NEUTRAL.")
	}
	if len(rp.usdkrw) == 0 {
		n = append(n, "USD/KRW (KRW=X) history is missing: the currency gate never blocks.")
	}
	return n
}

// replay is the market of one range with the signals found in it; it does
// not depend on the backtest settings, so every preset reuses it.
type replay struct {
	days      []int64
	stocks    []bt.Stock // only stocks with at least one signal, bars in the range
	index     []market.Bar
	usdkrw    []market.Bar
	signals   []bt.Signal
	universe  int
	evaluated int
	rule      string
	lookback  int
}

func (s *Service) replay(ctx context.Context, p Params, pl plan) (*replay, error) {
	key, err := cacheKey(s.st.Version(), Params{Start: p.Start, End: p.End}, bt.Config{}, pl)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	rp, ok := s.markets.get(key)
	s.mu.Unlock()
	if ok {
		return rp, nil
	}
	rp, err = s.buildReplay(ctx, p, pl)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.markets.put(key, rp)
	s.mu.Unlock()
	return rp, nil
}

func (s *Service) buildReplay(ctx context.Context, p Params, pl plan) (*replay, error) {
	insts, err := s.st.Instruments(ctx, market.KR, market.KindStock)
	if err != nil {
		return nil, err
	}
	if len(insts) == 0 {
		return nil, contract.Unavailable("no_price_data", "no KR stocks are stored yet")
	}
	index, err := s.st.LastBars(ctx, KOSPI, market.Daily, 0)
	if err != nil {
		return nil, err
	}
	usdkrw, err := s.st.LastBars(ctx, USDKRW, market.Daily, 0)
	if err != nil {
		return nil, err
	}
	// Pass 1: the calendar, the stored KR stock dates. Only the dates are
	// kept: holding every bar of the market would make the garbage collector
	// rescan it throughout pass 2.
	dates := make([][]int64, len(insts))
	if err := s.each(ctx, len(insts), func(i int) error {
		bars, err := s.st.LastBars(ctx, insts[i].Symbol, market.Daily, 0)
		if err != nil {
			return err
		}
		dates[i] = make([]int64, len(bars))
		for k, b := range bars {
			dates[i][k] = b.Time
		}
		return nil
	}); err != nil {
		return nil, err
	}
	days, err := resolveDays(dates, p)
	if err != nil {
		return nil, err
	}
	first, last := days[0], days[len(days)-1]
	rp := &replay{days: days, index: index, usdkrw: usdkrw, rule: pl.rules.Rule, lookback: pl.lookback}

	// Pass 2: evaluate every stock on every day of the range but the last
	// (a signal on the last day would fill after the run); keep the bars in
	// the range of the stocks that signalled.
	type outcome struct {
		stock   bt.Stock
		signals []bt.Signal
		evals   int
		active  bool
	}
	outs := make([]outcome, len(insts))
	if err := s.each(ctx, len(insts), func(i int) error {
		if len(dates[i]) == 0 || dates[i][len(dates[i])-1] < first || dates[i][0] > last {
			return nil
		}
		bars, err := s.st.LastBars(ctx, insts[i].Symbol, market.Daily, 0)
		if err != nil {
			return err
		}
		bars = upTo(bars, last)
		flows := func() ([]market.Flow, error) { return s.st.LastFlows(ctx, insts[i].Symbol, 0) }
		o := &outs[i]
		o.active = true
		if o.signals, o.evals, err = s.signalsOf(pl, insts[i].Symbol, bars, flows, index, first, last); err != nil {
			return err
		}
		if len(o.signals) > 0 {
			from := sort.Search(len(bars), func(k int) bool { return bars[k].Time >= first })
			o.stock = bt.Stock{Symbol: insts[i].Symbol, Ticker: insts[i].Ticker, Name: insts[i].Name, Bars: slices.Clone(bars[from:])} // drop the history before the range
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, o := range outs {
		if !o.active {
			continue
		}
		rp.universe++
		rp.evaluated += o.evals
		if len(o.signals) > 0 {
			rp.stocks = append(rp.stocks, o.stock)
			rp.signals = append(rp.signals, o.signals...)
		}
	}
	return rp, nil
}

// signalsOf evaluates the rules on each day t in [first, last) with the
// bars, flows and KOSPI bars known at t's close. It returns the signals and
// the number of full evaluations; flows are read only if a day needs them.
func (s *Service) signalsOf(pl plan, sym string, bars []market.Bar, loadFlows func() ([]market.Flow, error), index []market.Bar, first, last int64) ([]bt.Signal, int, error) {
	var out []bt.Signal
	var flows []market.Flow
	loaded := false
	n := 0
	start := max(pl.minBars-1, sort.Search(len(bars), func(k int) bool { return bars[k].Time >= first }))
	var bound []int
	if pl.trendGate {
		bound = trendBound(bars, start)
	}
	for t := start; t < len(bars) && bars[t].Time < last; t++ {
		// The vcp rule needs MinTrendChecks of the seven trend-template
		// checks (setup's documented rule): days that cannot reach them are
		// not evaluated.
		if bound != nil && bound[t] < pl.rules.MinTrendChecks {
			continue
		}
		if !loaded {
			var err error
			if flows, err = loadFlows(); err != nil {
				return nil, 0, err
			}
			loaded = true
		}
		at := bars[t].Time
		fEnd := sort.Search(len(flows), func(k int) bool { return flows[k].Time > at })
		iEnd := sort.Search(len(index), func(k int) bool { return index[k].Time > at })
		in := setup.Input{Bars: bars[max(0, t+1-pl.lookback) : t+1], Flows: flows[max(0, fEnd-flowDays):fEnd], Bench: index[:iEnd]}
		n++
		if ev := setup.Evaluate(in, pl.rules); ev.Pass {
			out = append(out, bt.Signal{Symbol: sym, Time: at, Score: ev.Score})
		}
	}
	return out, n, nil
}

// each runs fn(0..n-1) on the worker pool; the first error (or the
// context's) stops it.
func (s *Service) each(ctx context.Context, n int, fn func(i int) error) error {
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil
	}
	for range min(s.workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || failed() {
					return
				}
				if err := ctx.Err(); err != nil {
					fail(err)
					return
				}
				if err := fn(i); err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// resolveDays is the run's calendar: the stored KR trading dates in the
// requested range (default: the last DefaultDays of them).
func resolveDays(dates [][]int64, p Params) ([]int64, error) {
	seen := map[int64]struct{}{}
	for _, ds := range dates {
		for _, t := range ds {
			seen[t] = struct{}{}
		}
	}
	all := make([]int64, 0, len(seen))
	for t := range seen {
		all = append(all, t)
	}
	if len(all) == 0 {
		return nil, contract.Unavailable("no_price_data", "no KR daily bars are stored yet")
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	lo, hi := 0, len(all) // [lo, hi)
	if p.End != "" {
		e := mustDate(p.End)
		hi = sort.Search(len(all), func(k int) bool { return all[k] > e })
	}
	if p.Start != "" {
		st := mustDate(p.Start)
		lo = sort.Search(len(all), func(k int) bool { return all[k] >= st })
	} else {
		lo = max(0, hi-DefaultDays)
	}
	if lo >= hi {
		return nil, contract.BadRequest("no_data_in_range", "no stored KR trading day between %s and %s (stored: %s to %s)",
			orDash(p.Start), orDash(p.End), day(all[0]), day(all[len(all)-1]))
	}
	if hi-lo > MaxSpanDays {
		return nil, contract.BadRequest("range_too_long", "the range holds %d trading days; at most %d", hi-lo, MaxSpanDays)
	}
	if hi-lo < 2 {
		return nil, contract.BadRequest("range_too_short", "the range holds one trading day; a signal needs a next day to fill")
	}
	return all[lo:hi], nil
}

// upTo is the bars dated ≤ t.
func upTo(bars []market.Bar, t int64) []market.Bar {
	return bars[:sort.Search(len(bars), func(k int) bool { return bars[k].Time > t })]
}

func mustDate(s string) int64 {
	t, _ := time.Parse("2006-01-02", s) // ParseParams validated it
	return t.Unix()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func day(t int64) string { return market.Bar{Time: t}.Date() }
