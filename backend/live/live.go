// Package live fills and refreshes the store from the live sources: Yahoo
// (KR/US/macro prices, quotes, options, fundamentals, dividends), Naver (KR
// investor flows) and Binance (crypto). Fetches are incremental: only the
// tail a series lacks. Each symbol is stored in its own batch, so an
// interrupted update keeps everything it finished; a failing symbol is
// reported and skipped, a failing source fails its market's step.
package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"krmarket/backend/analysis/setup"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/calendar"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/jobs"
	"krmarket/backend/kr"
	"krmarket/backend/market"
	"krmarket/backend/provider/binance"
	"krmarket/backend/provider/demo"
	"krmarket/backend/provider/yahoo"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

// Yahoo is what the updater needs from the Yahoo client.
type Yahoo interface {
	Daily(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error)
	Quotes(ctx context.Context, symbols []string) (map[string]market.Quote, error)
	Options(ctx context.Context, symbol string, expiry time.Time) ([]market.OptionContract, []time.Time, error)
	Summary(ctx context.Context, symbol string) (yahoo.Summary, error)
	Dividends(ctx context.Context, symbol string, from, to time.Time) ([]market.Dividend, error)
}

// Naver is what the updater needs from the Naver client.
type Naver interface {
	Flows(ctx context.Context, code string, days int) ([]market.Flow, error)
}

// Binance is what the updater needs from the Binance client.
type Binance interface {
	Tickers24h(ctx context.Context) ([]binance.Ticker24h, error)
	Klines(ctx context.Context, symbol, interval string, limit int) ([]market.Bar, error)
	Funding(ctx context.Context, symbol string) (float64, error)
}

// Clients are the providers of one run.
type Clients struct {
	Yahoo   Yahoo
	Naver   Naver
	Binance Binance
}

// Options tune a run.
type Options struct {
	KRUniverse int // KR stocks with live history and flows (largest traded value first)
	FlowDays   int // days of investor flows
	Crypto     int // crypto pairs (top by 24h quote volume)
	Workers    int // concurrent symbol fetches (the clients rate-limit themselves)
	History    time.Duration
	Signals    setup.Config // the KR scan's rules (zero: setup.DefaultConfig())
}

// DefaultOptions are the settings' defaults.
func DefaultOptions() Options {
	return Options{KRUniverse: 300, FlowDays: 60, Crypto: 100, Workers: 4, History: 2 * 365 * 24 * time.Hour}
}

// Markets a run can update.
var Markets = []string{"kr", "us", "crypto"}

// Report summarises a run.
type Report struct {
	Markets []string       `json:"markets"`
	Quotes  int            `json:"quotes"`
	Bars    int            `json:"bars"`
	Flows   int            `json:"flows"`
	Options int            `json:"options"`
	Failed  map[string]int `json:"failed"`           // per market
	Errors  []string       `json:"errors,omitempty"` // first few, redacted
	Signals int            `json:"new_signals"`
}

// Updater runs live updates.
type Updater struct {
	st   *store.Store
	reg  *sources.Registry
	now  func() time.Time
	log  logrus.FieldLogger
	seed uint64
}

// New returns an updater.
func New(st *store.Store, reg *sources.Registry, now func() time.Time, log logrus.FieldLogger, seed uint64) *Updater {
	return &Updater{st: st, reg: reg, now: now, log: log, seed: seed}
}

// Run updates the given markets ("kr", "us", "crypto").
func (u *Updater) Run(ctx context.Context, c Clients, markets []string, o Options, report jobs.Report) (Report, error) {
	rep := Report{Markets: markets, Failed: map[string]int{}}
	insts, err := demo.Instruments(u.seed)
	if err != nil {
		return rep, err
	}
	r := &run{u: u, c: c, o: o, rep: &rep, report: report, ing: u.st.Ingester(contract.SourceLive, u.now)}
	for _, m := range markets {
		var err error
		switch m {
		case "kr":
			err = r.kr(ctx, filter(insts, market.KR))
		case "us":
			err = r.us(ctx, append(filter(insts, market.US), filter(insts, market.Macro)...))
		case "crypto":
			err = r.crypto(ctx)
		default:
			err = fmt.Errorf("unknown market %q", m)
		}
		if err != nil {
			return rep, fmt.Errorf("%s: %w", m, err)
		}
	}
	return rep, nil
}

