package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackgroundDefaultsAndValidate(t *testing.T) {
	b := Default().Background
	if b.PriceIntervalMinutes != 5 || !b.HideToTray || b.StartHidden || b.LaunchAtLogin || b.APIServer {
		t.Fatalf("defaults %+v", b)
	}
	for _, j := range BackgroundJobs {
		if !b.JobEnabled(j) {
			t.Errorf("%s off by default", j)
		}
	}
	for _, k := range []string{"new_signals", "stop_target", "gate_change"} {
		if !b.NotificationOn(k) {
			t.Errorf("%s off by default", k)
		}
	}
	if b.NotificationOn("spam") {
		t.Error("unknown kind on")
	}
	bad := []struct {
		edit func(*Background)
		want string
	}{
		{func(b *Background) { b.PriceIntervalMinutes = 0 }, "price_interval_minutes 0"},
		{func(b *Background) { b.PriceIntervalMinutes = 61 }, "price_interval_minutes 61"},
		{func(b *Background) { b.Jobs = map[string]bool{"prices.mars": false} }, `unknown job "prices.mars"`},
	}
	for _, tc := range bad {
		c := Default()
		tc.edit(&c.Background)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Validate = %v, want %q", err, tc.want)
		}
	}
}

// A settings file that only names some background fields keeps the
// defaults of the others.
func TestBackgroundLoadMerges(t *testing.T) {
	dir := t.TempDir()
	js := `{"background":{"price_interval_minutes":15,"jobs":{"prices.us":false},"notifications":{"gate_change":false,"new_signals":true,"stop_target":true}}}`
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(js), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	b := c.Background
	if b.PriceIntervalMinutes != 15 || b.JobEnabled("prices.us") || !b.JobEnabled("prices.kr") || !b.HideToTray || b.NotificationOn("gate_change") {
		t.Fatalf("loaded %+v", b)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	again, err := Load(dir)
	if err != nil || again.Background.PriceIntervalMinutes != 15 || again.Background.JobEnabled("prices.us") {
		t.Fatalf("round trip %+v, %v", again.Background, err)
	}
}
