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
	"path/filepath"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/api"
	"krmarket/backend/config"
	"krmarket/backend/kr"
	"krmarket/backend/logging"
	"krmarket/backend/store"
	"krmarket/backend/system"
)

// Options are the things only the caller knows.
type Options struct {
	Console io.Writer        // console log output (default stderr)
	Now     func() time.Time // clock (default time.Now)
	App     fs.FS            // built frontend for /app (nil: none)
}

// Core is a running app without its window or listener.
type Core struct {
	Cfg        config.Config
	Log        *logrus.Logger
	Store      *store.Store
	KR         *kr.Service
	System     *system.Service
	Dispatcher *api.Dispatcher
	Server     *api.Server
	Token      string

	closeLog func() error
	now      func() time.Time
}

// Open starts everything but the listener: it opens the store and fills it
// on first start (demo market) so every operation can answer.
func Open(ctx context.Context, cfg config.Config, o Options) (*Core, error) {
	if o.Now == nil {
		o.Now = time.Now
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
	c.KR = kr.New(st, o.Now)
	if err := c.ensureData(ctx); err != nil {
		c.Close(context.Background())
		return nil, err
	}
	c.Server = nil
	c.System = system.New(st, cfg, o.Now, func() string {
		if c.Server == nil {
			return ""
		}
		return c.Server.Addr()
	})
	ops := api.Operations(api.Services{System: c.System, KR: c.KR})
	c.Dispatcher = api.NewDispatcher(ops, o.Now, log)
	c.Server = api.NewServer(c.Dispatcher, api.Options{
		Token: tok, MaxBody: cfg.MaxBodyBytes, AllowRemote: cfg.AllowRemote, App: o.App, Log: log,
	})
	return c, nil
}

// ErrLiveUnavailable is returned for --source live until live providers exist.
var ErrLiveUnavailable = errors.New("live market data is not available in this build yet: use --source demo or auto")

func (c *Core) ensureData(ctx context.Context) error {
	switch c.Cfg.Source {
	case config.SourceLive:
		return ErrLiveUnavailable
	case config.SourceDemo, config.SourceAuto:
		return c.EnsureDemo(ctx)
	}
	return fmt.Errorf("unknown source %q", c.Cfg.Source)
}

// Close stops the API server and closes the store and the log file.
func (c *Core) Close(ctx context.Context) error {
	var errs []error
	if c.Server != nil {
		errs = append(errs, c.Server.Stop(ctx))
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
