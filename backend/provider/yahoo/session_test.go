package yahoo

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"krmarket/backend/provider/yahoo/yahootest"
)

func fault(f yahootest.Failure, times int) []yahootest.Option {
	return []yahootest.Option{yahootest.WithFault(yahootest.Fault{Failure: f, Times: times})}
}

func TestSessionFlowAndHeaders(t *testing.T) {
	h := setup(t, nil)
	if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	c := h.srv.Counts()
	if c[yahootest.EndpointCookie] != 1 || c[yahootest.EndpointCrumb] != 1 || c[yahootest.EndpointHome] != 0 {
		t.Fatalf("session requests %v, want one fc + one getcrumb", c)
	}
	for _, r := range h.srv.Requests() {
		hd := r.Header
		if !strings.Contains(hd.Get("User-Agent"), "Mozilla/5.0") || hd.Get("Accept") == "" ||
			hd.Get("Accept-Language") == "" || hd.Get("Origin") != "https://finance.yahoo.com" ||
			hd.Get("Referer") != "https://finance.yahoo.com/" {
			t.Fatalf("%s %s lacks browser headers: %v", r.Method, r.Path, hd)
		}
	}
	q := h.srv.Requests(yahootest.EndpointQuote)
	if len(q) != 1 || q[0].Query.Get("crumb") != h.srv.Crumbs()[0] {
		t.Fatalf("quote request did not carry the (URL-encoded) crumb: %+v", q)
	}
}

func TestNoA3Cookie(t *testing.T) {
	t.Run("always", func(t *testing.T) {
		h := setup(t, fault(yahootest.FailNoA3, 0))
		_, err := h.c.Daily(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(0, 1, 0))
		if !errors.Is(err, ErrSession) || !strings.Contains(err.Error(), "A3") {
			t.Fatalf("err = %v, want ErrSession about A3", err)
		}
		if h.srv.Count(yahootest.EndpointCrumb) != 0 || h.srv.Count(yahootest.EndpointChart) != 0 {
			t.Fatal("went on without A3")
		}
	})
	t.Run("fc fails, finance.yahoo.com works", func(t *testing.T) {
		h := setup(t, fault(yahootest.FailNoA3, 1))
		if _, err := h.c.Daily(ctx(t), "AAPL", seedFrom, seedFrom.AddDate(0, 1, 0)); err != nil {
			t.Fatal(err)
		}
		if h.srv.Count(yahootest.EndpointCookie) != 1 || h.srv.Count(yahootest.EndpointHome) != 1 {
			t.Fatalf("counts %v, want the fallback to finance.yahoo.com", h.srv.Counts())
		}
	})
}

func TestCrumbRejected(t *testing.T) {
	for _, tc := range []struct {
		f    yahootest.Failure
		want error
	}{{yahootest.FailCrumbHTML, errCrumbHTML}, {yahootest.FailCrumbTooMany, errCrumbTooMany}} {
		t.Run(tc.f.String()+"/always", func(t *testing.T) {
			h := setup(t, fault(tc.f, 0))
			_, err := h.c.Quotes(ctx(t), []string{"AAPL"})
			if !errors.Is(err, ErrSession) || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want ErrSession + %v", err, tc.want)
			}
			if n := h.srv.Count(yahootest.EndpointCrumb); n != 5 { // 1 + MaxRetries
				t.Fatalf("getcrumb asked %d times, want 5", n)
			}
			if h.srv.Count(yahootest.EndpointQuote) != 0 {
				t.Fatal("used an invalid crumb")
			}
		})
		t.Run(tc.f.String()+"/once", func(t *testing.T) {
			h := setup(t, fault(tc.f, 1))
			if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
				t.Fatal(err)
			}
			if n := h.srv.Count(yahootest.EndpointCrumb); n != 2 {
				t.Fatalf("getcrumb asked %d times, want 2", n)
			}
			if s := h.sleeps.all(); len(s) != 1 || s[0] < 250*time.Millisecond || s[0] > 500*time.Millisecond {
				t.Fatalf("backoff before the second getcrumb = %v, want one wait in [250ms, 500ms]", s)
			}
		})
	}
}

func TestValidateCrumb(t *testing.T) {
	for body, want := range map[string]error{
		"":                            errCrumbEmpty,
		"  \n":                        errCrumbEmpty,
		"Too Many Requests":           errCrumbTooMany,
		"Edge: Too Many Requests\n":   errCrumbTooMany,
		"<html><body>x</body></html>": errCrumbHTML,
		"<!DOCTYPE html>":             errCrumbHTML,
		"abc def":                     errCrumbInvalid,
		strings.Repeat("a", 65):       errCrumbInvalid,
		"abc\x00":                     errCrumbInvalid,
		"Xm3dJ0lq/Aa.":                nil,
		"  a8a2G8z.d4U\n":             nil,
		"AQ+/=":                       nil,
	} {
		got, err := validateCrumb([]byte(body))
		if !errors.Is(err, want) || (err == nil && got != strings.TrimSpace(body)) {
			t.Errorf("validateCrumb(%q) = %q, %v; want %v", body, got, err, want)
		}
	}
}

