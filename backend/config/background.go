package config

import (
	"fmt"
	"slices"
)

// Background job names (the scheduler's jobs; see core/background.go).
const (
	JobPricesKR     = "prices.kr"       // live quotes every N minutes while KRX is open
	JobPricesUS     = "prices.us"       // live quotes every N minutes while NYSE is open
	JobPricesCrypto = "prices.crypto"   // crypto quotes every N minutes, 24/7
	JobKRAfterClose = "kr.after_close"  // KR update, scan, ledger, AI analysis after the KRX close
	JobUSAfterClose = "us.after_close"  // US update after the NYSE close
	JobCryptoEvery  = "crypto.every_4h" // crypto update every 4 hours
	JobDataDaily    = "data.daily"      // full refresh once a day
)

// BackgroundJobs lists every background job, in display order.
var BackgroundJobs = []string{JobPricesKR, JobPricesUS, JobPricesCrypto, JobKRAfterClose, JobUSAfterClose, JobCryptoEvery, JobDataDaily}

// Background configures the background scheduler and the desktop shell.
type Background struct {
	// PriceIntervalMinutes is the period of the live price jobs (1–60).
	PriceIntervalMinutes int `json:"price_interval_minutes"`
	// Jobs switches jobs off by name (see BackgroundJobs); absent = on.
	Jobs map[string]bool `json:"jobs"`
	// HideToTray hides the window to the tray when it is closed, instead
	// of quitting (desktop only).
	HideToTray bool `json:"hide_to_tray"`
	// StartHidden starts the window hidden in the tray.
	StartHidden bool `json:"start_hidden"`
	// LaunchAtLogin starts the app (hidden) when the user logs in.
	LaunchAtLogin bool `json:"launch_at_login"`
	// APIServer starts the local HTTP API with the window (the tray and
	// Settings switch it on and off at run time; `serve` always runs it).
	APIServer bool `json:"api_server"`
	// Notifications switches each kind of desktop notification.
	Notifications Notifications `json:"notifications"`
}

// Notifications are the desktop notification kinds (see package notify).
type Notifications struct {
	NewSignals bool `json:"new_signals"` // new signals after a scan
	StopTarget bool `json:"stop_target"` // an open signal hit its stop or target
	GateChange bool `json:"gate_change"` // the KR gate changed colour
}

// DefaultBackground returns the background defaults: prices every 5
// minutes, every job on, hide to tray, notifications on.
func DefaultBackground() Background {
	return Background{
		PriceIntervalMinutes: 5,
		Jobs:                 map[string]bool{},
		HideToTray:           true,
		Notifications:        Notifications{NewSignals: true, StopTarget: true, GateChange: true},
	}
}

// JobEnabled reports whether a job is on (absent from Jobs = on).
func (b Background) JobEnabled(name string) bool {
	on, ok := b.Jobs[name]
	return !ok || on
}

// NotificationOn reports whether a notification kind is on (unknown kinds: off).
func (b Background) NotificationOn(kind string) bool {
	switch kind {
	case "new_signals":
		return b.Notifications.NewSignals
	case "stop_target":
		return b.Notifications.StopTarget
	case "gate_change":
		return b.Notifications.GateChange
	}
	return false
}

// Validate checks the background settings.
func (b Background) Validate() error {
	if b.PriceIntervalMinutes < 1 || b.PriceIntervalMinutes > 60 {
		return fmt.Errorf("background.price_interval_minutes %d: want 1–60", b.PriceIntervalMinutes)
	}
	for name := range b.Jobs {
		if !slices.Contains(BackgroundJobs, name) {
			return fmt.Errorf("background.jobs: unknown job %q (want one of %v)", name, BackgroundJobs)
		}
	}
	return nil
}
