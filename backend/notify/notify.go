// Package notify raises desktop notifications for the events a user wants
// to hear about while the window is hidden: new signals after a scan, an
// open signal hitting its stop or target, the market gate changing colour.
// Each kind can be switched off in the settings. The sending itself is
// behind the Sender interface (Desktop: github.com/gen2brain/beeep, which
// uses org.freedesktop.Notifications over D-Bus on Linux, the notification
// center on macOS and toast notifications on Windows).
package notify

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gen2brain/beeep"
	"github.com/sirupsen/logrus"
)

// Notification kinds.
const (
	NewSignals = "new_signals" // a scan logged new signals
	StopTarget = "stop_target" // an open signal hit its stop or target
	GateChange = "gate_change" // the market gate changed colour
)

// Kinds lists every kind.
var Kinds = []string{NewSignals, StopTarget, GateChange}

// Sender shows one notification.
type Sender interface {
	Send(title, body string) error
}

// SenderFunc adapts a function to Sender.
type SenderFunc func(title, body string) error

// Send calls f.
func (f SenderFunc) Send(title, body string) error { return f(title, body) }

// Errors of Notify.
var (
	ErrUnknownKind = errors.New("notify: unknown kind")
	ErrOff         = errors.New("notify: this kind is switched off")
	ErrRepeated    = errors.New("notify: the same notification was just shown")
)

// Options configure a Notifier.
type Options struct {
	// Sender shows notifications; nil: none are shown (headless serve),
	// they are only logged and published.
	Sender Sender
	// Enabled tells whether a kind is on (nil: all on). It is asked on
	// every Notify, so settings changes apply at once.
	Enabled func(kind string) bool
	// Published is called for every notification shown (the events broker).
	Published func(kind, title, body string)
	Log       logrus.FieldLogger
	Now       func() time.Time
	// Repeat is how long an identical notification is suppressed
	// (default one minute).
	Repeat time.Duration
}

// Notifier filters, de-duplicates and sends notifications. Safe for
// concurrent use.
type Notifier struct {
	o      Options
	mu     sync.Mutex
	recent map[string]time.Time
}

// New returns a notifier.
func New(o Options) *Notifier {
	if o.Enabled == nil {
		o.Enabled = func(string) bool { return true }
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		l := logrus.New()
		l.SetLevel(logrus.PanicLevel)
		o.Log = l
	}
	if o.Repeat <= 0 {
		o.Repeat = time.Minute
	}
	return &Notifier{o: o, recent: map[string]time.Time{}}
}

// Notify shows a notification of kind unless the kind is off or the same
// one was shown within the repeat window. A failing sender is logged and
// its error returned (the notification still counts as raised: it was
// published).
func (n *Notifier) Notify(kind, title, body string) error {
	if !slices.Contains(Kinds, kind) {
		return fmt.Errorf("%w %q", ErrUnknownKind, kind)
	}
	if !n.o.Enabled(kind) {
		return ErrOff
	}
	now := n.o.Now()
	key := kind + "\x00" + title + "\x00" + body
	n.mu.Lock()
	for k, t := range n.recent {
		if now.Sub(t) >= n.o.Repeat {
			delete(n.recent, k)
		}
	}
	if _, dup := n.recent[key]; dup {
		n.mu.Unlock()
		return ErrRepeated
	}
	n.recent[key] = now
	n.mu.Unlock()

	log := n.o.Log.WithField("kind", kind).WithField("title", title)
	log.Info("notification")
	if n.o.Published != nil {
		n.o.Published(kind, title, body)
	}
	if n.o.Sender == nil {
		return nil
	}
	if err := n.o.Sender.Send(title, body); err != nil {
		log.WithError(err).Warn("desktop notification not shown")
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// Test shows a notification whatever the settings (Settings' "send a test
// notification", and the desktop test): it checks that the OS shows them.
// Without a sender it is only logged and published.
func (n *Notifier) Test(title, body string) error {
	n.o.Log.WithField("title", title).Info("test notification")
	if n.o.Published != nil {
		n.o.Published("test", title, body)
	}
	if n.o.Sender == nil {
		return nil
	}
	if err := n.o.Sender.Send(title, body); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// Desktop sends notifications through the OS (beeep). Icon is a PNG (nil:
// none).
type Desktop struct {
	AppName string
	Icon    []byte
}

// appName sets beeep's global application name once (Send may run
// concurrently).
var appName sync.Once

// Send shows one desktop notification.
func (d Desktop) Send(title, body string) error {
	appName.Do(func() {
		if d.AppName != "" {
			beeep.AppName = d.AppName
		}
	})
	var icon any = ""
	if len(d.Icon) > 0 {
		icon = d.Icon
	}
	return beeep.Notify(title, body, icon)
}
