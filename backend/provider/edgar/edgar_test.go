package edgar_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"krmarket/backend/provider/edgar"
	"krmarket/backend/provider/edgar/edgartest"
)

const contact = "KR Market test@example.com"

func newPair(t *testing.T, cfg edgar.Config) (*edgar.Client, *edgartest.Server) {
	t.Helper()
	s := edgartest.New()
	t.Cleanup(s.Close)
	cfg.BaseURL = s.URL
	if cfg.Contact == "" {
		cfg.Contact = contact
	}
	if cfg.RatePerSecond == 0 {
		cfg.RatePerSecond = 10
	}
	return edgar.New(cfg), s
}

func TestCIKs(t *testing.T) {
	c, s := newPair(t, edgar.Config{})
	ctx := context.Background()
	m, err := c.CIKs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m["AAPL"] != 320193 || m["BRK-B"] != 1067983 || m["GOOG"] != 1652044 || len(m) != 12 {
		t.Fatalf("map %v", m)
	}
	m["AAPL"] = 1 // the caller's copy
	for _, tk := range []string{"aapl", " MSFT ", "BRK.B"} {
		if _, err := c.LookupCIK(ctx, tk); err != nil {
			t.Errorf("%q: %v", tk, err)
		}
	}
	if cik, _ := c.LookupCIK(ctx, "AAPL"); cik != 320193 {
		t.Errorf("cache was modified through the returned map: %d", cik)
	}
	if n := s.Count(edgartest.TickersPath); n != 1 {
		t.Errorf("company_tickers.json fetched %d times, want 1 (cached)", n)
	}
	if got := edgar.CIK(320193).Padded(); got != "0000320193" {
		t.Errorf("Padded = %s", got)
	}
}

func TestSubmissions(t *testing.T) {
	c, s := newPair(t, edgar.Config{})
	co, fs, err := c.Submissions(context.Background(), "AAPL")
	if err != nil {
		t.Fatal(err)
	}
	want := edgar.Company{Name: "Apple Inc.", CIK: 320193, SIC: "3571", SICDescription: "Electronic Computers", State: "CA", FiscalYearEnd: "0928"}
	if co != want {
		t.Errorf("company %+v", co)
	}
	if len(fs) != 64 {
		t.Fatalf("%d filings", len(fs))
	}
	f := fs[2]
	if f.Form != "8-K" || f.FilingDate != "2024-11-24" || f.AccessionNumber != "0000320193-24-000898" || f.Document != "aapl-20241124.htm" || f.Description != "8-K" || f.ReportDate != "2024-11-24" {
		t.Errorf("filing 2 %+v", f)
	}
	if f.URL != "https://www.sec.gov/Archives/edgar/data/320193/000032019324000898/aapl-20241124.htm" {
		t.Errorf("url %s", f.URL)
	}
	if fs[19].Form != "S-8" || fs[19].URL != "https://www.sec.gov/Archives/edgar/data/320193/000032019324000881/0000320193-24-000881-index.htm" {
		t.Errorf("no-document filing %+v", fs[19])
	}
	for _, r := range s.Requests() {
		if r.UserAgent != contact {
			t.Errorf("request %s sent User-Agent %q", r.Path, r.UserAgent)
		}
	}
	if s.Count(edgartest.SubmissionsPath(edgartest.AppleCIK)) != 1 {
		t.Error("submissions path not requested")
	}
}

