//go:build desktop

package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"krmarket/backend/config"
	"krmarket/backend/core"
	"krmarket/backend/events"
	"krmarket/backend/notify"
	"krmarket/backend/tray"
)

// shell is the desktop integration around the window: the tray, closing
// to the tray, start hidden, launch at login, the local API on/off, desktop
// notifications and the single-instance hand-over.
type shell struct {
	cfg    config.Config
	app    *App
	trayOK bool // a tray exists (not on macOS: it must be built on the main thread before Wails)

	ctx    context.Context // ends at shutdown
	cancel context.CancelFunc
	wails  atomic.Pointer[context.Context]

	trayStart, trayEnd func()
	mu                 sync.Mutex
	tray               *tray.Tray

	visible    atomic.Bool
	quitting   atomic.Bool
	hideToTray atomic.Bool
	showCh     chan struct{}
}

func newShell(cfg config.Config) *shell {
	ctx, cancel := context.WithCancel(context.Background())
	s := &shell{cfg: cfg, trayOK: runtime.GOOS != "darwin", ctx: ctx, cancel: cancel, showCh: make(chan struct{}, 1)}
	s.hideToTray.Store(cfg.Background.HideToTray && s.trayOK)
	s.visible.Store(!s.startHidden())
	return s
}

// startHidden: only with a tray to bring the window back from.
func (s *shell) startHidden() bool { return s.cfg.Background.StartHidden && s.trayOK }

// attach wires the shell to the app before Wails runs (the tray library
// must be registered before the GUI loop starts).
func (s *shell) attach(a *App) {
	s.app = a
	bg := a.core.Background
	bg.SetSender(notify.Desktop{AppName: "KR Market"})
	bg.OnSettings(s.settingsChanged)
	bg.Watch(s.refresh)
	if s.trayOK {
		s.trayStart, s.trayEnd = tray.StartSystray(s.trayReady, nil)
	}
}

// start runs in OnStartup.
func (s *shell) start(ctx context.Context) {
	s.wails.Store(&ctx)
	if s.trayStart != nil {
		s.trayStart()
	}
	s.syncAutostart(s.cfg.Background.LaunchAtLogin)
	go s.showLoop()
	go s.app.core.Background.CheckGate(s.ctx) // the tooltip's first gate colour (never notified)
	if s.startHidden() {
		s.app.core.Log.Info("window started hidden in the tray")
	}
}

// stop runs in OnShutdown.
func (s *shell) stop() {
	s.cancel()
	if s.trayEnd != nil {
		s.trayEnd()
	}
}

func (s *shell) wailsCtx() context.Context {
	if p := s.wails.Load(); p != nil {
		return *p
	}
	return nil
}

// quit really quits (tray Quit, SIGTERM, a fatal start error).
func (s *shell) quit() {
	s.quitting.Store(true)
	if ctx := s.wailsCtx(); ctx != nil {
		wruntime.Quit(ctx)
	}
}

// beforeClose is Wails' OnBeforeClose: the close button hides the window
// to the tray when that is on; a real quit goes through.
func (s *shell) beforeClose(ctx context.Context) bool {
	if s.quitting.Load() || !s.hideToTray.Load() {
		s.quitting.Store(true)
		return false
	}
	wruntime.WindowHide(ctx)
	s.visible.Store(false)
	s.refresh()
	s.app.core.Log.Info("window hidden to tray")
	return true
}

// secondInstance is called (from the instance lock's goroutine) when the
// app is launched again on the same data dir.
func (s *shell) secondInstance(args []string) {
	if s.app != nil {
		s.app.core.Log.WithField("args", args).Info("second instance: showing the window")
	}
	select {
	case s.showCh <- struct{}{}:
	default:
	}
}

// showLoop shows the window for second launches once Wails runs.
func (s *shell) showLoop() {
	for {
		select {
		case <-s.showCh:
			s.setVisible(true)
		case <-s.ctx.Done():
			return
		}
	}
}

func (s *shell) setVisible(show bool) {
	ctx := s.wailsCtx()
	if ctx == nil {
		return
	}
	if show {
		wruntime.WindowShow(ctx)
		wruntime.WindowUnminimise(ctx)
	} else {
		wruntime.WindowHide(ctx)
	}
	s.visible.Store(show)
	s.refresh()
}

// trayReady builds the menu (called by the tray library once it exists).
func (s *shell) trayReady(b tray.Backend) {
	bg := s.app.core.Background
	t := tray.New(b, tray.Actions{
		ShowWindow: s.setVisible,
		UpdatePrices: func() {
			s.app.core.Log.Info("tray: update prices now")
			bg.UpdatePricesNow()
		},
		SetPaused: func(p bool) {
			if p {
				_ = bg.Pause("")
			} else {
				_ = bg.Resume("")
			}
		},
		SetAPIServer: s.setAPIServer,
		OpenDataDir:  func() { openFolder(s.app.core, s.cfg.DataDir) },
		Quit: func() {
			s.app.core.Log.Info("quit requested from the tray")
			s.quit()
		},
	}, s.state())
	s.mu.Lock()
	s.tray = t
	s.mu.Unlock()
	go t.Run(s.ctx)
	s.app.core.Log.WithField("pid", os.Getpid()).Info("tray ready")
}

