// Package yahoo is the Yahoo Finance data provider: chart v8, quote v7,
// options v7 and quoteSummary v10, behind a cookie + crumb session.
//
// *Client implements finance.Backend (github.com/piquette/finance-go), so
// finance-go's quote.Client{B: c} and options.Client{B: c} run through it:
// the client rewrites their retired /v6 paths to /v7, adds the crumb, rate
// limits, refreshes the session on 401/403/429/"Invalid Crumb", retries with
// backoff, and turns empty or malformed answers into errors instead of
// panics. The high-level methods (Daily, Intraday, Quotes, Options, Summary,
// Dividends) return the domain types of package market.
//
// Chart JSON is parsed by this package, not by finance-go's chart package
// (which indexes an empty result, reads null prices as 0 and ignores the
// exchange time zone and dividend events).
//
// Secrets: the crumb and cookie values never appear in an error string or a
// log line. They are persisted only through Config.SessionStore.
package yahoo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/time/rate"
)

// Config configures New. Zero values take the defaults shown.
type Config struct {
	// BaseURL is one URL standing in for every Yahoo host (query1/query2,
	// fc.yahoo.com, finance.yahoo.com, guce/consent.yahoo.com); see the
	// mapping in hosts.go and package yahootest. "" = the real hosts.
	BaseURL string
	// HTTPClient is copied; its Jar is replaced by the session's cookie jar.
	// Default: proxy from the environment (http.ProxyFromEnvironment).
	HTTPClient *http.Client
	// RatePerHour caps requests in any 60-minute window, session requests
	// and retries included. Default 1500.
	RatePerHour int
	// Timeout bounds each request. Default 15s.
	Timeout time.Duration
	// MaxRetries is the number of backoff retries after the one session
	// refresh. Default 4; negative = none.
	MaxRetries int
	// SessionStore persists cookies + crumb; nil = memory only.
	SessionStore SessionStore
	// SessionMaxAge is how long a session is used before it is renewed.
	// Default 24h.
	SessionMaxAge time.Duration
	// QuoteBatch is the number of symbols per v7 quote call. Default 50.
	QuoteBatch int
	// Parallel is the number of batch requests one Quotes call runs at
	// once. Default 4.
	Parallel int
	// Now is the clock (default time.Now) for session age and Retry-After
	// dates. The rate limiter runs on it only when Sleep is injected too
	// (a frozen Now with real sleeps would stretch every wait forever).
	Now func() time.Time
	// Sleep waits d or until ctx ends (default: a timer); backoff and the
	// rate limiter wait through it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Log receives debug/info/warn lines (default: discarded).
	Log logrus.FieldLogger
}

// SessionStore persists the session (cookies, crumb, fetch time) between
// runs. The bytes are opaque JSON and contain secrets.
type SessionStore interface {
	LoadSession(ctx context.Context) ([]byte, error)
	SaveSession(ctx context.Context, data []byte) error
}

// Client talks to Yahoo. It is safe for concurrent use.
type Client struct {
	hosts    hosts
	http     *http.Client // template; each session gets a copy with its own jar
	limiter  *rate.Limiter
	timeout  time.Duration
	retries  int
	maxAge   time.Duration
	batch    int
	parallel int
	store    SessionStore
	now      func() time.Time
	limNow   func() time.Time // the limiter's clock: now if Sleep is injected, else time.Now
	sleep    func(ctx context.Context, d time.Duration) error
	log      logrus.FieldLogger

	mu     sync.Mutex
	cur    *session // current session, nil before the first use
	loaded bool     // the store was consulted
	flight *flight  // refresh in progress

	zones sync.Map // exchange time zone name -> *time.Location
}

// New returns a client. It does no I/O; the session is loaded or fetched on
// first use.
func New(cfg Config) (*Client, error) {
	c := &Client{
		timeout:  orDur(cfg.Timeout, 15*time.Second),
		retries:  cfg.MaxRetries,
		maxAge:   orDur(cfg.SessionMaxAge, 24*time.Hour),
		batch:    orInt(cfg.QuoteBatch, 50),
		parallel: orInt(cfg.Parallel, 4),
		store:    cfg.SessionStore,
		now:      cfg.Now,
		sleep:    cfg.Sleep,
		log:      cfg.Log,
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("yahoo: BaseURL %q: want an absolute http(s) URL", cfg.BaseURL)
		}
		c.hosts.base = u
	}
	switch {
	case cfg.MaxRetries == 0:
		c.retries = 4
	case cfg.MaxRetries < 0:
		c.retries = 0
	}
	if cfg.RatePerHour < 0 || c.batch < 1 || c.parallel < 1 {
		return nil, errors.New("yahoo: RatePerHour, QuoteBatch and Parallel must not be negative")
	}
	c.limiter = newLimiter(orInt(cfg.RatePerHour, 1500))
	if cfg.HTTPClient != nil {
		hc := *cfg.HTTPClient
		c.http = &hc
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.Proxy = http.ProxyFromEnvironment
		tr.MaxIdleConnsPerHost = 16
		c.http = &http.Client{Transport: tr}
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.limNow = time.Now
	if cfg.Sleep != nil {
		c.limNow = c.now
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.log == nil {
		l := logrus.New()
		l.SetOutput(io.Discard)
		c.log = l
	}
	return c, nil
}

// newLimiter returns a token bucket that never lets more than perHour
// requests into any 60-minute window: a burst of b tokens and a refill of
// perHour-b+1 per hour (b + refill - 1 = perHour in a half-open window).
func newLimiter(perHour int) *rate.Limiter {
	b := min(max(perHour/60, 1), 50)
	refill := float64(perHour-b+1) / 3600
	return rate.NewLimiter(rate.Limit(refill), b)
}

// wait takes one token from the shared limiter, sleeping through c.sleep.
func (c *Client) wait(ctx context.Context) error {
	now := c.limNow()
	r := c.limiter.ReserveN(now, 1)
	if !r.OK() {
		return errors.New("yahoo: rate limiter refused the request")
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if err := c.sleep(ctx, d); err != nil {
		r.CancelAt(c.limNow())
		return err
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orDur(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}