func TestRecent(t *testing.T) {
	c, _ := newPair(t, edgar.Config{})
	ctx := context.Background()
	_, fs, err := c.Recent(ctx, "AAPL", nil, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.Form+" "+f.FilingDate)
	}
	want := "8-K 2024-11-24,10-Q 2024-11-09,8-K 2024-11-03,8-K 2024-10-14,10-K 2024-10-05"
	if strings.Join(got, ",") != want {
		t.Errorf("default Recent = %v\nwant %s", got, want)
	}

	// Amendments are kept by default; a small scan window sees fewer.
	_, fs, _ = c.Recent(ctx, "AAPL", nil, 50, 25)
	if len(fs) != 8 || fs[6].Form != "8-K/A" {
		t.Errorf("scan 25: %d filings %+v", len(fs), fs)
	}
	// Explicit forms, case-insensitive, exact.
	_, fs, _ = c.Recent(ctx, "AAPL", []string{"def 14a", "10-K"}, 10, 100)
	if len(fs) != 2 || fs[0].Form != "DEF 14A" || fs[1].Form != "10-K" {
		t.Errorf("explicit forms: %+v", fs)
	}
	// Filings beyond the document's length are fine.
	_, fs, err = c.Recent(ctx, "MSFT", []string{"10-K"}, 5, 1000)
	if err != nil || len(fs) != 1 {
		t.Errorf("MSFT 10-K: %v %+v", err, fs)
	}
}

func TestUnknownTicker(t *testing.T) {
	c, s := newPair(t, edgar.Config{})
	for _, tk := range []string{"ZZZZ", "", "AAPL/../MSFT"} {
		if _, _, err := c.Submissions(context.Background(), tk); !errors.Is(err, edgar.ErrUnknownTicker) {
			t.Errorf("%q: err = %v", tk, err)
		}
	}
	// A listed ticker whose submissions SEC does not have is a 404.
	_, _, err := c.Submissions(context.Background(), "NVDA")
	var se *edgar.StatusError
	if !errors.As(err, &se) || se.StatusCode != 404 || edgar.IsThrottled(err) {
		t.Errorf("NVDA: err = %v", err)
	}
	if len(s.Requests()) != 2 {
		t.Errorf("%d requests", len(s.Requests()))
	}
}

