package core

import (
	"context"
	"fmt"
	"krmarket/backend/analysis/exits"
	"krmarket/backend/kr/ledger"
	"runtime/debug"
	"time"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/jobs"
	"krmarket/backend/kr"
	"krmarket/backend/market"
	"krmarket/backend/sources"
)

// yahooUsable reports whether on-demand Yahoo calls are allowed: not in
// demo mode, and Yahoo neither switched off nor rate-limited.
func (c *Core) yahooUsable() bool {
	if c.Cfg.Source == config.SourceDemo {
		return false
	}
	switch c.Sources.Status(sources.Yahoo).State {
	case sources.StateOff, sources.StateRateLimited:
		return false
	}
	return true
}

// QuoteFetcher returns the live quote fetcher for realtime prices, or nil
// when Yahoo is not usable: then prices come from the store.
func (c *Core) QuoteFetcher() kr.QuoteFetcher {
	if !c.yahooUsable() {
		return nil
	}
	return func(ctx context.Context, syms []string) (map[string]market.Quote, error) {
		y, err := c.yahooClient()
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		q, err := y.Quotes(ctx, syms)
		c.Sources.Report(sources.Yahoo, err, "realtime prices")
		if err != nil {
			return nil, err
		}
		list := make([]market.Quote, 0, len(q))
		for _, v := range q {
			list = append(list, v)
		}
		if err := c.Store.Ingester(contract.SourceLive, c.now).PutQuotes(ctx, list); err != nil {
			return nil, fmt.Errorf("store quotes: %w", err)
		}
		return q, nil
	}
}

// IntradayFetcher returns the live intraday source for today's chart bar,
// or nil when Yahoo is not usable.
func (c *Core) IntradayFetcher() kr.IntradayFetcher {
	if !c.yahooUsable() {
		return nil
	}
	return func(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error) {
		y, err := c.yahooClient()
		if err != nil {
			return nil, err
		}
		bars, err := y.Intraday(ctx, symbol, "5m", from, to)
		c.Sources.Report(sources.Yahoo, err, "intraday bars")
		return bars, err
	}
}

// ScanReport is the result of a scan job.
type ScanReport struct {
	Scan   kr.ScanResult       `json:"scan"`
	Ledger ledger.UpdateResult `json:"ledger"`
}

// StartScan runs the KR signal scan as a background job with progress,
// then brings the ledger up to date. rule "" uses the settings' rule.
// replayDays > 0 starts a ledger replay instead (StartReplay). A scan and
// a replay never run together: both change the ledger.
func (c *Core) StartScan(rule string, replayDays int) (jobs.Progress, error) {
	cfg := c.System.Config().Signals
	if rule != "" {
		cfg.Rule = rule
	}
	if err := cfg.Validate(); err != nil {
		return jobs.Progress{}, contract.BadRequest("invalid_rule", "%v", err)
	}
	if replayDays > 0 {
		return c.StartReplay(replayDays)
	}
	c.ledgerJobs.Lock()
	defer c.ledgerJobs.Unlock()
	if id := c.runningReplay(); id != "" {
		return jobs.Progress{ID: id}, jobs.ErrBusy
	}
	return c.Jobs.Start("scan", func(ctx context.Context, report jobs.Report) (any, error) {
		return c.Scan(ctx, cfg, report)
	})
}

// Scan runs the KR scan and then the ledger update (exits of open signals).
func (c *Core) Scan(ctx context.Context, cfg setup.Config, report jobs.Report) (ScanReport, error) {
	var rep ScanReport
	res, err := c.KR.Scan(ctx, cfg, func(done, total int) {
		if report != nil {
			report("scan", done, total)
		}
	})
	if err != nil {
		return rep, err
	}
	rep.Scan = res
	if report != nil {
		report("ledger", 0, 1)
	}
	if rep.Ledger, err = c.Ledger.Update(ctx); err != nil {
		return rep, err
	}
	if c.Background != nil {
		if res.Added > 0 {
			c.Background.NewSignals(ctx, res.Added)
		}
		c.Background.SignalsClosed(rep.Ledger.ByReason)
	}
	c.Log.WithField("rule", res.Rule).WithField("scanned", res.Scanned).WithField("added", res.Added).
		WithField("closed", rep.Ledger.Closed).Info("kr scan done")
	return rep, nil
}

// DefaultReplayDays is how many past sessions a fresh store's ledger
// history is rebuilt over.
const DefaultReplayDays = 60

// Replay rebuilds the ledger's history over the last days sessions (see
// kr.Service.Replay), closing signals as of each day with the settings'
// exit rules.
func (c *Core) Replay(ctx context.Context, days int, report jobs.Report) (kr.ReplayResult, error) {
	var asOf time.Time
	lg := ledger.New(c.Store, func() time.Time { return asOf }, nil, func() exits.Rules { return c.System.Config().Exits })
	return c.KR.Replay(ctx, c.System.Config().Signals, days, func(ctx context.Context, at time.Time) error {
		asOf = at
		_, err := lg.Update(ctx)
		return err
	}, func(done, total int) {
		if report != nil {
			report("replay", done, total)
		}
	})
}

// StartReplay rebuilds the ledger's history over the last days sessions
// as a background job ("replay"); while it runs the signals list says so
// instead of showing half-replayed days.
func (c *Core) StartReplay(days int) (jobs.Progress, error) {
	if days < 1 || days > 500 {
		return jobs.Progress{}, contract.BadRequest("invalid_replay_days", "replay_days %d: want 1–500", days)
	}
	c.ledgerJobs.Lock()
	defer c.ledgerJobs.Unlock()
	if id := c.runningJob("scan"); id != "" {
		return jobs.Progress{ID: id}, jobs.ErrBusy
	}
	return c.Jobs.Start("replay", func(ctx context.Context, report jobs.Report) (any, error) {
		res, err := c.Replay(ctx, days, report)
		if err == nil {
			c.Log.WithField("days", res.Days).WithField("signals", res.Signals).Info("ledger history rebuilt")
		}
		// The replay held every stock's history in memory once; an app that
		// then sits in the tray for weeks should not keep that heap.
		debug.FreeOSMemory()
		return res, err
	})
}

// runningReplay is the id of the running replay job, or "".
func (c *Core) runningReplay() string { return c.runningJob("replay") }

// runningJob is the id of a running job of a kind, or "".
func (c *Core) runningJob(kind string) string {
	for _, j := range c.Jobs.List() {
		if j.Kind == kind && j.State == "running" {
			return j.ID
		}
	}
	return ""
}
