package live

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"krmarket/backend/contract"
	"krmarket/backend/jobs"
	"krmarket/backend/market"
	"krmarket/backend/sources"
)

// PriceOptions tune a price cycle.
type PriceOptions struct {
	// Batch is the number of symbols per request and per store
	// transaction (default and maximum 50: one Yahoo v7 call).
	Batch int
	// Workers is the number of batches in flight at once (default 4; the
	// Yahoo client's rate limiter still caps requests per hour).
	Workers int
}

// MaxPriceBatch is the largest batch of a price cycle.
const MaxPriceBatch = 50

// PriceReport says what a price cycle did.
type PriceReport struct {
	Asked   int      `json:"asked"`   // distinct symbols asked for
	Updated int      `json:"updated"` // quotes stored
	Symbols []string `json:"symbols"` // the symbols stored, sorted
	Batches int      `json:"batches"`
	Failed  int      `json:"failed_batches"`
	Errors  []string `json:"errors,omitempty"` // first few, redacted
}

func (o PriceOptions) norm() PriceOptions {
	if o.Batch <= 0 || o.Batch > MaxPriceBatch {
		o.Batch = MaxPriceBatch
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	return o
}

// batches splits syms (deduplicated, order kept) into batches of n.
func batches(syms []string, n int) [][]string {
	seen := make(map[string]bool, len(syms))
	var list []string
	for _, s := range syms {
		if s != "" && !seen[s] {
			seen[s] = true
			list = append(list, s)
		}
	}
	var out [][]string
	for i := 0; i < len(list); i += n {
		out = append(out, list[i:min(i+n, len(list))])
	}
	return out
}

// RefreshQuotes is one live price cycle: it fetches the latest quotes of
// syms from Yahoo in batches of at most 50 symbols, Workers batches at a
// time, and stores each batch's quotes in one transaction as soon as it
// arrives. Readers never see part of a batch; a crash loses at most the
// batches in flight. A failing batch is reported and skipped; the cycle
// fails only when no batch succeeds (the source is down). report gets
// ("quotes", symbols done, total).
func (u *Updater) RefreshQuotes(ctx context.Context, y Yahoo, syms []string, o PriceOptions, report jobs.Report) (PriceReport, error) {
	o = o.norm()
	if report == nil {
		report = func(string, int, int) {}
	}
	bs := batches(syms, o.Batch)
	rep := PriceReport{Batches: len(bs)}
	for _, b := range bs {
		rep.Asked += len(b)
	}
	if y == nil {
		return rep, errors.New("no Yahoo client")
	}
	r := &run{u: u}
	ing := u.st.Ingester(contract.SourceLive, u.now)
	var (
		mu      sync.Mutex
		done    int
		lastErr error
		wg      sync.WaitGroup
	)
	fail := func(err error) {
		rep.Failed++
		lastErr = err
		if len(rep.Errors) < 5 {
			rep.Errors = append(rep.Errors, describe(err))
		}
	}
	work := make(chan []string)
	for range min(o.Workers, len(bs)) {
		wg.Go(func() {
			for batch := range work {
				qs, err := y.Quotes(ctx, batch)
				r.track(sources.Yahoo, err)
				list := make([]market.Quote, 0, len(qs))
				for _, q := range qs {
					list = append(list, q)
				}
				sort.Slice(list, func(i, j int) bool { return list[i].Symbol < list[j].Symbol })
				var serr error
				if len(list) > 0 {
					serr = ing.PutQuotes(ctx, list)
				}
				mu.Lock()
				switch {
				case serr != nil:
					fail(fmt.Errorf("store quotes: %w", serr))
				case err != nil && len(list) == 0:
					fail(err)
				default:
					for _, q := range list {
						rep.Symbols = append(rep.Symbols, q.Symbol)
					}
					rep.Updated += len(list)
				}
				done += len(batch)
				d := done
				mu.Unlock()
				report("quotes", d, rep.Asked)
			}
		})
	}
	for _, b := range bs {
		select {
		case work <- b:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	slices.Sort(rep.Symbols)
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	if rep.Updated == 0 && lastErr != nil {
		return rep, fmt.Errorf("cannot reach Yahoo Finance: %s", describe(lastErr))
	}
	return rep, nil
}

// RefreshCryptoQuotes is the crypto price cycle: one Binance 24h ticker
// call, of which the given pairs (the stored crypto universe) are stored,
// 50 quotes per transaction.
func (u *Updater) RefreshCryptoQuotes(ctx context.Context, bn Binance, pairs []string) (PriceReport, error) {
	rep := PriceReport{Asked: len(pairs)}
	if bn == nil {
		return rep, errors.New("no Binance client")
	}
	want := make(map[string]bool, len(pairs))
	for _, p := range pairs {
		want[p] = true
	}
	ts, err := bn.Tickers24h(ctx)
	(&run{u: u}).track(sources.Binance, err)
	if err != nil {
		return rep, fmt.Errorf("cannot reach Binance: %s", describe(err))
	}
	now := u.now().Unix()
	var list []market.Quote
	for _, t := range ts {
		if !want[t.Symbol] || !(t.LastPrice > 0) {
			continue
		}
		list = append(list, market.Quote{Symbol: t.Symbol, Price: t.LastPrice, PrevClose: t.PrevClosePrice, Change: t.PriceChange,
			ChangePct: t.PriceChangePercent, Volume: t.Volume, QuoteVolume: t.QuoteVolume, Time: now})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Symbol < list[j].Symbol })
	ing := u.st.Ingester(contract.SourceLive, u.now)
	for i := 0; i < len(list); i += MaxPriceBatch {
		b := list[i:min(i+MaxPriceBatch, len(list))]
		if err := ing.PutQuotes(ctx, b); err != nil {
			return rep, fmt.Errorf("store quotes: %w", err)
		}
		rep.Batches++
		rep.Updated += len(b)
		for _, q := range b {
			rep.Symbols = append(rep.Symbols, q.Symbol)
		}
	}
	return rep, nil
}
