// Command krmarket is the KR Market desktop app and its headless server.
// Run "krmarket --help" for the commands.
package main

import (
	"embed"
	"io/fs"
	"os"

	"krmarket/backend/cli"
)

// The built dashboard (frontend/dist) is embedded; a checkout that has not
// built the frontend embeds only dist/.gitkeep and /app says so.
//
//go:embed all:frontend/dist
var assets embed.FS

func main() {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // cannot happen: the directive above guarantees the folder
	}
	os.Exit(cli.Run(os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Assets: dist, Desktop: desktopRunner()}))
}
