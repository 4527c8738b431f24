// Package sources tracks the health of each live data source: ok, failing
// since when (and why), rate-limited until when, or off. Providers report
// outcomes; health, the badge and data_source ("live" vs "stale") read it.
package sources

import (
	"errors"
	"sort"
	"sync"
	"time"
)

// Source names.
const (
	Yahoo   = "yahoo"
	Naver   = "naver"
	Binance = "binance"
	Edgar   = "edgar"
	News    = "news"
)

// States.
const (
	StateOK          = "ok"
	StateFailing     = "failing"
	StateRateLimited = "rate_limited"
	StateOff         = "off"
	StateUnknown     = "unknown" // configured, not used yet
)

// Status is one source's state as shown to the user.
type Status struct {
	Name         string     `json:"name"`
	State        string     `json:"state"`
	LastSuccess  *time.Time `json:"last_success,omitempty"`
	FailingSince *time.Time `json:"failing_since,omitempty"`
	LimitedUntil *time.Time `json:"rate_limited_until,omitempty"`
	LastError    string     `json:"last_error,omitempty"`
	Requests     int64      `json:"requests"`
	Failures     int64      `json:"failures"`
}

// RateLimited is implemented by provider errors that carry a retry time.
type RateLimited interface{ RetryAfter() time.Duration }

// Registry holds every source's status. It is safe for concurrent use.
type Registry struct {
	mu  sync.Mutex
	now func() time.Time
	m   map[string]*Status
}

// New returns a registry with the given sources in state unknown.
func New(now func() time.Time, names ...string) *Registry {
	r := &Registry{now: now, m: map[string]*Status{}}
	for _, n := range names {
		r.m[n] = &Status{Name: n, State: StateUnknown}
	}
	return r
}

func (r *Registry) get(name string) *Status {
	s, ok := r.m[name]
	if !ok {
		s = &Status{Name: name, State: StateUnknown}
		r.m[name] = s
	}
	return s
}

// SetOff marks a source as disabled (demo mode or not configured).
func (r *Registry) SetOff(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.get(name).State = StateOff
}

// Report records the outcome of one call. msg is a safe, redacted
// description of err (never include secrets).
func (r *Registry) Report(name string, err error, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.get(name)
	now := r.now().UTC()
	s.Requests++
	if err == nil {
		s.State, s.LastSuccess, s.FailingSince, s.LimitedUntil, s.LastError = StateOK, &now, nil, nil, ""
		return
	}
	s.Failures++
	s.LastError = msg
	var rl RateLimited
	if errors.As(err, &rl) && rl.RetryAfter() > 0 {
		until := now.Add(rl.RetryAfter())
		s.State, s.LimitedUntil = StateRateLimited, &until
	} else {
		s.State = StateFailing
	}
	if s.FailingSince == nil {
		s.FailingSince = &now
	}
}

// Status returns one source's status.
func (r *Registry) Status(name string) Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return *r.get(name)
}

// All returns every source's status, sorted by name.
func (r *Registry) All() []Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Status, 0, len(r.m))
	for _, s := range r.m {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Healthy reports whether a source's last call succeeded (or it was never
// used); failing and rate-limited sources make stored live data "stale".
func (r *Registry) Healthy(name string) bool {
	st := r.Status(name).State
	return st == StateOK || st == StateUnknown
}