func TestEUConsent(t *testing.T) {
	h := setup(t, fault(yahootest.FailEUConsent, 0))
	if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	c := h.srv.Counts()
	// fc → consent page (redirect), POST collectConsent → copyConsent
	// (redirect), copyConsent again (explicit), → www.
	if c[yahootest.EndpointConsent] < 3 || c[yahootest.EndpointQuote] != 1 {
		t.Fatalf("counts %v, want the consent flow then a quote", c)
	}
	var posted bool
	for _, r := range h.srv.Requests(yahootest.EndpointConsent) {
		posted = posted || (r.Method == "POST" && r.Path == "/consent/v2/collectConsent" && r.Query.Get("sessionId") != "")
	}
	if !posted {
		t.Fatal("collectConsent was not posted")
	}
}

func TestSessionPersistedAndReused(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	h := setup(t, nil, func(c *Config) { c.Now = clock.Now })
	if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	data, saves := h.store.get()
	if saves != 1 {
		t.Fatalf("%d saves, want 1", saves)
	}
	var st storedSession
	if err := json.Unmarshal(data, &st); err != nil || st.Crumb != h.srv.Crumbs()[0] || !st.FetchedAt.Equal(clock.Now()) {
		t.Fatalf("stored %s (%v)", data, err)
	}

	newClient := func() *Client {
		c, err := New(Config{BaseURL: h.srv.URL, RatePerHour: 1e6, SessionStore: h.store, Now: clock.Now, Sleep: h.sleeps.Sleep})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// A second client (a restart) 23 h later reuses the stored session.
	clock.Advance(23 * time.Hour)
	h.srv.ResetCounts()
	if _, err := newClient().Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	if c := h.srv.Counts(); c[yahootest.EndpointCookie]+c[yahootest.EndpointCrumb] != 0 || c[yahootest.EndpointQuote] != 1 {
		t.Fatalf("counts %v, want the stored session reused", c)
	}
	// After 24 h it is fetched again, and saved.
	clock.Advance(2 * time.Hour)
	h.srv.ResetCounts()
	if _, err := newClient().Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	if c := h.srv.Counts(); c[yahootest.EndpointCookie] != 1 || c[yahootest.EndpointCrumb] != 1 {
		t.Fatalf("counts %v, want a new session", c)
	}
	if _, saves := h.store.get(); saves != 2 {
		t.Fatalf("%d saves, want 2", saves)
	}
	// A live client renews its own session after 24 h too.
	c := newClient()
	if _, err := c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(25 * time.Hour)
	h.srv.ResetCounts()
	if _, err := c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	if n := h.srv.Count(yahootest.EndpointCrumb); n != 1 {
		t.Fatalf("getcrumb %d, want a renewal", n)
	}
	// Garbage in the store is ignored.
	_ = h.store.SaveSession(ctx(t), []byte("{not json"))
	h.srv.ResetCounts()
	if _, err := newClient().Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	if n := h.srv.Count(yahootest.EndpointCrumb); n != 1 {
		t.Fatalf("getcrumb %d after a corrupt store, want 1", n)
	}
}

func TestStoredSessionRejectedByServer(t *testing.T) {
	// A stored session the server no longer accepts: one 401, one refresh.
	h := setup(t, nil)
	if _, err := h.c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	h.srv.RotateCrumb()
	h.srv.ResetCounts()
	c, _ := New(Config{BaseURL: h.srv.URL, RatePerHour: 1e6, SessionStore: h.store, Sleep: h.sleeps.Sleep})
	if _, err := c.Quotes(ctx(t), []string{"AAPL"}); err != nil {
		t.Fatal(err)
	}
	if cnt := h.srv.Counts(); cnt[yahootest.EndpointQuote] != 2 || cnt[yahootest.EndpointCrumb] != 1 {
		t.Fatalf("counts %v, want 401 → refresh → OK", cnt)
	}
}

func TestStoredSessionRealHosts(t *testing.T) {
	// Without a BaseURL restored cookies must reach every yahoo.com host.
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	st := &memStore{}
	data, _ := json.Marshal(storedSession{Version: 1, Crumb: "Ab3/x.Y", FetchedAt: now.Add(-time.Hour),
		Cookies: []storedCookie{{Name: "A3", Value: "d=AQABBxyz&S=AQAAA"}, {Name: "B", Value: "q"}}})
	_ = st.SaveSession(context.Background(), data)
	c, err := New(Config{SessionStore: st, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	s := c.loadSession(ctx(t))
	if s == nil || s.crumb != "Ab3/x.Y" {
		t.Fatalf("session %+v", s)
	}
	for _, host := range []string{hostQuery1, hostQuery2, hostFC, hostFinance} {
		u, _ := url.Parse(c.hosts.url(host, "/", nil))
		var names []string
		for _, ck := range s.jar.Cookies(u) {
			names = append(names, ck.Name)
		}
		if strings.Join(names, ",") != "A3,B" {
			t.Errorf("%s gets cookies %v", host, names)
		}
	}
	if got := s.secrets.redact("x d=AQABBxyz&S=AQAAA Ab3/x.Y Ab3%2Fx.Y"); strings.Contains(got, "AQABB") || strings.Contains(got, "Ab3") {
		t.Fatalf("redact: %q", got)
	}
}
