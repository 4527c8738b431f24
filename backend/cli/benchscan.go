package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	talib "github.com/markcheno/go-talib"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/core"
	"krmarket/backend/indicator"
	"krmarket/backend/kr"
	"krmarket/backend/market"
)

// benchScan measures the KR scan on the demo store: the real scan (store
// reads + rules, GOMAXPROCS workers), and the rules alone evaluated on 500
// bars per stock already in memory; then the indicator kernels against
// go-talib on the same input.
func benchScan(ctx context.Context, w io.Writer, app *core.Core) error {
	cfg := app.System.Config().Signals
	insts, err := app.Store.Instruments(ctx, market.KR, market.KindStock)
	if err != nil {
		return err
	}
	var runs []time.Duration
	var res kr.ScanResult
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		if res, err = app.KR.Scan(ctx, cfg, nil); err != nil {
			return err
		}
		runs = append(runs, time.Since(t0))
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
	med := runs[1]
	fmt.Fprintf(w, "KR scan (store → rules → ledger), %d stocks, %d workers:\n", res.Scanned, runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "  median of 3: %v, per stock %.1f µs, %d candidates   (aim < 1s)\n",
		med.Round(time.Millisecond), float64(med.Microseconds())/float64(max(1, res.Scanned)), res.Candidates)

	// The rules alone on 500 bars per stock (no screening shortcut).
	bench, err := app.Store.LastBars(ctx, kr.BenchSymbol, market.Daily, 500)
	if err != nil {
		return err
	}
	type series struct {
		bars  []market.Bar
		flows []market.Flow
	}
	var all []series
	nbars := 0
	for _, in := range insts {
		bars, err := app.Store.LastBars(ctx, in.Symbol, market.Daily, 500)
		if err != nil {
			return err
		}
		flows, err := app.Store.LastFlows(ctx, in.Symbol, 60)
		if err != nil {
			return err
		}
		all = append(all, series{bars, flows})
		nbars += len(bars)
	}
	t0 := time.Now()
	evalAll(len(all), func(i int) { setup.Evaluate(setup.Input{Bars: all[i].bars, Flows: all[i].flows, Bench: bench}, cfg) })
	full := time.Since(t0)
	t0 = time.Now()
	evalAll(len(all), func(i int) {
		setup.Evaluate(setup.Input{Bars: all[i].bars, Flows: all[i].flows, Bench: bench, Screen: true}, cfg)
	})
	screened := time.Since(t0)
	fmt.Fprintf(w, "  rules on %d stocks × 500 bars (%d bars) in memory: full %v (%.1f µs/stock), screened %v   ratio full/screened %.1fx\n",
		len(all), nbars, full.Round(time.Millisecond), float64(full.Microseconds())/float64(len(all)), screened.Round(time.Millisecond), ratio(full, screened))

	benchKernels(w, all[0].bars)
	return nil
}

func evalAll(n int, f func(i int)) {
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for i := k; i < n; i += workers {
				f(i)
			}
		}(k)
	}
	wg.Wait()
}

// benchKernels times each indicator kernel and its go-talib counterpart on
// one long series built by tiling a real demo series to 100,000 bars.
func benchKernels(w io.Writer, seed []market.Bar) {
	const n = 100_000
	c, h, l, v := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	scale := 1.0
	for i := 0; i < n; i++ {
		b := seed[i%len(seed)]
		if i > 0 && i%len(seed) == 0 {
			scale = c[i-1] / b.Close // keep the tiled path continuous
		}
		c[i], h[i], l[i], v[i] = b.Close*scale, b.High*scale, b.Low*scale, b.Volume
	}
	kernels := []struct {
		name       string
		ours, base func()
	}{
		{"SMA(20)", func() { indicator.SMA(c, 20) }, func() { talib.Sma(c, 20) }},
		{"EMA(20)", func() { indicator.EMA(c, 20) }, func() { talib.Ema(c, 20) }},
		{"RSI(14) Wilder", func() { indicator.RSIWilder(c, 14) }, func() { talib.Rsi(c, 14) }},
		{"MACD(12,26,9)", func() { indicator.MACD(c, 12, 26, 9) }, func() { talib.Macd(c, 12, 26, 9) }},
		{"Bollinger(20,2)", func() { indicator.Bollinger(c, 20, 2) }, func() { talib.BBands(c, 20, 2, 2, talib.SMA) }},
		{"ATR(14)", func() { indicator.ATR(h, l, c, 14) }, func() { talib.Atr(h, l, c, 14) }},
		{"MAX(252)", func() { indicator.RollingMax(c, 252) }, func() { talib.Max(c, 252) }},
		{"OBV", func() { indicator.OBV(c, v) }, func() { talib.Obv(c, v) }},
	}
	fmt.Fprintf(w, "indicator kernels, %d bars, best of 5 (bars/s; ratio = ours/go-talib throughput, aim ≥ 1):\n", n)
	for _, k := range kernels {
		ours, base := best(k.ours), best(k.base)
		fmt.Fprintf(w, "  %-16s ours %6.0f M bars/s   go-talib %6.0f M bars/s   ratio %.2f\n",
			k.name, n/ours.Seconds()/1e6, n/base.Seconds()/1e6, base.Seconds()/ours.Seconds())
	}
}

// best is the fastest of 5 runs, alternating nothing else in between.
func best(f func()) time.Duration {
	b := time.Duration(math.MaxInt64)
	for i := 0; i < 5; i++ {
		t0 := time.Now()
		f()
		b = min(b, time.Since(t0))
	}
	return b
}
