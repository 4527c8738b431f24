//go:build !windows && !darwin

package tray

import (
	"os"
	"path/filepath"
	"strings"
)

func (a Autostart) path() string {
	dir := a.Dir
	if dir == "" {
		if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
			dir = filepath.Join(x, "autostart")
		} else if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, ".config", "autostart")
		}
	}
	return filepath.Join(dir, a.Name+".desktop")
}

// Enable writes the XDG autostart entry.
func (a Autostart) Enable() error {
	if err := a.check(); err != nil {
		return err
	}
	name := strings.NewReplacer("\n", " ", "\r", " ").Replace(a.DisplayName)
	entry := "[Desktop Entry]\nType=Application\nName=" + name + "\nExec=" + desktopExec(a.Exec) +
		"\nTerminal=false\nX-GNOME-Autostart-enabled=true\n"
	return writeEntry(a.path(), []byte(entry))
}

// Disable removes the entry (no error when there is none).
func (a Autostart) Disable() error { return removeEntry(a.path()) }

// Enabled reports whether the entry exists.
func (a Autostart) Enabled() bool { return a.Name != "" && exists(a.path()) }
