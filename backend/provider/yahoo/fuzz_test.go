package yahoo

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/chart"
	"github.com/piquette/finance-go/datetime"
	"github.com/piquette/finance-go/form"
	"github.com/piquette/finance-go/options"
	"github.com/piquette/finance-go/quote"

	"krmarket/backend/market"
	"krmarket/backend/provider/yahoo/yahootest"
)

// staticBackend answers every Call with one body, through the same
// envelope checks and decoding as Client.Call.
type staticBackend []byte

func (b staticBackend) Call(_ string, _ *form.Values, _ *context.Context, v interface{}) error {
	return decodeResponse(b, v)
}

var _ finance.Backend = staticBackend(nil)

// fakeBodies returns real-format bodies from the fake for path (seeds).
func fakeBodies(f *testing.F, paths ...string) [][]byte {
	// Small series: big seeds make the fuzzer's minimisation crawl.
	srv := yahootest.NewServer(f, yahootest.WithoutAuth())
	for _, sym := range []string{"AAPL", "005930.KS", "^KS11"} {
		srv.SetBars(sym, yahootest.Walk(sym, seedFrom, 4, 100))
	}
	srv.SetInfo("AAPL", yahootest.Info{Sector: "Technology", Industry: "Consumer Electronics"})
	srv.SetOptionExpiries("AAPL", []time.Time{seedFrom.AddDate(1, 0, 0)})
	srv.SetDividends("AAPL", []market.Dividend{{ExDate: seedFrom.AddDate(0, 2, 0).Unix(), Amount: 0.25}})
	bars := yahootest.Walk("AAPL", seedFrom, 3, 10)
	bars[1].Close = nan()
	srv.SetBars("NULLS", bars)
	var out [][]byte
	for _, p := range paths {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			f.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		out = append(out, b, b[:len(b)/2])
	}
	return out
}

func nan() float64 { var z float64; return z / z }

func FuzzChart(f *testing.F) {
	for _, b := range fakeBodies(f, "/v8/finance/chart/AAPL?interval=1d&events=div",
		"/v8/finance/chart/NULLS?interval=1d", "/v8/finance/chart/NOPE", "/v8/finance/chart/AAPL?interval=1h") {
		f.Add(b)
	}
	for _, s := range []string{
		`{"chart":{"result":[],"error":null}}`,
		`{"chart":{"result":[null],"error":null}}`,
		`{"chart":{"result":[{"meta":{},"timestamp":[1,2],"indicators":{"quote":[{"open":[1],"close":[null,2]}],"adjclose":[]}}]}}`,
		`{"chart":{"result":[{"timestamp":[1],"indicators":{"quote":[],"adjclose":[null]}}]}}`,
		`{"chart":{"result":[{"meta":{"exchangeTimezoneName":"Nowhere/City","gmtoffset":99999999},"timestamp":[1],"indicators":{"quote":[{"open":[1],"high":[1],"low":[1],"close":[1],"volume":[1e300]}]},"events":{"dividends":{"x":{"amount":1e309}}}}]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := &Client{}
		if r, err := parseChart(body); err == nil {
			bars := c.bars(r, "X", market.Daily, true)
			for i := 1; i < len(bars); i++ {
				if bars[i].Time <= bars[i-1].Time {
					t.Fatal("daily bars not strictly increasing")
				}
			}
			aggregateHours(c.bars(r, "X", "1h", false), 4, c.location(r.Meta), "4h")
			c.dividends(r, "X")
		}
		// finance-go's chart package through the same guards: no panic.
		end := seedFrom.AddDate(0, 1, 0)
		it := chart.Client{B: staticBackend(body)}.Get(&chart.Params{Symbol: "X", Start: datetime.New(&seedFrom), End: datetime.New(&end)})
		for it.Next() {
		}
	})
}

func FuzzQuote(f *testing.F) {
	for _, b := range fakeBodies(f, "/v7/finance/quote?symbols=AAPL,005930.KS,NOPE,%5EKS11") {
		f.Add(b)
	}
	f.Add([]byte(`{"quoteResponse":{"result":[null,{"symbol":"A"}],"error":null}}`))
	f.Add([]byte(`{"quoteResponse":{"result":null,"error":{"code":"x","description":"y"}}}`))
	f.Add([]byte(`{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		it := quote.Client{B: staticBackend(body)}.ListP(&quote.Params{Symbols: []string{"A"}})
		qs, err := quoteResult(it, nil)
		if err != nil {
			return
		}
		for _, fq := range qs {
			if q, ok := toQuote(fq); ok && q.Symbol == "" {
				t.Fatal("quote without a symbol")
			}
		}
	})
}

