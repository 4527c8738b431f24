package core

import (
	"context"
	"errors"
	"fmt"
	"krmarket/backend/analysis/setup"
	"strconv"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/contract"
	"krmarket/backend/kr"
	"krmarket/backend/provider/demo"
	"krmarket/backend/store"
)

const (
	metaDemoEnd  = "demo_end"
	metaDemoSeed = "demo_seed"
)

// DemoReport says what EnsureDemo did.
type DemoReport struct {
	Generated bool
	End       string
	Stats     demo.Stats
	Scan      kr.ScanResult
	Elapsed   time.Duration
}

// EnsureDemo fills the store with the demo market when it holds no real
// data, regenerating it when the last completed KRX session has moved on
// (the demo stays current) or the seed changed. A load interrupted by a
// crash leaves no end marker and is redone on the next start.
func (c *Core) EnsureDemo(ctx context.Context) error {
	rep, err := LoadDemoWith(ctx, c.Store, c.Cfg.DemoSeed, c.now(), false, c.Cfg.Signals)
	if err != nil {
		return err
	}
	if rep.Generated {
		c.Log.WithField("end", rep.End).WithField("elapsed", rep.Elapsed.Round(time.Millisecond)).
			WithField("bars", rep.Stats.DailyBars+rep.Stats.H4Bars).WithField("signals", rep.Scan.Added).Info("demo market generated")
	}
	return nil
}

// LoadDemo generates the demo market into st unless an identical one is
// already there (force regenerates anyway), scanning it with the default
// signal rules. Real (live or imported) data is never overwritten.
func LoadDemo(ctx context.Context, st *store.Store, seed uint64, now time.Time, force bool) (DemoReport, error) {
	return LoadDemoWith(ctx, st, seed, now, force, setup.DefaultConfig())
}

// LoadDemoWith is LoadDemo scanning with the given signal rules.
func LoadDemoWith(ctx context.Context, st *store.Store, seed uint64, now time.Time, force bool, signals setup.Config) (DemoReport, error) {
	start := time.Now()
	end := calendar.KRX().LastCompletedSession(now).Format("2006-01-02")
	rep := DemoReport{End: end}
	sum, err := st.SourceSummary(ctx)
	if err != nil {
		return rep, err
	}
	for src, n := range sum {
		if src != contract.SourceDemo && n > 0 {
			return rep, nil // real data: the demo is not needed
		}
	}
	have, err := st.Meta(ctx, metaDemoEnd)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return rep, err
	}
	haveSeed, _ := st.Meta(ctx, metaDemoSeed)
	if !force && have == end && haveSeed == strconv.FormatUint(seed, 10) {
		return rep, nil
	}
	if err := st.ResetMarketData(ctx); err != nil {
		return rep, err
	}
	err = st.BulkLoad(ctx, func() error {
		var err error
		rep.Stats, err = demo.Generate(ctx, demo.Config{Seed: seed, Now: now}, st.Ingester(contract.SourceDemo, time.Now))
		return err
	})
	if err != nil {
		return rep, fmt.Errorf("generate demo market: %w", err)
	}
	svc := kr.New(st, func() time.Time { return now }, nil)
	rep.Scan, err = svc.Scan(ctx, signals, nil)
	if err != nil {
		return rep, fmt.Errorf("scan demo market: %w", err)
	}
	if err := st.SetMeta(ctx, metaDemoSeed, strconv.FormatUint(seed, 10)); err != nil {
		return rep, err
	}
	if err := st.SetMeta(ctx, metaDemoEnd, end); err != nil {
		return rep, err
	}
	rep.Generated = true
	rep.Elapsed = time.Since(start)
	return rep, nil
}