func filter(xs []market.Instrument, mkt string) []market.Instrument {
	var out []market.Instrument
	for _, x := range xs {
		if x.Market == mkt {
			out = append(out, x)
		}
	}
	return out
}

// run is the state of one Run.
type run struct {
	u      *Updater
	c      Clients
	o      Options
	rep    *Report
	report jobs.Report
	ing    *store.Ingester
	mu     sync.Mutex
}

func (r *run) fail(mkt, symbol string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rep.Failed[mkt]++
	if len(r.rep.Errors) < 10 {
		r.rep.Errors = append(r.rep.Errors, symbol+": "+describe(err))
	}
	r.u.log.WithField("symbol", symbol).WithField("error", describe(err)).Warn("live update: symbol failed")
}

// describe is a short, safe description of a provider error.
func describe(err error) string {
	var he *yahoo.HTTPError
	if errors.As(err, &he) {
		return fmt.Sprintf("HTTP %d", he.Status)
	}
	msg := err.Error()
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return msg
}

// track reports a provider call's outcome to the source registry. A symbol
// the source does not know, or a series without data, says nothing about
// the source's health.
func (r *run) track(src string, err error) {
	if err == nil || errors.Is(err, yahoo.ErrUnknownSymbol) || errors.Is(err, yahoo.ErrNoData) || errors.Is(err, binance.ErrInvalidSymbol) {
		r.u.reg.Report(src, nil, "")
		return
	}
	if errors.Is(err, context.Canceled) {
		return
	}
	r.u.reg.Report(src, err, describe(err))
}

// prepare drops the demo data of a market before its first live write, so
// live and synthetic series never mix, and stores the instruments.
func (r *run) prepare(ctx context.Context, mkt string, insts []market.Instrument) error {
	if err := r.u.st.DeleteMarketSource(ctx, mkt, contract.SourceDemo); err != nil {
		return err
	}
	return r.ing.PutInstruments(ctx, insts)
}

// each runs fn for every symbol with o.Workers goroutines, reporting progress.
func (r *run) each(ctx context.Context, step string, syms []string, fn func(ctx context.Context, sym string) error) error {
	total := len(syms)
	var done int
	var mu sync.Mutex
	jobsCh := make(chan string)
	var wg sync.WaitGroup
	workers := max(1, r.o.Workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sym := range jobsCh {
				_ = fn(ctx, sym)
				mu.Lock()
				done++
				d := done
				mu.Unlock()
				if r.report != nil && (d%10 == 0 || d == total) {
					r.report(step, d, total)
				}
			}
		}()
	}
	for _, s := range syms {
		select {
		case jobsCh <- s:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobsCh)
	wg.Wait()
	return ctx.Err()
}

// quotes fetches quotes in batches; it fails only when no batch succeeds
// (the source is down). storeQuotes stores them.
func (r *run) quotes(ctx context.Context, syms []string) (map[string]market.Quote, error) {
	r.report("quotes", 0, len(syms))
	all := map[string]market.Quote{}
	var lastErr error
	ok := 0
	for i := 0; i < len(syms); i += 200 {
		batch := syms[i:min(i+200, len(syms))]
		qs, err := r.c.Yahoo.Quotes(ctx, batch)
		r.track(sources.Yahoo, err)
		if err != nil {
			lastErr = err
			continue
		}
		ok++
		for _, q := range qs {
			all[q.Symbol] = q
		}
		r.report("quotes", min(i+200, len(syms)), len(syms))
	}
	if ok == 0 && lastErr != nil {
		return nil, fmt.Errorf("cannot reach Yahoo Finance: %s", describe(lastErr))
	}
	return all, nil
}

