package backtest

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkDemoMarket measures a default backtest over the whole demo market
// (2,760 KR stocks, 500 daily bars each; the last 250 trading days are
// simulated). Run once: go test -run '^$' -bench DemoMarket -benchtime=1x
// ./backend/kr/backtest/
func BenchmarkDemoMarket(b *testing.B) {
	st, _ := demoStore(b, 500, nil)
	ctx := context.Background()
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for range b.N {
				s := New(Deps{Store: st, Now: func() time.Time { return pinnedNow }, Workers: workers})
				start := time.Now()
				r, err := s.Run(ctx, Params{Preset: "default"})
				if err != nil {
					b.Fatal(err)
				}
				cold := time.Since(start)
				start = time.Now()
				if _, err := s.Run(ctx, Params{Preset: "aggressive"}); err != nil {
					b.Fatal(err)
				}
				b.Logf("workers %d: cold run %v (universe %d, %d evaluations, %d signals, %d trades), another preset on the same replay %v",
					workers, cold.Round(time.Millisecond), r.Universe, r.Evaluated, r.SignalStats.Total, r.Performance.TotalTrades, time.Since(start).Round(time.Millisecond))
			}
		})
	}
}
