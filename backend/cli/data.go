package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/schollz/progressbar/v3"

	"krmarket/backend/contract"
	"krmarket/backend/core"
)

const updateHelp = `Usage: krmarket update [--market kr|us|crypto|all] [flags]

Fills or refreshes the store from the live sources: Yahoo Finance (KR, US
and macro prices, quotes, options, fundamentals, dividends), Naver Finance
(KR foreign/institutional flows) and Binance (crypto). Only the bars a
series lacks are fetched. The first update of a market replaces its demo
data. Source URLs, the proxy, the Yahoo request budget and the KR universe
size come from the settings (and KRMARKET_*_URL variables).
`

func runUpdate(args []string, env Env) int {
	fs := newFlags("update", updateHelp, env)
	var c common
	c.register(fs)
	mkt := fs.String("market", "all", "market to update: kr, us, crypto or all")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	markets, err := core.ParseMarkets(*mkt)
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket update:", err)
		return 2
	}
	cfg, err := c.config()
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket update:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app, err := core.Open(ctx, cfg, core.Options{Console: env.Stderr})
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket update:", err)
		return 1
	}
	defer app.Close(context.Background())
	bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(env.Stderr), progressbar.OptionShowCount(),
		progressbar.OptionSetDescription("starting"), progressbar.OptionClearOnFinish())
	rep, err := app.Update(ctx, markets, func(step string, done, total int) {
		bar.ChangeMax(total)
		bar.Describe(step)
		_ = bar.Set(done)
	})
	_ = bar.Finish()
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket update:", err)
		return 1
	}
	fmt.Fprintf(env.Stdout, "updated %v: %d quotes, %d bars, %d flow days, %d option contracts, %d new signals\n",
		rep.Markets, rep.Quotes, rep.Bars, rep.Flows, rep.Options, rep.Signals)
	for m, n := range rep.Failed {
		if n > 0 {
			fmt.Fprintf(env.Stdout, "  %s: %d symbols failed\n", m, n)
		}
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(env.Stdout, "  ", e)
	}
	return 0
}

const importHelp = `Usage: krmarket import --symbol SYMBOL [--name NAME] [--market KR|US|CRYPTO|MACRO] [flags] FILE.csv

Imports daily bars from a CSV file: Yahoo's download format
(Date,Open,High,Low,Close,Adj Close,Volume) or a plain
date,open,high,low,close[,adj_close],volume file (header required; comma or
semicolon). All or nothing: a file with any bad row is rejected with the
line numbers of every bad row, and nothing is stored.
`

func runImport(args []string, env Env) int {
	fs := newFlags("import", importHelp, env)
	var c common
	c.register(fs)
	symbol := fs.String("symbol", "", "symbol to store the bars under, e.g. 005930.KS or AAPL (required)")
	name := fs.String("name", "", "display name (default: the symbol)")
	mkt := fs.String("market", "", "KR, US, CRYPTO or MACRO (default: from the symbol)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *symbol == "" || fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	cfg, err := c.config()
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket import:", err)
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket import:", err)
		return 1
	}
	defer f.Close()
	ctx := context.Background()
	app, err := core.Open(ctx, cfg, core.Options{Console: env.Stderr})
	if err != nil {
		fmt.Fprintln(env.Stderr, "krmarket import:", err)
		return 1
	}
	defer app.Close(ctx)
	res, err := app.Importer.Import(ctx, *symbol, *name, *mkt, f)
	if err != nil {
		if ce, ok := err.(*contract.Error); ok {
			fmt.Fprintf(env.Stderr, "krmarket import: %s: %s\n", fs.Arg(0), ce.Message)
		} else {
			fmt.Fprintln(env.Stderr, "krmarket import:", err)
		}
		return 1
	}
	b, _ := json.Marshal(map[string]any{"symbol": res.Symbol, "bars": res.Bars, "first": res.First, "last": res.Last, "format": res.Format, "skipped": res.Skipped})
	fmt.Fprintf(env.Stdout, "imported %d bars of %s (%s to %s, %s format, %d null rows skipped)\n%s\n", res.Bars, res.Symbol, res.First, res.Last, res.Format, res.Skipped, b)
	return 0
}
