//go:build !desktop

package main

import (
	"io/fs"

	"krmarket/backend/config"
)

// desktopRunner is nil in builds without the Wails tags: `krmarket serve`
// works, the window does not (the CLI says how to build it).
func desktopRunner() func(config.Config, fs.FS, bool) int { return nil }
