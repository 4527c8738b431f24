// Package naver reads KR investor flows — daily foreign and institutional
// net buying per stock — from Naver Finance's per-stock investor page
// (https://finance.naver.com/item/frgn.naver?code=005930&page=1), which
// replaced KRX's data portal once that began to require a login.
//
// The page is EUC-KR HTML with a table (class type2) of about 20 trading
// days per page, newest first: date, close, change, change %, volume,
// institutional net buying, foreign net buying, foreign holdings and foreign
// holding ratio. Client.Rows returns those rows; Client.Flows turns them
// into market.Flow values.
//
// Naver publishes no figure for individuals, so Flow.RetailNet is an
// estimate: −(foreign + institutional). It lumps individuals together with
// the "other corporations" investor group and is only as good as that
// approximation.
//
// A Client is safe for concurrent use. Its requests, from all goroutines,
// are spaced at least Config.MinInterval apart; share one Client per
// process to stay polite.
package naver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"krmarket/backend/calendar"
	"krmarket/backend/data"
	"krmarket/backend/market"
)

// DefaultBaseURL is Naver Finance.
const DefaultBaseURL = "https://finance.naver.com"

// Defaults applied by New to zero Config fields.
const (
	DefaultMinInterval = 300 * time.Millisecond
	DefaultTimeout     = 15 * time.Second
	DefaultUserAgent   = "Mozilla/5.0 (compatible; krmarket/1.0)"
)

// maxBody caps a page read (real pages are about 60 KB).
const maxBody = 4 << 20

// Config configures a Client. The zero value is usable.
type Config struct {
	// BaseURL is the scheme and host to query; "" means DefaultBaseURL.
	BaseURL string
	// HTTPClient sends the requests; nil means a new http.Client. Its
	// redirect policy is overridden: redirects are returned as
	// *StatusError, never followed.
	HTTPClient *http.Client
	// MinInterval is the minimum spacing between two requests of this
	// Client; 0 means DefaultMinInterval, negative means no spacing.
	MinInterval time.Duration
	// Timeout bounds each request (including reading the body); 0 means
	// DefaultTimeout, negative means none beyond the caller's context.
	Timeout time.Duration
	// UserAgent is sent with every request; "" means DefaultUserAgent.
	UserAgent string
	// Now is the clock used to drop the row of a session still in
	// progress; nil means time.Now.
	Now func() time.Time
}

