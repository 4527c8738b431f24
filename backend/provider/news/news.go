// Package news reads headlines from RSS 2.0 and Atom feeds: Yahoo Finance's
// per-ticker feed and Google News search.
//
// URL mapping. Each feed's endpoint is, in order of precedence:
//
//   - Config.YahooURL / Config.GoogleURL when set;
//   - else BaseURL+"/yahoo/rss" / BaseURL+"/google/rss" when Config.BaseURL
//     is set (tests, proxies);
//   - else the real endpoints https://feeds.finance.yahoo.com/rss/2.0/headline
//     and https://news.google.com/rss/search.
//
// The query is added to that endpoint (keeping any query it already has):
//
//	Yahoo:  ?s=<ticker>&region=US&lang=en-US
//	Google: ?q=<query>&hl=ko&gl=KR&ceid=KR:ko   (lang "ko", the default)
//	        ?q=<query>&hl=en-US&gl=US&ceid=US:en (lang "en")
//
// so with BaseURL "http://127.0.0.1:8080" a ticker fetch is
// http://127.0.0.1:8080/yahoo/rss?lang=en-US&region=US&s=AAPL.
//
// Items are normalised: HTML is stripped from titles and summaries,
// summaries are cut to 1,000 characters, only http(s) links are kept,
// duplicates (same link or same title) are dropped, and the rest are sorted
// newest first and capped at Config.MaxItems.
package news

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Real endpoints.
const (
	yahooEndpoint  = "https://feeds.finance.yahoo.com/rss/2.0/headline"
	googleEndpoint = "https://news.google.com/rss/search"
)

// Defaults and limits.
const (
	DefaultTimeout   = 20 * time.Second
	DefaultMaxItems  = 20
	DefaultUserAgent = "Mozilla/5.0 (compatible; KRMarket/1.0; +rss)"
	maxBody          = 8 << 20
	maxQuery         = 200 // runes
)

// Errors. Failures are wrapped with context; test them with errors.Is/As.
var (
	// ErrNotFeed: the response is not a usable RSS or Atom document (HTML,
	// JSON, truncated or malformed XML, an unsupported encoding, an empty
	// body).
	ErrNotFeed = errors.New("news: not an RSS/Atom feed")
	// ErrBadInput: an invalid ticker, query or language.
	ErrBadInput = errors.New("news: invalid input")
)

// StatusError is a non-200 HTTP answer.
type StatusError struct {
	StatusCode int
	URL        string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("news: GET %s: HTTP %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
}

// Item is one normalised headline.
type Item struct {
	Title     string    `json:"title"`
	Summary   string    `json:"summary"` // plain text, may be ""
	URL       string    `json:"url"`     // http(s) link, may be ""
	Source    string    `json:"source"`  // publisher, e.g. "Reuters", "한국경제", "Yahoo Finance"
	Published time.Time `json:"published"`
}

// Config configures a Client.
type Config struct {
	// YahooURL is the Yahoo per-ticker feed endpoint (see the package doc).
	YahooURL string
	// GoogleURL is the Google News search feed endpoint.
	GoogleURL string
	// BaseURL, when set, serves both feeds at /yahoo/rss and /google/rss
	// (unless YahooURL or GoogleURL is set).
	BaseURL string
	// HTTPClient defaults to a new http.Client.
	HTTPClient *http.Client
	// Timeout bounds each request (default 20 s).
	Timeout time.Duration
	// MaxItems caps the items returned per call (default 20).
	MaxItems int
	// UserAgent defaults to DefaultUserAgent.
	UserAgent string
}

// Client fetches feeds. It is safe for concurrent use.
type Client struct {
	cfg    Config
	yahoo  string
	google string
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxItems <= 0 {
		cfg.MaxItems = DefaultMaxItems
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	c := &Client{cfg: cfg, yahoo: yahooEndpoint, google: googleEndpoint}
	if b := strings.TrimRight(cfg.BaseURL, "/"); b != "" {
		c.yahoo, c.google = b+"/yahoo/rss", b+"/google/rss"
	}
	if cfg.YahooURL != "" {
		c.yahoo = cfg.YahooURL
	}
	if cfg.GoogleURL != "" {
		c.google = cfg.GoogleURL
	}
	return c
}

// withQuery adds params to endpoint.
func withQuery(endpoint string, params url.Values) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: feed endpoint %q is not an http(s) URL", ErrBadInput, endpoint)
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