func TestContactRequired(t *testing.T) {
	s := edgartest.New()
	defer s.Close()
	for _, ct := range []string{"", "   ", "KR Market", "KR Market a@b.c\r\nX-Evil: 1"} {
		c := edgar.New(edgar.Config{BaseURL: s.URL, Contact: ct})
		if _, err := c.CIKs(context.Background()); !errors.Is(err, edgar.ErrNoContact) {
			t.Errorf("contact %q: err = %v", ct, err)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent without a contact", n)
	}
}

// TestFakeRefusesWithoutUA checks the fake itself behaves like SEC, so the
// contact check above is meaningful.
func TestFakeRefusesWithoutUA(t *testing.T) {
	s := edgartest.New()
	defer s.Close()
	resp, err := s.Client().Get(s.URL + edgartest.TickersPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("status %d without a contact", resp.StatusCode)
	}
}

func TestTooManyRequests(t *testing.T) {
	c, s := newPair(t, edgar.Config{})
	s.Fail(edgartest.TickersPath, edgartest.TooManyRequests, 1)
	ctx := context.Background()
	_, err := c.CIKs(ctx)
	var se *edgar.StatusError
	if !errors.As(err, &se) || se.StatusCode != 429 || se.RetryAfter != time.Second || !se.Throttled() {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "429") || !strings.Contains(err.Error(), "retry after 1s") {
		t.Errorf("message %q", err)
	}
	// The next call waits out Retry-After, then succeeds (the failure was
	// not cached).
	t0 := time.Now()
	if _, err := c.CIKs(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(t0); d < 900*time.Millisecond {
		t.Errorf("next request after %v, want >= ~1s (Retry-After)", d)
	}
	reqs := s.Requests()
	if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 900*time.Millisecond {
		t.Errorf("server saw the retry after %v", gap)
	}
}

func TestRetryAfterBeyondDeadline(t *testing.T) {
	c, s := newPair(t, edgar.Config{})
	s.SetRetryAfter("120")
	s.Fail(edgartest.TickersPath, edgartest.Forbidden, 1)
	_, err := c.CIKs(context.Background())
	var se *edgar.StatusError
	if !errors.As(err, &se) || se.StatusCode != 403 || se.RetryAfter != 2*time.Minute || !edgar.IsThrottled(err) {
		t.Fatalf("err = %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = c.CIKs(ctx)
	// It fails at once (the caller's context has not expired yet) instead
	// of sleeping until the deadline.
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		t.Fatalf("err = %v (ctx %v), want an immediate deadline error", err, ctx.Err())
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests sent during the pause", n)
	}
}

func TestFailures(t *testing.T) {
	apple := edgartest.SubmissionsPath(edgartest.AppleCIK)
	cases := []struct {
		name    string
		path    string
		fail    edgartest.Failure
		check   func(error) bool
		message string
	}{
		{"500 tickers", edgartest.TickersPath, edgartest.ServerError, statusIs(500), "HTTP 500"},
		{"500 submissions", apple, edgartest.ServerError, statusIs(500), "HTTP 500"},
		{"truncated tickers", edgartest.TickersPath, edgartest.Truncated, isMalformed, "company_tickers.json"},
		{"truncated submissions", apple, edgartest.Truncated, isMalformed, "unexpected end of JSON"},
		{"missing column", apple, edgartest.MissingColumn, isMalformed, `no "form" column`},
		{"ragged arrays", apple, edgartest.Ragged, isMalformed, `column "primaryDocument" has 63 entries, "accessionNumber" has 64`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl, s := newPair(t, edgar.Config{})
			s.Fail(c.path, c.fail, 1)
			_, fs, err := cl.Submissions(context.Background(), "AAPL")
			if !c.check(err) || !strings.Contains(err.Error(), c.message) {
				t.Fatalf("err = %v", err)
			}
			if fs != nil {
				t.Error("filings returned with an error")
			}
			// The fault was one-off: the same client recovers.
			if _, fs, err := cl.Submissions(context.Background(), "AAPL"); err != nil || len(fs) != 64 {
				t.Fatalf("retry: %v, %d filings", err, len(fs))
			}
		})
	}
}

func statusIs(code int) func(error) bool {
	return func(err error) bool {
		var se *edgar.StatusError
		return errors.As(err, &se) && se.StatusCode == code
	}
}

func isMalformed(err error) bool { return errors.Is(err, edgar.ErrMalformed) }

// TestRateLimit checks the shared limiter: concurrent callers never exceed
// RatePerSecond requests in any second.
func TestRateLimit(t *testing.T) {
	c, s := newPair(t, edgar.Config{RatePerSecond: 5})
	ctx := context.Background()
	if _, err := c.CIKs(ctx); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			tk := []string{"AAPL", "MSFT"}[i%2]
			if _, _, err := c.Submissions(ctx, tk); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	reqs := s.Requests()
	if len(reqs) != 9 {
		t.Fatalf("%d requests", len(reqs))
	}
	if span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time); span < 1500*time.Millisecond {
		t.Errorf("9 requests at 5/s took %v, want >= 1.6s", span)
	}
	if n := s.MaxInWindow(time.Second); n > 6 {
		t.Errorf("%d requests within one second at 5/s", n)
	}
}

func TestRateCapped(t *testing.T) {
	c, s := newPair(t, edgar.Config{RatePerSecond: 1000})
	ctx := context.Background()
	for range 12 {
		if _, _, err := c.Submissions(ctx, "MSFT"); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.MaxInWindow(time.Second); n > 11 {
		t.Errorf("%d requests within one second; the rate must be capped at 10/s", n)
	}
}

func TestContextCancelled(t *testing.T) {
	c, s := newPair(t, edgar.Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.CIKs(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if len(s.Requests()) != 0 {
		t.Error("request sent with a cancelled context")
	}
}

func TestTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	c := edgar.New(edgar.Config{BaseURL: srv.URL, Contact: contact, Timeout: 50 * time.Millisecond})
	// The hanging server would block forever: the per-request timeout ends it.
	if _, err := c.CIKs(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}