func FuzzOptions(f *testing.F) {
	for _, b := range fakeBodies(f, "/v7/finance/options/AAPL?straddle=true", "/v7/finance/options/AAPL",
		"/v7/finance/options/005930.KS?straddle=true") {
		f.Add(b)
	}
	f.Add([]byte(`{"optionChain":{"result":[{"options":[{"straddles":[null,{"strike":1,"call":null,"put":{"expiration":-5}}]}]}]}}`))
	f.Add([]byte(`{"optionChain":{"result":[null]}}`))
	f.Add([]byte(`{"optionChain":{"result":[{"options":{}}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		it := options.Client{B: staticBackend(body)}.GetStraddleP(&options.Params{UnderlyingSymbol: "X"})
		cs, _, err := straddleResult(it, nil, "X", time.Unix(0, 0))
		if err != nil {
			return
		}
		for _, c := range cs {
			if c.Type != "C" && c.Type != "P" {
				t.Fatalf("type %q", c.Type)
			}
		}
	})
}

func FuzzSummary(f *testing.F) {
	for _, b := range fakeBodies(f, "/v10/finance/quoteSummary/AAPL?modules="+summaryModules, "/v10/finance/quoteSummary/NOPE?modules=price") {
		f.Add(b)
	}
	f.Add([]byte(`{"quoteSummary":{"result":[{"summaryDetail":{"trailingPE":{"raw":"Infinity","fmt":"∞"}},"calendarEvents":{"earnings":{"earningsDate":[{"raw":1e300},{}]}},"earningsHistory":{"history":[null,{"epsActual":{"raw":1},"quarter":{"raw":-1}}]}}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := parseSummary(body, "X", time.Unix(1.7e9, 0))
		if err != nil {
			return
		}
		if s.Fundamentals.Symbol != "X" {
			t.Fatal("symbol lost")
		}
	})
}

func FuzzCrumb(f *testing.F) {
	for _, s := range []string{"", "Xm3dJ0lq/Aa", "Too Many Requests", "<html>", "a b", "AQ+/=.", "\xff\xfe", "tOO mANY rEQUESTS"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		crumb, err := validateCrumb(body)
		if err != nil {
			return
		}
		lower := strings.ToLower(crumb)
		if crumb == "" || len(crumb) > 64 || strings.ContainsAny(crumb, "<> \t\r\n\"\\") ||
			strings.Contains(lower, "html") || strings.Contains(lower, "too many requests") {
			t.Fatalf("accepted %q", crumb)
		}
		// It survives the round trip through the query string.
		if got := (hosts{}).url(hostQuery2, "/x", map[string][]string{"crumb": {crumb}}); !strings.Contains(got, "crumb=") {
			t.Fatal(got)
		}
	})
}

func FuzzConsentForm(f *testing.F) {
	f.Add([]byte(`<form><input type="hidden" name="csrfToken" value="abc"><input name='sessionId' value='3_cc&amp;x'></form>`))
	f.Add([]byte(`<input name="csrfToken">`))
	f.Fuzz(func(t *testing.T, page []byte) {
		consentForm(page)
	})
}
