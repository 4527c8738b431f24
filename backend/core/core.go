// Package core wires the app together: config, logging, the store, the data
// the store needs on first start, the services and the API dispatcher and
// server. The desktop window and `krmarket serve` both start from here.
package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"krmarket/backend/analysis/exits"
	"krmarket/backend/analysis/setup"
	"krmarket/backend/provider/yahoo"
	"path/filepath"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/analysis/gate"
	"krmarket/backend/api"
	"krmarket/backend/config"
	"krmarket/backend/events"
	"krmarket/backend/importer"
	"krmarket/backend/jobs"
	"krmarket/backend/kr"
	"krmarket/backend/kr/ai"
	krbacktest "krmarket/backend/kr/backtest"
	krgate "krmarket/backend/kr/gate"
	"krmarket/backend/kr/ledger"
	"krmarket/backend/live"
	"krmarket/backend/logging"
	"krmarket/backend/research"
	"krmarket/backend/scheduler"
	"krmarket/backend/secrets"
	"krmarket/backend/sources"
	"krmarket/backend/store"
	"krmarket/backend/system"
)

// Options are the things only the caller knows.
type Options struct {
	Console io.Writer        // console log output (default stderr)
	Now     func() time.Time // clock (default time.Now)
	App     fs.FS            // built frontend for /app (nil: none)
	Keyring secrets.Keyring  // OS keychain (nil: the 0600 file only)
	Clock   scheduler.Clock  // background scheduler's clock (default the wall clock; Now defaults to its Now)
}

// Core is a running app without its window or listener.
type Core struct {
	Cfg        config.Config
	Log        *logrus.Logger
	Store      *store.Store
	KR         *kr.Service
	KRGate     *krgate.Service
	Ledger     *ledger.Service
	AI         *ai.Service
	System     *system.Service
	Sources    *sources.Registry
	Secrets    *secrets.Store
	Jobs       *jobs.Manager
	Importer   *importer.Service
	Live       *live.Updater
	Dispatcher *api.Dispatcher
	Server     *api.Server
	Token      string
	Events     *events.Broker // job progress, prices, scans, gate, scheduler runs (SSE and Wails events)
	Background *Background    // the scheduler and its jobs (started by StartLive)

	closeLog func() error
	now      func() time.Time
	// replayPending: a fresh demo market whose ledger history is still to
	// be built (StartLive starts the replay job).
	replayPending bool
	// ledgerJobs makes "is a scan or replay running? then start one"
	// atomic: both rewrite the ledger and must not overlap.
	ledgerJobs sync.Mutex
	// yahoo is the shared Yahoo client, built for the sources yahooFor.
	yahooMu  sync.Mutex
	yahoo    *yahoo.Client
	yahooFor config.Sources
}