func (r *run) storeQuotes(ctx context.Context, qs map[string]market.Quote) error {
	list := make([]market.Quote, 0, len(qs))
	for _, q := range qs {
		list = append(list, q)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Symbol < list[j].Symbol })
	if err := r.ing.PutQuotes(ctx, list); err != nil {
		return err
	}
	r.mu.Lock()
	r.rep.Quotes += len(list)
	r.mu.Unlock()
	return nil
}

// history fetches the daily bars a symbol lacks (from the day after its
// last stored bar, or History back) up to the last completed session.
func (r *run) history(ctx context.Context, mkt, sym string, cal *calendar.Calendar) error {
	now := r.u.now()
	last := cal.LastCompletedSession(now)
	from := now.Add(-r.o.History)
	if have, err := r.u.st.SeriesSpan(ctx, sym, market.Daily); err == nil && have.Source == contract.SourceLive {
		if !time.Unix(have.Last, 0).Before(last) {
			return nil // up to date
		}
		from = time.Unix(have.Last, 0).UTC().AddDate(0, 0, 1)
	}
	bars, err := r.c.Yahoo.Daily(ctx, sym, from, now)
	r.track(sources.Yahoo, err)
	if err != nil {
		if errors.Is(err, yahoo.ErrNoData) {
			return nil
		}
		r.fail(mkt, sym, err)
		return err
	}
	if len(bars) == 0 {
		return nil
	}
	if err := r.ing.PutBars(ctx, bars); err != nil {
		r.fail(mkt, sym, err)
		return err
	}
	r.mu.Lock()
	r.rep.Bars += len(bars)
	r.mu.Unlock()
	return nil
}

// SyncDaily brings the daily history of syms up to the last completed
// session of cal, fetching only the bars each series lacks, and returns how
// many bars it stored.
func (u *Updater) SyncDaily(ctx context.Context, y Yahoo, syms []string, cal *calendar.Calendar, o Options, report jobs.Report) (int, error) {
	rep := Report{Failed: map[string]int{}}
	if report == nil {
		report = func(string, int, int) {}
	}
	r := &run{u: u, c: Clients{Yahoo: y}, o: o, rep: &rep, report: report, ing: u.st.Ingester(contract.SourceLive, u.now)}
	err := r.each(ctx, "history", syms, func(ctx context.Context, sym string) error { return r.history(ctx, "", sym, cal) })
	return rep.Bars, err
}

// kr updates Korean quotes, the KRUniverse most traded stocks' history and
// flows, the indices, sector ETFs and USD/KRW, then scans for signals.
func (r *run) kr(ctx context.Context, insts []market.Instrument) error {
	if r.c.Yahoo == nil {
		return errors.New("no Yahoo client")
	}
	syms := make([]string, 0, len(insts)+1)
	for _, x := range insts {
		syms = append(syms, x.Symbol)
	}
	if !slices.Contains(syms, "KRW=X") {
		syms = append(syms, "KRW=X")
	}
	qs, err := r.quotes(ctx, syms)
	if err != nil {
		return err
	}
	if err := r.prepare(ctx, market.KR, insts); err != nil {
		return err
	}
	if err := r.storeQuotes(ctx, qs); err != nil {
		return err
	}
	chosen := chooseKR(insts, qs, r.o.KRUniverse)
	open, err := r.u.st.OpenSignals(ctx, market.KR)
	if err != nil {
		return err
	}
	for _, g := range open {
		if !slices.Contains(chosen, g.Symbol) {
			chosen = append(chosen, g.Symbol)
		}
	}
	hist := append(append([]string{}, chosen...), "KRW=X")
	cal := calendar.KRX()
	if err := r.each(ctx, "kr history", hist, func(ctx context.Context, sym string) error { return r.history(ctx, market.KR, sym, cal) }); err != nil {
		return err
	}
	if r.c.Naver != nil {
		codes := map[string]string{}
		var stocks []string
		for _, x := range insts {
			if x.Kind == market.KindStock && slices.Contains(chosen, x.Symbol) {
				codes[x.Symbol] = x.Ticker
				stocks = append(stocks, x.Symbol)
			}
		}
		err := r.each(ctx, "kr flows", stocks, func(ctx context.Context, sym string) error {
			fl, err := r.c.Naver.Flows(ctx, codes[sym], r.o.FlowDays)
			r.track(sources.Naver, err)
			if err != nil {
				r.fail(market.KR, sym, err)
				return err
			}
			for i := range fl {
				fl[i].Symbol = sym
			}
			if err := r.ing.PutFlows(ctx, fl); err != nil {
				return err
			}
			r.mu.Lock()
			r.rep.Flows += len(fl)
			r.mu.Unlock()
			return nil
		})
		if err != nil {
			return err
		}
	}
	r.report("kr scan", 0, 1)
	cfg := r.o.Signals
	if cfg.Rule == "" {
		cfg = setup.DefaultConfig()
	}
	res, err := kr.New(r.u.st, r.u.now, nil).Scan(ctx, cfg, nil)
	if err != nil {
		return err
	}
	r.rep.Signals += res.Added
	r.report("kr scan", 1, 1)
	return nil
}

