// Package config holds the application's settings: defaults, the JSON file in
// the OS config dir, and environment overrides. Secrets never live here in
// clear text form that could be logged: see Redacted.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
