// Package config holds the application's settings: defaults, the JSON file in
// the OS config dir, and environment overrides. Secrets never live here in
// clear text form that could be logged: see Redacted.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"krmarket/backend/analysis/exits"
	"krmarket/backend/analysis/setup"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"krmarket/backend/analysis/gate"
	"krmarket/backend/llm"
)

// Data source modes.
const (
	SourceAuto = "auto"
	SourceDemo = "demo"
	SourceLive = "live"
)

// DefaultAddr is where the local API listens unless told otherwise.
const DefaultAddr = "127.0.0.1:5001"

// Config is every setting the app reads at start.
type Config struct {
	// DataDir holds the SQLite file, the API token and the logs.
	DataDir string `json:"data_dir"`
	// Addr is the local API's listen address.
	Addr string `json:"addr"`
	// AllowRemote lets Addr be a non-loopback address (off by default).
	AllowRemote bool `json:"allow_remote"`
	// Source is auto, demo or live.
	Source string `json:"source"`
	// DemoSeed makes the demo market reproducible.
	DemoSeed uint64 `json:"demo_seed"`
	// Theme and Language are UI preferences.
	Theme    string `json:"theme"`
	Language string `json:"language"`
	// LogLevel is a logrus level name.
	LogLevel string `json:"log_level"`
	// MaxBodyBytes limits POST bodies on the local API.
	MaxBodyBytes int64 `json:"max_body_bytes"`
	// Sources configures the live data sources.
	Sources Sources `json:"sources"`
	// Gate holds the market gate's thresholds (USD/KRW levels, colour cut-offs, periods).
	Gate gate.Config `json:"gate"`
	// Signals are the KR signal rules and the composite score's weights.
	Signals setup.Config `json:"signals"`
	// Exits are the KR signal ledger's exit rules (stop loss, take profit,
	// trailing stop, max hold in trading days).
	Exits exits.Rules `json:"exits"`
	// AI configures the optional LLM analysts of the KR AI analysis (keys
	// live in backend/secrets; only the secrets' names are here).
	AI llm.Config `json:"ai"`
	// Background configures the scheduler, tray, notifications and the
	// window's hide-to-tray, start-hidden and launch-at-login options.
	Background Background `json:"background"`
}

// Sources are the live data sources' settings. Every base URL is optional
// ("" = the real service) and can also be set by environment variable:
// KRMARKET_YAHOO_URL (one URL standing in for all of Yahoo's hosts),
// KRMARKET_NAVER_URL, KRMARKET_BINANCE_URL, KRMARKET_EDGAR_URL,
// KRMARKET_NEWS_URL. Tests, mirrors and corporate proxies use them.
type Sources struct {
	YahooURL   string `json:"yahoo_url"`
	NaverURL   string `json:"naver_url"`
	BinanceURL string `json:"binance_url"`
	EdgarURL   string `json:"edgar_url"`
	NewsURL    string `json:"news_url"`
	// SECContact goes into the User-Agent of SEC EDGAR requests (required by SEC).
	SECContact string `json:"sec_contact"`
	// Proxy is an HTTP(S) proxy URL; "" = HTTPS_PROXY/HTTP_PROXY from the environment.
	Proxy string `json:"proxy"`
	// YahooPerHour caps Yahoo requests per hour (community-safe: under 2,000).
	YahooPerHour int `json:"yahoo_per_hour"`
	// KRUniverse is how many KR stocks (largest by market cap, plus every
	// open signal) get live daily history and investor flows.
	KRUniverse int `json:"kr_universe"`
	// FlowDays is how many days of investor flows to keep fresh.
	FlowDays int `json:"flow_days"`
}

// Default returns the settings used when nothing else is given.
func Default() Config {
	return Config{
		DataDir:      DefaultDataDir(),
		Addr:         DefaultAddr,
		Source:       SourceAuto,
		DemoSeed:     20260101,
		Theme:        "dark",
		Language:     "ko",
		LogLevel:     "info",
		MaxBodyBytes: 1 << 20,
		Sources:      Sources{YahooPerHour: 1500, KRUniverse: 300, FlowDays: 60},
		Gate:         gate.DefaultConfig(),
		Signals:      setup.DefaultConfig(),
		Exits:        exits.DefaultRules(),
		AI:           llm.DefaultConfig(),
		Background:   DefaultBackground(),
	}
}

// DefaultDataDir is the OS data dir for the app (e.g. ~/.local/share/krmarket
// on Linux, ~/Library/Application Support/krmarket on macOS, %AppData% on Windows).
func DefaultDataDir() string {
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "krmarket")
	}
	if home, err := os.UserHomeDir(); err == nil {
		if _, err := os.Stat(filepath.Join(home, ".local", "share")); err == nil {
			return filepath.Join(home, ".local", "share", "krmarket")
		}
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "krmarket")
	}
	return "krmarket-data"
}

