package tray

import (
	"runtime"

	"fyne.io/systray"
)

// Systray is the Backend of fyne.io/systray: StatusNotifierItem over D-Bus
// on Linux (no GTK), the notification area on Windows, the menu bar on
// macOS. Create the Tray from the ready callback of StartSystray.
type Systray struct{}

// StartSystray registers the tray with an external event loop (Wails'):
// onReady runs once the tray exists (from a goroutine of the library) and
// gets the backend to build the Tray on. Call start when the app's loop
// runs (Wails OnStartup) and end when it stops (OnShutdown). On macOS the
// tray must be created on the main thread before the app's loop: the
// desktop wiring leaves the tray out there.
func StartSystray(onReady func(Backend), onExit func()) (start, end func()) {
	return systray.RunWithExternalLoop(func() { onReady(Systray{}) }, onExit)
}

// SetIcon sets the tray icon from a PNG (converted to .ico on Windows).
func (Systray) SetIcon(png []byte) {
	if runtime.GOOS == "windows" {
		png = ICO(png)
	}
	systray.SetIcon(png)
}

// SetTitle sets the tray's title (Linux, macOS).
func (Systray) SetTitle(title string) { systray.SetTitle(title) }

// SetTooltip sets the tray's tooltip.
func (Systray) SetTooltip(tip string) { systray.SetTooltip(tip) }

// AddItem adds a menu entry.
func (Systray) AddItem(title, tooltip string) Item {
	return systrayItem{systray.AddMenuItem(title, tooltip)}
}

// AddSeparator adds a separator line.
func (Systray) AddSeparator() { systray.AddSeparator() }

type systrayItem struct{ m *systray.MenuItem }

func (i systrayItem) SetTitle(title string)    { i.m.SetTitle(title) }
func (i systrayItem) Clicked() <-chan struct{} { return i.m.ClickedCh }