// state is what the tray shows now.
func (s *shell) state() tray.State {
	c := s.app.core
	cfg := c.System.Config()
	return tray.State{
		WindowVisible: s.visible.Load(),
		Paused:        c.Background.GlobalPaused(),
		APIAddr:       c.Server.Addr(),
		LastUpdate:    c.Background.LastPriceUpdate(),
		Gate:          tray.ColourOf(c.Background.LastGate()),
		Language:      cfg.Language,
		Zone:          seoul,
	}
}

var seoul, _ = time.LoadLocation("Asia/Seoul")

// refresh redraws the tray from the current state.
func (s *shell) refresh() {
	s.mu.Lock()
	t := s.tray
	s.mu.Unlock()
	if t == nil {
		return
	}
	st := s.state()
	t.Update(func(cur *tray.State) {
		errMsg := cur.Error
		*cur = st
		cur.Error = errMsg
	})
}

// setAPIServer switches the local API on or off and remembers it.
func (s *shell) setAPIServer(on bool) (string, error) {
	err := s.applyAPIServer(on)
	if err == nil {
		_, err = s.app.core.System.EditConfig(func(c *config.Config) error { c.Background.APIServer = on; return nil })
	}
	return s.app.core.Server.Addr(), err
}

func (s *shell) applyAPIServer(on bool) error {
	c := s.app.core
	defer s.refresh()
	running := c.Server.Addr() != ""
	switch {
	case on && !running:
		return c.Server.Start(c.Cfg.Addr)
	case !on && running:
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		err := c.Server.Stop(ctx)
		c.Log.Info("local API stopped")
		return err
	}
	return nil
}

// settingsChanged applies the desktop settings at once.
func (s *shell) settingsChanged(old, cfg config.Config) {
	s.hideToTray.Store(cfg.Background.HideToTray && s.trayOK)
	if old.Background.APIServer != cfg.Background.APIServer {
		if err := s.applyAPIServer(cfg.Background.APIServer); err != nil {
			s.app.core.Log.WithError(err).Warn("local API not switched")
		}
	}
	if old.Background.LaunchAtLogin != cfg.Background.LaunchAtLogin {
		s.syncAutostart(cfg.Background.LaunchAtLogin)
	}
	s.refresh()
}

// syncAutostart makes the login item match the setting (the executable
// may have moved since it was written).
func (s *shell) syncAutostart(on bool) {
	log := s.app.core.Log
	exe, err := os.Executable()
	if err != nil {
		log.WithError(err).Warn("launch at login: executable not found")
		return
	}
	a := tray.Autostart{Name: "krmarket", DisplayName: "KR Market", Exec: []string{exe, "--data-dir", s.cfg.DataDir}}
	switch {
	case on:
		err = a.Enable()
	case a.Enabled():
		err = a.Disable()
	default:
		return
	}
	if err != nil {
		log.WithError(err).Warn("launch at login not changed")
		return
	}
	log.WithField("on", on).Info("launch at login updated")
}

// openFolder opens dir in the file manager.
func openFolder(c *core.Core, dir string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", dir)
	case "windows":
		cmd = exec.Command("explorer", dir)
	default:
		cmd = exec.Command("xdg-open", dir)
	}
	if err := cmd.Start(); err != nil {
		c.Log.WithError(err).Warn("data folder not opened")
		return
	}
	go func() { _ = cmd.Wait() }()
	c.Log.WithField("dir", dir).Info("data folder opened")
}

// forwardEvents sends every broker event to the window as a Wails event of
// its type: "job" carries the job's progress (as before), the others the
// whole event {seq, type, time, data}, like the SSE stream's data line.
func forwardEvents(ctx context.Context, b *events.Broker) {
	sub := b.Subscribe(256)
	defer sub.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-sub.C:
			if !ok {
				return
			}
			if e.Type == events.Job {
				wruntime.EventsEmit(ctx, e.Type, e.Data)
			} else {
				wruntime.EventsEmit(ctx, e.Type, e)
			}
		}
	}
}

// APIServerState is the JSON of the SetAPIServer binding.
type APIServerState struct {
	Running bool   `json:"running"`
	Address string `json:"address"`
	Error   string `json:"error,omitempty"`
}

// SetAPIServer starts or stops the local HTTP API without a restart and
// remembers the choice (Settings; the tray has the same switch).
func (a *App) SetAPIServer(on bool) string {
	addr, err := a.shell.setAPIServer(on)
	st := APIServerState{Running: addr != "", Address: addr}
	if err != nil {
		st.Error = err.Error()
	}
	b, _ := json.Marshal(st)
	return string(b)
}

// TrayAvailable tells Settings whether hide-to-tray and start-hidden apply.
func (a *App) TrayAvailable() bool { return a.shell.trayOK }
