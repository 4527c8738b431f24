package system

import (
	"maps"

	"krmarket/backend/config"
)

// BackgroundUpdate changes background settings (POST /api/settings,
// "background"); absent fields keep their value. Jobs entries are merged:
// {"prices.us": false} switches that job off and leaves the others.
type BackgroundUpdate struct {
	PriceIntervalMinutes *int                 `json:"price_interval_minutes"`
	Jobs                 map[string]bool      `json:"jobs"`
	HideToTray           *bool                `json:"hide_to_tray"`
	StartHidden          *bool                `json:"start_hidden"`
	LaunchAtLogin        *bool                `json:"launch_at_login"`
	APIServer            *bool                `json:"api_server"`
	Notifications        *NotificationsUpdate `json:"notifications"`
}

// NotificationsUpdate switches notification kinds; absent ones keep their value.
type NotificationsUpdate struct {
	NewSignals *bool `json:"new_signals"`
	StopTarget *bool `json:"stop_target"`
	GateChange *bool `json:"gate_change"`
}

func (u *BackgroundUpdate) apply(b *config.Background) {
	if u == nil {
		return
	}
	if u.PriceIntervalMinutes != nil {
		b.PriceIntervalMinutes = *u.PriceIntervalMinutes
	}
	if len(u.Jobs) > 0 {
		jobs := maps.Clone(b.Jobs) // never change the running config's map
		if jobs == nil {
			jobs = map[string]bool{}
		}
		maps.Copy(jobs, u.Jobs)
		b.Jobs = jobs
	}
	set := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	set(&b.HideToTray, u.HideToTray)
	set(&b.StartHidden, u.StartHidden)
	set(&b.LaunchAtLogin, u.LaunchAtLogin)
	set(&b.APIServer, u.APIServer)
	if n := u.Notifications; n != nil {
		set(&b.Notifications.NewSignals, n.NewSignals)
		set(&b.Notifications.StopTarget, n.StopTarget)
		set(&b.Notifications.GateChange, n.GateChange)
	}
}
