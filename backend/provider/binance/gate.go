package binance

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// gate keeps one API's request weight under a per-minute budget and
// honours 429/418 back-off. Binance counts weight per IP in fixed
// one-minute windows and reports the count in X-MBX-USED-WEIGHT-1M; the
// gate reserves weight before a request (so concurrent callers do not
// overshoot together) and adopts the server's count when it is higher
// (other programs on the same IP spend from the same budget).
type gate struct {
	budget  int
	maxWait time.Duration
	now     func() time.Time

	mu           sync.Mutex
	window       time.Time // start of the minute counted by used
	used         int
	blockedUntil time.Time
	blockStatus  int // 429 or 418 behind blockedUntil
	blockMsg     string
}

// acquire reserves w weight, sleeping until the next window if the budget
// is spent or until a 429's Retry-After has passed. It fails at once during
// a ban, or when the back-off is longer than maxWait.
func (g *gate) acquire(ctx context.Context, w int) error {
	for {
		g.mu.Lock()
		now := g.now()
		var wait time.Duration
		if now.Before(g.blockedUntil) {
			wait = g.blockedUntil.Sub(now)
			if g.blockStatus == 418 || wait > g.maxWait {
				err := &RateLimitError{StatusCode: g.blockStatus, RetryAfter: wait, Until: g.blockedUntil, Msg: g.blockMsg}
				g.mu.Unlock()
				return err
			}
		} else {
			if win := now.Truncate(time.Minute); win.After(g.window) {
				g.window, g.used = win, 0
			}
			if g.used == 0 || g.used+w <= g.budget {
				g.used += w
				g.mu.Unlock()
				return nil
			}
			wait = g.window.Add(time.Minute).Sub(now)
		}
		g.mu.Unlock()
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// observe adopts the server's weight count if it is higher than ours. The
// count belongs to the server's minute at its Date header (second
// resolution), else to the minute the request was sent; counts for any
// other window than the current one are stale (or early, with clock skew)
// and ignored.
func (g *gate) observe(header, date string, sent time.Time) {
	n, err := strconv.Atoi(header)
	if err != nil || n < 0 {
		return
	}
	at := sent
	if d, err := http.ParseTime(date); err == nil {
		at = d
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if win := g.now().Truncate(time.Minute); win.After(g.window) {
		g.window, g.used = win, 0
	}
	if at.Truncate(time.Minute).Equal(g.window) {
		g.used = max(g.used, n)
	}
}

// block stops requests until now+retryAfter (a 429 or 418). Without a
// Retry-After, a 429 blocks until the next window.
func (g *gate) block(status int, retryAfter time.Duration, msg string) time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	until := now.Add(retryAfter)
	if retryAfter <= 0 {
		until = now.Truncate(time.Minute).Add(time.Minute)
	}
	if until.After(g.blockedUntil) || status == 418 {
		g.blockedUntil = until
		g.blockStatus, g.blockMsg = status, msg
	}
	return g.blockedUntil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
