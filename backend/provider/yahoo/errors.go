package yahoo

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Sentinel errors; test with errors.Is. They are usually wrapped together
// with an *HTTPError that carries the status, body snippet and URL.
var (
	// ErrNoData: Yahoo answered but the result was empty (an empty or null
	// `result` array, an option chain with no expiry, ...).
	ErrNoData = errors.New("yahoo: no data")
	// ErrUnknownSymbol: Yahoo does not know the symbol (404 "Not Found").
	ErrUnknownSymbol = errors.New("yahoo: unknown symbol")
	// ErrSession: no cookie + crumb session could be established (no A3
	// cookie, crumb rejected as HTML or "Too Many Requests", consent failed).
	ErrSession = errors.New("yahoo: no session")
	// ErrBadResponse: the body was not the JSON that was asked for
	// (truncated, HTML instead of JSON, wrong shape).
	ErrBadResponse = errors.New("yahoo: bad response")
)

// HTTPError is the final error of a request that failed after the session
// refresh and the retries. It never contains the crumb or a cookie: URL has
// the crumb parameter removed and Body is redacted.
type HTTPError struct {
	Status   int    // HTTP status; 0 when no response arrived (timeout, connection error)
	Body     string // first bytes of the response body, one line, secrets removed
	URL      string // request URL without the crumb
	Attempts int    // requests made, including the one after a session refresh
	Err      error  // transport cause when Status is 0 (e.g. context.DeadlineExceeded), else nil
}

func (e *HTTPError) Error() string {
	var b strings.Builder
	b.WriteString("yahoo: GET ")
	b.WriteString(e.URL)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Body != "" {
		b.WriteString(": ")
		b.WriteString(e.Body)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (%d attempts)", e.Attempts)
	}
	return b.String()
}

func (e *HTTPError) Unwrap() error { return e.Err }

// APIError is Yahoo's own error object ({"code": ..., "description": ...})
// found inside a JSON envelope.
type APIError struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

func (e *APIError) Error() string {
	return "yahoo: " + e.Code + ": " + e.Description
}

// snippetLen bounds HTTPError.Body.
const snippetLen = 200

// secrets removes a session's crumb and cookie values from text.
type secrets []string

func (s secrets) redact(text string) string {
	for _, v := range s {
		if len(v) >= 4 { // shorter values would redact innocent text
			text = strings.ReplaceAll(text, v, "REDACTED")
			if esc := url.QueryEscape(v); esc != v {
				text = strings.ReplaceAll(text, esc, "REDACTED")
			}
		}
	}
	return text
}

// snippet is the start of body as one redacted, valid UTF-8 line.
func (s secrets) snippet(body []byte) string {
	text := s.redact(string(body))
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > snippetLen {
		cut := snippetLen
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return strings.ToValidUTF8(text, "?")
}

// stripCrumb returns u without its crumb query parameter.
func stripCrumb(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	q := p.Query()
	if !q.Has("crumb") {
		return u
	}
	q.Del("crumb")
	p.RawQuery = q.Encode()
	return p.String()
}

// cleanTransportErr drops the request URL (which carries the crumb) from a
// transport error and redacts what is left.
func (s secrets) cleanTransportErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: stripCrumb(ue.URL), Err: s.cleanInner(ue.Err)}
	}
	return s.cleanInner(err)
}

func (s secrets) cleanInner(err error) error {
	if err == nil {
		return nil
	}
	if msg := err.Error(); s.redact(msg) != msg {
		return errors.New(s.redact(msg))
	}
	return err
}
