package system

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/secrets"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

func TestUpdateBackgroundSettings(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := config.Default()
	cfg.DataDir = dir
	now := func() time.Time { return time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC) }
	var seen []config.Background
	s := New(Deps{Store: st, Config: cfg, Now: now, APIAddr: func() string { return "" }, Secrets: secrets.Open(dir, nil),
		Sources: sources.New(now), OnChange: func(c config.Config) { seen = append(seen, c.Background) }})

	res, err := s.UpdateSettings([]byte(`{"background":{"price_interval_minutes":10,"jobs":{"prices.us":false},"start_hidden":true,"notifications":{"gate_change":false}}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	b := res.Background
	if b.PriceIntervalMinutes != 10 || b.JobEnabled("prices.us") || !b.JobEnabled("prices.kr") || !b.StartHidden || !b.HideToTray ||
		b.Notifications.GateChange || !b.Notifications.NewSignals {
		t.Fatalf("background %+v", b)
	}
	// Merging job switches keeps earlier ones.
	if _, err := s.UpdateSettings([]byte(`{"background":{"jobs":{"data.daily":false}}}`), nil); err != nil {
		t.Fatal(err)
	}
	if b := s.Config().Background; b.JobEnabled("prices.us") || b.JobEnabled("data.daily") {
		t.Fatalf("jobs %v", b.Jobs)
	}
	if len(seen) != 2 || seen[1].JobEnabled("data.daily") {
		t.Fatalf("OnChange saw %+v", seen)
	}
	// Bad values are rejected whole and change nothing (the running
	// config's job map included).
	for _, body := range []string{
		`{"background":{"price_interval_minutes":0}}`,
		`{"background":{"jobs":{"prices.mars":false}}}`,
		`{"background":{"nope":1}}`,
	} {
		_, err := s.UpdateSettings([]byte(body), nil)
		if e := contract.AsError(err); err == nil || e.HTTP != 400 {
			t.Errorf("%s: %v", body, err)
		}
	}
	if b := s.Config().Background; b.PriceIntervalMinutes != 10 || len(b.Jobs) != 2 {
		t.Fatalf("after rejected updates %+v", b)
	}
	if len(seen) != 2 {
		t.Fatalf("OnChange called for a rejected update")
	}
	// Saved to settings.json.
	loaded, err := config.Load(dir)
	if err != nil || loaded.Background.PriceIntervalMinutes != 10 || loaded.Background.JobEnabled("data.daily") {
		t.Fatalf("saved %+v, %v", loaded.Background, err)
	}
	// EditConfig notifies too.
	if _, err := s.EditConfig(func(c *config.Config) error { c.Background.APIServer = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || !seen[2].APIServer {
		t.Fatalf("EditConfig: OnChange saw %+v", seen)
	}
}
