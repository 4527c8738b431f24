// Package binance reads crypto market data from Binance's public REST API:
// 24-hour tickers (for the scanner universe), closed klines (candles) and
// futures funding rates. No API key is needed.
//
// Request weight is budgeted per minute, separately for the spot and the
// futures API, from the client's own reservations and the
// X-MBX-USED-WEIGHT-1M header Binance returns. A 429 makes every caller of
// that API wait out its Retry-After (or fail fast with *RateLimitError when
// longer than Config.MaxRetryWait); a 418 IP ban is never waited out.
// 5xx answers and transport errors are retried with exponential back-off.
//
// A Client is safe for concurrent use; share one per process so the weight
// budget covers all requests from this IP.
package binance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Default endpoints.
const (
	DefaultBaseURL    = "https://api.binance.com"
	DefaultFuturesURL = "https://fapi.binance.com"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultTimeout             = 15 * time.Second
	DefaultWeightBudget        = 4800 // of Binance's 6000 per minute for spot
	DefaultFuturesWeightBudget = 1800 // of 2400 per minute for USDⓈ-M futures
	DefaultMaxRetries          = 2
	DefaultMaxRetryWait        = 30 * time.Second
	DefaultRetryBackoff        = 500 * time.Millisecond
)

// Request weights (Binance's documented costs).
const (
	weightTicker24hAll = 80
	weightKlines       = 2
	weightPremiumIndex = 1
)

// maxBody caps a response read (all 24h tickers are about 1.5 MB).
const maxBody = 32 << 20

// Config configures a Client. The zero value talks to Binance.
type Config struct {
	// BaseURL is the spot API; "" means DefaultBaseURL.
	BaseURL string
	// FuturesURL is the USDⓈ-M futures API; "" means DefaultFuturesURL,
	// or BaseURL when BaseURL is set (one fake server for both).
	FuturesURL string
	// HTTPClient sends the requests; nil means a new http.Client.
	HTTPClient *http.Client
	// Timeout bounds each attempt; 0 means DefaultTimeout, negative none.
	Timeout time.Duration
	// WeightBudget is the spot request weight this client spends per
	// minute at most; 0 means DefaultWeightBudget.
	WeightBudget int
	// FuturesWeightBudget is the same for the futures API; 0 means
	// DefaultFuturesWeightBudget.
	FuturesWeightBudget int
	// MaxRetries is how many times a request is retried after a 429, a
	// 5xx or a transport error; 0 means DefaultMaxRetries, negative none.
	MaxRetries int
	// MaxRetryWait is the longest back-off (Retry-After, budget window)
	// the client sleeps through; longer ones fail with *RateLimitError.
	// 0 means DefaultMaxRetryWait, negative never waits.
	MaxRetryWait time.Duration
	// RetryBackoff is the first back-off after a 5xx or transport error,
	// doubled on each retry; 0 means DefaultRetryBackoff.
	RetryBackoff time.Duration
	// Now is the clock that decides which candle is still forming and
	// which weight window is current. It must advance like a real clock;
	// nil means time.Now.
	Now func() time.Time
}