// Client fetches investor flows from Naver Finance.
type Client struct {
	base    string
	http    *http.Client
	limiter *rate.Limiter
	timeout time.Duration
	ua      string
	now     func() time.Time
	krx     *calendar.Calendar
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	c := &Client{
		base:    strings.TrimRight(cfg.BaseURL, "/"),
		timeout: cfg.Timeout,
		ua:      cfg.UserAgent,
		now:     cfg.Now,
		krx:     calendar.KRX(),
	}
	if c.base == "" {
		c.base = DefaultBaseURL
	}
	hc := http.Client{}
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	switch {
	case cfg.MinInterval == 0:
		c.limiter = rate.NewLimiter(rate.Every(DefaultMinInterval), 1)
	case cfg.MinInterval > 0:
		c.limiter = rate.NewLimiter(rate.Every(cfg.MinInterval), 1)
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if c.ua == "" {
		c.ua = DefaultUserAgent
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// ValidCode reports whether code is a KRX short code: six characters,
// digits or capital letters, starting with a digit ("005930", "00680K").
func ValidCode(code string) bool { return data.ValidKRTicker(code) }

// Flows returns up to days trading days of investor flows for the KRX code,
// oldest first, fetching as many pages as needed. Flow.Symbol is the code
// itself (mapping it to "005930.KS" is the caller's business), Time the
// trading date at 00:00 UTC, and RetailNet the estimate −(foreign+inst).
// See Rows for which days are returned and for the errors.
func (c *Client) Flows(ctx context.Context, code string, days int) ([]market.Flow, error) {
	rows, err := c.Rows(ctx, code, days)
	if err != nil {
		return nil, err
	}
	out := make([]market.Flow, len(rows))
	for i, r := range rows {
		out[i] = market.Flow{
			Symbol:     code,
			Time:       r.Date.Unix(),
			ForeignNet: r.ForeignNet,
			InstNet:    r.InstNet,
			RetailNet:  -(r.ForeignNet + r.InstNet),
		}
	}
	return out, nil
}

// Rows returns up to days rows of the investor table for the KRX code,
// oldest first. Fewer are returned when the stock's history is shorter.
// The row of a session that has not closed yet (per the KRX calendar and
// Config.Now) is left out: its figures are provisional.
//
// Errors: ErrInvalidCode (before any request); ErrNoData if the first page
// has no rows; *StatusError for a non-200 answer; ErrUnexpectedPage,
// ErrTruncated or *ParseError for a page that cannot be read; the context's
// error on cancellation or timeout. All are wrapped with the code and page.
func (c *Client) Rows(ctx context.Context, code string, days int) ([]Row, error) {
	if !ValidCode(code) {
		return nil, fmt.Errorf("naver: %w: %q", ErrInvalidCode, code)
	}
	if days < 1 {
		return nil, fmt.Errorf("naver: days must be positive, got %d", days)
	}
	cutoff := c.krx.LastCompletedSession(c.now())
	var rows []Row // newest first
	var oldest time.Time
	for page := 1; len(rows) < days; page++ {
		p, err := c.Page(ctx, code, page)
		if err != nil {
			return nil, err
		}
		if page == 1 && len(p.Rows) == 0 {
			return nil, fmt.Errorf("naver: %s: %w", code, ErrNoData)
		}
		advanced := false
		for _, r := range p.Rows {
			// Past its last page Naver serves the last page again: rows
			// not older than those already read end the walk.
			if !oldest.IsZero() && !r.Date.Before(oldest) {
				continue
			}
			oldest, advanced = r.Date, true
			if r.Date.After(cutoff) {
				continue
			}
			rows = append(rows, r)
		}
		if !advanced || (p.LastPage > 0 && page >= p.LastPage) {
			break
		}
	}
	rows = rows[:min(len(rows), days)]
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	return rows, nil
}

// Page fetches and parses one page (1-based) of the investor table for
// the code, newest rows first. It waits its turn under the Client's rate
// limit. An empty table is not an error here.
func (c *Client) Page(ctx context.Context, code string, page int) (*Page, error) {
	if !ValidCode(code) {
		return nil, fmt.Errorf("naver: %w: %q", ErrInvalidCode, code)
	}
	if page < 1 {
		return nil, fmt.Errorf("naver: page must be positive, got %d", page)
	}
	u := c.base + "/item/frgn.naver?" + url.Values{"code": {code}, "page": {strconv.Itoa(page)}}.Encode()
	body, ctype, err := c.get(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("naver: %s page %d: %w", code, page, err)
	}
	text, err := Decode(body, ctype)
	if err != nil {
		return nil, fmt.Errorf("naver: %s page %d: %w", code, page, err)
	}
	p, err := ParsePage(text)
	if err != nil {
		return nil, fmt.Errorf("naver: %s page %d: %w", code, page, err)
	}
	return p, nil
}

// get performs one rate-limited GET and returns the body and Content-Type.
func (c *Client) get(ctx context.Context, u string) ([]byte, string, error) {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return nil, "", fmt.Errorf("waiting for the rate limit: %w", ctxErr(ctx, err))
		}
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Accept-Language", "ko-KR,ko;q=0.9")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, "", &StatusError{StatusCode: resp.StatusCode, URL: u, Location: resp.Header.Get("Location")}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, "", fmt.Errorf("reading body: %w", err)
	}
	if len(body) > maxBody {
		return nil, "", fmt.Errorf("%w: body larger than %d bytes", ErrUnexpectedPage, maxBody)
	}
	return body, resp.Header.Get("Content-Type"), nil
}

// ctxErr prefers the context's own error to the limiter's paraphrase
// ("would exceed context deadline") so callers can test errors.Is.
func ctxErr(ctx context.Context, err error) error {
	if e := ctx.Err(); e != nil {
		return e
	}
	if _, ok := ctx.Deadline(); ok {
		return fmt.Errorf("%w: %v", context.DeadlineExceeded, err)
	}
	return err
}
