package yahootest

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"krmarket/backend/market"
)

func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestSessionEnforced(t *testing.T) {
	s := NewServer(t)
	s.SetBars("AAPL", Walk("AAPL", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), 3, 10))
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if st, body, _ := get(t, c, s.URL+"/v7/finance/quote?symbols=AAPL"); st != 401 || !strings.Contains(body, "Invalid Cookie") {
		t.Fatalf("no cookie: %d %s", st, body)
	}
	if st, _, _ := get(t, c, s.URL+"/fc"); st != 404 {
		t.Fatalf("fc answered %d, want 404 (with the cookie)", st)
	}
	if st, body, _ := get(t, c, s.URL+"/v7/finance/quote?symbols=AAPL"); st != 401 || !strings.Contains(body, "Invalid Crumb") {
		t.Fatalf("no crumb: %d %s", st, body)
	}
	st, crumb, h := get(t, c, s.URL+"/v1/test/getcrumb")
	if st != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") || !strings.ContainsAny(crumb, "/+") {
		t.Fatalf("getcrumb: %d %q %v", st, crumb, h)
	}
	// An unencoded '+' reads as a space: rejected.
	if st, _, _ := get(t, c, s.URL+"/v7/finance/quote?symbols=AAPL&crumb="+crumb); st != 401 {
		t.Fatalf("unencoded crumb accepted (%d)", st)
	}
	st, body, _ := get(t, c, s.URL+"/v7/finance/quote?symbols=AAPL,NOPE&crumb="+urlEncode(crumb))
	if st != 200 || !strings.Contains(body, `"symbol":"AAPL"`) || strings.Contains(body, "NOPE") {
		t.Fatalf("quote: %d %s", st, body)
	}
	s.RotateCrumb()
	if st, _, _ := get(t, c, s.URL+"/v7/finance/quote?symbols=AAPL&crumb="+urlEncode(crumb)); st != 401 {
		t.Fatal("rotated crumb still accepted")
	}
	if c := s.Counts(); c[EndpointQuote] != 5 || c[EndpointCookie] != 1 || c[EndpointCrumb] != 1 {
		t.Fatalf("counts %v", c)
	}
}

func urlEncode(s string) string {
	return strings.NewReplacer("+", "%2B", "/", "%2F").Replace(s)
}

func TestChartFormat(t *testing.T) {
	s := NewServer(t, WithoutAuth())
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	bars := Walk("005930.KS", day, 3, 70000)
	bars[1].High = math.NaN()
	s.SetBars("005930.KS", bars)
	s.SetDividends("005930.KS", []market.Dividend{{ExDate: bars[2].Time, Amount: 361}})
	_, body, _ := get(t, http.DefaultClient, s.URL+"/v8/finance/chart/005930.KS?interval=1d&events=div")
	var v struct {
		Chart struct {
			Result []struct {
				Meta struct {
					Symbol, Currency, ExchangeTimezoneName string
					Gmtoffset                              int
				}
				Timestamp  []int64
				Indicators struct {
					Quote []struct {
						Open, High, Low, Close, Volume []*float64
					}
					Adjclose []struct{ Adjclose []*float64 }
				}
				Events struct {
					Dividends map[string]struct {
						Amount float64
						Date   int64
					}
				}
			}
			Error any
		}
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	r := v.Chart.Result[0]
	if r.Meta.Symbol != "005930.KS" || r.Meta.Currency != "KRW" || r.Meta.ExchangeTimezoneName != "Asia/Seoul" || r.Meta.Gmtoffset != 9*3600 {
		t.Fatalf("meta %+v", r.Meta)
	}
	// Seoul opens at 09:00 KST = 00:00 UTC.
	if len(r.Timestamp) != 3 || r.Timestamp[0] != bars[0].Time {
		t.Fatalf("timestamps %v", r.Timestamp)
	}
	if q := r.Indicators.Quote[0]; q.High[1] != nil || q.Close[1] == nil || len(r.Indicators.Adjclose[0].Adjclose) != 3 {
		t.Fatal("NaN not served as null")
	}
	if d, ok := r.Events.Dividends[itoa(bars[2].Time)]; !ok || d.Amount != 361 {
		t.Fatalf("dividends %+v", r.Events.Dividends)
	}
	st, body, _ := get(t, http.DefaultClient, s.URL+"/v8/finance/chart/NOPE")
	if st != 404 || body != `{"chart":{"error":{"code":"Not Found","description":"No data found, symbol may be delisted"},"result":null}}` {
		t.Fatalf("unknown: %d %s", st, body)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestFaultsCountDown(t *testing.T) {
	s := NewServer(t, WithoutAuth())
	s.SetBars("A", Walk("A", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), 3, 10))
	s.Inject(Fault{Failure: Fail429, Times: 2, RetryAfter: "7"})
	s.Fail(Fail500, 1)
	want := []int{429, 429, 500, 200}
	for i, w := range want {
		st, _, h := get(t, http.DefaultClient, s.URL+"/v8/finance/chart/A")
		if st != w || (w == 429 && h.Get("Retry-After") != "7") {
			t.Fatalf("request %d: %d, want %d", i, st, w)
		}
	}
	s.Fail(FailEmptyResult, 0)
	for i := 0; i < 2; i++ {
		if _, body, _ := get(t, http.DefaultClient, s.URL+"/v10/finance/quoteSummary/A?modules=price"); body != `{"quoteSummary":{"error":null,"result":[]}}` {
			t.Fatalf("empty result: %s", body)
		}
	}
	s.ClearFaults()
	if st, _, _ := get(t, http.DefaultClient, s.URL+"/v10/finance/quoteSummary/A?modules=price"); st != 200 {
		t.Fatal(st)
	}
	if n := len(s.Requests(EndpointChart)); n != 4 {
		t.Fatalf("%d chart requests logged", n)
	}
	s.ResetCounts()
	if s.Count(EndpointChart) != 0 || len(s.Requests()) != 0 {
		t.Fatal("not reset")
	}
}

func TestWalkDeterministic(t *testing.T) {
	a := Walk("X", time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC), 10, 100) // a Saturday
	b := Walk("X", time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC), 10, 100)
	if len(a) != 10 || a[0] != b[0] || a[9] != b[9] || time.Unix(a[0].Time, 0).UTC().Weekday() != time.Monday {
		t.Fatalf("walk %+v", a[:2])
	}
	for _, x := range a {
		if x.Low > math.Min(x.Open, x.Close) || x.High < math.Max(x.Open, x.Close) {
			t.Fatalf("bad candle %+v", x)
		}
	}
}
