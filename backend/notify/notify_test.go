package notify

import (
	"errors"
	"sync"
	"testing"
	"time"
)

type recorder struct {
	mu   sync.Mutex
	sent []string
	err  error
}

func (r *recorder) Send(title, body string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, title+"|"+body)
	return r.err
}

func TestNotify(t *testing.T) {
	now := time.Date(2026, 3, 10, 7, 0, 0, 0, time.UTC)
	on := map[string]bool{NewSignals: true, StopTarget: false, GateChange: true}
	var mu sync.Mutex
	var published []string
	rec := &recorder{}
	n := New(Options{
		Sender:    rec,
		Enabled:   func(k string) bool { mu.Lock(); defer mu.Unlock(); return on[k] },
		Published: func(kind, title, body string) { published = append(published, kind) },
		Now:       func() time.Time { return now },
	})
	if err := n.Notify(NewSignals, "KR Market: 3 new signals", "005930 삼성전자, …"); err != nil {
		t.Fatal(err)
	}
	if err := n.Notify(StopTarget, "005930 hit its stop", ""); !errors.Is(err, ErrOff) {
		t.Fatalf("switched-off kind: %v", err)
	}
	if err := n.Notify("spam", "x", "y"); !errors.Is(err, ErrUnknownKind) {
		t.Fatalf("unknown kind: %v", err)
	}
	// The same notification within a minute is not repeated; a different
	// one is shown; after a minute the same one is shown again.
	if err := n.Notify(NewSignals, "KR Market: 3 new signals", "005930 삼성전자, …"); !errors.Is(err, ErrRepeated) {
		t.Fatalf("repeat: %v", err)
	}
	if err := n.Notify(GateChange, "KR gate: green → red", ""); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	if err := n.Notify(NewSignals, "KR Market: 3 new signals", "005930 삼성전자, …"); err != nil {
		t.Fatalf("after the repeat window: %v", err)
	}
	// Turning a kind on applies at once.
	mu.Lock()
	on[StopTarget] = true
	mu.Unlock()
	if err := n.Notify(StopTarget, "005930 hit its stop", ""); err != nil {
		t.Fatal(err)
	}
	want := []string{"KR Market: 3 new signals|005930 삼성전자, …", "KR gate: green → red|", "KR Market: 3 new signals|005930 삼성전자, …", "005930 hit its stop|"}
	if len(rec.sent) != len(want) {
		t.Fatalf("sent %q, want %q", rec.sent, want)
	}
	for i := range want {
		if rec.sent[i] != want[i] {
			t.Fatalf("sent[%d] = %q, want %q", i, rec.sent[i], want[i])
		}
	}
	if len(published) != 4 || published[1] != GateChange {
		t.Fatalf("published %v", published)
	}
}

func TestNotifySenderFailureAndHeadless(t *testing.T) {
	boom := errors.New("no notification daemon")
	var published int
	n := New(Options{Sender: SenderFunc(func(string, string) error { return boom }), Published: func(string, string, string) { published++ }})
	if err := n.Notify(GateChange, "a", "b"); !errors.Is(err, boom) {
		t.Fatalf("sender failure: %v", err)
	}
	if published != 1 {
		t.Fatal("a notification whose sender failed must still be published")
	}
	// No sender (headless serve): published only, no error.
	h := New(Options{Published: func(string, string, string) { published++ }})
	if err := h.Notify(NewSignals, "a", "b"); err != nil || published != 2 {
		t.Fatalf("headless: %v, published %d", err, published)
	}
}

func TestTestNotification(t *testing.T) {
	rec := &recorder{}
	var kinds []string
	n := New(Options{Sender: rec, Enabled: func(string) bool { return false }, Published: func(k, _, _ string) { kinds = append(kinds, k) }})
	for range 2 { // never de-duplicated, never switched off
		if err := n.Test("KR Market", "test"); err != nil {
			t.Fatal(err)
		}
	}
	if len(rec.sent) != 2 || len(kinds) != 2 || kinds[0] != "test" {
		t.Fatalf("sent %q, published %q", rec.sent, kinds)
	}
	rec.err = errors.New("no daemon")
	if err := n.Test("a", "b"); !errors.Is(err, rec.err) {
		t.Fatalf("failure: %v", err)
	}
}
