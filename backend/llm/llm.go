// Package llm holds two small LLM clients that answer one prompt with one
// JSON object: an OpenAI-compatible chat-completions client (OpenAI, Ollama,
// LM Studio, vLLM, …) and a Gemini generateContent client. They use
// net/http directly: each is one POST and one response shape, so an SDK
// would add far more code (and dependencies to pin) than it saves.
//
// Both clients:
//   - bound every HTTP attempt by the provider's timeout and retry twice, with
//     backoff (500 ms, then 1 s, or the server's Retry-After up to 10 s), on
//     429, 5xx, timeouts and network errors, never past the caller's deadline;
//   - return *Error with a Kind; Fatal kinds (rate limit after the retries,
//     exhausted quota, rejected key, unknown model) fail every further call
//     the same way, so callers stop using the provider for the run;
//   - keep the API key out of URLs (Authorization or x-goog-api-key header)
//     and scrub it from every error text, so it cannot reach a log line or
//     a response even when a server echoes it back;
//   - accept the answer as pure JSON or, failing that, the first balanced
//     {...} block of the text that is valid JSON (ExtractJSON).
package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Request is one question: a system instruction, the prompt and the JSON
// Schema the answer object must follow.
type Request struct {
	System     string
	Prompt     string
	SchemaName string         // a short identifier, e.g. "stock_verdict"
	Schema     map[string]any // JSON Schema of the answer object
}

// Client answers a request with one JSON object.
type Client interface {
	// Name is the provider: "openai" or "gemini".
	Name() string
	// Complete returns the answer object as raw JSON.
	Complete(ctx context.Context, req Request) (json.RawMessage, error)
}

// Error kinds.
const (
	KindRateLimited = "rate_limited"     // 429 after the retries
	KindQuota       = "quota"            // the account's quota is exhausted
	KindAuth        = "auth"             // 401/403: missing or rejected key
	KindNotFound    = "not_found"        // 404: unknown model or path
	KindBadRequest  = "bad_request"      // other 4xx
	KindServer      = "server_error"     // 5xx after the retries
	KindTimeout     = "timeout"          // every attempt timed out
	KindNetwork     = "network"          // connection failed
	KindInvalid     = "invalid_response" // no usable JSON object in the answer
	KindBlocked     = "blocked"          // the provider refused to answer (safety)
	KindDeadline    = "deadline"         // the caller's deadline passed
	KindCanceled    = "canceled"         // the caller gave up
)

// Error is a failed call. Msg never contains the API key.
type Error struct {
	Provider string
	Kind     string
	Status   int    // HTTP status, 0 if none
	Msg      string // short, redacted detail

	retryAfter time.Duration
}

func (e *Error) Error() string {
	s := e.Provider + ": " + e.Kind
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// Fatal reports whether every further call to the provider would fail the
// same way (rate limit, quota, key, model), so it should not be used again
// in this run.
func (e *Error) Fatal() bool {
	switch e.Kind {
	case KindRateLimited, KindQuota, KindAuth, KindNotFound:
		return true
	}
	return false
}

// RetryAfter tells how long a rate-limited provider should be left alone
// (sources.RateLimited): the server's Retry-After, else a minute for a
// rate limit and an hour for a spent quota; 0 for other failures.
func (e *Error) RetryAfter() time.Duration {
	switch {
	case e.Kind == KindRateLimited && e.retryAfter > 0:
		return e.retryAfter
	case e.Kind == KindRateLimited:
		return time.Minute
	case e.Kind == KindQuota:
		return time.Hour
	}
	return 0
}

// KindOf returns err's kind ("" for nil, KindNetwork for foreign errors).
func KindOf(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindNetwork
}

// IsFatal reports whether err is a Fatal *Error.
func IsFatal(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Fatal()
}

// Options are what both clients share.
type Options struct {
	BaseURL    string
	Model      string
	Key        string        // API key ("" = none)
	Timeout    time.Duration // one attempt; default 20 s
	HTTPClient *http.Client  // default: a new client (no overall timeout: attempts have their own)
	Retries    int           // extra attempts on 429/5xx/timeouts; default 2, -1 = none
	Backoff    time.Duration // first retry delay, doubled each time; default 500 ms
	// MaxRetryAfter caps how long a server's Retry-After is honoured; default 10 s.
	MaxRetryAfter time.Duration
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{}
	}
	switch {
	case o.Retries == 0:
		o.Retries = 2
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 10 * time.Second
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	return o
}

// maxBody bounds a response body.
const maxBody = 1 << 20

// poster sends JSON POSTs for one provider with retries.
type poster struct {
	provider string
	o        Options
}

// redact removes the key from s.
func (p *poster) redact(s string) string {
	if p.o.Key != "" {
		s = strings.ReplaceAll(s, p.o.Key, "[REDACTED]")
	}
	return s
}

func (p *poster) fail(kind string, status int, msg string) *Error {
	msg = p.redact(msg)
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…"
	}
	return &Error{Provider: p.provider, Kind: kind, Status: status, Msg: msg}
}

