// Package secrets keeps API keys out of the config file, logs and API
// responses: in the OS keychain where one answers (go-keyring: Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows), else
// in a 0600 JSON file in the data dir.
package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/zalando/go-keyring"

	"krmarket/backend/config"
)

// Names of the secrets the app knows.
const (
	OpenAIKey = "openai_api_key"
	GeminiKey = "gemini_api_key"
	FMPKey    = "fmp_api_key"
)

// Known lists every accepted secret name.
func Known() []string { return []string{OpenAIKey, GeminiKey, FMPKey} }

// Keyring is the OS keychain (an interface so tests need no keychain).
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// OSKeyring is the real keychain through go-keyring.
type OSKeyring struct{}

func (OSKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (OSKeyring) Set(s, u, p string) error        { return keyring.Set(s, u, p) }
func (OSKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

const service = "krmarket"

// FileName is the fallback file in the data dir.
const FileName = "secrets.json"

// Store reads and writes secrets.
type Store struct {
	mu      sync.Mutex
	kr      Keyring // nil: file only
	path    string
	backend string // "keychain" or "file"
}

// ErrUnknown is returned for a name not in Known.
var ErrUnknown = errors.New("unknown secret name")

// Open returns a store that uses kr when it answers a probe, else the file.
func Open(dataDir string, kr Keyring) *Store {
	s := &Store{kr: kr, path: filepath.Join(dataDir, FileName), backend: "file"}
	if kr != nil {
		if _, err := kr.Get(service, "probe"); err == nil || errors.Is(err, keyring.ErrNotFound) {
			s.backend = "keychain"
		} else {
			s.kr = nil
		}
	}
	return s
}

// Backend says where secrets are kept: "keychain" or "file".
func (s *Store) Backend() string { return s.backend }

// Get returns a secret ("" when unset).
func (s *Store) Get(name string) (string, error) {
	if !slices.Contains(Known(), name) {
		return "", fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kr != nil {
		v, err := s.kr.Get(service, name)
		if errors.Is(err, keyring.ErrNotFound) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("read %s from the keychain: %w", name, err)
		}
		return v, nil
	}
	m, err := s.readFile()
	return m[name], err
}

// Set stores a secret; an empty value deletes it.
func (s *Store) Set(name, value string) error {
	if !slices.Contains(Known(), name) {
		return fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kr != nil {
		if value == "" {
			if err := s.kr.Delete(service, name); err != nil && !errors.Is(err, keyring.ErrNotFound) {
				return fmt.Errorf("delete %s from the keychain: %w", name, err)
			}
			return nil
		}
		if err := s.kr.Set(service, name, value); err != nil {
			return fmt.Errorf("save %s in the keychain: %w", name, err)
		}
		return nil
	}
	m, err := s.readFile()
	if err != nil {
		return err
	}
	if value == "" {
		delete(m, name)
	} else {
		m[name] = value
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	return config.WriteFileAtomic(s.path, b, 0o600)
}

// Present reports which known secrets are set (for the settings view: it
// never shows the values).
func (s *Store) Present() (map[string]bool, error) {
	out := map[string]bool{}
	for _, n := range Known() {
		v, err := s.Get(n)
		if err != nil {
			return nil, err
		}
		out[n] = v != ""
	}
	return out, nil
}

// Values returns every set secret (for the log redactor).
func (s *Store) Values() []string {
	var out []string
	for _, n := range Known() {
		if v, err := s.Get(n); err == nil && v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (s *Store) readFile() (map[string]string, error) {
	m := map[string]string{}
	b, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read secrets: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("secrets file %s is damaged: %w", FileName, err)
	}
	return m, nil
}
