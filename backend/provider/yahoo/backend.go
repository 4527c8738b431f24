package yahoo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/form"
)

var _ finance.Backend = (*Client)(nil)

// Browser-like request headers; Yahoo answers 429 to obvious bots.
const (
	userAgent      = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"
	acceptJSON     = "application/json,text/plain;q=0.9,*/*;q=0.8"
	acceptHTML     = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	acceptText     = "text/plain,*/*;q=0.8"
	acceptLanguage = "en-US,en;q=0.9"
	origin         = "https://finance.yahoo.com"

	maxBody       = 32 << 20
	baseBackoff   = 500 * time.Millisecond
	maxBackoff    = 30 * time.Second
	maxRetryAfter = 5 * time.Minute // a longer Retry-After fails the call instead of sleeping
)

// reply is a read response.
type reply struct {
	status int
	header http.Header
	body   []byte
	final  *url.URL // URL after redirects
}

// send makes one request with the session's jar: rate limit, per-request
// timeout, browser headers, whole body read.
func (c *Client) send(ctx context.Context, s *session, method, rawURL string, form url.Values, accept string) (*reply, error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	rctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(rctx, method, rawURL, body)
	if err != nil {
		return nil, err
	}
	h := req.Header
	h.Set("User-Agent", userAgent)
	h.Set("Accept", accept)
	h.Set("Accept-Language", acceptLanguage)
	h.Set("Origin", origin)
	h.Set("Referer", origin+"/")
	if form != nil {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := s.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return nil, err
	}
	return &reply{status: res.StatusCode, header: res.Header, body: b, final: res.Request.URL}, nil
}

// Call implements finance.Backend. It rewrites finance-go's retired
// /v6/finance/quote and /v6/finance/options paths to /v7, drops options'
// date=-1, adds the crumb, and decodes the JSON into v after checking the
// envelope (Yahoo error object → error; empty result → ErrNoData).
func (c *Client) Call(path string, body *form.Values, ctx *context.Context, v interface{}) error {
	cx := context.Background()
	if ctx != nil && *ctx != nil {
		cx = *ctx
	}
	p, q := rewrite(path, body)
	data, err := c.fetchJSON(cx, p, q)
	if err == nil {
		err = decodeResponse(data, v)
		if err != nil {
			err = fmt.Errorf("yahoo: %s: %w", p, err)
		}
	}
	if err != nil {
		// finance-go's quote package flattens errors into strings; the typed
		// error is handed back through the context (see withErrSlot).
		if slot, ok := cx.Value(errSlotKey{}).(*errSlot); ok {
			slot.set(err)
		}
	}
	return err
}

// rewrite maps a finance-go path + form to the path and query to request.
func rewrite(path string, body *form.Values) (string, url.Values) {
	p := "/" + strings.TrimLeft(path, "/")
	q := url.Values{}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		q, _ = url.ParseQuery(p[i+1:])
		p = p[:i]
	}
	if body != nil {
		for k, vs := range body.ToValues() {
			for _, v := range vs {
				q.Add(k, v)
			}
		}
	}
	switch {
	case p == "/v6/finance/quote":
		p = "/v7/finance/quote"
	case strings.HasPrefix(p, "/v6/finance/options/"):
		p = "/v7/finance/options/" + strings.TrimPrefix(p, "/v6/finance/options/")
	}
	if strings.HasPrefix(p, "/v7/finance/options/") && q.Has("date") {
		if d, err := strconv.ParseInt(q.Get("date"), 10, 64); err != nil || d <= 0 {
			q.Del("date") // finance-go sends date=-1 for "nearest"
		}
	}
	q.Del("crumb")
	return p, q
}

// outcome classifies one attempt.
type outcome int

const (
	outOK        outcome = iota
	outSession           // 401/403/429/Invalid Crumb, or HTML instead of JSON: refresh once
	outTransient         // 5xx, 408, timeout, connection error: back off
	outNotFound          // 404
	outFatal             // other 4xx
)

