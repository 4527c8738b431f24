package yahoo

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/piquette/finance-go/form"

	"krmarket/backend/provider/yahoo/yahootest"
)

func TestInvalidCrumbOnceRefreshes(t *testing.T) {
	h := setup(t, fault(yahootest.FailInvalidCrumb, 1))
	q, err := h.c.Quotes(ctx(t), []string{"AAPL"})
	if err != nil || len(q) != 1 {
		t.Fatalf("%v %v", q, err)
	}
	c := h.srv.Counts()
	if c[yahootest.EndpointQuote] != 2 || c[yahootest.EndpointCrumb] != 2 || c[yahootest.EndpointCookie] != 2 {
		t.Fatalf("counts %v, want 401 → one refresh → OK", c)
	}
	if s := h.sleeps.all(); len(s) != 0 {
		t.Fatalf("backed off %v before the refresh retry", s)
	}
	if _, saves := h.store.get(); saves != 2 {
		t.Fatalf("refreshed session not saved (%d saves)", saves)
	}
}

func TestInvalidCrumbAlways(t *testing.T) {
	h := setup(t, fault(yahootest.FailInvalidCrumb, 0))
	_, err := h.c.Summary(ctx(t), "AAPL")
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusUnauthorized || !strings.Contains(he.Body, "Invalid Crumb") {
		t.Fatalf("err = %v, want *HTTPError 401 Invalid Crumb", err)
	}
	// One refresh only, then backoff retries.
	if n := h.srv.Count(yahootest.EndpointCrumb); n != 2 {
		t.Fatalf("getcrumb %d, want 2 (one refresh)", n)
	}
	if he.Attempts != 6 || h.srv.Count(yahootest.EndpointSummary) != 6 {
		t.Fatalf("attempts %d / %d, want 1 + refresh retry + 4", he.Attempts, h.srv.Count(yahootest.EndpointSummary))
	}
}

func Test429RetryAfter(t *testing.T) {
	t.Run("seconds", func(t *testing.T) {
		h := setup(t, []yahootest.Option{yahootest.WithFault(yahootest.Fault{Failure: yahootest.Fail429, Times: 2, RetryAfter: "3"})})
		if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
			t.Fatal(err)
		}
		if n := h.srv.Count(yahootest.EndpointCrumb); n != 2 {
			t.Fatalf("getcrumb %d, want one refresh after the first 429", n)
		}
		s := h.sleeps.all()
		if len(s) != 1 || s[0] < 3*time.Second || s[0] > 3300*time.Millisecond {
			t.Fatalf("waits %v, want one of 3s (+≤10%% jitter)", s)
		}
	})
	t.Run("http date", func(t *testing.T) {
		clock := &fakeClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
		at := clock.t.Add(7 * time.Second).Format(http.TimeFormat)
		h := setup(t, []yahootest.Option{yahootest.WithFault(yahootest.Fault{Failure: yahootest.Fail429, Times: 2, RetryAfter: at})},
			func(c *Config) { c.Now = clock.Now })
		if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
			t.Fatal(err)
		}
		if s := h.sleeps.all(); len(s) != 1 || s[0] < 7*time.Second || s[0] > 7700*time.Millisecond {
			t.Fatalf("waits %v, want one of 7s", s)
		}
	})
	t.Run("always", func(t *testing.T) {
		h := setup(t, []yahootest.Option{yahootest.WithFault(yahootest.Fault{Failure: yahootest.Fail429, RetryAfter: "1"})})
		_, _, err := h.c.Options(ctx(t), "AAPL", time.Time{})
		var he *HTTPError
		if !errors.As(err, &he) || he.Status != http.StatusTooManyRequests {
			t.Fatalf("err = %v, want *HTTPError 429", err)
		}
		if n := len(h.sleeps.all()); n != 4 {
			t.Fatalf("%d backoffs, want MaxRetries=4", n)
		}
	})
	t.Run("too long", func(t *testing.T) {
		h := setup(t, []yahootest.Option{yahootest.WithFault(yahootest.Fault{Failure: yahootest.Fail429, RetryAfter: "3600"})})
		_, err := h.c.Quotes(ctx(t), []string{"AAPL"})
		var he *HTTPError
		if !errors.As(err, &he) || he.Status != 429 || len(h.sleeps.all()) != 0 {
			t.Fatalf("err = %v, waits %v: want a 429 at once rather than an hour's sleep", err, h.sleeps.all())
		}
	})
}

