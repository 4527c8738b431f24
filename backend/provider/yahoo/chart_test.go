package yahoo

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/piquette/finance-go/chart"
	"github.com/piquette/finance-go/datetime"

	"krmarket/backend/market"
	"krmarket/backend/provider/yahoo/yahootest"
)

func TestDailyRoundTrip(t *testing.T) {
	h := setup(t, nil)
	// New York (09:30 local), Seoul (09:00 local = 00:00 UTC) and Auckland
	// (10:00 local = 21:00 or 22:00 UTC of the previous day): the bar date
	// must be the exchange-local date in all three.
	h.srv.SetInfo("AIR.NZ", yahootest.Info{Timezone: "Pacific/Auckland", OpenMinute: 600, Currency: "NZD"})
	h.srv.SetBars("AIR.NZ", yahootest.Walk("AIR.NZ", seedFrom, seedDays, 1))
	for _, sym := range []string{"AAPL", "005930.KS", "AIR.NZ"} {
		want := yahootest.Walk(sym, seedFrom, seedDays, map[bool]float64{true: 1, false: 100}[sym == "AIR.NZ"])
		from, to := time.Unix(want[10].Time, 0).UTC(), time.Unix(want[109].Time, 0).UTC()
		got, err := h.c.Daily(ctx(t), sym, from, to)
		if err != nil {
			t.Fatalf("%s: %v", sym, err)
		}
		if len(got) != 100 {
			t.Fatalf("%s: %d bars, want 100 (from %s to %s inclusive)", sym, len(got), from.Format(time.DateOnly), to.Format(time.DateOnly))
		}
		for i, b := range got {
			w := want[10+i]
			if b.Time != w.Time || b.Open != w.Open || b.High != w.High || b.Low != w.Low ||
				b.Close != w.Close || b.AdjClose != w.AdjClose || b.Volume != w.Volume {
				t.Fatalf("%s bar %d = %+v, want %+v", sym, i, b, w)
			}
			if b.Symbol != sym || b.Interval != market.Daily {
				t.Fatalf("%s bar %d labels = %q %q", sym, i, b.Symbol, b.Interval)
			}
		}
	}
}

func TestDailyAdjCloseFromIndicators(t *testing.T) {
	h := setup(t, nil)
	bars := yahootest.Walk("ADJ", seedFrom, 5, 50)
	for i := range bars {
		bars[i].AdjClose = bars[i].Close * 0.9
	}
	h.srv.SetBars("ADJ", bars)
	got, err := h.c.Daily(ctx(t), "ADJ", seedFrom, seedFrom.AddDate(0, 0, 30))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range got {
		if b.AdjClose != bars[i].AdjClose || b.AdjClose == b.Close {
			t.Fatalf("bar %d AdjClose %v, want %v", i, b.AdjClose, bars[i].AdjClose)
		}
	}
}

func TestNullBarsAreDropped(t *testing.T) {
	h := setup(t, []yahootest.Option{yahootest.WithFault(yahootest.Fault{Failure: yahootest.FailNullBars, Times: 1})})
	// Nulls programmed into the series as NaN as well.
	bars := yahootest.Walk("HALT", seedFrom, 10, 20)
	bars[4].Close = math.NaN()
	h.srv.SetBars("HALT", bars)
	got, err := h.c.Daily(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(0, 0, 13)) // 10 business days
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 { // every second bar is null
		t.Fatalf("%d bars, want 5", len(got))
	}
	for _, b := range got {
		if b.Open == 0 || b.Close == 0 || b.High == 0 || b.Low == 0 {
			t.Fatalf("a null became a zero: %+v", b)
		}
	}
	got, err = h.c.Daily(ctx(t), "HALT", seedFrom, seedFrom.AddDate(0, 0, 13))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 9 {
		t.Fatalf("HALT: %d bars, want 9", len(got))
	}
	if _, ok := bySymbolDate(got)[bars[4].Date()]; ok {
		t.Fatal("the null bar was kept")
	}
}

func TestChartEmptyResult(t *testing.T) {
	h := setup(t, []yahootest.Option{yahootest.WithFault(yahootest.Fault{Failure: yahootest.FailEmptyResult, Endpoint: yahootest.EndpointChart})})
	_, err := h.c.Daily(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(0, 1, 0))
	if !errors.Is(err, ErrNoData) {
		t.Fatalf("Daily: %v, want ErrNoData", err)
	}
	_, err = h.c.Dividends(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(1, 0, 0))
	if !errors.Is(err, ErrNoData) {
		t.Fatalf("Dividends: %v, want ErrNoData", err)
	}
	// finance-go's own chart package through this backend: an error, not
	// the index-out-of-range panic it has on its default backend.
	c := h.c
	it := chart.Client{B: c}.Get(&chart.Params{Symbol: "AAPL", Interval: datetime.OneDay,
		Start: datetime.New(&seedFrom), End: datetime.New(ptr(seedFrom.AddDate(0, 1, 0)))})
	if it.Next() || !errors.Is(it.Err(), ErrNoData) {
		t.Fatalf("finance-go chart: %v, want ErrNoData", it.Err())
	}
}

