package kr

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

func TestTodayBarGolden(t *testing.T) {
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	bars := []market.Bar{
		{Open: 100, High: 103, Low: 99, Close: 102, Volume: 10},
		{Open: 0, High: 0, Low: 0, Close: 0, Volume: 99}, // an empty 5-minute slot: skipped
		{Open: 102, High: 108, Low: 101, Close: 107, Volume: 20},
		{Open: 107, High: 107, Low: 96, Close: 97, Volume: 5},
	}
	b, ok := TodayBar("X.KS", day, bars)
	want := market.Bar{Symbol: "X.KS", Interval: market.Daily, Time: day.Unix(), Open: 100, High: 108, Low: 96, Close: 97, AdjClose: 97, Volume: 35}
	if !ok || b != want {
		t.Fatalf("got %+v", b)
	}
	if _, ok := TodayBar("X.KS", day, bars[1:2]); ok {
		t.Fatal("a bar from nothing")
	}
}

// A live series that ends yesterday gets today's session so far appended
// (not stored); before the open, on a failing source, or on demo data it
// does not.
func TestChartAppendsTodayDuringTheSession(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cal := calendar.KRX()
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) // a Monday
	days := cal.PrevTradingDays(cal.PrevTradingDay(today), 30)
	var bars []market.Bar
	for i, d := range days {
		p := 1000 + float64(i)
		bars = append(bars, market.Bar{Symbol: "123450.KS", Interval: market.Daily, Time: d.Unix(), Open: p, High: p + 5, Low: p - 5, Close: p, Volume: 1000})
	}
	inst := market.Instrument{Symbol: "123450.KS", Ticker: "123450", Name: "테스트", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock}
	now := time.Date(2026, 11, 30, 1, 30, 0, 0, time.UTC) // 10:30 KST
	if err := st.Ingester("live", func() time.Time { return now }).PutSeries(ctx, inst, bars); err != nil {
		t.Fatal(err)
	}
	var asked []time.Time
	fetch := func(_ context.Context, sym string, from, to time.Time) ([]market.Bar, error) {
		asked = []time.Time{from, to}
		return []market.Bar{{Open: 1030, High: 1040, Low: 1025, Close: 1035, Volume: 500}}, nil
	}
	svc := New(st, func() time.Time { return now }, nil)
	svc.SetIntraday(func() IntradayFetcher { return fetch })
	ch, err := svc.StockChart(ctx, "123450", "1mo")
	if err != nil {
		t.Fatal(err)
	}
	last := ch.Data[len(ch.Data)-1]
	if !ch.TodayPartial || last.Date != "2026-11-30" || last.Close != 1035 || last.High != 1040 || len(ch.Data) != 21 {
		t.Fatalf("partial %v last %+v (%d bars)", ch.TodayPartial, last, len(ch.Data))
	}
	open, _, _ := cal.SessionOn(now.In(cal.Location()))
	if !asked[0].Equal(open) || !asked[1].After(now) {
		t.Fatalf("asked %v", asked)
	}
	stored, _ := st.LastBars(ctx, "123450.KS", market.Daily, 1)
	if stored[0].Date() == "2026-11-30" {
		t.Fatal("today's partial bar was stored")
	}

	// Before the open: nothing fetched.
	asked = nil
	now = time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC) // 08:30 KST Monday
	if ch, _ := svc.StockChart(ctx, "123450", "1mo"); ch.TodayPartial || asked != nil {
		t.Fatal("fetched before the open")
	}
	// A failing source: the stored bars only.
	now = time.Date(2026, 11, 30, 1, 30, 0, 0, time.UTC)
	svc.SetIntraday(func() IntradayFetcher {
		return func(context.Context, string, time.Time, time.Time) ([]market.Bar, error) {
			return nil, errors.New("429")
		}
	})
	if ch, err := svc.StockChart(ctx, "123450", "1mo"); err != nil || ch.TodayPartial {
		t.Fatalf("failing source: %v %v", err, ch.TodayPartial)
	}
}

// Demo (or imported) history never gets a live bar appended.
func TestChartNoTodayOnDemoData(t *testing.T) {
	st, bars, _ := chartStore(t)
	now := time.Unix(bars[len(bars)-1].Time, 0).AddDate(0, 0, 1)
	svc := New(st, func() time.Time { return now }, nil)
	svc.SetIntraday(func() IntradayFetcher {
		return func(context.Context, string, time.Time, time.Time) ([]market.Bar, error) {
			t.Fatal("intraday fetched for demo data")
			return nil, nil
		}
	})
	if ch, err := svc.StockChart(context.Background(), "123450", "1mo"); err != nil || ch.TodayPartial {
		t.Fatalf("%v %v", err, ch.TodayPartial)
	}
}
