package yahoo

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/quote"

	"krmarket/backend/provider/yahoo/yahootest"
)

func TestQuotes(t *testing.T) {
	h := setup(t, nil)
	got, err := h.c.Quotes(ctx(t), []string{"AAPL", "aapl", " 005930.KS ", "NOPE", "^KS11", ""})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d quotes, want AAPL, 005930.KS, ^KS11: %v", len(got), got)
	}
	bars := yahootest.Walk("AAPL", seedFrom, seedDays, 100)
	last, prev := bars[len(bars)-1], bars[len(bars)-2]
	q := got["AAPL"]
	if q.Symbol != "AAPL" || q.Price != last.Close || q.PrevClose != prev.Close || q.Volume != last.Volume {
		t.Fatalf("AAPL = %+v, want price %v prev %v", q, last.Close, prev.Close)
	}
	if math.Abs(q.Change-(last.Close-prev.Close)) > 1e-9 || math.Abs(q.ChangePct-(last.Close/prev.Close-1)*100) > 1e-9 {
		t.Fatalf("AAPL change %v / %v%%", q.Change, q.ChangePct)
	}
	if q.Time <= last.Time {
		t.Fatalf("AAPL time %d not after the bar date %d", q.Time, last.Time)
	}
	if _, ok := got["005930.KS"]; !ok {
		t.Fatal("trimmed symbol missing")
	}
	// One v7 call (deduplicated), never the retired v6 path.
	if c := h.srv.Counts(); c[yahootest.EndpointQuote] != 1 || c[yahootest.EndpointOther] != 0 {
		t.Fatalf("counts %v", c)
	}
}

func TestQuotesEmptyInput(t *testing.T) {
	h := setup(t, nil)
	got, err := h.c.Quotes(ctx(t), nil)
	if err != nil || len(got) != 0 || h.srv.Count(yahootest.EndpointCrumb) != 0 {
		t.Fatalf("%v %v: no symbols must make no requests", got, err)
	}
}

func TestQuotesTypedErrorThroughFinanceGo(t *testing.T) {
	// finance-go's quote package flattens errors to strings; the status
	// must still come back typed.
	h := setup(t, fault(yahootest.Fail500, 0))
	_, err := h.c.Quotes(ctx(t), []string{"AAPL"})
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 500 {
		t.Fatalf("err = %v, want *HTTPError 500", err)
	}
}

func TestFinanceGoQuoteClientDirect(t *testing.T) {
	h := setup(t, nil)
	it := quote.Client{B: h.c}.ListP(&quote.Params{Symbols: []string{"AAPL", "MSFT"}})
	n := 0
	for it.Next() {
		if it.Quote().RegularMarketPrice <= 0 {
			t.Fatal("no price")
		}
		n++
	}
	if it.Err() != nil || n != 2 {
		t.Fatalf("%d quotes, %v", n, it.Err())
	}
	if r := h.srv.Requests(yahootest.EndpointQuote); len(r) != 1 || r[0].Path != "/v7/finance/quote" {
		t.Fatalf("requests %+v", r)
	}
	var _ finance.Backend = h.c
}

func symbols(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("S%03d", i)
	}
	return out
}

// TestQuotes300Batched: 300 symbols against a 50 ms fake take ≤ 6 batched
// calls. The timing is logged, not asserted.
func TestQuotes300Batched(t *testing.T) {
	h := setup(t, []yahootest.Option{yahootest.WithLatency(50 * time.Millisecond)}, func(c *Config) {
		c.RatePerHour = 0 // the default 1500/h: 8 requests fit in its burst
		c.Sleep = nil
	})
	syms := symbols(300)
	for _, s := range syms {
		h.srv.SetBars(s, yahootest.Walk(s, seedFrom, 5, 50))
	}
	start := time.Now()
	got, err := h.c.Quotes(context.Background(), syms)
	elapsed := time.Since(start)
	if err != nil || len(got) != 300 {
		t.Fatalf("%d quotes, %v", len(got), err)
	}
	if n := h.srv.Count(yahootest.EndpointQuote); n > 6 {
		t.Fatalf("%d quote calls, want ≤ 6", n)
	}
	t.Logf("300 quotes in %v (%d v7 calls, 50 ms latency, session included)", elapsed.Round(time.Millisecond), h.srv.Count(yahootest.EndpointQuote))
	start = time.Now()
	if _, err := h.c.Quotes(context.Background(), syms); err != nil {
		t.Fatal(err)
	}
	t.Logf("300 quotes again in %v (warm session)", time.Since(start).Round(time.Millisecond))
}