// Open starts everything but the listener: it opens the store and fills it
// on first start (demo market) so every operation can answer.
func Open(ctx context.Context, cfg config.Config, o Options) (*Core, error) {
	if o.Now == nil {
		o.Now = time.Now
		if o.Clock != nil {
			o.Now = o.Clock.Now
		}
	}
	log, red, closeLog, err := logging.New(logging.Options{Dir: filepath.Join(cfg.DataDir, "logs"), Level: cfg.LogLevel, Console: o.Console})
	if err != nil {
		return nil, fmt.Errorf("set up logging: %w", err)
	}
	c := &Core{Cfg: cfg, Log: log, closeLog: closeLog, now: o.Now}
	tok, err := config.LoadOrCreateToken(cfg.DataDir)
	if err != nil {
		closeLog()
		return nil, err
	}
	red.Add(tok)
	c.Token = tok
	st, err := store.Open(ctx, filepath.Join(cfg.DataDir, store.FileName))
	if err != nil {
		closeLog()
		return nil, err
	}
	c.Store = st
	c.Sources = sources.New(o.Now, sources.Yahoo, sources.Naver, sources.Binance, sources.Edgar, sources.News)
	c.Secrets = secrets.Open(cfg.DataDir, o.Keyring)
	red.Add(c.Secrets.Values()...)
	c.Jobs = jobs.NewManager(o.Now)
	c.Events = events.New(o.Now)
	c.Jobs.Subscribe(func(p jobs.Progress) { c.Events.Publish(events.Job, p) })
	c.Importer = importer.New(st, o.Now)
	c.Live = live.New(st, c.Sources, o.Now, log, cfg.DemoSeed)
	if err := c.ensureData(ctx); err != nil {
		c.Close(context.Background())
		return nil, err
	}
	if cfg.Source == config.SourceDemo {
		for _, n := range []string{sources.Yahoo, sources.Naver, sources.Binance, sources.Edgar, sources.News} {
			c.Sources.SetOff(n)
		}
	}
	c.System = system.New(system.Deps{Store: st, Config: cfg, Now: o.Now, Secrets: c.Secrets, Sources: c.Sources, Redact: red.Add,
		APIAddr: func() string {
			if c.Server == nil {
				return ""
			}
			return c.Server.Addr()
		},
		OnChange: func(cfg config.Config) {
			if c.Background != nil {
				c.Background.settingsChanged(cfg)
			}
		}})
	c.KR = kr.New(st, o.Now, c.System.DataSource)
	c.KRGate = krgate.New(st, o.Now, c.System.DataSource, func() gate.Config { return c.System.Config().Gate })
	c.KR.Configure(func() setup.Config { return c.System.Config().Signals }, func() exits.Rules { return c.System.Config().Exits })
	c.KR.SetPending(c.runningReplay)
	c.KR.SetIntraday(c.IntradayFetcher)
	c.Ledger = ledger.New(st, o.Now, c.System.DataSource, func() exits.Rules { return c.System.Config().Exits })
	c.AI = ai.New(ai.Deps{Store: st, KR: c.KR, Now: o.Now, Source: c.System.DataSource,
		Config: func() ai.Config { return c.System.Config().AI }, Key: c.Secrets.Get, Redact: red.Add,
		Gate: func(ctx context.Context) (string, float64, error) {
			g, err := c.KRGate.MarketGate(ctx, false)
			if err != nil {
				return "", 0, err
			}
			return g.Gate, float64(g.Score), nil
		},
		News:    ai.ResearchNews(research.New(st, c.Sources, o.Now, c.System.Config)),
		Signals: func() setup.Config { return c.System.Config().Signals }, HTTPClient: cfg.Sources.HTTPClient(), Sources: c.Sources})
	c.Background = newBackground(c, o.Clock)
	ops := api.Operations(api.Services{Scheduler: c.Background, System: c.System, KR: c.KR, Ledger: c.Ledger, Sources: c.Sources, Jobs: c.Jobs, Importer: c.Importer,
		Research: research.New(st, c.Sources, o.Now, c.System.Config),
		KRGate:   c.KRGate,
		AI:       c.AI,
		Backtest: krbacktest.New(krbacktest.Deps{Store: st, Now: o.Now, Source: c.System.DataSource,
			Signals: func() setup.Config { return c.System.Config().Signals }}),
		Scan: c.StartScan, Quotes: c.QuoteFetcher,
		Update: func(market string) (jobs.Progress, error) {
			ms, err := ParseMarkets(market)
			if err != nil {
				return jobs.Progress{}, err
			}
			return c.StartUpdate(ms)
		}})
	c.Dispatcher = api.NewDispatcher(ops, o.Now, log)
	c.Server = api.NewServer(c.Dispatcher, api.Options{
		Token: tok, MaxBody: cfg.MaxBodyBytes, AllowRemote: cfg.AllowRemote, App: o.App, Log: log,
		Events: c.Events.Handler(events.SSEOptions{}),
	})
	return c, nil
}

// ensureData fills an empty store with the demo market, except in live
// mode, which shows only real data (an empty store answers "not available
// yet" until the first update has stored some).
func (c *Core) ensureData(ctx context.Context) error {
	switch c.Cfg.Source {
	case config.SourceLive:
		return nil
	case config.SourceDemo, config.SourceAuto:
		return c.EnsureDemo(ctx)
	}
	return fmt.Errorf("unknown source %q", c.Cfg.Source)
}

// Close stops the API server and closes the store and the log file.
func (c *Core) Close(ctx context.Context) error {
	var errs []error
	if c.Background != nil {
		errs = append(errs, c.Background.Stop(ctx))
	}
	if c.Events != nil {
		c.Events.Close() // ends the SSE streams, so the server stops at once
	}
	if c.Server != nil {
		errs = append(errs, c.Server.Stop(ctx))
	}
	if c.Jobs != nil {
		errs = append(errs, c.Jobs.Shutdown(ctx))
	}
	if c.Store != nil {
		errs = append(errs, c.Store.Close())
		c.Log.Info("database closed")
	}
	if c.closeLog != nil {
		errs = append(errs, c.closeLog())
	}
	return errors.Join(errs...)
}
