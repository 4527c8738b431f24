package binance

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestGateObserve: the server's weight count is adopted only for the
// window it belongs to (by its Date header, else the send time).
func TestGateObserve(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 30, 20, 0, time.UTC)
	g := &gate{budget: 100, maxWait: time.Second, now: func() time.Time { return now }}
	if err := g.acquire(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	date := func(t time.Time) string { return t.Format(http.TimeFormat) }
	g.observe("90", date(now.Add(-30*time.Second)), now) // server still in the previous minute
	g.observe("95", "", now.Add(-time.Minute))           // sent in the previous minute
	g.observe("junk", date(now), now)
	if g.used != 2 {
		t.Fatalf("used %d after stale counts", g.used)
	}
	g.observe("50", date(now), now)
	g.observe("40", "", now)
	if g.used != 50 {
		t.Fatalf("used %d, want the server's 50", g.used)
	}
	// Budget spent and the window ends later than maxWait allows waiting
	// within this context.
	g.observe("100", date(now), now)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := g.acquire(ctx, 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire over budget: %v", err)
	}
	// A request heavier than the whole budget still goes out alone in a
	// fresh window.
	now = now.Add(time.Minute)
	if err := g.acquire(context.Background(), 500); err != nil {
		t.Fatal(err)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		header, msg string
		want        time.Duration
	}{
		{"30", "", 30 * time.Second},
		{now.Add(90 * time.Second).Format(http.TimeFormat), "", 90 * time.Second},
		{"", "Way too much request weight used; IP banned until 1600000000000. Please use WebSocket Streams", 0},
		{"", "IP banned until " + strconv.FormatInt(now.Add(2*time.Minute).UnixMilli(), 10) + ".", 2 * time.Minute},
		{"soon", "", 0},
	} {
		if got := retryAfter(tc.header, tc.msg, now); got != tc.want {
			t.Errorf("%q %q: %v, want %v", tc.header, tc.msg, got, tc.want)
		}
	}
}
