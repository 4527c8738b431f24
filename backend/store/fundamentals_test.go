package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"krmarket/backend/market"
)

func TestLatestFundamentals(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	now := func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }
	in := st.Ingester("demo", now)
	if _, err := st.LatestFundamentals(ctx, "005930.KS"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	pe, roe := 12.5, 0.09
	f := market.Fundamentals{Symbol: "005930.KS", AsOf: 1_764_000_000, MarketCap: 4.2e14, PE: &pe, EPS: 4800, BPS: 52000, ROE: &roe, DividendYield: 0.021}
	if err := in.PutFundamentals(ctx, []market.Fundamentals{f}); err != nil {
		t.Fatal(err)
	}
	got, err := st.LatestFundamentals(ctx, "005930.KS")
	if err != nil || got.MarketCap != 4.2e14 || got.PE == nil || *got.PE != 12.5 || got.PB != nil || got.EPS != 4800 || got.AsOf != 1_764_000_000 {
		t.Fatalf("got %+v, %v", got, err)
	}
	// A newer snapshot replaces the row.
	f.AsOf, f.EPS = 1_764_100_000, -100
	if err := in.PutFundamentals(ctx, []market.Fundamentals{f}); err != nil {
		t.Fatal(err)
	}
	if got, err := st.LatestFundamentals(ctx, "005930.KS"); err != nil || got.EPS != -100 || got.AsOf != 1_764_100_000 {
		t.Fatalf("after update %+v, %v", got, err)
	}
}
