package system

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/llm"
	"krmarket/backend/secrets"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

func newAIService(t *testing.T) (*Service, string, *[]config.Config) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default()
	cfg.DataDir = dir
	now := func() time.Time { return time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC) }
	var seen []config.Config
	s := New(Deps{Store: st, Config: cfg, Now: now, APIAddr: func() string { return "" }, Secrets: secrets.Open(dir, nil),
		Sources: sources.New(now), OnChange: func(c config.Config) { seen = append(seen, c) }})
	return s, dir, &seen
}

func TestUpdateAISettingsMerges(t *testing.T) {
	s, dir, seen := newAIService(t)
	res, err := s.UpdateSettings([]byte(`{"ai":{"openai":{"enabled":true,"base_url":"http://127.0.0.1:11434/v1","model":"llama3.1:8b"},"deadline_seconds":40}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := llm.DefaultConfig()
	want.OpenAI.Enabled, want.OpenAI.BaseURL, want.OpenAI.Model = true, "http://127.0.0.1:11434/v1", "llama3.1:8b"
	want.DeadlineSeconds = 40
	if res.AI != want {
		t.Fatalf("ai after update\n got %+v\nwant %+v", res.AI, want)
	}
	if res.AIDefaults != llm.DefaultConfig() {
		t.Fatalf("ai_defaults %+v", res.AIDefaults)
	}
	// A second partial update keeps the first one's fields; "" key_secret
	// (a local server) is accepted.
	res, err = s.UpdateSettings([]byte(`{"ai":{"openai":{"timeout_seconds":60,"key_secret":""},"gemini":{"model":"gemini-2.5-pro"}}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	want.OpenAI.TimeoutSeconds, want.OpenAI.KeySecret, want.Gemini.Model = 60, "", "gemini-2.5-pro"
	if res.AI != want || s.Config().AI != want {
		t.Fatalf("after second update\n got %+v\nwant %+v", res.AI, want)
	}
	// Other settings are untouched; "ai": null changes nothing.
	if _, err := s.UpdateSettings([]byte(`{"theme":"light","ai":null}`), nil); err != nil {
		t.Fatal(err)
	}
	if s.Config().AI != want || s.Config().Theme != "light" {
		t.Fatalf("after theme update: %+v", s.Config())
	}
	if len(*seen) != 3 || (*seen)[1].AI != want {
		t.Fatalf("OnChange saw %d changes", len(*seen))
	}
	// Saved to settings.json.
	loaded, err := config.Load(dir)
	if err != nil || loaded.AI != want {
		t.Fatalf("saved %+v, %v", loaded.AI, err)
	}
}

func TestUpdateAISettingsRejects(t *testing.T) {
	s, dir, seen := newAIService(t)
	before := s.Config().AI
	for _, tc := range []struct{ body, code, msg string }{
		{`{"ai":{"openai":{"base_url":"ftp://example.com/v1"}}}`, "invalid_settings", "ai.openai.base_url"},
		{`{"ai":{"gemini":{"base_url":"http://user:pw@example.com"}}}`, "invalid_settings", "ai.gemini.base_url"},
		{`{"ai":{"openai":{"base_url":"not a url"}}}`, "invalid_settings", "ai.openai.base_url"},
		{`{"ai":{"openai":{"enabled":true,"model":""}}}`, "invalid_settings", "ai.openai"},
		{`{"ai":{"openai":{"model":"gpt 4"}}}`, "invalid_settings", "ai.openai.model"},
		{`{"ai":{"gemini":{"model":"` + strings.Repeat("m", 201) + `"}}}`, "invalid_settings", "ai.gemini.model"},
		{`{"ai":{"openai":{"key_secret":"fmp_api_key_2"}}}`, "invalid_settings", "ai.openai.key_secret"},
		{`{"ai":{"gemini":{"key_secret":"fmp_api_key"}}}`, "invalid_settings", "ai.gemini.key_secret"},
		{`{"ai":{"openai":{"timeout_seconds":0}}}`, "invalid_settings", "ai.openai.timeout_seconds"},
		{`{"ai":{"deadline_seconds":1}}`, "invalid_settings", "ai.deadline_seconds"},
		{`{"ai":{"openai":{"api_key":"sk-secret"}}}`, "invalid_body", "unknown field"},
		{`{"ai":{"claude":{}}}`, "invalid_body", "unknown field"},
		{`{"ai":{"deadline_seconds":"30"}}`, "invalid_body", "wrong type"},
		// A bad AI field fails the whole update: the valid theme is not saved either.
		{`{"theme":"light","ai":{"openai":{"base_url":"file:///etc/passwd"}}}`, "invalid_settings", "ai.openai.base_url"},
	} {
		_, err := s.UpdateSettings([]byte(tc.body), nil)
		e := contract.AsError(err)
		if err == nil || e.HTTP != 400 || e.Code != tc.code || !strings.Contains(e.Message, tc.msg) {
			t.Errorf("%s: got %v, want 400 %s mentioning %q", tc.body, err, tc.code, tc.msg)
		}
		if strings.Contains(tc.body, "sk-secret") && e != nil && strings.Contains(e.Message, "sk-secret") {
			t.Errorf("error repeats the value: %s", e.Message)
		}
	}
	if s.Config().AI != before || s.Config().Theme != "dark" {
		t.Fatalf("a rejected update changed the settings: %+v", s.Config())
	}
	if len(*seen) != 0 {
		t.Fatal("OnChange called for a rejected update")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, config.FileName)); len(m) != 0 {
		t.Fatalf("settings.json written by rejected updates: %v", m)
	}
}

func TestSettingsResultHasAIButNoKeys(t *testing.T) {
	s, _, _ := newAIService(t)
	res, err := s.UpdateSettings([]byte(`{"api_keys":{"openai_api_key":"sk-live-0123456789"},"ai":{"openai":{"enabled":true}}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	ai, ok := m["ai"].(map[string]any)
	if !ok || ai["openai"].(map[string]any)["enabled"] != true || ai["openai"].(map[string]any)["key_secret"] != "openai_api_key" {
		t.Fatalf("ai in result: %v", m["ai"])
	}
	if keys := m["api_keys"].(map[string]any); keys["openai_api_key"] != true || keys["gemini_api_key"] != false {
		t.Fatalf("api_keys %v", keys)
	}
	if strings.Contains(string(b), "sk-live") {
		t.Fatalf("settings result contains a key value: %s", b)
	}
}