// post sends body to url with the headers, retrying as documented; it
// returns the 2xx response body, or the error of the last attempt.
// A 400 is returned at once (callers may change the request and retry).
func (p *poster) post(ctx context.Context, url string, header http.Header, body any) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, p.fail(KindBadRequest, 0, "encode request: "+err.Error())
	}
	delay := p.o.Backoff
	for attempt := 0; ; attempt++ {
		b, err := p.once(ctx, url, header, payload)
		if err == nil {
			return b, nil
		}
		if !retryable(err.Kind) || attempt >= p.o.Retries {
			return nil, err
		}
		wait := delay
		if err.retryAfter > 0 {
			wait = min(err.retryAfter, p.o.MaxRetryAfter)
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return nil, err // waiting would outlast the caller
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, p.ctxErr(ctx)
		case <-t.C:
		}
		delay *= 2
	}
}

func retryable(kind string) bool {
	switch kind {
	case KindRateLimited, KindServer, KindTimeout, KindNetwork:
		return true
	}
	return false
}

func (p *poster) ctxErr(ctx context.Context) *Error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return p.fail(KindDeadline, 0, "the analysis deadline passed")
	}
	return p.fail(KindCanceled, 0, "canceled")
}

// once is one attempt.
func (p *poster) once(ctx context.Context, url string, header http.Header, payload []byte) ([]byte, *Error) {
	if ctx.Err() != nil {
		return nil, p.ctxErr(ctx)
	}
	actx, cancel := context.WithTimeout(ctx, p.o.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return nil, p.fail(KindBadRequest, 0, "build request: "+err.Error())
	}
	req.Header = header.Clone()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := p.o.HTTPClient.Do(req)
	if err != nil {
		return nil, p.transportErr(ctx, actx, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, p.transportErr(ctx, actx, err)
	}
	if len(b) > maxBody {
		return nil, p.fail(KindInvalid, resp.StatusCode, "response larger than 1 MiB")
	}
	if resp.StatusCode/100 == 2 {
		return b, nil
	}
	e := p.fail(statusKind(resp.StatusCode, b), resp.StatusCode, errorMessage(b))
	e.retryAfter = retryAfter(resp.Header.Get("Retry-After"), b)
	return nil, e
}

func (p *poster) transportErr(ctx, actx context.Context, err error) *Error {
	if ctx.Err() != nil {
		return p.ctxErr(ctx)
	}
	var ne net.Error
	if actx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return p.fail(KindTimeout, 0, fmt.Sprintf("no answer within %s", p.o.Timeout))
	}
	return p.fail(KindNetwork, 0, err.Error())
}

func statusKind(status int, body []byte) string {
	switch {
	case status == http.StatusTooManyRequests:
		// OpenAI: the account has no credit left; Gemini: a per-day quota
		// (QuotaFailure quotaId …PerDay…) is spent. Retrying cannot help.
		if bytes.Contains(body, []byte("insufficient_quota")) || bytes.Contains(body, []byte("PerDay")) {
			return KindQuota
		}
		return KindRateLimited
	case status == http.StatusUnauthorized || status == http.StatusForbidden,
		status == http.StatusBadRequest && bytes.Contains(body, []byte("API_KEY_INVALID")): // Gemini answers a bad key with 400
		return KindAuth
	case status == http.StatusNotFound:
		return KindNotFound
	case status == http.StatusRequestTimeout || status == http.StatusGatewayTimeout:
		return KindTimeout
	case status >= 500:
		return KindServer
	}
	return KindBadRequest
}

// apiError is the error body both OpenAI and Gemini send.
type apiError struct {
	Error struct {
		Message string `json:"message"`
		Status  string `json:"status"` // Gemini: RESOURCE_EXHAUSTED, …
		Code    any    `json:"code"`   // OpenAI: "insufficient_quota"; Gemini: 429
		Details []struct {
			Type       string `json:"@type"`
			RetryDelay string `json:"retryDelay"` // Gemini RetryInfo: "13s"
		} `json:"details"`
	} `json:"error"`
}

func errorMessage(body []byte) string {
	var e apiError
	if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
		if e.Error.Status != "" {
			return e.Error.Status + ": " + e.Error.Message
		}
		return e.Error.Message
	}
	s := strings.TrimSpace(string(body))
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// retryAfter reads Retry-After (seconds) or Gemini's RetryInfo delay.
func retryAfter(h string, body []byte) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	var e apiError
	if json.Unmarshal(body, &e) == nil {
		for _, d := range e.Error.Details {
			if v, err := time.ParseDuration(d.RetryDelay); err == nil && v > 0 {
				return v
			}
		}
	}
	return 0
}

// answerObject returns text as a JSON object: the whole text when it is
// one, else the first {...} block that is valid JSON.
func answerObject(text string) (json.RawMessage, bool) {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "{") && json.Valid([]byte(t)) {
		return json.RawMessage(t), true
	}
	if blk, ok := ExtractJSON(t); ok {
		return json.RawMessage(blk), true
	}
	return nil, false
}
