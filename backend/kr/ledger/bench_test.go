package ledger

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/data"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// benchLedger fills a store with 200 KRX stocks × ~490 trading days
// (2025-01 … 2026-12) of random-walk bars and 1,000 signals, then runs
// Update once so most of them are closed.
func benchLedger(b *testing.B) (*store.Store, func() time.Time) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	list, err := data.KRTickers()
	if err != nil {
		b.Fatal(err)
	}
	days := calendar.KRX().TradingDays(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC))
	rng := rand.New(rand.NewSource(1))
	in := st.Ingester("demo", time.Now)
	const rounds = 5
	sigs := make([][]store.Signal, rounds) // per round: one signal per stock in that fifth of the days
	span := (len(days) - 10) / rounds
	for k := 0; k < 200; k++ {
		t := list[k]
		bars := make([]market.Bar, len(days))
		c := 10000.0
		for i, d := range days {
			o := c * (1 + rng.NormFloat64()*0.01)
			c = o * (1 + rng.NormFloat64()*0.02)
			bars[i] = market.Bar{Symbol: t.Symbol, Interval: market.Daily, Time: d.Unix(), Open: float64(int(o)),
				High: float64(int(max(o, c)*1.01)) + 1, Low: float64(int(min(o, c) * 0.99)), Close: float64(int(c)), Volume: 1000}
		}
		if err := in.PutBars(ctx, bars); err != nil {
			b.Fatal(err)
		}
		for j := range rounds {
			i := j*span + rng.Intn(span/2)
			sigs[j] = append(sigs[j], store.Signal{Market: market.KR, Ticker: t.Ticker, Symbol: t.Symbol,
				SignalDate: days[i].Format(time.DateOnly), EntryPrice: bars[i].Close})
		}
	}
	var res UpdateResult
	for j := range rounds {
		if _, err := st.AddSignals(ctx, sigs[j], time.Now()); err != nil {
			b.Fatal(err)
		}
		end := days[(j+1)*span].Add(12 * time.Hour)
		if res, err = New(st, func() time.Time { return end }, nil, nil).Update(ctx); err != nil {
			b.Fatal(err)
		}
	}
	now := func() time.Time { return time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC) }
	if res, err = New(st, now, nil, nil).Update(ctx); err != nil {
		b.Fatal(err)
	}
	all, err := st.LedgerSignals(ctx, market.KR)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d signals; last update %+v", len(all), res)
	return st, now
}

func BenchmarkUpdateAndReports(b *testing.B) {
	st, now := benchLedger(b)
	ctx := context.Background()
	for b.Loop() {
		svc := New(st, now, nil, nil) // a fresh service: no curve memo
		t0 := time.Now()
		if _, err := svc.Update(ctx); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		c, err := svc.CumulativeReturn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if _, err := svc.Performance(ctx); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		b.Log(fmt.Sprintf("update (no-op) %v, cumulative-return %v (%d curve points), performance %v",
			t1.Sub(t0), t2.Sub(t1), len(c.Curve), t3.Sub(t2)))
	}
}
