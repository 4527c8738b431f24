package store

import (
	"context"
	"testing"
	"time"

	"krmarket/backend/market"
)

func TestBarsSinceAcrossYears(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	day := func(s string) int64 {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d.Unix()
	}
	var bars []market.Bar
	for i, d := range []string{"2025-12-29", "2025-12-30", "2026-01-02", "2026-01-05"} {
		p := float64(100 + i)
		bars = append(bars, market.Bar{Symbol: "X.KS", Interval: market.Daily, Time: day(d), Open: p, High: p, Low: p, Close: p})
	}
	if err := st.Ingester("demo", time.Now).PutBars(ctx, bars); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from  string
		first string
		n     int
	}{
		{"2025-01-01", "2025-12-29", 4},
		{"2025-12-30", "2025-12-30", 3},
		{"2025-12-31", "2026-01-02", 2}, // skips the 2025 chunk's tail
		{"2026-01-05", "2026-01-05", 1},
		{"2026-01-06", "", 0},
	} {
		got, err := st.BarsSince(ctx, "X.KS", market.Daily, day(tc.from))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.n || (tc.n > 0 && got[0].Date() != tc.first) {
			t.Errorf("from %s: %d bars starting %v, want %d from %s", tc.from, len(got), got, tc.n, tc.first)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Time <= got[i-1].Time {
				t.Errorf("from %s: not ascending", tc.from)
			}
		}
	}
	if got, err := st.BarsSince(ctx, "NONE.KS", market.Daily, 0); err != nil || len(got) != 0 {
		t.Errorf("unknown symbol: %v %v", got, err)
	}
}

func TestLedgerUpdateSignals(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	sigs := []Signal{
		{Market: market.KR, Ticker: "000001", Symbol: "000001.KS", SignalDate: "2026-03-02", EntryPrice: 1000},
		{Market: market.KR, Ticker: "000002", Symbol: "000002.KS", SignalDate: "2026-03-03", EntryPrice: 2000},
		{Market: market.US, Ticker: "AAPL", Symbol: "AAPL", SignalDate: "2026-03-03", EntryPrice: 200},
	}
	if n, err := st.AddSignals(ctx, sigs, now); err != nil || n != 3 {
		t.Fatalf("add: %d %v", n, err)
	}
	all, err := st.LedgerSignals(ctx, market.KR)
	if err != nil || len(all) != 2 || all[0].Ticker != "000002" || all[1].Ticker != "000001" {
		t.Fatalf("ledger order: %+v %v", all, err)
	}
	id1, id2 := all[1].ID, all[0].ID
	ups := []SignalUpdate{
		{ID: id1, HoldDays: 3, Exit: &SignalExit{Price: 930, Date: "2026-03-05", Reason: "STOP_LOSS", ReturnPct: -7}},
		{ID: id2, HoldDays: 2},
	}
	n, err := st.UpdateSignals(ctx, ups)
	if err != nil || n != 2 {
		t.Fatalf("update: %d %v", n, err)
	}
	// Same changes again: the closed row is no longer OPEN and the hold days
	// are unchanged, so nothing is counted.
	if n, err := st.UpdateSignals(ctx, ups); err != nil || n != 0 {
		t.Fatalf("second update changed %d rows, %v", n, err)
	}
	all, err = st.LedgerSignals(ctx, market.KR)
	if err != nil {
		t.Fatal(err)
	}
	c, o := all[1], all[0]
	if c.Status != "CLOSED" || *c.ExitPrice != 930 || *c.ExitDate != "2026-03-05" || *c.ExitReason != "STOP_LOSS" ||
		*c.ReturnPct != -7 || c.HoldDays != 3 {
		t.Errorf("closed row %+v", c)
	}
	if o.Status != "OPEN" || o.HoldDays != 2 || o.ExitPrice != nil {
		t.Errorf("open row %+v", o)
	}
	open, err := st.OpenSignals(ctx, market.KR)
	if err != nil || len(open) != 1 {
		t.Fatalf("open signals after close: %v %v", open, err)
	}
	// The ticker may be signalled again once closed.
	if n, err := st.AddSignals(ctx, []Signal{{Market: market.KR, Ticker: "000001", Symbol: "000001.KS", SignalDate: "2026-03-09", EntryPrice: 950}}, now); err != nil || n != 1 {
		t.Fatalf("re-signal after close: %d %v", n, err)
	}
	if n, err := st.UpdateSignals(ctx, nil); err != nil || n != 0 {
		t.Fatalf("empty update: %d %v", n, err)
	}
}
