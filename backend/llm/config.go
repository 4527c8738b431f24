package llm

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"time"
)

// Provider is one LLM provider's settings. The API key itself is never
// here: KeySecret names the secret (backend/secrets) that holds it.
type Provider struct {
	// Enabled turns the provider on; it is used only when its key is set
	// (or KeySecret is "", for local servers such as Ollama or LM Studio).
	Enabled bool `json:"enabled"`
	// BaseURL: OpenAI-compatible servers take the URL the paths
	// /chat/completions hang off (https://api.openai.com/v1,
	// http://127.0.0.1:11434/v1 for Ollama, http://127.0.0.1:1234/v1 for
	// LM Studio); Gemini takes its host (https://generativelanguage.googleapis.com).
	BaseURL string `json:"base_url"`
	// Model is the model id, e.g. gpt-4o-mini, llama3.1, gemini-2.5-flash.
	Model string `json:"model"`
	// TimeoutSeconds bounds one HTTP attempt.
	TimeoutSeconds int `json:"timeout_seconds"`
	// KeySecret is the name of the secret holding the API key
	// (openai_api_key, gemini_api_key); "" = the server needs no key.
	KeySecret string `json:"key_secret"`
}

// Timeout is TimeoutSeconds as a duration.
func (p Provider) Timeout() time.Duration { return time.Duration(p.TimeoutSeconds) * time.Second }

// Config is the "ai" settings block: the two optional LLM analysts and the
// deadline of one whole analysis run.
type Config struct {
	OpenAI Provider `json:"openai"` // any OpenAI-compatible chat-completions server
	Gemini Provider `json:"gemini"`
	// DeadlineSeconds bounds one whole analysis run (all signals, all
	// providers); signals still waiting for an LLM when it passes get the
	// rule verdict. Keep it under the local API's 30 s write timeout.
	DeadlineSeconds int `json:"deadline_seconds"`
}

// Default hosts.
const (
	OpenAIURL = "https://api.openai.com/v1"
	GeminiURL = "https://generativelanguage.googleapis.com"
)

// DefaultConfig has both providers off.
func DefaultConfig() Config {
	return Config{
		OpenAI:          Provider{BaseURL: OpenAIURL, Model: "gpt-4o-mini", TimeoutSeconds: 20, KeySecret: "openai_api_key"},
		Gemini:          Provider{BaseURL: GeminiURL, Model: "gemini-2.5-flash", TimeoutSeconds: 20, KeySecret: "gemini_api_key"},
		DeadlineSeconds: 25,
	}
}

var secretName = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	for name, p := range map[string]Provider{"ai.openai": c.OpenAI, "ai.gemini": c.Gemini} {
		if err := p.validate(name); err != nil {
			return err
		}
	}
	if c.DeadlineSeconds < 5 || c.DeadlineSeconds > 600 {
		return fmt.Errorf("ai.deadline_seconds %d: want 5–600", c.DeadlineSeconds)
	}
	return nil
}

func (p Provider) validate(name string) error {
	if p.BaseURL != "" {
		u, err := url.Parse(p.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.User != nil {
			return fmt.Errorf("%s.base_url %q: want an http(s) URL without credentials or query", name, p.BaseURL)
		}
	}
	if p.KeySecret != "" && !secretName.MatchString(p.KeySecret) {
		return fmt.Errorf("%s.key_secret %q: want a secret name such as openai_api_key", name, p.KeySecret)
	}
	if p.TimeoutSeconds < 1 || p.TimeoutSeconds > 300 {
		return fmt.Errorf("%s.timeout_seconds %d: want 1–300", name, p.TimeoutSeconds)
	}
	if p.Enabled && (p.BaseURL == "" || p.Model == "") {
		return errors.New(name + ": base_url and model are required when enabled")
	}
	return nil
}
