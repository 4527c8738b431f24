package kr

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// ReplayResult reports a ledger replay.
type ReplayResult struct {
	Days    int    `json:"days"`    // trading days replayed
	From    string `json:"from"`    // first replayed day
	To      string `json:"to"`      // last replayed day
	Signals int    `json:"signals"` // signals added
}

// LedgerUpdate brings the ledger's exits up to a completed session (as of
// that day's close, nothing later).
type LedgerUpdate func(ctx context.Context, asOf time.Time) error

// Replay rebuilds the ledger's history as if the scan had run after each of
// the last `days` sessions of stored KOSPI history, oldest first: on each
// day every stock is evaluated on its bars and flows up to that day only
// (no look-ahead), new signals are logged with that signal date, and then
// update closes the open signals as of that day's close. A ticker holding
// an OPEN signal raises no new one until it is closed, exactly as in live
// use. It is meant for a fresh store (demo or a first import), so the
// performance pages have a track record from day one; signals already in
// the ledger are kept (the unique keys skip duplicates).
func (s *Service) Replay(ctx context.Context, cfg setup.Config, days int, update LedgerUpdate, progress Progress) (ReplayResult, error) {
	var res ReplayResult
	if err := cfg.Validate(); err != nil {
		return res, err
	}
	if days < 1 || days > 500 {
		return res, fmt.Errorf("replay: %d days, want 1–500", days)
	}
	bench, err := s.st.LastBars(ctx, BenchSymbol, market.Daily, ScanBars+days+10)
	if err != nil {
		return res, err
	}
	if len(bench) == 0 {
		return res, fmt.Errorf("replay: no %s history stored", BenchSymbol)
	}
	dates := bench[max(0, len(bench)-days):]
	_, bySym, want, err := s.stocks(ctx)
	if err != nil {
		return res, err
	}
	// Two bulk reads, as the scan does: every stock's flows, then its bars.
	from := fromYear(bench, s.now(), ScanBars+days)
	flows := make(map[string][]market.Flow, len(want))
	if err := s.st.EachFlows(ctx, from, 60+days, want, func(sym string, f []market.Flow) error {
		flows[sym] = f
		return nil
	}); err != nil {
		return res, fmt.Errorf("replay: %w", err)
	}
	type series struct {
		inst  market.Instrument
		bars  []market.Bar
		flows []market.Flow
	}
	all := make([]series, 0, len(want))
	if err := s.st.EachSeries(ctx, market.Daily, from, ScanBars+days, want, func(sym string, bars []market.Bar) error {
		if len(bars) >= 20 {
			all = append(all, series{inst: bySym[sym], bars: bars, flows: flows[sym]})
		}
		return nil
	}); err != nil {
		return res, fmt.Errorf("replay: %w", err)
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	res.From, res.To = dates[0].Date(), dates[len(dates)-1].Date()
	for di, day := range dates {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		benchTo := upTo(bench, day.Time)
		sigs := make([]store.Signal, len(all))
		var wg sync.WaitGroup
		var mu sync.Mutex
		var firstErr error
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < len(all); i += workers {
					x := all[i]
					bars := upTo(x.bars, day.Time)
					if len(bars) < 20 || bars[len(bars)-1].Time != day.Time {
						continue // no bar that day (suspended, not listed yet)
					}
					bars = bars[max(0, len(bars)-ScanBars):]
					flows := upToFlows(x.flows, day.Time)
					ev := setup.Evaluate(setup.Input{Bars: bars, Flows: flows[max(0, len(flows)-60):], Bench: benchTo, Screen: true}, cfg)
					if !ev.Pass {
						continue
					}
					g, err := SignalOf(x.inst, bars[len(bars)-1], ev)
					if err != nil {
						mu.Lock()
						firstErr = err
						mu.Unlock()
						return
					}
					sigs[i] = g
				}
			}(w)
		}
		wg.Wait()
		if firstErr != nil {
			return res, firstErr
		}
		var found []store.Signal
		for _, g := range sigs {
			if g.Ticker != "" {
				found = append(found, g)
			}
		}
		sort.Slice(found, func(i, j int) bool { return found[i].Ticker < found[j].Ticker })
		// Logged after that session's close (16:00 KST = 07:00 UTC).
		at := time.Unix(day.Time, 0).UTC().Add(7 * time.Hour)
		n, err := s.st.AddSignals(ctx, found, at)
		if err != nil {
			return res, fmt.Errorf("replay %s: %w", day.Date(), err)
		}
		res.Signals += n
		if update != nil {
			if err := update(ctx, at); err != nil {
				return res, fmt.Errorf("replay %s: ledger update: %w", day.Date(), err)
			}
		}
		res.Days++
		if progress != nil {
			progress(di+1, len(dates))
		}
	}
	return res, nil
}

// upTo is the prefix of oldest-first bars with Time ≤ t.
func upTo(bars []market.Bar, t int64) []market.Bar { return bars[:market.AtOrBefore(bars, t)+1] }

func upToFlows(fl []market.Flow, t int64) []market.Flow {
	return fl[:sort.Search(len(fl), func(i int) bool { return fl[i].Time > t })]
}