func classify(rep *reply, err error) outcome {
	switch {
	case err != nil:
		return outTransient
	case len(rep.body) < 1024 && (bytes.Contains(rep.body, []byte("Invalid Crumb")) || bytes.Contains(rep.body, []byte("Invalid Cookie"))):
		return outSession // also when Yahoo sends it with another status, 200 included
	case rep.status >= 200 && rep.status < 300:
		if looksJSON(rep) {
			return outOK
		}
		return outSession
	case rep.status == http.StatusUnauthorized, rep.status == http.StatusForbidden,
		rep.status == http.StatusTooManyRequests:
		return outSession
	case rep.status == http.StatusNotFound:
		return outNotFound
	case rep.status == http.StatusRequestTimeout, rep.status >= 500:
		return outTransient
	}
	return outFatal
}

// looksJSON: a JSON content type, or a body that starts like JSON (Yahoo's
// content types are not always right).
func looksJSON(rep *reply) bool {
	mt, _, _ := mime.ParseMediaType(rep.header.Get("Content-Type"))
	if strings.Contains(mt, "json") {
		return true
	}
	b := bytes.TrimSpace(rep.body)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// fetchJSON GETs a data endpoint on the query host with the session's
// crumb. On 401/403/429/"Invalid Crumb" (or an HTML page instead of JSON)
// it refreshes the session once and retries; then 429, 5xx, 401/403 and
// timeouts are retried up to MaxRetries times with exponential backoff and
// jitter, honouring Retry-After.
func (c *Client) fetchJSON(ctx context.Context, path string, q url.Values) ([]byte, error) {
	refreshed := false
	retries, attempts := 0, 0
	for {
		s, err := c.session(ctx)
		if err != nil {
			return nil, err
		}
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("crumb", s.crumb)
		u := c.hosts.url(hostQuery2, path, qq)
		attempts++
		rep, err := c.send(ctx, s, http.MethodGet, u, nil, acceptJSON)
		out := classify(rep, err)
		if out == outOK {
			return rep.body, nil
		}
		herr := c.httpError(s, u, rep, err, attempts)
		if ctx.Err() != nil {
			return nil, fmt.Errorf("yahoo: GET %s: %w", herr.URL, ctx.Err())
		}
		log := c.log.WithField("url", herr.URL).WithField("status", herr.Status)
		switch out {
		case outNotFound:
			// A symbol Yahoo does not know: 404 with the endpoint's own
			// envelope ({"chart":{"error":{"code":"Not Found"}}}); a 404
			// for an unknown path comes in the "finance" envelope.
			if key, apiErr := envelopeError(rep.body); apiErr != nil && key != "finance" {
				return nil, fmt.Errorf("%w: %w", ErrUnknownSymbol, herr)
			}
			return nil, herr
		case outFatal:
			return nil, herr
		case outSession:
			if !refreshed {
				refreshed = true
				log.Info("yahoo: refreshing the session")
				if _, rerr := c.refresh(ctx, s); rerr != nil {
					return nil, fmt.Errorf("%w (after %w)", rerr, herr)
				}
				continue
			}
			if rep.status < 300 && !looksJSON(rep) {
				return nil, fmt.Errorf("%w: %q instead of JSON: %w", ErrBadResponse, rep.header.Get("Content-Type"), herr)
			}
		}
		wait := time.Duration(0)
		if rep != nil {
			wait = parseRetryAfter(rep.header.Get("Retry-After"), c.now())
		}
		if retries >= c.retries {
			return nil, herr
		}
		d, ok := c.backoff(retries, wait)
		if !ok {
			return nil, herr
		}
		retries++
		log.WithField("wait", d.String()).WithField("retry", retries).Debug("yahoo: retrying")
		if err := c.sleep(ctx, d); err != nil {
			return nil, fmt.Errorf("%w (while backing off after %w)", err, herr)
		}
	}
}

// httpError describes an attempt with the secrets removed.
func (c *Client) httpError(s *session, u string, rep *reply, err error, attempts int) *HTTPError {
	e := &HTTPError{URL: stripCrumb(u), Attempts: attempts}
	if err != nil {
		e.Err = s.secrets.cleanTransportErr(err)
		var ue *url.Error
		if errors.As(e.Err, &ue) {
			e.Err = ue.Err // the URL is already in e.URL
		}
		return e
	}
	e.Status = rep.status
	if rep.status >= 300 || !looksJSON(rep) {
		e.Body = s.secrets.snippet(rep.body)
	}
	return e
}

// backoff returns the wait before retry n (0-based): 0.5s·2ⁿ capped at 30s,
// with full jitter over its upper half, and at least Retry-After. ok is
// false when Retry-After is beyond maxRetryAfter.
func (c *Client) backoff(n int, retryAfter time.Duration) (time.Duration, bool) {
	if retryAfter > maxRetryAfter {
		return 0, false
	}
	d := baseBackoff << min(n, 16)
	if d > maxBackoff || d <= 0 {
		d = maxBackoff
	}
	d = d/2 + rand.N(d/2+1)
	if retryAfter > 0 && d < retryAfter {
		d = retryAfter + rand.N(retryAfter/10+1)
	}
	return d, true
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter + time.Second
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// envelopes are the top-level objects of Yahoo's JSON answers.
type envelopes struct {
	Chart         *envelope `json:"chart"`
	QuoteResponse *envelope `json:"quoteResponse"`
	OptionChain   *envelope `json:"optionChain"`
	QuoteSummary  *envelope `json:"quoteSummary"`
	Finance       *envelope `json:"finance"`
}

// first returns the first envelope present and its key.
func (e *envelopes) first() (string, *envelope) {
	for _, kv := range [...]struct {
		k string
		v *envelope
	}{{"chart", e.Chart}, {"quoteResponse", e.QuoteResponse}, {"optionChain", e.OptionChain},
		{"quoteSummary", e.QuoteSummary}, {"finance", e.Finance}} {
		if kv.v != nil {
			return kv.k, kv.v
		}
	}
	return "", nil
}

type envelope struct {
	Result resultShape `json:"result"`
	Error  *APIError   `json:"error"`
}

// resultShape records what `result` is without copying it.
type resultShape struct {
	notArray bool // present, not null and not an array
	items    bool // a non-empty array
}

func (r *resultShape) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*r = resultShape{}
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
	case b[0] != '[':
		r.notArray = true
	default:
		rest := bytes.TrimSpace(b[1:])
		r.items = len(rest) > 0 && rest[0] != ']'
	}
	return nil
}

