// Package system answers questions about the app itself: health, version and
// the user's settings.
package system

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/store"
)

// Version is set at build time with -ldflags "-X krmarket/backend/system.Version=…";
// when empty, the VCS revision from the build info is used.
var Version = ""

// BuildVersion returns the app version string.
func BuildVersion() string {
	if Version != "" {
		return Version
	}
	rev, dirty := "dev", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if len(s.Value) >= 7 {
					rev = s.Value[:7]
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// Service holds what health and settings need.
type Service struct {
	st      *store.Store
	now     func() time.Time
	started time.Time
	mode    string // configured source mode: auto, demo, live
	apiAddr func() string

	mu  sync.Mutex
	cfg config.Config
}

// New returns the system service. apiAddr reports the local API's address
// ("" when it is not running).
func New(st *store.Store, cfg config.Config, now func() time.Time, apiAddr func() string) *Service {
	return &Service{st: st, now: now, started: now(), mode: cfg.Source, cfg: cfg, apiAddr: apiAddr}
}

// DBStatus is the database part of health.
type DBStatus struct {
	Status        string `json:"status"` // ok or error
	SchemaVersion int64  `json:"schema_version"`
	Error         string `json:"error,omitempty"`
}

// SourceState is one data source's state.
type SourceState struct {
	State  string `json:"state"` // ok, stale, failing, rate_limited, off
	Series int    `json:"series"`
}

// Health is the body of GET /api/health.
type Health struct {
	contract.Meta
	Service       string                 `json:"service"`
	Version       string                 `json:"version"`
	UptimeSeconds int64                  `json:"uptime_seconds"`
	SourceMode    string                 `json:"source_mode"`
	DB            DBStatus               `json:"db"`
	Sources       map[string]SourceState `json:"sources"`
}

// Health reports version, uptime, data source and database status.
func (s *Service) Health(ctx context.Context) (*Health, error) {
	h := &Health{
		Service:       "KR Market",
		Version:       BuildVersion(),
		UptimeSeconds: int64(s.now().Sub(s.started).Seconds()),
		SourceMode:    s.mode,
		Sources:       map[string]SourceState{},
	}
	h.DataSource = contract.SourceDemo
	if err := s.st.Ping(ctx); err != nil {
		h.DB = DBStatus{Status: "error", Error: "database does not answer"}
		return h, nil
	}
	v, err := s.st.SchemaVersion(ctx)
	if err != nil {
		h.DB = DBStatus{Status: "error", Error: "schema version unreadable"}
		return h, nil
	}
	h.DB = DBStatus{Status: "ok", SchemaVersion: v}
	sum, err := s.st.SourceSummary(ctx)
	if err != nil {
		return nil, err
	}
	for src, n := range sum {
		h.Sources[src] = SourceState{State: "ok", Series: n}
	}
	for _, src := range []string{contract.SourceLive, contract.SourceStale, contract.SourceImported} {
		if sum[src] > 0 {
			h.DataSource = src
			break
		}
	}
	return h, nil
}

// UISettings are the settings the UI can read and change.
type UISettings struct {
	Theme    string `json:"theme"`
	Language string `json:"language"`
	Source   string `json:"source"`
}

// APIInfo describes the local API for the settings view.
type APIInfo struct {
	Address          string   `json:"address"`
	Running          bool     `json:"running"`
	TokenFile        string   `json:"token_file"`
	TokenRequiredFor []string `json:"token_required_for"`
}

// SettingsResult is the body of GET/POST /api/settings. The token itself is
// never part of it; the window reads it through its own binding.
type SettingsResult struct {
	contract.Meta
	Settings UISettings `json:"settings"`
	API      APIInfo    `json:"api"`
}

// Settings returns the UI settings. tokenOps lists the routes that need the token.
func (s *Service) Settings(tokenOps []string) *SettingsResult {
	s.mu.Lock()
	c := s.cfg
	s.mu.Unlock()
	addr := s.apiAddr()
	r := &SettingsResult{
		Settings: UISettings{Theme: c.Theme, Language: c.Language, Source: c.Source},
		API:      APIInfo{Address: addr, Running: addr != "", TokenFile: config.TokenFile, TokenRequiredFor: tokenOps},
	}
	r.DataSource = contract.SourceDemo
	return r
}

// SettingsUpdate is the body of POST /api/settings; absent fields keep their value.
type SettingsUpdate struct {
	Theme    *string `json:"theme"`
	Language *string `json:"language"`
}

// UpdateSettings validates and saves a settings change.
func (s *Service) UpdateSettings(body []byte, tokenOps []string) (*SettingsResult, error) {
	var u SettingsUpdate
	if err := DecodeStrict(body, &u); err != nil {
		return nil, err
	}
	s.mu.Lock()
	c := s.cfg
	if u.Theme != nil {
		c.Theme = *u.Theme
	}
	if u.Language != nil {
		c.Language = *u.Language
	}
	if err := c.Validate(); err != nil {
		s.mu.Unlock()
		return nil, contract.BadRequest("invalid_settings", "%v", err)
	}
	if err := c.Save(); err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("save settings: %w", err)
	}
	s.cfg = c
	s.mu.Unlock()
	return s.Settings(tokenOps), nil
}

// DecodeStrict decodes one JSON object, rejecting unknown fields and trailing data.
func DecodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytesReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return contract.BadRequest("invalid_body", "request body is not valid JSON for this operation: %s", jsonErr(err))
	}
	if dec.More() {
		return contract.BadRequest("invalid_body", "request body has data after the JSON object")
	}
	return nil
}
