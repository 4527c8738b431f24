//go:build darwin

package tray

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
)

func (a Autostart) path() string {
	dir := a.Dir
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, "Library", "LaunchAgents")
		}
	}
	return filepath.Join(dir, a.Name+".plist")
}

func xmlText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Enable writes the LaunchAgent (RunAtLoad).
func (a Autostart) Enable() error {
	if err := a.check(); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>` + xmlText(a.Name) + `</string>
  <key>ProgramArguments</key>
  <array>
`)
	for _, arg := range a.Exec {
		b.WriteString("    <string>" + xmlText(arg) + "</string>\n")
	}
	b.WriteString(`  </array>
  <key>RunAtLoad</key><true/>
</dict>
</plist>
`)
	return writeEntry(a.path(), b.Bytes())
}

// Disable removes the LaunchAgent (no error when there is none).
func (a Autostart) Disable() error { return removeEntry(a.path()) }

// Enabled reports whether the LaunchAgent exists.
func (a Autostart) Enabled() bool { return a.Name != "" && exists(a.path()) }