// Client reads Binance public market data.
type Client struct {
	spotURL, futURL string
	http            *http.Client
	timeout         time.Duration
	maxRetries      int
	maxWait         time.Duration
	backoff         time.Duration
	now             func() time.Time
	spot, fut       *gate
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	c := &Client{
		spotURL:    strings.TrimRight(cfg.BaseURL, "/"),
		futURL:     strings.TrimRight(cfg.FuturesURL, "/"),
		http:       cfg.HTTPClient,
		timeout:    orDefault(cfg.Timeout, DefaultTimeout),
		maxRetries: orDefault(cfg.MaxRetries, DefaultMaxRetries),
		maxWait:    orDefault(cfg.MaxRetryWait, DefaultMaxRetryWait),
		backoff:    orDefault(cfg.RetryBackoff, DefaultRetryBackoff),
		now:        cfg.Now,
	}
	switch {
	case c.futURL == "" && c.spotURL != "":
		c.futURL = c.spotURL
	case c.futURL == "":
		c.futURL = DefaultFuturesURL
	}
	if c.spotURL == "" {
		c.spotURL = DefaultBaseURL
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.spot = &gate{budget: orDefault(cfg.WeightBudget, DefaultWeightBudget), maxWait: c.maxWait, now: c.now}
	c.fut = &gate{budget: orDefault(cfg.FuturesWeightBudget, DefaultFuturesWeightBudget), maxWait: c.maxWait, now: c.now}
	return c
}

func orDefault[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

var symbolRE = regexp.MustCompile(`^[A-Z0-9_.\-]{1,20}$`)

func checkSymbol(symbol string) error {
	if !symbolRE.MatchString(symbol) {
		return fmt.Errorf("binance: %w: %q", ErrInvalidSymbol, symbol)
	}
	return nil
}

// get fetches base+path?q through gate g, retrying as configured, and
// returns the 200 body.
func (c *Client) get(ctx context.Context, g *gate, base, path string, q url.Values, weight int) ([]byte, error) {
	u := base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	retries := max(c.maxRetries, 0)
	for attempt := 0; ; attempt++ {
		if err := g.acquire(ctx, weight); err != nil {
			return nil, fmt.Errorf("binance: %s: %w", path, err)
		}
		body, err := c.once(ctx, g, u)
		if err == nil {
			return body, nil
		}
		var rl *RateLimitError
		var api *APIError
		switch {
		case ctx.Err() != nil:
			return nil, fmt.Errorf("binance: %s: %w", path, ctx.Err())
		case errors.As(err, &rl):
			if rl.StatusCode == http.StatusTeapot || attempt >= retries || rl.RetryAfter > c.maxWait {
				return nil, fmt.Errorf("binance: %s: %w", path, err)
			}
			continue // acquire waits out the Retry-After
		case errors.As(err, &api) && api.StatusCode < 500:
			return nil, fmt.Errorf("binance: %s: %w", path, err)
		}
		// 5xx or transport error: back off and retry.
		if attempt >= retries {
			return nil, fmt.Errorf("binance: %s (after %d attempts): %w", path, attempt+1, err)
		}
		if serr := sleep(ctx, min(c.backoff<<attempt, c.maxWait)); serr != nil {
			return nil, fmt.Errorf("binance: %s: %w (last error: %v)", path, serr, err)
		}
	}
}

// once performs one attempt.
func (c *Client) once(ctx context.Context, g *gate, u string) ([]byte, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	sent := c.now()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	g.observe(resp.Header.Get("X-MBX-USED-WEIGHT-1M"), resp.Header.Get("Date"), sent)
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("%w: body larger than %d bytes", ErrMalformed, maxBody)
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return body, nil
	case http.StatusTooManyRequests, http.StatusTeapot:
		_, msg := errorBody(body)
		ra := retryAfter(resp.Header.Get("Retry-After"), msg, c.now())
		until := g.block(resp.StatusCode, ra, msg)
		return nil, &RateLimitError{StatusCode: resp.StatusCode, RetryAfter: until.Sub(c.now()), Until: until, Msg: msg}
	}
	code, msg := errorBody(body)
	return nil, &APIError{StatusCode: resp.StatusCode, Code: code, Msg: msg, URL: u}
}

// errorBody reads Binance's {"code":-1121,"msg":"..."}; for other bodies it
// returns code 0 and the start of the body.
func errorBody(body []byte) (int, string) {
	var e struct {
		Code *int   `json:"code"`
		Msg  string `json:"msg"`
	}
	if json.Unmarshal(body, &e) == nil && e.Code != nil {
		return *e.Code, e.Msg
	}
	s := strings.TrimSpace(string(body))
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return 0, s
}

var bannedUntil = regexp.MustCompile(`banned until (\d{13})`)

// retryAfter reads the Retry-After header (seconds or an HTTP date), else
// the "IP banned until <ms>" of a 418 message; 0 if neither.
func retryAfter(header, msg string, now time.Time) time.Duration {
	if header != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(header)); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if t, err := http.ParseTime(header); err == nil {
			return max(t.Sub(now), 0)
		}
	}
	if m := bannedUntil.FindStringSubmatch(msg); m != nil {
		ms, _ := strconv.ParseInt(m[1], 10, 64)
		return max(time.UnixMilli(ms).Sub(now), 0)
	}
	return 0
}