// chooseKR picks the n stocks with the largest traded value (price ×
// volume) today, plus every index and ETF.
func chooseKR(insts []market.Instrument, qs map[string]market.Quote, n int) []string {
	type cand struct {
		sym string
		val float64
	}
	var stocks []cand
	var out []string
	for _, x := range insts {
		if x.Kind != market.KindStock {
			out = append(out, x.Symbol)
			continue
		}
		q, ok := qs[x.Symbol]
		if !ok {
			continue
		}
		stocks = append(stocks, cand{x.Symbol, q.Price * q.Volume})
	}
	sort.SliceStable(stocks, func(i, j int) bool { return stocks[i].val > stocks[j].val })
	for i := 0; i < len(stocks) && i < n; i++ {
		out = append(out, stocks[i].sym)
	}
	return out
}

// us updates US stocks, ETFs, the dividend universe and macro series:
// quotes, history, dividends, fundamentals and the options watchlist.
func (r *run) us(ctx context.Context, insts []market.Instrument) error {
	if r.c.Yahoo == nil {
		return errors.New("no Yahoo client")
	}
	var syms []string
	for _, x := range insts {
		syms = append(syms, x.Symbol)
	}
	qs, err := r.quotes(ctx, syms)
	if err != nil {
		return err
	}
	if err := r.prepare(ctx, market.US, filter(insts, market.US)); err != nil {
		return err
	}
	if err := r.prepare(ctx, market.Macro, filter(insts, market.Macro)); err != nil {
		return err
	}
	if err := r.storeQuotes(ctx, qs); err != nil {
		return err
	}
	cal := calendar.NYSE()
	if err := r.each(ctx, "us history", syms, func(ctx context.Context, sym string) error { return r.history(ctx, market.US, sym, cal) }); err != nil {
		return err
	}
	var divs []string
	for _, d := range data.DividendUniverse() {
		divs = append(divs, d.Symbol)
	}
	now := r.u.now()
	err = r.each(ctx, "us dividends", divs, func(ctx context.Context, sym string) error {
		ds, err := r.c.Yahoo.Dividends(ctx, sym, now.Add(-r.o.History), now)
		r.track(sources.Yahoo, err)
		if err != nil {
			r.fail(market.US, sym, err)
			return err
		}
		return r.ing.PutDividends(ctx, ds)
	})
	if err != nil {
		return err
	}
	var stocks []string
	for _, x := range insts {
		if x.Market == market.US && (x.Kind == market.KindStock || slices.Contains(divs, x.Symbol)) {
			stocks = append(stocks, x.Symbol)
		}
	}
	err = r.each(ctx, "us fundamentals", stocks, func(ctx context.Context, sym string) error {
		s, err := r.c.Yahoo.Summary(ctx, sym)
		r.track(sources.Yahoo, err)
		if err != nil {
			r.fail(market.US, sym, err)
			return err
		}
		f := s.Fundamentals
		f.Symbol = sym
		if err := r.ing.PutFundamentals(ctx, []market.Fundamentals{f}); err != nil {
			return err
		}
		// The rest of the summary (profile, sector, earnings history and
		// calendar) is kept a week for the earnings and calendar views.
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		now := r.u.now()
		return r.u.st.CachePut(ctx, SummaryCacheKey(sym), b, now, now.Add(7*24*time.Hour))
	})
	if err != nil {
		return err
	}
	return r.each(ctx, "us options", data.OptionsWatchlist(), func(ctx context.Context, sym string) error {
		cs, expiries, err := r.c.Yahoo.Options(ctx, sym, time.Time{})
		r.track(sources.Yahoo, err)
		if err != nil {
			r.fail(market.US, sym, err)
			return err
		}
		for i := 1; i < len(expiries) && i < 3; i++ {
			more, _, err := r.c.Yahoo.Options(ctx, sym, expiries[i])
			if err != nil {
				r.fail(market.US, sym, err)
				break
			}
			cs = append(cs, more...)
		}
		if err := r.ing.PutOptions(ctx, cs); err != nil {
			return err
		}
		r.mu.Lock()
		r.rep.Options += len(cs)
		r.mu.Unlock()
		return nil
	})
}