// FileName is the settings file inside the data dir.
const FileName = "settings.json"

// Load reads DataDir/settings.json over the defaults, then applies the
// environment (KRMARKET_ADDR, KRMARKET_SOURCE, KRMARKET_LOG_LEVEL). A missing
// file is not an error.
func Load(dataDir string) (Config, error) {
	c := Default()
	if dataDir != "" {
		c.DataDir = dataDir
	}
	b, err := os.ReadFile(filepath.Join(c.DataDir, FileName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return c, fmt.Errorf("read settings: %w", err)
	default:
		dir := c.DataDir
		if err := json.Unmarshal(b, &c); err != nil {
			return c, fmt.Errorf("parse settings %s: %w", FileName, err)
		}
		c.DataDir = dir // the file never moves the data dir
	}
	if v := os.Getenv("KRMARKET_ADDR"); v != "" {
		c.Addr = v
	}
	if v := os.Getenv("KRMARKET_SOURCE"); v != "" {
		c.Source = v
	}
	if v := os.Getenv("KRMARKET_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	for env, dst := range map[string]*string{
		"KRMARKET_YAHOO_URL":   &c.Sources.YahooURL,
		"KRMARKET_NAVER_URL":   &c.Sources.NaverURL,
		"KRMARKET_BINANCE_URL": &c.Sources.BinanceURL,
		"KRMARKET_EDGAR_URL":   &c.Sources.EdgarURL,
		"KRMARKET_NEWS_URL":    &c.Sources.NewsURL,
		"KRMARKET_SEC_CONTACT": &c.Sources.SECContact,
	} {
		if v := os.Getenv(env); v != "" {
			*dst = v
		}
	}
	return c, c.Validate()
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	switch c.Source {
	case SourceAuto, SourceDemo, SourceLive:
	default:
		return fmt.Errorf("source %q: want auto, demo or live", c.Source)
	}
	switch c.Theme {
	case "dark", "light":
	default:
		return fmt.Errorf("theme %q: want dark or light", c.Theme)
	}
	switch c.Language {
	case "ko", "en":
	default:
		return fmt.Errorf("language %q: want ko or en", c.Language)
	}
	if strings.TrimSpace(c.Addr) == "" {
		return errors.New("addr is empty")
	}
	if c.MaxBodyBytes <= 0 {
		return errors.New("max_body_bytes must be positive")
	}
	if err := c.Signals.Validate(); err != nil {
		return err
	}
	if err := c.Exits.Validate(); err != nil {
		return err
	}
	if err := c.Gate.Validate(); err != nil {
		return err
	}
	if err := c.AI.Validate(); err != nil {
		return err
	}
	if err := c.Background.Validate(); err != nil {
		return err
	}
	return c.Sources.Validate()
}

// Validate checks the source settings.
func (s Sources) Validate() error {
	for name, u := range map[string]string{"yahoo_url": s.YahooURL, "naver_url": s.NaverURL, "binance_url": s.BinanceURL,
		"edgar_url": s.EdgarURL, "news_url": s.NewsURL, "proxy": s.Proxy} {
		if u == "" {
			continue
		}
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return fmt.Errorf("%s %q: want an http(s) URL", name, u)
		}
	}
	// Yahoo itself blocks heavier use than ~2,000 requests an hour; a
	// mirror or test server (yahoo_url set) has its own limits.
	if limit := map[bool]int{true: 2000, false: 1_000_000}[s.YahooURL == ""]; s.YahooPerHour < 1 || s.YahooPerHour > limit {
		return fmt.Errorf("yahoo_per_hour %d: want 1–%d", s.YahooPerHour, limit)
	}
	if s.KRUniverse < 1 || s.KRUniverse > 3000 {
		return fmt.Errorf("kr_universe %d: want 1–3000", s.KRUniverse)
	}
	if s.FlowDays < 5 || s.FlowDays > 500 {
		return fmt.Errorf("flow_days %d: want 5–500", s.FlowDays)
	}
	return nil
}

// Save writes the settings file atomically (temp file + rename), 0600.
func (c Config) Save() error {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data dir: %w", err)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode settings: %w", err)
	}
	return WriteFileAtomic(filepath.Join(c.DataDir, FileName), b, 0o600)
}

// WriteFileAtomic writes data to a temp file beside path, syncs it and
// renames it over path, so a crash leaves either the old or the new file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("chmod %s: %w", filepath.Base(path), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync %s: %w", filepath.Base(path), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace %s: %w", filepath.Base(path), err)
	}
	return nil
}

// HTTPClient returns a client for the live sources that honours Proxy, else
// HTTPS_PROXY/HTTP_PROXY from the environment.
func (s Sources) HTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	if s.Proxy != "" {
		if u, err := url.Parse(s.Proxy); err == nil {
			tr.Proxy = http.ProxyURL(u)
		}
	}
	return &http.Client{Transport: tr}
}
