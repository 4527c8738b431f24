package binance

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors, for errors.Is.
var (
	// ErrInvalidSymbol: Binance answered code -1121 "Invalid symbol.", or
	// the symbol was rejected before any request (not 1–20 characters of
	// A–Z, 0–9, '-', '_', '.').
	ErrInvalidSymbol = errors.New("invalid symbol")
	// ErrMalformed: a 200 response whose body is not the documented shape
	// (bad JSON, short arrays, non-numeric or non-finite numbers, candles
	// out of order).
	ErrMalformed = errors.New("malformed response")
)

// Binance error codes of interest.
const (
	CodeTooManyRequests = -1003
	CodeInvalidInterval = -1120
	CodeInvalidSymbol   = -1121
)

// APIError is a non-200 answer other than a rate limit: Binance's JSON
// error {"code":-1121,"msg":"Invalid symbol."} when the body has one.
type APIError struct {
	StatusCode int
	Code       int    // Binance's error code, 0 if the body had none
	Msg        string // Binance's message, or the start of the body
	URL        string
}

func (e *APIError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("HTTP %d from %s: %d %s", e.StatusCode, e.URL, e.Code, e.Msg)
	}
	return fmt.Sprintf("HTTP %d %s from %s: %s", e.StatusCode, http.StatusText(e.StatusCode), e.URL, e.Msg)
}

// Is makes errors.Is(err, ErrInvalidSymbol) true for code -1121.
func (e *APIError) Is(target error) bool {
	return target == ErrInvalidSymbol && e.Code == CodeInvalidSymbol
}

// RateLimitError is Binance refusing requests: HTTP 429 (too much weight,
// back off for RetryAfter) or 418 (the IP is banned until Until after
// ignoring 429s). It is also returned without a request while a previous
// 429 or 418 still applies and the wait exceeds Config.MaxRetryWait (a ban
// is never waited out).
type RateLimitError struct {
	StatusCode int // 429 or 418
	RetryAfter time.Duration
	Until      time.Time
	Msg        string
}

func (e *RateLimitError) Error() string {
	what := "rate limited"
	if e.StatusCode == http.StatusTeapot {
		what = "IP banned"
	}
	s := fmt.Sprintf("%s (HTTP %d) until %s", what, e.StatusCode, e.Until.UTC().Format(time.RFC3339))
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}