func Test500Backoff(t *testing.T) {
	t.Run("twice", func(t *testing.T) {
		h := setup(t, fault(yahootest.Fail500, 2))
		if _, err := h.c.Daily(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(0, 1, 0)); err != nil {
			t.Fatal(err)
		}
		s := h.sleeps.all()
		if len(s) != 2 || s[0] < 250*time.Millisecond || s[0] > 500*time.Millisecond || s[1] < 500*time.Millisecond || s[1] > time.Second {
			t.Fatalf("waits %v, want [250–500ms, 500ms–1s]", s)
		}
		if n := h.srv.Count(yahootest.EndpointCrumb); n != 1 {
			t.Fatalf("a 5xx refreshed the session (%d getcrumb)", n)
		}
	})
	t.Run("always", func(t *testing.T) {
		h := setup(t, fault(yahootest.Fail500, 0))
		_, err := h.c.Daily(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(0, 1, 0))
		var he *HTTPError
		if !errors.As(err, &he) || he.Status != 500 || he.Attempts != 5 {
			t.Fatalf("err = %#v, want *HTTPError 500 after 5 attempts", err)
		}
		// The fake echoes the request URI (with the crumb) in its body.
		if !strings.Contains(he.Body, "REDACTED") || strings.Contains(he.URL, "crumb") {
			t.Fatalf("not redacted: URL %q body %q", he.URL, he.Body)
		}
		noSecrets(t, h.srv, err.Error(), h.log.String())
	})
}

