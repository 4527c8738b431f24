package core

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/contract"
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
	Elapsed   time.Duration
}

// EnsureDemo fills the store with the demo market when it holds no real
// data, regenerating it when the last completed KRX session has moved on
// (the demo stays current) or the seed changed. A load interrupted by a
// crash leaves no end marker and is redone on the next start.
func (c *Core) EnsureDemo(ctx context.Context) error {
	rep, err := LoadDemo(ctx, c.Store, c.Cfg.DemoSeed, c.now(), false)
	if err != nil {
		return err
	}
	if rep.Generated {
		c.Log.WithField("end", rep.End).WithField("elapsed", rep.Elapsed.Round(time.Millisecond)).
			WithField("bars", rep.Stats.DailyBars+rep.Stats.H4Bars).Info("demo market generated")
		c.replayPending = true
		debug.FreeOSMemory() // the generator's buffers are garbage now
	}
	return nil
}

// LoadDemo generates the demo market into st unless an identical one is
// already there (force regenerates anyway). Real (live or imported) data is
// never overwritten. The signal ledger is left empty: the window and serve
// rebuild its history in a background job (Core.StartReplay), and
// `krmarket scan` scans on demand.
func LoadDemo(ctx context.Context, st *store.Store, seed uint64, now time.Time, force bool) (DemoReport, error) {
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
