package core

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/jobs"
	"krmarket/backend/live"
	"krmarket/backend/provider/binance"
	"krmarket/backend/provider/naver"
	"krmarket/backend/provider/yahoo"
	"krmarket/backend/store"
)

const metaYahooSession = "yahoo_session"

// sessionStore keeps Yahoo's session (cookies + crumb) in the database so
// every run and process shares it.
type sessionStore struct{ st *store.Store }

func (s sessionStore) LoadSession(ctx context.Context) ([]byte, error) {
	v, err := s.st.Meta(ctx, metaYahooSession)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return []byte(v), err
}

func (s sessionStore) SaveSession(ctx context.Context, b []byte) error {
	return s.st.SetMeta(ctx, metaYahooSession, string(b))
}

// Clients builds the live providers from the current settings (so a
// changed source URL applies to the next update).
func (c *Core) Clients() (live.Clients, error) {
	src := c.System.Config().Sources
	hc := src.HTTPClient()
	y, err := c.yahooClient()
	if err != nil {
		return live.Clients{}, err
	}
	return live.Clients{
		Yahoo:   y,
		Naver:   naver.New(naver.Config{BaseURL: src.NaverURL, HTTPClient: hc, Now: c.now}),
		Binance: binance.New(binance.Config{BaseURL: src.BinanceURL, HTTPClient: hc}),
	}, nil
}

// yahooClient is the one Yahoo client of the process, rebuilt only when the
// source settings change: every caller (updates, price cycles, realtime
// prices, today's chart bar) draws on the same hourly request budget and
// session.
func (c *Core) yahooClient() (*yahoo.Client, error) {
	src := c.System.Config().Sources
	c.yahooMu.Lock()
	defer c.yahooMu.Unlock()
	if c.yahoo != nil && c.yahooFor == src {
		return c.yahoo, nil
	}
	y, err := yahoo.New(yahoo.Config{BaseURL: src.YahooURL, HTTPClient: src.HTTPClient(), RatePerHour: src.YahooPerHour,
		SessionStore: sessionStore{c.Store}, Now: c.now, Log: c.Log})
	if err != nil {
		return nil, fmt.Errorf("yahoo client: %w", err)
	}
	c.yahoo, c.yahooFor = y, src
	return y, nil
}

// ParseMarkets turns "kr", "us", "crypto" or "all" into the markets to update.
func ParseMarkets(m string) ([]string, error) {
	if m == "" || m == "all" {
		return live.Markets, nil
	}
	if !slices.Contains(live.Markets, m) {
		return nil, fmt.Errorf("market %q: want kr, us, crypto or all", m)
	}
	return []string{m}, nil
}

// Update runs a live update of the given markets now (in the caller's
// goroutine), reporting progress.
func (c *Core) Update(ctx context.Context, markets []string, report jobs.Report) (live.Report, error) {
	cl, err := c.Clients()
	if err != nil {
		return live.Report{}, err
	}
	src := c.System.Config().Sources
	o := live.DefaultOptions()
	o.KRUniverse, o.FlowDays = src.KRUniverse, src.FlowDays
	if report == nil {
		report = func(string, int, int) {}
	}
	return c.Live.Run(ctx, cl, markets, o, report)
}

// StartUpdate runs Update as a background job (one at a time).
func (c *Core) StartUpdate(markets []string) (jobs.Progress, error) {
	return c.Jobs.Start("update", func(ctx context.Context, report jobs.Report) (any, error) {
		rep, err := c.Update(ctx, markets, report)
		return rep, err
	})
}

// Probe checks within 15 s that Yahoo answers (a session and one quote).
func (c *Core) Probe(ctx context.Context) error {
	cl, err := c.Clients()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	_, err = cl.Yahoo.Quotes(ctx, []string{"^KS11"})
	if err != nil {
		c.Sources.Report("yahoo", err, "probe failed")
	} else {
		c.Sources.Report("yahoo", nil, "")
	}
	return err
}

// StartLive begins live operation for serve and the window: with --source
// live the sources must answer (else an error the caller shows and exits
// on); with auto a failing probe just leaves the stored (or demo) data in
// place, marked stale when it is live. When the probe works, a background
// update of every market starts.
// It also starts the background scheduler (prices while markets are open,
// the post-close pipelines; see background.go).
func (c *Core) StartLive(ctx context.Context) error {
	c.Background.Start(ctx)
	if c.replayPending {
		c.replayPending = false
		if _, err := c.StartReplay(DefaultReplayDays); err != nil {
			c.Log.WithError(err).Warn("ledger history not rebuilt")
		}
	}
	switch c.Cfg.Source {
	case config.SourceDemo:
		return nil
	case config.SourceLive:
		if err := c.Probe(ctx); err != nil {
			return fmt.Errorf("--source live: cannot reach Yahoo Finance (%v); check the network or proxy settings, or use --source auto", redactURL(err))
		}
		_, err := c.StartUpdate(live.Markets)
		return err
	default: // auto
		go func() {
			if err := c.Probe(ctx); err != nil {
				c.Log.WithField("error", redactURL(err)).Info("live sources unreachable: serving stored data")
				return
			}
			if _, err := c.StartUpdate(live.Markets); err != nil {
				c.Log.WithError(err).Warn("live update not started")
			}
		}()
		return nil
	}
}

// redactURL shortens an error for the user (query strings may hold crumbs).
func redactURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			return fmt.Sprintf("%s %s: %v", ue.Op, u.String(), ue.Err)
		}
	}
	return err.Error()
}