func TestTimeout(t *testing.T) {
	short := func(c *Config) { c.Timeout = 150 * time.Millisecond; c.MaxRetries = 1 }
	t.Run("always", func(t *testing.T) {
		h := setup(t, fault(yahootest.FailHang, 0), short)
		_, err := h.c.Quotes(ctx(t), []string{"AAPL"})
		var he *HTTPError
		if !errors.As(err, &he) || he.Status != 0 || !errors.Is(err, context.DeadlineExceeded) || he.Attempts != 2 {
			t.Fatalf("err = %v, want *HTTPError{Status 0} wrapping DeadlineExceeded after 2 attempts", err)
		}
		noSecrets(t, h.srv, err.Error(), h.log.String())
	})
	t.Run("once", func(t *testing.T) {
		h := setup(t, fault(yahootest.FailHang, 1), short)
		if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("caller cancels", func(t *testing.T) {
		h := setup(t, fault(yahootest.FailHang, 0))
		cx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := h.c.Quotes(cx, []string{"AAPL"})
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
	})
}

func TestTruncatedJSON(t *testing.T) {
	h := setup(t, fault(yahootest.FailTruncated, 0))
	if _, err := h.c.Daily(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(0, 1, 0)); !errors.Is(err, ErrBadResponse) {
		t.Fatalf("Daily: %v, want ErrBadResponse", err)
	}
	if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); !errors.Is(err, ErrBadResponse) {
		t.Fatalf("Quotes: %v, want ErrBadResponse", err)
	}
	if _, _, err := h.c.Options(ctx(t), "AAPL", time.Time{}); !errors.Is(err, ErrBadResponse) {
		t.Fatalf("Options: %v, want ErrBadResponse", err)
	}
	if _, err := h.c.Summary(ctx(t), "AAPL"); !errors.Is(err, ErrBadResponse) {
		t.Fatalf("Summary: %v, want ErrBadResponse", err)
	}
}

func TestEmptyResultEverywhere(t *testing.T) {
	h := setup(t, fault(yahootest.FailEmptyResult, 0))
	if _, _, err := h.c.Options(ctx(t), "AAPL", time.Time{}); !errors.Is(err, ErrNoData) {
		t.Fatalf("Options: %v", err)
	}
	if _, err := h.c.Summary(ctx(t), "AAPL"); !errors.Is(err, ErrNoData) {
		t.Fatalf("Summary: %v", err)
	}
	q, err := h.c.Quotes(ctx(t), []string{"AAPL"})
	if err != nil || len(q) != 0 {
		t.Fatalf("Quotes: %v %v, want an empty map", q, err)
	}
}

func TestWrongContentType(t *testing.T) {
	t.Run("once", func(t *testing.T) {
		h := setup(t, fault(yahootest.FailWrongContentType, 1))
		if _, err := h.c.Summary(ctx(t), "AAPL"); err != nil {
			t.Fatal(err)
		}
		if n := h.srv.Count(yahootest.EndpointCrumb); n != 2 {
			t.Fatalf("getcrumb %d, want a refresh after the HTML page", n)
		}
	})
	t.Run("always", func(t *testing.T) {
		h := setup(t, fault(yahootest.FailWrongContentType, 0))
		_, err := h.c.Summary(ctx(t), "AAPL")
		var he *HTTPError
		if !errors.Is(err, ErrBadResponse) || !errors.As(err, &he) || he.Status != 200 || !strings.Contains(he.Body, "<html>") {
			t.Fatalf("err = %v, want ErrBadResponse with the HTML snippet", err)
		}
	})
}

func TestRewriteFinanceGoPaths(t *testing.T) {
	for _, tc := range []struct{ in, path, query string }{
		{"/v6/finance/quote", "/v7/finance/quote", "symbols=A%2CB"},
		{"v6/finance/options/AAPL", "/v7/finance/options/AAPL", "straddle=true"},
		{"/v7/finance/options/AAPL", "/v7/finance/options/AAPL", "straddle=true"},
		{"v8/finance/chart/^KS11", "/v8/finance/chart/^KS11", "straddle=true"},
	} {
		f := &form.Values{}
		if strings.Contains(tc.in, "quote") {
			f.Add("symbols", "A,B")
		} else {
			f.Add("date", "-1")
			f.Add("straddle", "true")
			f.Add("crumb", "stale")
		}
		p, q := rewrite(tc.in, f)
		if strings.Contains(tc.in, "chart") {
			q.Del("date")
		}
		if p != tc.path || q.Encode() != tc.query {
			t.Errorf("rewrite(%q) = %q ?%s, want %q ?%s", tc.in, p, q.Encode(), tc.path, tc.query)
		}
	}
}

func TestHostMapping(t *testing.T) {
	real := hosts{}
	b, _ := New(Config{BaseURL: "http://127.0.0.1:9999/yf/"})
	base := b.hosts
	for _, tc := range []struct{ host, path, real, base string }{
		{hostQuery2, "/v7/finance/quote", "https://query2.finance.yahoo.com/v7/finance/quote", "http://127.0.0.1:9999/yf/v7/finance/quote"},
		{hostQuery1, "/v1/test/getcrumb", "https://query1.finance.yahoo.com/v1/test/getcrumb", "http://127.0.0.1:9999/yf/v1/test/getcrumb"},
		{hostFC, "/", "https://fc.yahoo.com/", "http://127.0.0.1:9999/yf/fc/"},
		{hostFinance, "/", "https://finance.yahoo.com/", "http://127.0.0.1:9999/yf/www/"},
		{hostGUCE, "/consent", "https://guce.yahoo.com/consent", "http://127.0.0.1:9999/yf/consent/consent"},
		{hostConsent, "/v2/collectConsent", "https://consent.yahoo.com/v2/collectConsent", "http://127.0.0.1:9999/yf/consent/v2/collectConsent"},
		{hostQuery2, "/v8/finance/chart/^KS11", "https://query2.finance.yahoo.com/v8/finance/chart/%5EKS11", "http://127.0.0.1:9999/yf/v8/finance/chart/%5EKS11"},
	} {
		if got := real.url(tc.host, tc.path, nil); got != tc.real {
			t.Errorf("real %s%s = %s", tc.host, tc.path, got)
		}
		if got := base.url(tc.host, tc.path, nil); got != tc.base {
			t.Errorf("base %s%s = %s", tc.host, tc.path, got)
		}
	}
}

func TestBackoffAndRetryAfter(t *testing.T) {
	c, _ := New(Config{})
	for n := 0; n < 12; n++ {
		want := min(baseBackoff<<n, maxBackoff)
		for i := 0; i < 50; i++ {
			d, ok := c.backoff(n, 0)
			if !ok || d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v]", n, d, want/2, want)
			}
		}
	}
	if d, _ := c.backoff(0, 10*time.Second); d < 10*time.Second || d > 11*time.Second {
		t.Fatalf("Retry-After 10s gave %v", d)
	}
	if _, ok := c.backoff(0, time.Hour); ok {
		t.Fatal("an hour's Retry-After accepted")
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"": 0, "5": 5 * time.Second, "-3": 0, "junk": 0,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		now.Add(-time.Hour).Format(http.TimeFormat):       0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSecretsNeverLeak(t *testing.T) {
	var texts []string
	run := func(opts []yahootest.Option, mods ...func(*Config)) {
		h := setup(t, opts, append(mods, func(c *Config) { c.Timeout = 150 * time.Millisecond })...)
		collect := func(err error) {
			if err != nil {
				texts = append(texts, err.Error(), strings.TrimSpace(strings.ReplaceAll(err.Error(), "%2F", "/")))
				var he *HTTPError
				if errors.As(err, &he) {
					texts = append(texts, he.URL, he.Body)
				}
			}
		}
		_, err := h.c.Quotes(ctx(t), []string{"AAPL", "MSFT"})
		collect(err)
		_, err = h.c.Daily(ctx(t), "NOPE", seedFrom, seedFrom.AddDate(0, 1, 0))
		collect(err)
		_, err = h.c.Summary(ctx(t), "AAPL")
		collect(err)
		_, _, err = h.c.Options(ctx(t), "AAPL", time.Time{})
		collect(err)
		texts = append(texts, h.log.String())
		noSecrets(t, h.srv, texts...)
	}
	run(nil)
	run(fault(yahootest.Fail500, 0))
	run(fault(yahootest.FailInvalidCrumb, 0))
	run(fault(yahootest.FailHang, 0), func(c *Config) { c.MaxRetries = -1 })
	run(fault(yahootest.FailWrongContentType, 0))
	run(fault(yahootest.FailEUConsent, 0))
	if len(texts) < 10 {
		t.Fatalf("only %d texts checked", len(texts))
	}
}

func TestConcurrentRefreshIsSingle(t *testing.T) {
	h := setup(t, nil)
	if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	// Force a refresh: the server forgets every crumb, so all 50 callers
	// get 401 "Invalid Crumb" while a refresh is (or was just) running.
	h.srv.RotateCrumb()
	h.srv.SetLatency(20 * time.Millisecond)
	before := h.srv.Count(yahootest.EndpointCrumb)
	var wg sync.WaitGroup
	var failed atomic.Int32
	start := make(chan struct{})
	for i := 0; i < 50; i++ {
		wg.Go(func() {
			<-start
			q, err := h.c.Quotes(ctx(t), []string{"AAPL", "MSFT"})
			if err != nil || len(q) != 2 {
				failed.Add(1)
				t.Errorf("goroutine: %v %v", q, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := h.srv.Count(yahootest.EndpointCrumb) - before; n != 1 {
		t.Fatalf("%d session refreshes, want exactly 1", n)
	}
	if failed.Load() != 0 {
		t.Fatalf("%d callers failed", failed.Load())
	}
}

func TestRateLimiterWindow(t *testing.T) {
	const perHour = 120
	clock := &fakeClock{t: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	var stamps []time.Time
	h := setup(t, nil, func(c *Config) {
		c.RatePerHour = perHour
		c.Now, c.Sleep = clock.Now, clock.Sleep
		c.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			stamps = append(stamps, clock.Now())
			mu.Unlock()
			return http.DefaultTransport.RoundTrip(r)
		})}
	})
	// One caller asking as fast as it can (a fake clock is only exact with
	// one sleeper; concurrent use of the limiter is covered by the -race
	// tests), with a forced session refresh on the way: its fc and
	// getcrumb requests count too.
	for i := 0; i < 400; i++ {
		if i == 200 {
			h.srv.RotateCrumb()
		}
		if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(stamps) < 400 {
		t.Fatalf("only %d requests", len(stamps))
	}
	worst := 0
	for i := range stamps {
		n := 0
		for j := i; j < len(stamps) && stamps[j].Sub(stamps[i]) < time.Hour; j++ {
			n++
		}
		worst = max(worst, n)
	}
	if worst > perHour {
		t.Fatalf("%d requests in one 60-minute window, budget %d", worst, perHour)
	}
	span := stamps[len(stamps)-1].Sub(stamps[0])
	t.Logf("%d requests over %v of fake time; busiest hour %d (budget %d)", len(stamps), span.Round(time.Minute), worst, perHour)
	if worst < perHour-5 {
		t.Fatalf("busiest hour only %d: the limiter is stricter than the budget", worst)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestLimiterClock(t *testing.T) {
	frozen := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	c, _ := New(Config{Now: func() time.Time { return frozen }})
	if c.limNow().Equal(frozen) {
		t.Fatal("a frozen Now without an injected Sleep must not drive the limiter")
	}
	c, _ = New(Config{Now: func() time.Time { return frozen }, Sleep: (&sleepRecorder{}).Sleep})
	if !c.limNow().Equal(frozen) {
		t.Fatal("Now + Sleep must drive the limiter")
	}
}

func TestInvalidCrumbWith200(t *testing.T) {
	for body, want := range map[string]outcome{
		`{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}`: outSession,
		`{"chart":{"result":[],"error":null}}`:                                                      outOK,
		`<html>`:                                                                                    outSession,
	} {
		rep := &reply{status: 200, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(body)}
		if body == "<html>" {
			rep.header.Set("Content-Type", "text/html")
		}
		if got := classify(rep, nil); got != want {
			t.Errorf("classify(200 %s) = %v, want %v", body, got, want)
		}
	}
}
