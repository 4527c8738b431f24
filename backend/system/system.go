// Package system answers questions about the app itself: health, version and
// the user's settings.
package system

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"time"
	"unicode"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/llm"
	"krmarket/backend/secrets"
	"krmarket/backend/sources"
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
	sec     *secrets.Store
	reg     *sources.Registry
	redact  func(...string) // registers new secret values with the log redactor
	changed func(config.Config)

	mu  sync.Mutex
	cfg config.Config

	srcMu   sync.Mutex
	srcMemo map[string]storedSource // per market, for the current store version
	srcVer  int64
}

type storedSource struct {
	source string
	newest time.Time
}

// Deps are the service's collaborators.
type Deps struct {
	Store   *store.Store
	Config  config.Config
	Now     func() time.Time
	APIAddr func() string // the local API's address, "" when stopped
	Secrets *secrets.Store
	Sources *sources.Registry
	Redact  func(...string)
	// OnChange is called with the new settings after every saved change
	// (nil: nobody listens).
	OnChange func(config.Config)
}

// New returns the system service.
func New(d Deps) *Service {
	if d.Redact == nil {
		d.Redact = func(...string) {}
	}
	return &Service{st: d.Store, now: d.Now, started: d.Now(), mode: d.Config.Source, cfg: d.Config, apiAddr: d.APIAddr,
		sec: d.Secrets, reg: d.Sources, redact: d.Redact, changed: d.OnChange}
}

// Config returns the current settings (source URLs may change at run time).
func (s *Service) Config() config.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// DBStatus is the database part of health.
type DBStatus struct {
	Status        string `json:"status"` // ok or error
	SchemaVersion int64  `json:"schema_version"`
	Error         string `json:"error,omitempty"`
}

// storedSource asks the store once per store version and market.
func (s *Service) storedSource(ctx context.Context, mkt string) (string, time.Time, error) {
	ver := s.st.Version()
	s.srcMu.Lock()
	if s.srcVer != ver || s.srcMemo == nil {
		s.srcMemo, s.srcVer = map[string]storedSource{}, ver
	}
	m, ok := s.srcMemo[mkt]
	s.srcMu.Unlock()
	if ok {
		return m.source, m.newest, nil
	}
	src, newest, err := s.st.MarketSource(ctx, mkt)
	if err != nil {
		return "", time.Time{}, err
	}
	s.srcMu.Lock()
	if s.srcVer == ver {
		s.srcMemo[mkt] = storedSource{src, newest}
	}
	s.srcMu.Unlock()
	return src, newest, nil
}

// SourceState counts the stored series of one data source.
type SourceState struct {
	State  string `json:"state"`
	Series int    `json:"series"`
}

// marketSource names the live source that feeds each market's prices.
var marketSource = map[string]string{"KR": sources.Yahoo, "US": sources.Yahoo, "MACRO": sources.Yahoo, "CRYPTO": sources.Binance}

// DataSource tells what a market's data is ("" = all markets): demo,
// imported, live — or stale when it is live data whose source is failing,
// with the age of the newest stored series.
func (s *Service) DataSource(ctx context.Context, mkt string) (string, *int64, error) {
	src, newest, err := s.storedSource(ctx, mkt)
	if err != nil {
		return "", nil, err
	}
	if src != contract.SourceLive {
		return src, nil, nil
	}
	age := int64(s.now().Sub(newest).Seconds())
	names := []string{sources.Yahoo, sources.Binance}
	if m, ok := marketSource[mkt]; ok {
		names = []string{m}
	}
	for _, n := range names {
		if !s.reg.Healthy(n) {
			return contract.SourceStale, &age, nil
		}
	}
	return src, &age, nil
}

// Health is the body of GET /api/health.
type Health struct {
	contract.Meta
	Service       string                 `json:"service"`
	Version       string                 `json:"version"`
	UptimeSeconds int64                  `json:"uptime_seconds"`
	SourceMode    string                 `json:"source_mode"`
	DB            DBStatus               `json:"db"`
	DataAge       *int64                 `json:"data_age_seconds,omitempty"`
	Series        map[string]SourceState `json:"series"`
	Sources       []sources.Status       `json:"sources"`
}

