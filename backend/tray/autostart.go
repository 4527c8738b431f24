package tray

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Autostart launches the app when the user logs in: an XDG autostart entry
// (~/.config/autostart/NAME.desktop) on Linux and the BSDs, a LaunchAgent
// (~/Library/LaunchAgents/NAME.plist) on macOS, a value under
// HKCU\Software\Microsoft\Windows\CurrentVersion\Run on Windows — the same
// places github.com/emersion/go-autostart uses (that module is not served
// by this project's module proxy, so these ~100 lines stand in for it).
type Autostart struct {
	Name        string   // file or value name, e.g. "krmarket"
	DisplayName string   // shown by the desktop's session settings
	Exec        []string // command line: the executable, then arguments
	// Dir overrides the per-user directory of the entry (tests); "" = the
	// OS default. Unused on Windows.
	Dir string
}

// ErrNoExec is returned when Exec is empty.
var ErrNoExec = errors.New("autostart: no command to run")

func (a Autostart) check() error {
	if len(a.Exec) == 0 || a.Exec[0] == "" {
		return ErrNoExec
	}
	if a.Name == "" || strings.ContainsAny(a.Name, `/\`) {
		return fmt.Errorf("autostart: bad name %q", a.Name)
	}
	return nil
}

// writeEntry writes an entry file atomically in a 0700 directory.
func writeEntry(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

func removeEntry(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// desktopExec quotes a command line for a .desktop file's Exec key
// (Desktop Entry Specification, "The Exec key"): arguments with reserved
// characters are double-quoted, with ", `, $ and \ backslash-escaped, and
// a literal % is written %%.
func desktopExec(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		a = strings.ReplaceAll(a, "%", "%%")
		if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
			out[i] = a
			continue
		}
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`)
		out[i] = `"` + r.Replace(a) + `"`
	}
	// In a .desktop file, backslashes are themselves escaped once more.
	return strings.ReplaceAll(strings.Join(out, " "), `\`, `\\`)
}