// FundingCacheKey is where the latest BTCUSDT funding rate is cached.
const FundingCacheKey = "binance_funding:BTCUSDT"

// SummaryCacheKey is where a symbol's Yahoo quoteSummary is cached.
func SummaryCacheKey(symbol string) string { return "yahoo_summary:" + symbol }

// crypto updates the Binance universe: 24h tickers, then 1d and 4h candles.
func (r *run) crypto(ctx context.Context) error {
	if r.c.Binance == nil {
		return errors.New("no Binance client")
	}
	r.report("crypto tickers", 0, 1)
	ts, err := r.c.Binance.Tickers24h(ctx)
	r.track(sources.Binance, err)
	if err != nil {
		return fmt.Errorf("cannot reach Binance: %s", describe(err))
	}
	uni := binance.Universe(ts, binance.Filter{TopN: r.o.Crypto, MinQuoteVolume: 5e6})
	insts := make([]market.Instrument, len(uni))
	quotes := make([]market.Quote, len(uni))
	syms := make([]string, len(uni))
	now := r.u.now().Unix()
	for i, t := range uni {
		base := strings.TrimSuffix(t.Symbol, "USDT")
		insts[i] = market.Instrument{Symbol: t.Symbol, Ticker: t.Symbol, Name: base, Market: market.Crypto, Exchange: "BINANCE", Kind: market.KindCrypto, Currency: "USDT"}
		quotes[i] = market.Quote{Symbol: t.Symbol, Price: t.LastPrice, ChangePct: t.PriceChangePercent, Volume: t.Volume, QuoteVolume: t.QuoteVolume, Time: now}
		syms[i] = t.Symbol
	}
	if err := r.prepare(ctx, market.Crypto, insts); err != nil {
		return err
	}
	if err := r.ing.PutQuotes(ctx, quotes); err != nil {
		return err
	}
	r.rep.Quotes += len(quotes)
	// BTC's perpetual funding rate feeds the crypto gate's leverage term.
	rate, err := r.c.Binance.Funding(ctx, "BTCUSDT")
	r.track(sources.Binance, err)
	if err != nil {
		r.fail(market.Crypto, "BTCUSDT funding", err)
	} else {
		now := r.u.now()
		b, _ := json.Marshal(map[string]any{"symbol": "BTCUSDT", "funding_rate": rate, "as_of": now.UTC()})
		if err := r.u.st.CachePut(ctx, FundingCacheKey, b, now, now.Add(24*time.Hour)); err != nil {
			return err
		}
	}
	return r.each(ctx, "crypto candles", syms, func(ctx context.Context, sym string) error {
		for _, iv := range []string{market.Daily, market.H4} {
			bars, err := r.c.Binance.Klines(ctx, sym, iv, 600)
			r.track(sources.Binance, err)
			if err != nil {
				r.fail(market.Crypto, sym, err)
				return err
			}
			if err := r.ing.PutBars(ctx, bars); err != nil {
				return err
			}
			r.mu.Lock()
			r.rep.Bars += len(bars)
			r.mu.Unlock()
		}
		return nil
	})
}