// envelopeError returns the envelope key and Yahoo error object of a body,
// if any.
func envelopeError(body []byte) (string, *APIError) {
	var env envelopes
	if json.Unmarshal(body, &env) != nil {
		return "", nil
	}
	key, e := env.first()
	if e == nil || e.Error == nil || (e.Error.Code == "" && e.Error.Description == "") {
		return "", nil
	}
	return key, e.Error
}

// decodeResponse checks the envelope of a 2xx body and decodes it into v.
func decodeResponse(body []byte, v any) error {
	var env envelopes
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	key, inner := env.first()
	if inner == nil {
		return fmt.Errorf("%w: unexpected JSON envelope", ErrBadResponse)
	}
	if e := inner.Error; e != nil && (e.Code != "" || e.Description != "") {
		if e.Code == "Not Found" {
			return fmt.Errorf("%w: %w", ErrUnknownSymbol, e)
		}
		return e
	}
	if inner.Result.notArray {
		return fmt.Errorf("%w: %s.result is not an array", ErrBadResponse, key)
	}
	if !inner.Result.items && key != "quoteResponse" {
		return fmt.Errorf("%w: empty %s result", ErrNoData, key)
	}
	if key == "chart" {
		if _, own := v.(*chartEnvelope); !own {
			// finance-go's chart indexes the arrays by timestamp unchecked.
			var ce chartEnvelope
			if err := json.Unmarshal(body, &ce); err != nil {
				return fmt.Errorf("%w: %v", ErrBadResponse, err)
			}
			if err := ce.check(); err != nil {
				return err
			}
		}
	}
	if v == nil {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	return nil
}

// errSlot carries the typed error of a Call back to a caller whose
// finance-go package flattens it (quote wraps errors with fmt "%s").
type errSlot struct {
	mu  sync.Mutex
	err error
}

type errSlotKey struct{}

func withErrSlot(ctx context.Context) (context.Context, *errSlot) {
	s := &errSlot{}
	return context.WithValue(ctx, errSlotKey{}, s), s
}

func (s *errSlot) set(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

func (s *errSlot) get() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
