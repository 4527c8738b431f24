// Package contract holds the pieces of the JSON contract that services and
// the API share: the success envelope and typed errors (DESIGN.md §5).
package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Data sources a response can carry.
const (
	SourceLive     = "live"
	SourceStale    = "stale"
	SourceDemo     = "demo"
	SourceImported = "imported"
)

// Meta is embedded in every success response: status, generated_at and
// data_source at the top level.
type Meta struct {
	Status      string `json:"status"`
	GeneratedAt string `json:"generated_at"`
	DataSource  string `json:"data_source"`
	// DataAge is the age in seconds of the newest live data, set with
	// data_source "stale" (and "live").
	DataAge *int64 `json:"data_age_seconds,omitempty"`
}

// SourceFunc tells what a market's data is and how old it is.
type SourceFunc func(ctx context.Context, market string) (source string, age *int64, err error)

// Conflict is a 409 error: the request clashes with work in progress.
func Conflict(code, format string, a ...any) *Error {
	return &Error{HTTP: http.StatusConflict, Code: code, Message: fmt.Sprintf(format, a...)}
}

// Stamp marks the response successful and generated at t.
func (m *Meta) Stamp(t time.Time) {
	m.Status = "success"
	m.GeneratedAt = t.UTC().Format(time.RFC3339)
}

// Stamped reports whether the service already set generated_at (a result
// computed earlier and served unchanged carries its computation time).
func (m *Meta) Stamped() bool { return m.GeneratedAt != "" }

// Stamper is implemented by every response type (through Meta).
type Stamper interface {
	Stamp(time.Time)
	Stamped() bool
}

// Error is an error with an HTTP status and a stable machine code.
type Error struct {
	HTTP    int    // HTTP status
	Code    string // e.g. "invalid_ticker"
	Message string // human-readable, safe to show
	Err     error  // cause, never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// BadRequest is a 400 error.
func BadRequest(code, format string, a ...any) *Error {
	return &Error{HTTP: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, a...)}
}

// NotFound is a 404 error.
func NotFound(code, format string, a ...any) *Error {
	return &Error{HTTP: http.StatusNotFound, Code: code, Message: fmt.Sprintf(format, a...)}
}

// Unavailable is a 503 error: the data is not there yet.
func Unavailable(code, format string, a ...any) *Error {
	return &Error{HTTP: http.StatusServiceUnavailable, Code: code, Message: fmt.Sprintf(format, a...)}
}

// AsError returns err's *Error, or a 500 "internal" error hiding err.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{HTTP: http.StatusInternalServerError, Code: "internal", Message: "internal error; see the log", Err: err}
}

// ErrorBody is the JSON shape of every error response.
type ErrorBody struct {
	Status  string `json:"status"`  // always "error"
	Error   string `json:"error"`   // machine code
	Message string `json:"message"` // human-readable
}