// Health reports version, uptime, data source and database status.
func (s *Service) Health(ctx context.Context) (*Health, error) {
	h := &Health{
		Service:       "KR Market",
		Version:       BuildVersion(),
		UptimeSeconds: int64(s.now().Sub(s.started).Seconds()),
		SourceMode:    s.mode,
		Series:        map[string]SourceState{},
		Sources:       s.reg.All(),
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
		h.Series[src] = SourceState{State: "ok", Series: n}
	}
	h.DataSource, h.DataAge, err = s.DataSource(ctx, "")
	if err != nil {
		return nil, err
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

// SettingsResult is the body of GET/POST /api/settings. Neither the API
// token nor any API key is part of it: keys are reported as set or not; the
// window reads the token through its own binding.
type SettingsResult struct {
	contract.Meta
	Settings       UISettings      `json:"settings"`
	API            APIInfo         `json:"api"`
	Sources        config.Sources  `json:"sources"`
	APIKeys        map[string]bool `json:"api_keys"`
	SecretsBackend string          `json:"secrets_backend"`
	// Background: scheduler, notifications and desktop options.
	Background config.Background `json:"background"`
	// AI: the optional LLM analysts of the KR AI analysis. It holds no
	// secret: key_secret is only the name of the secret holding a key
	// (whether it is set is in api_keys).
	AI llm.Config `json:"ai"`
	// AIDefaults are the built-in AI settings (base URLs, models, timeouts).
	AIDefaults llm.Config `json:"ai_defaults"`
}

// Settings returns the UI settings. tokenOps lists the routes that need the token.
func (s *Service) Settings(tokenOps []string) *SettingsResult {
	s.mu.Lock()
	c := s.cfg
	s.mu.Unlock()
	addr := s.apiAddr()
	keys, err := s.sec.Present()
	if err != nil {
		keys = map[string]bool{}
	}
	r := &SettingsResult{
		Settings:       UISettings{Theme: c.Theme, Language: c.Language, Source: c.Source},
		API:            APIInfo{Address: addr, Running: addr != "", TokenFile: config.TokenFile, TokenRequiredFor: tokenOps},
		Sources:        c.Sources,
		APIKeys:        keys,
		SecretsBackend: s.sec.Backend(),
		Background:     c.Background,
		AI:             c.AI,
		AIDefaults:     llm.DefaultConfig(),
	}
	r.DataSource = contract.SourceDemo
	return r
}

// SettingsUpdate is the body of POST /api/settings; absent fields keep their value.
type SettingsUpdate struct {
	Theme    *string        `json:"theme"`
	Language *string        `json:"language"`
	Sources  *SourcesUpdate `json:"sources"`
	// APIKeys sets keys by name (openai_api_key, gemini_api_key,
	// fmp_api_key); "" removes one. Values are never returned.
	APIKeys map[string]string `json:"api_keys"`
	// Background changes the scheduler, notification and desktop options.
	Background *BackgroundUpdate `json:"background"`
	// AI changes the LLM analysts' settings: any subset of the "ai" block
	// ({"openai":{"model":"llama3.1"}}), merged field by field into the
	// current settings; unknown fields are rejected. key_secret may only
	// name an LLM API key (openai_api_key, gemini_api_key) or be "" (a
	// local server that needs no key). Keys themselves go in api_keys.
	AI *llm.Config `json:"ai"`
}

// SourcesUpdate changes source settings; absent fields keep their value.
type SourcesUpdate struct {
	YahooURL     *string `json:"yahoo_url"`
	NaverURL     *string `json:"naver_url"`
	BinanceURL   *string `json:"binance_url"`
	EdgarURL     *string `json:"edgar_url"`
	NewsURL      *string `json:"news_url"`
	SECContact   *string `json:"sec_contact"`
	Proxy        *string `json:"proxy"`
	YahooPerHour *int    `json:"yahoo_per_hour"`
	KRUniverse   *int    `json:"kr_universe"`
	FlowDays     *int    `json:"flow_days"`
}

func (u *SourcesUpdate) apply(s *config.Sources) {
	if u == nil {
		return
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&s.YahooURL, u.YahooURL)
	set(&s.NaverURL, u.NaverURL)
	set(&s.BinanceURL, u.BinanceURL)
	set(&s.EdgarURL, u.EdgarURL)
	set(&s.NewsURL, u.NewsURL)
	set(&s.SECContact, u.SECContact)
	set(&s.Proxy, u.Proxy)
	for dst, v := range map[*int]*int{&s.YahooPerHour: u.YahooPerHour, &s.KRUniverse: u.KRUniverse, &s.FlowDays: u.FlowDays} {
		if v != nil {
			*dst = *v
		}
	}
}

// UpdateSettings validates and saves a settings change.
func (s *Service) UpdateSettings(body []byte, tokenOps []string) (*SettingsResult, error) {
	s.mu.Lock()
	c := s.cfg
	// "ai" is decoded onto a copy of the current AI settings, so absent
	// fields keep their value.
	ai := c.AI
	u := SettingsUpdate{AI: &ai}
	if err := DecodeStrict(body, &u); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if u.AI != nil {
		if err := checkAIChange(c.AI, *u.AI); err != nil {
			s.mu.Unlock()
			return nil, err
		}
		c.AI = *u.AI
	}
	if u.Theme != nil {
		c.Theme = *u.Theme
	}
	if u.Language != nil {
		c.Language = *u.Language
	}
	u.Sources.apply(&c.Sources)
	u.Background.apply(&c.Background)
	for name := range u.APIKeys {
		if !slices.Contains(secrets.Known(), name) {
			s.mu.Unlock()
			return nil, contract.BadRequest("invalid_settings", "unknown API key %q: want one of %v", name, secrets.Known())
		}
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
	s.notifyChange(c)
	for name, v := range u.APIKeys {
		s.redact(v)
		if err := s.sec.Set(name, v); err != nil {
			return nil, fmt.Errorf("save API key: %w", err)
		}
	}
	return s.Settings(tokenOps), nil
}

// llmKeys are the secrets an LLM provider may send to its server (never,
// say, the FMP key).
var llmKeys = []string{secrets.OpenAIKey, secrets.GeminiKey}

// checkAIChange adds, to llm.Config.Validate, the checks on what the API
// may change: a model id is one token of printable characters, and a
// provider's key can only be an LLM API key (or none). Values left
// as they were (e.g. hand-edited in settings.json) are not judged here.
func checkAIChange(old, next llm.Config) error {
	for _, p := range []struct {
		name      string
		old, next llm.Provider
	}{{"ai.openai", old.OpenAI, next.OpenAI}, {"ai.gemini", old.Gemini, next.Gemini}} {
		if m := p.next.Model; m != p.old.Model && !validModel(m) {
			return contract.BadRequest("invalid_settings", "%s.model %q: want a model id without spaces or control characters (at most 200)", p.name, m)
		}
		if k := p.next.KeySecret; k != p.old.KeySecret && k != "" && !slices.Contains(llmKeys, k) {
			return contract.BadRequest("invalid_settings", "%s.key_secret %q: want \"\" (no key) or one of %v", p.name, k, llmKeys)
		}
	}
	return nil
}

// validModel: "" (allowed while the provider is off; Validate requires a
// model when it is on) or up to 200 printable, non-space characters.
func validModel(m string) bool {
	if len(m) > 200 {
		return false
	}
	for _, r := range m {
		if r <= ' ' || r == 0x7f || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// DecodeStrict decodes one JSON object, rejecting unknown fields and trailing data.
func DecodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return contract.BadRequest("invalid_body", "request body is not valid JSON for this operation: %s", jsonErr(err))
	}
	if dec.More() {
		return contract.BadRequest("invalid_body", "request body has data after the JSON object")
	}
	return nil
}

// notifyChange tells the OnChange listener about saved settings.
func (s *Service) notifyChange(c config.Config) {
	if s.changed != nil {
		s.changed(c)
	}
}
