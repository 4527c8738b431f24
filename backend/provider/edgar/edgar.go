// Package edgar reads company filings from SEC EDGAR: the ticker → CIK list
// (https://www.sec.gov/files/company_tickers.json) and each company's
// submissions history (https://data.sec.gov/submissions/CIK##########.json).
//
// SEC requires a descriptive User-Agent naming a contact ("Company
// admin@example.com") and at most 10 requests per second; without the first
// it answers 403. The client therefore refuses to send anything without
// Config.Contact, sends it as the User-Agent of every request, and spaces
// its requests with one limiter shared by all its goroutines.
//
// URL mapping: with Config.BaseURL empty the real hosts are used; with it set
// (tests, mirrors), both documents are fetched from it:
//
//	BaseURL + "/files/company_tickers.json"
//	BaseURL + "/submissions/CIK0000320193.json"
//
// Filing.URL always points at https://www.sec.gov/Archives/..., since it is a
// link for people, not something this package fetches.
package edgar

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Real hosts.
const (
	wwwHost  = "https://www.sec.gov"
	dataHost = "https://data.sec.gov"
)

// Defaults and limits.
const (
	DefaultRate    = 8.0  // requests per second
	MaxRate        = 10.0 // SEC's published limit
	DefaultTimeout = 30 * time.Second
	maxBody        = 64 << 20 // largest document read (big filers' submissions run to a few MB)
	maxRetryAfter  = 15 * time.Minute
)

// Errors. Failures are wrapped with context; test them with errors.Is/As.
var (
	// ErrNoContact: Config.Contact is missing or lacks an e-mail address.
	ErrNoContact = errors.New(`edgar: Config.Contact must name you and an e-mail address (e.g. "KR Market user@example.com"); SEC refuses requests without one (403)`)
	// ErrUnknownTicker: the ticker is not in SEC's company list.
	ErrUnknownTicker = errors.New("edgar: unknown ticker")
	// ErrMalformed: a response was not the documented JSON shape.
	ErrMalformed = errors.New("edgar: malformed response")
)

// StatusError is a non-200 HTTP answer. SEC uses 403 both for a missing
// User-Agent and for exceeding its rate limit, and 429 for the latter too.
type StatusError struct {
	StatusCode int
	URL        string
	// RetryAfter is the server's Retry-After (0 if absent). The client
	// sends no further request before it has passed.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("edgar: GET %s: HTTP %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Throttled reports whether SEC refused the request for its rate or
// User-Agent policy (403 or 429).
func (e *StatusError) Throttled() bool {
	return e.StatusCode == http.StatusForbidden || e.StatusCode == http.StatusTooManyRequests
}

// CIK is SEC's Central Index Key.
type CIK int64

// Padded returns the 10-digit zero-padded form used in submissions URLs.
func (c CIK) Padded() string { return fmt.Sprintf("%010d", int64(c)) }

// String returns the CIK without padding, as in archive URLs.
func (c CIK) String() string { return strconv.FormatInt(int64(c), 10) }

// Config configures a Client.
type Config struct {
	// BaseURL replaces both real hosts when set (see the package doc).
	BaseURL string
	// Contact is required: who you are and an e-mail address, sent as the
	// User-Agent, e.g. "KR Market user@example.com".
	Contact string
	// HTTPClient defaults to a new http.Client.
	HTTPClient *http.Client
	// Timeout bounds each request (default 30 s).
	Timeout time.Duration
	// RatePerSecond caps requests per second across the client (default 8,
	// values above 10 are lowered to 10).
	RatePerSecond float64
}

// Client talks to EDGAR. It is safe for concurrent use.
type Client struct {
	cfg     Config
	www     string
	data    string
	limiter *rate.Limiter

	mu         sync.Mutex // guards pauseUntil
	pauseUntil time.Time  // from the last Retry-After

	ciksMu sync.Mutex // held while fetching the ticker list
	ciks   map[string]CIK
}

// New returns a Client for cfg. A missing Contact is reported by every call
// (ErrNoContact), not here, so a client can be built before it is configured.
func New(cfg Config) *Client {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.RatePerSecond <= 0 {
		cfg.RatePerSecond = DefaultRate
	}
	cfg.RatePerSecond = min(cfg.RatePerSecond, MaxRate)
	cfg.Contact = strings.TrimSpace(cfg.Contact)
	c := &Client{cfg: cfg, www: wwwHost, data: dataHost,
		limiter: rate.NewLimiter(rate.Limit(cfg.RatePerSecond), 1)}
	if b := strings.TrimRight(cfg.BaseURL, "/"); b != "" {
		c.www, c.data = b, b
	}
	return c
}

// checkContact validates Config.Contact.
func checkContact(s string) error {
	if s == "" || !strings.Contains(s, "@") {
		return ErrNoContact
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("%w: it contains a control character", ErrNoContact)
		}
	}
	return nil
}
