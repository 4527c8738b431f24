// Package demo generates the embedded demo market: a deterministic,
// synthetic but realistic market over real instruments (KRX stocks with
// Korean names, US sector leaders, ETFs, the dividend universe, macro
// series and Binance pairs), used when no live data is available.
//
// Every series is a pure function of (seed, symbol, dates): the same Config
// yields byte-identical data whatever the number of workers. The series end
// at the last session completed at Config.Now (KR: KRX calendar; US and
// macro: NYSE; FX and foreign indices: weekdays; crypto: the last closed
// 4-hour and daily candles), so the demo stays current while tests pin Now.
//
// The market has Markov regimes (bull, bear, choppy) per market, sector
// factors, fat-tailed GARCH idiosyncratic noise, overnight gaps, volume that
// follows volatility and breakouts, KR investor flows, dividend schedules,
// fundamentals consistent with prices, option chains priced by
// Black-Scholes on a volatility smile, and planted VCP setups in a few
// percent of stocks and pairs (Stats.Planted).
package demo

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"krmarket/backend/market"
)

// Sink receives the generated data. Its methods may be called concurrently
// from several goroutines, each call with one symbol's data (or one batch of
// instruments, quotes or fundamentals). The slices are not reused by the
// generator; a sink may keep them.
type Sink interface {
	PutInstruments(ctx context.Context, xs []market.Instrument) error
	PutBars(ctx context.Context, bars []market.Bar) error
	PutFlows(ctx context.Context, flows []market.Flow) error
	PutDividends(ctx context.Context, ds []market.Dividend) error
	PutFundamentals(ctx context.Context, fs []market.Fundamentals) error
	PutOptions(ctx context.Context, cs []market.OptionContract) error
	PutQuotes(ctx context.Context, qs []market.Quote) error
}

// Discard is a Sink that keeps nothing (benchmarks of generation alone).
type Discard struct{}

func (Discard) PutInstruments(context.Context, []market.Instrument) error    { return nil }
func (Discard) PutBars(context.Context, []market.Bar) error                  { return nil }
func (Discard) PutFlows(context.Context, []market.Flow) error                { return nil }
func (Discard) PutDividends(context.Context, []market.Dividend) error        { return nil }
func (Discard) PutFundamentals(context.Context, []market.Fundamentals) error { return nil }
func (Discard) PutOptions(context.Context, []market.OptionContract) error    { return nil }
func (Discard) PutQuotes(context.Context, []market.Quote) error              { return nil }

// Config controls the generator.
type Config struct {
	Seed      uint64    // market seed
	Now       time.Time // the series end at the last session completed at Now (required)
	DailyBars int       // daily bars per series (default 500)
	FlowDays  int       // KR investor-flow days per stock (default 250)
	H4Bars    int       // 4-hour candles per crypto pair (default 600)
	Workers   int       // goroutines (default runtime.NumCPU())
}

func (c Config) withDefaults() (Config, error) {
	if c.Now.IsZero() {
		return c, errors.New("demo: Config.Now is required")
	}
	if c.DailyBars == 0 {
		c.DailyBars = 500
	}
	if c.FlowDays == 0 {
		c.FlowDays = 250
	}
	if c.H4Bars == 0 {
		c.H4Bars = 600
	}
	if c.Workers <= 0 {
		c.Workers = runtime.NumCPU()
	}
	if c.DailyBars < 40 || c.DailyBars > 5000 {
		return c, fmt.Errorf("demo: DailyBars %d: want 40–5000", c.DailyBars)
	}
	if c.FlowDays < 0 || c.H4Bars < 1 {
		return c, fmt.Errorf("demo: FlowDays %d, H4Bars %d: want ≥ 0 and ≥ 1", c.FlowDays, c.H4Bars)
	}
	c.FlowDays = min(c.FlowDays, c.DailyBars-1)
	c.H4Bars = min(c.H4Bars, 6*c.DailyBars)
	return c, nil
}

// Stats counts what was generated.
type Stats struct {
	Instruments  int
	DailyBars    int
	H4Bars       int
	Flows        int
	Dividends    int
	Fundamentals int
	Options      int
	Quotes       int
	Planted      []string  // symbols carrying a planted VCP setup, sorted
	KRLast       time.Time // last KR trading date (00:00 UTC)
	USLast       time.Time // last US trading date (00:00 UTC)
	CryptoLast   time.Time // open time of the last 4-hour candle
}

// counters are the Stats fields updated by workers.
type counters struct {
	daily, h4, flows, divs, options atomic.Int64
}

// Generate builds the demo market for cfg and hands it to sink.
func Generate(ctx context.Context, cfg Config, sink Sink) (Stats, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	specs, err := buildUniverse(cfg.Seed)
	if err != nil {
		return Stats{}, err
	}
	g := &gen{w: newWorld(cfg), specs: specs, sink: sink, bySymbol: make(map[string]int, len(specs))}
	insts := make([]market.Instrument, len(specs))
	for i := range specs {
		insts[i] = specs[i].inst
		g.bySymbol[specs[i].inst.Symbol] = i
	}
	if err := sink.PutInstruments(ctx, insts); err != nil {
		return Stats{}, fmt.Errorf("demo: instruments: %w", err)
	}

	quotes := make([]market.Quote, len(specs))
	funds := make([]market.Fundamentals, len(specs))
	planted := make([]bool, len(specs))
	var next atomic.Int64
	var cnt counters
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for range min(cfg.Workers, len(specs)) {
		wg.Go(func() {
			s := newScratch(g.w)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(specs) || wctx.Err() != nil {
					return
				}
				out := result{quote: &quotes[i], fund: &funds[i]}
				if err := g.run(wctx, &specs[i], s, &out, &cnt); err != nil {
					cancel(fmt.Errorf("demo: %s: %w", specs[i].inst.Symbol, err))
					return
				}
				planted[i] = out.planted
			}
		})
	}
	wg.Wait()
	if err := context.Cause(wctx); err != nil {
		if ctx.Err() != nil {
			return Stats{}, ctx.Err()
		}
		return Stats{}, err
	}

	st := Stats{
		Instruments: len(specs), DailyBars: int(cnt.daily.Load()), H4Bars: int(cnt.h4.Load()),
		Flows: int(cnt.flows.Load()), Dividends: int(cnt.divs.Load()), Options: int(cnt.options.Load()),
		KRLast: time.Unix(g.w.kr.times[g.w.kr.len()-1], 0).UTC(), USLast: time.Unix(g.w.us.times[g.w.us.len()-1], 0).UTC(),
		CryptoLast: time.Unix(g.w.c4.times[g.w.c4.len()-1], 0).UTC(),
	}
	qs := make([]market.Quote, 0, len(specs))
	fs := make([]market.Fundamentals, 0, len(specs))
	for i := range specs {
		if quotes[i].Symbol != "" {
			qs = append(qs, quotes[i])
		}
		if funds[i].Symbol != "" {
			fs = append(fs, funds[i])
		}
		if planted[i] {
			st.Planted = append(st.Planted, specs[i].inst.Symbol)
		}
	}
	slices.Sort(st.Planted)
	if err := sink.PutQuotes(ctx, qs); err != nil {
		return Stats{}, fmt.Errorf("demo: quotes: %w", err)
	}
	if err := sink.PutFundamentals(ctx, fs); err != nil {
		return Stats{}, fmt.Errorf("demo: fundamentals: %w", err)
	}
	st.Quotes, st.Fundamentals = len(qs), len(fs)
	return st, nil
}
