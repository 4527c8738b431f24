//go:build desktop

package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"krmarket/backend/api"
	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/core"
	"krmarket/backend/importer"
	"krmarket/backend/secrets"
	"krmarket/backend/tray"
)

// appIcon is the window and taskbar icon on Linux.
//
//go:embed build/appicon.png
var appIcon []byte

// App is the Wails application: its exported methods are the bindings the
// frontend calls (window.go.main.App.*).
type App struct {
	ctx      context.Context
	core     *core.Core
	startAPI bool
	shell    *shell // tray, hide-to-tray, single instance (desktop_shell.go)
}

func desktopRunner() func(config.Config, fs.FS, bool) int { return runDesktop }

// runDesktop opens the window and blocks until the app quits. A second
// launch on the same data dir only asks the first to show its window and
// exits 0, before touching the database.
func runDesktop(cfg config.Config, assets fs.FS, startAPI bool) int {
	ctx := context.Background()
	sh := newShell(cfg)
	inst, err := tray.Acquire(cfg.DataDir, os.Args[1:], sh.secondInstance)
	if errors.Is(err, tray.ErrRunning) {
		fmt.Fprintln(os.Stderr, "krmarket:", err)
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "krmarket: single-instance lock unavailable:", err)
	}
	defer inst.Release()
	c, err := core.Open(ctx, cfg, core.Options{Console: os.Stderr, App: assets, Keyring: secrets.OSKeyring{}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "krmarket:", err)
		return 1
	}
	app := &App{core: c, startAPI: startAPI, shell: sh}
	sh.attach(app)
	err = wails.Run(&options.App{
		Title:            "KR Market",
		Width:            1280,
		Height:           800,
		MinWidth:         960,
		MinHeight:        600,
		BackgroundColour: options.NewRGB(11, 13, 16),
		AssetServer:      &assetserver.Options{Assets: assets},
		StartHidden:      sh.startHidden(),
		OnStartup:        app.startup,
		OnBeforeClose:    sh.beforeClose,
		OnShutdown:       app.shutdown,
		Bind:             []any{app},
		Linux:            &linux.Options{ProgramName: "krmarket", Icon: appIcon},
	})
	if err != nil {
		c.Log.WithError(err).Error("window failed")
		c.Close(context.Background())
		return 1
	}
	return 0
}

func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.core.Log.Info("window started")
	if a.startAPI || a.core.Cfg.Background.APIServer {
		if err := a.core.Server.Start(a.core.Cfg.Addr); err != nil {
			a.core.Log.WithError(err).Error("local API not started")
		}
	}
	// Every event (job progress, prices, scans, gate, scheduler runs,
	// notifications) goes to the frontend as a Wails event of its type.
	go forwardEvents(ctx, a.core.Events)
	a.shell.start(ctx)
	if err := a.core.StartLive(ctx); err != nil {
		a.core.Log.WithError(err).Error("live sources unavailable")
		_, _ = wruntime.MessageDialog(ctx, wruntime.MessageDialogOptions{Type: wruntime.ErrorDialog, Title: "KR Market", Message: err.Error()})
		a.shell.quit()
		return
	}
	// SIGINT/SIGTERM quit like the window's close button: clean shutdown.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sig:
			a.core.Log.WithField("signal", s.String()).Info("quit requested")
			a.shell.quit()
		case <-ctx.Done():
		}
	}()
}

func (a *App) shutdown(context.Context) {
	a.shell.stop()
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := a.core.Close(sctx); err != nil {
		fmt.Fprintln(os.Stderr, "krmarket: shutdown:", err)
		return
	}
	fmt.Fprintln(os.Stderr, "krmarket: shutdown complete")
}

// Invoke runs an API operation in-process and returns exactly the JSON body
// the HTTP API would return (errors included), so both doors match.
func (a *App) Invoke(name string, params map[string]string, body string) string {
	_, b := a.core.Dispatcher.Invoke(a.ctx, name, params, []byte(body))
	return string(b)
}

// APIToken returns the local API token for the Settings view. Only the
// window (a trusted, in-process caller) can read it.
func (a *App) APIToken() string { return a.core.Token }

// ImportCSVFile asks for a CSV file with the native dialog and imports it
// under symbol; it returns the import.csv operation's JSON body (an error
// envelope with error "cancelled" when the user closes the dialog).
func (a *App) ImportCSVFile(symbol, market string) string {
	path, err := wruntime.OpenFileDialog(a.ctx, wruntime.OpenDialogOptions{
		Title:   "Import daily bars (CSV)",
		Filters: []wruntime.FileFilter{{DisplayName: "CSV files (*.csv)", Pattern: "*.csv;*.CSV;*.txt"}},
	})
	if err != nil || path == "" {
		return `{"status":"error","error":"cancelled","message":"no file chosen"}`
	}
	content, err := readLimited(path, api.MaxImportBytes)
	if err != nil {
		b, _ := json.Marshal(contract.ErrorBody{Status: "error", Error: "unreadable_file", Message: err.Error()})
		return string(b)
	}
	body, _ := json.Marshal(importer.Request{Symbol: symbol, Market: market, CSV: content})
	_, out := a.core.Dispatcher.Invoke(a.ctx, "import.csv", nil, body)
	return string(out)
}

// readLimited reads a whole file of at most limit bytes.
func readLimited(path string, limit int64) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("the file could not be opened")
	}
	if fi.Size() > limit {
		return "", fmt.Errorf("the file is larger than %d MB", limit>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("the file could not be read")
	}
	return string(b), nil
}

// ReportRendered is called by the frontend when a view has rendered; the
// desktop smoke test reads this log line.
func (a *App) ReportRendered(view string, rows int) {
	a.core.Log.WithField("view", view).WithField("rows", rows).Info("frontend rendered")
}
