// Package cli is the krmarket command line: the desktop window (default),
// serve, scan, bench, gen-frontend and version.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"krmarket/backend/api"
	"krmarket/backend/config"
	"krmarket/backend/core"
	"krmarket/backend/secrets"
	"krmarket/backend/system"
)

// Env is what main hands to the CLI.
type Env struct {
	Stdout, Stderr io.Writer
	Assets         fs.FS // built frontend (may lack index.html)
	// Desktop opens the window; nil in builds without the desktop tags.
	Desktop func(cfg config.Config, assets fs.FS, startAPI bool) int
}

const usage = `KR Market — Korean, US and crypto market analysis on your desktop.

Usage:
  krmarket [--data-dir DIR] [--source auto|demo|live] [--api]
                           open the desktop window (desktop builds only)
  krmarket serve [flags]   run headless: the HTTP API and the dashboard at /app/
  krmarket update [flags]  fill or refresh the store from the live sources (--market kr|us|crypto|all)
  krmarket import [flags] FILE.csv
                           import daily bars from a CSV file (--symbol required)
  krmarket scan [flags]    run the KR signal scan and ledger update (--replay N: rebuild N sessions of history)
  krmarket bench [flags]   measure demo generation, the KR scan, indicator kernels, ingest,
                           API throughput, live price cycles and idle CPU/RSS
  krmarket gen-frontend    write the frontend's operation map from the API table
  krmarket version         print the version

Run "krmarket <command> --help" for a command's flags.

Data lives in the data dir (default %s): krmarket.db (SQLite),
api-token (the local API token, mode 0600), settings.json, secrets.json (API
keys, 0600, only when no OS keychain answers) and logs/.

Sources (--source): auto (default) serves stored data, refreshes it from the
live sources when they answer, marks it "stale" when they fail, and falls
back to the embedded demo market when nothing real was ever stored; live
needs the sources (and fails loudly offline); demo uses only the
deterministic synthetic market. Every response says which ("data_source").
Source URLs can be overridden for mirrors and tests: KRMARKET_YAHOO_URL,
KRMARKET_NAVER_URL, KRMARKET_BINANCE_URL, KRMARKET_EDGAR_URL,
KRMARKET_NEWS_URL; HTTPS_PROXY is honoured.
`

// Run executes the command line and returns the process exit code.
func Run(args []string, env Env) int {
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			return runServe(args[1:], env)
		case "scan":
			return runScan(args[1:], env)
		case "bench":
			return runBench(args[1:], env)
		case "update":
			return runUpdate(args[1:], env)
		case "import":
			return runImport(args[1:], env)
		case "gen-frontend":
			return runGenFrontend(args[1:], env)
		case "version":
			fmt.Fprintln(env.Stdout, "krmarket", system.BuildVersion())
			return 0
		case "help", "-h", "-help", "--help":
			fmt.Fprintf(env.Stdout, usage, config.DefaultDataDir())
			return 0
		}
		if args[0] != "" && args[0][0] != '-' {
			fmt.Fprintf(env.Stderr, "krmarket: unknown command %q\n\n", args[0])
			fmt.Fprintf(env.Stderr, usage, config.DefaultDataDir())
			return 2
		}
	}
	return runDesktop(args, env)
}

// common flags shared by commands that open the data dir.
type common struct {
	dataDir  string
	source   string
	logLevel string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.dataDir, "data-dir", config.DefaultDataDir(), "data directory (database, token, settings, logs)")
	fs.StringVar(&c.source, "source", "", "market data source: auto (live where reachable, else stored data marked stale, else demo), demo, or live (default from settings, else auto)")
	fs.StringVar(&c.logLevel, "log-level", "", "log level: debug, info, warn, error (default from settings, else info)")
}

func (c *common) config() (config.Config, error) {
	cfg, err := config.Load(c.dataDir)
	if err != nil {
		return cfg, err
	}
	if c.source != "" {
		cfg.Source = c.source
	}
	if c.logLevel != "" {
		cfg.LogLevel = c.logLevel
	}
	return cfg, cfg.Validate()
}

func newFlags(name, help string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, help)
		fmt.Fprintln(env.Stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %v\n", fs.Args())
		return 2, false
	}
	return 0, true
}

func runDesktop(args []string, env Env) int {
	fs := newFlags("krmarket", "Usage: krmarket [flags]\n\nOpens the KR Market window.\n", env)
	var c common
	c.register(fs)
	startAPI := fs.Bool("api", false, "also start the local HTTP API on the configured address (default 127.0.0.1:5001)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if env.Desktop == nil {
		fmt.Fprintln(env.Stderr, "krmarket: this binary was built without the desktop window.\n"+
			"Build it with `make build` (Wails tags), or run `krmarket serve` and open http://127.0.0.1:5001/app/.")
		return 2
	}
	cfg, err := c.config()
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket:", err)
		return 2
	}
	return env.Desktop(cfg, env.Assets, *startAPI)
}

