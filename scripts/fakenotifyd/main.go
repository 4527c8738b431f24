// Command fakenotifyd is a minimal desktop notification server for tests:
// it owns org.freedesktop.Notifications on the session bus (as a desktop's
// notification daemon does) and prints one line per notification received,
// "notify: <summary> | <body>", so scripts/tray-test.sh can check that a
// notification was delivered, not only attempted.
package main

import (
	"fmt"
	"os"
	"sync/atomic"

	"github.com/godbus/dbus/v5"
)

type server struct{ next atomic.Uint32 }

// Notify implements org.freedesktop.Notifications.Notify.
func (s *server) Notify(app string, replaces uint32, icon, summary, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	fmt.Printf("notify: %s | %s\n", summary, body)
	return s.next.Add(1), nil
}

// GetCapabilities implements org.freedesktop.Notifications.GetCapabilities.
func (s *server) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

// GetServerInformation implements org.freedesktop.Notifications.GetServerInformation.
func (s *server) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "fakenotifyd", "krmarket", "1", "1.2", nil
}

// CloseNotification implements org.freedesktop.Notifications.CloseNotification.
func (s *server) CloseNotification(id uint32) *dbus.Error { return nil }

func main() {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakenotifyd:", err)
		os.Exit(1)
	}
	const name, path = "org.freedesktop.Notifications", "/org/freedesktop/Notifications"
	if err := conn.Export(&server{}, path, name); err != nil {
		fmt.Fprintln(os.Stderr, "fakenotifyd:", err)
		os.Exit(1)
	}
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		fmt.Fprintln(os.Stderr, "fakenotifyd: cannot own", name, err)
		os.Exit(1)
	}
	fmt.Println("fakenotifyd: ready")
	select {}
}