func TestFinanceGoChartThroughBackend(t *testing.T) {
	h := setup(t, nil)
	end := seedFrom.AddDate(0, 0, 14)
	it := chart.Client{B: h.c}.Get(&chart.Params{Symbol: "MSFT", Interval: datetime.OneDay,
		Start: datetime.New(&seedFrom), End: datetime.New(&end)})
	n := 0
	for it.Next() {
		n++
	}
	if it.Err() != nil || n != 10 {
		t.Fatalf("finance-go chart: %d bars, err %v", n, it.Err())
	}
}

func TestIntraday(t *testing.T) {
	h := setup(t, nil)
	// Two Seoul sessions of hourly bars 09:00..15:00 KST (00:00..06:00 UTC).
	var bars []market.Bar
	for d := 0; d < 2; d++ {
		day := seedFrom.AddDate(0, 0, d)
		for hr := 0; hr < 7; hr++ {
			p := float64(100 + d*10 + hr)
			bars = append(bars, market.Bar{Interval: "1h", Time: day.Add(time.Duration(hr) * time.Hour).Unix(),
				Open: p, High: p + 2, Low: p - 1, Close: p + 1, Volume: 10})
		}
	}
	h.srv.SetBars("005930.KS", bars)
	from, to := seedFrom, seedFrom.AddDate(0, 0, 2)
	got, err := h.c.Intraday(ctx(t), "005930.KS", "1h", from, to)
	if err != nil || len(got) != 14 {
		t.Fatalf("1h: %d bars, %v", len(got), err)
	}
	if got[0].Time != seedFrom.Unix() || got[0].Interval != "1h" {
		t.Fatalf("1h bar 0 = %+v", got[0])
	}
	got, err = h.c.Intraday(ctx(t), "005930.KS", market.H4, from, to)
	if err != nil {
		t.Fatal(err)
	}
	// Per session: 09–13 (4 bars) and 13–16 (3 bars).
	if len(got) != 4 {
		t.Fatalf("4h: %d bars, want 4: %+v", len(got), got)
	}
	a := got[0]
	if a.Time != seedFrom.Unix() || a.Open != 100 || a.Close != 104 || a.High != 105 || a.Low != 99 || a.Volume != 40 || a.Interval != "4h" {
		t.Fatalf("4h bar 0 = %+v", a)
	}
	if b := got[1]; b.Time != seedFrom.Add(4*time.Hour).Unix() || b.Volume != 30 {
		t.Fatalf("4h bar 1 = %+v", b)
	}
	if _, err := h.c.Intraday(ctx(t), "005930.KS", "7x", from, to); err == nil {
		t.Fatal("bad interval accepted")
	}
}

func TestDividends(t *testing.T) {
	h := setup(t, nil)
	var divs []market.Dividend
	for q := 0; q < 4; q++ {
		d := time.Date(2025, time.Month(2+3*q), 10, 0, 0, 0, 0, time.UTC)
		for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		divs = append(divs, market.Dividend{ExDate: d.Unix(), Amount: 0.25 + float64(q)*0.01})
	}
	h.srv.SetDividends("AAPL", divs)
	got, err := h.c.Dividends(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d dividends, want 4: %+v", len(got), got)
	}
	for i, d := range got {
		if d.ExDate != divs[i].ExDate || d.Amount != divs[i].Amount || d.Frequency != market.Quarterly || d.Symbol != "AAPL" {
			t.Fatalf("dividend %d = %+v, want %+v quarterly", i, d, divs[i])
		}
	}
	// The range filter is inclusive of both dates.
	got, err = h.c.Dividends(ctx(t), "AAPL", time.Unix(divs[1].ExDate, 0), time.Unix(divs[2].ExDate, 0))
	if err != nil || len(got) != 2 {
		t.Fatalf("ranged: %d dividends, %v", len(got), err)
	}
}

func TestUnknownSymbol(t *testing.T) {
	h := setup(t, nil)
	_, err := h.c.Daily(ctx(t), "NOPE", seedFrom, seedFrom.AddDate(0, 1, 0))
	if !errors.Is(err, ErrUnknownSymbol) {
		t.Fatalf("Daily: %v, want ErrUnknownSymbol", err)
	}
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 404 {
		t.Fatalf("Daily: %v, want an *HTTPError 404", err)
	}
	if _, err := h.c.Summary(ctx(t), "NOPE"); !errors.Is(err, ErrUnknownSymbol) {
		t.Fatalf("Summary: %v", err)
	}
	if _, _, err := h.c.Options(ctx(t), "NOPE", time.Time{}); !errors.Is(err, ErrUnknownSymbol) {
		t.Fatalf("Options: %v", err)
	}
	if _, err := h.c.Daily(ctx(t), "A/B", seedFrom, seedFrom.AddDate(0, 1, 0)); !errors.Is(err, ErrUnknownSymbol) {
		t.Fatalf("symbol with a slash: %v", err)
	}
	// Only the first three reached the server; no retries, no refresh.
	if n := h.srv.Count(yahootest.EndpointCrumb); n != 1 {
		t.Fatalf("getcrumb called %d times", n)
	}
	q, err := h.c.Quotes(ctx(t), []string{"AAPL", "NOPE"})
	if err != nil || len(q) != 1 {
		t.Fatalf("Quotes: %v %v", q, err)
	}
}

func ptr[T any](v T) *T { return &v }