const serveHelp = `Usage: krmarket serve [flags]

Runs KR Market without a window: the documented HTTP API and the dashboard at
http://<addr>/app/. It listens on loopback only unless --allow-remote is given,
accepts only loopback Host names, rejects cross-site browser requests, and
requires the API token (file api-token in the data dir) on state-changing
operations. Stop it with Ctrl-C (SIGINT) or SIGTERM.
`

func runServe(args []string, env Env) int {
	fs := newFlags("serve", serveHelp, env)
	var c common
	c.register(fs)
	addr := fs.String("addr", "", "listen address (default from settings, else "+config.DefaultAddr+")")
	remote := fs.Bool("allow-remote", false, "allow a non-loopback --addr (exposes the API to the network; the token still guards writes)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, err := c.config()
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket serve:", err)
		return 2
	}
	if *addr != "" {
		cfg.Addr = *addr
	}
	cfg.AllowRemote = cfg.AllowRemote || *remote
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app, err := core.Open(ctx, cfg, core.Options{Console: env.Stderr, App: env.Assets, Keyring: secrets.OSKeyring{}})
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket serve:", err)
		return 1
	}
	if err := app.Server.Start(cfg.Addr); err != nil {
		fmt.Fprintln(env.Stderr, "krmarket serve:", err)
		app.Close(context.Background())
		return 1
	}
	if err := app.StartLive(ctx); err != nil {
		fmt.Fprintln(env.Stderr, "krmarket serve:", err)
		app.Close(context.Background())
		return 1
	}
	fmt.Fprintf(env.Stdout, "KR Market API on http://%s  (dashboard: http://%s/app/)\nAPI token file: %s\n",
		app.Server.Addr(), app.Server.Addr(), filepath.Join(cfg.DataDir, config.TokenFile))
	<-ctx.Done()
	app.Log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := app.Close(sctx); err != nil {
		fmt.Fprintln(env.Stderr, "krmarket serve: shutdown:", err)
		return 1
	}
	return 0
}

func runScan(args []string, env Env) int {
	fs := newFlags("scan", "Usage: krmarket scan [flags]\n\nRuns the KR signal scan on the latest stored bars, adds new OPEN signals to the ledger and\nupdates the ledger's exits. With --replay N it instead rebuilds the ledger's history as if the scan had\nrun after each of the last N sessions (no look-ahead).\n", env)
	var c common
	c.register(fs)
	replay := fs.Int("replay", 0, "replay the scan over the last N sessions (1–500) instead of scanning the latest one")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	cfg, err := c.config()
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket scan:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app, err := core.Open(ctx, cfg, core.Options{Console: env.Stderr})
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket scan:", err)
		return 1
	}
	defer app.Close(context.Background())
	if *replay != 0 {
		start := time.Now()
		rr, err := app.Replay(ctx, *replay, nil)
		if err != nil {
			fmt.Fprintln(env.Stderr, "krmarket scan:", err)
			return 1
		}
		fmt.Fprintf(env.Stdout, "replayed %d sessions %s..%s: %d signals logged in %s\n", rr.Days, rr.From, rr.To, rr.Signals, time.Since(start).Round(time.Millisecond))
		return 0
	}
	rep, err := app.Scan(ctx, cfg.Signals, nil)
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket scan:", err)
		return 1
	}
	res := rep.Scan
	fmt.Fprintf(env.Stdout, "rule %s: scanned %d stocks, %d candidates, %d new signals (signal date %s); ledger: %d closed, %d open\n", res.Rule, res.Scanned, res.Candidates, res.Added, res.SignalDate, rep.Ledger.Closed, rep.Ledger.StillOpen)
	return 0
}

func runGenFrontend(args []string, env Env) int {
	fs := newFlags("gen-frontend", "Usage: krmarket gen-frontend [--out FILE]\n\nWrites the frontend's operation map generated from the API's operation table.\n", env)
	out := fs.String("out", filepath.Join("frontend", "src", "lib", "operations.gen.ts"), "output file")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	src := api.FrontendRoutes(api.Operations(api.Services{}))
	if err := config.WriteFileAtomic(*out, []byte(src), 0o644); err != nil {
		fmt.Fprintln(env.Stderr, "krmarket gen-frontend:", err)
		return 1
	}
	fmt.Fprintln(env.Stdout, "wrote", *out)
	return 0
}
