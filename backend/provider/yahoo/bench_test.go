package yahoo

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	finance "github.com/piquette/finance-go"

	"krmarket/backend/provider/yahoo/yahootest"
)

// BenchmarkQuotes300 measures Client.Quotes for 300 symbols (6 batches,
// session warm) and reports its ratio to a baseline: the same batched
// requests, as parallel, to the same fake without auth, by a bare
// http.Client decoding the same JSON into the same finance.Quote structs
// (no session, crumb, limiter, retry logic, envelope check or finance-go
// iterator).
func BenchmarkQuotes300(b *testing.B) {
	srv := yahootest.NewServer(b)
	base := yahootest.NewServer(b, yahootest.WithoutAuth())
	syms := symbols(300)
	for _, s := range syms {
		bars := yahootest.Walk(s, seedFrom, 5, 50)
		srv.SetBars(s, bars)
		base.SetBars(s, bars)
	}
	c, err := New(Config{BaseURL: srv.URL, RatePerHour: 1_000_000_000})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Quotes(ctx, syms); err != nil { // session
		b.Fatal(err)
	}
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	baseline := func() {
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for i := 0; i < len(syms); i += 50 {
			batch := syms[i:min(i+50, len(syms))]
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				res, err := hc.Get(base.URL + "/v7/finance/quote?" + url.Values{"symbols": {strings.Join(batch, ",")}}.Encode())
				if err != nil {
					b.Error(err)
					return
				}
				defer res.Body.Close()
				var v struct {
					QuoteResponse struct {
						Result []*finance.Quote `json:"result"`
					} `json:"quoteResponse"`
				}
				if err := json.NewDecoder(res.Body).Decode(&v); err != nil || len(v.QuoteResponse.Result) != len(batch) {
					b.Errorf("baseline: %v", err)
				}
			})
		}
		wg.Wait()
	}
	baseline()
	// Interleave the two so that load from elsewhere hits both alike.
	var baseNs time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		start := time.Now()
		baseline()
		baseNs += time.Since(start)
		b.StartTimer()
		q, err := c.Quotes(ctx, syms)
		if err != nil || len(q) != 300 {
			b.Fatalf("%d quotes, %v", len(q), err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(baseNs.Nanoseconds())/float64(b.N), "baseline-ns/op")
	b.ReportMetric(float64(b.Elapsed())/float64(baseNs), "x-baseline")
}
