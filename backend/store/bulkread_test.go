package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"krmarket/backend/market"
)

// The one-query walk returns exactly what LastBars/LastFlows return per
// symbol, skips unwanted symbols, and honours fromYear.
func TestEachSeriesMatchesLastBars(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	in := st.Ingester("demo", time.Now)
	var all []market.Bar
	var flows []market.Flow
	for k, sym := range []string{"A.KS", "B.KS", "C.KS"} {
		bars := barsFor(sym, 700+100*k) // 2023-11 … 2025/2026: spans 3–4 calendar years
		all = append(all, bars...)
		for _, b := range bars {
			flows = append(flows, market.Flow{Symbol: sym, Time: b.Time, ForeignNet: int64(k*1000) + b.Time%97, InstNet: -int64(k)})
		}
	}
	if err := in.PutBars(ctx, all); err != nil {
		t.Fatal(err)
	}
	if err := in.PutFlows(ctx, flows); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"A.KS": true, "C.KS": true}
	got := map[string][]market.Bar{}
	if err := st.EachSeries(ctx, market.Daily, 2000, 320, want, func(sym string, b []market.Bar) error {
		got[sym] = b
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("symbols %v", len(got))
	}
	for sym := range want {
		exp, err := st.LastBars(ctx, sym, market.Daily, 320)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[sym], exp) {
			t.Fatalf("%s: bulk %d bars differ from LastBars %d", sym, len(got[sym]), len(exp))
		}
	}
	gotF := map[string][]market.Flow{}
	if err := st.EachFlows(ctx, 2000, 60, nil, func(sym string, f []market.Flow) error {
		gotF[sym] = f
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, sym := range []string{"A.KS", "B.KS", "C.KS"} {
		exp, _ := st.LastFlows(ctx, sym, 60)
		if !reflect.DeepEqual(gotF[sym], exp) {
			t.Fatalf("%s flows differ", sym)
		}
	}
	// fromYear after the data: nothing.
	n := 0
	if err := st.EachSeries(ctx, market.Daily, 2100, 0, nil, func(string, []market.Bar) error { n++; return nil }); err != nil || n != 0 {
		t.Fatalf("future year: %d %v", n, err)
	}
}
