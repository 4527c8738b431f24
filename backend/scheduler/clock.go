package scheduler

import (
	"context"
	"sync"
	"time"
)

// Clock abstracts time so tests control it.
type Clock interface {
	Now() time.Time
	// Until returns a channel that receives once the clock reaches t (or
	// immediately when it is already at or past t).
	Until(t time.Time) <-chan time.Time
}

type realClock struct{}

// maxHop bounds one timer of RealClock.Until. Go timers run on the
// monotonic clock, which stops while the machine sleeps: a single timer
// for a time 10 hours away would fire 10 hours late after a night of
// sleep. Re-arming at most every maxHop against the wall clock bounds that
// lateness to maxHop, at the cost of one wake-up per waiter per maxHop.
const maxHop = 10 * time.Minute

// RealClock returns the wall clock. Until is backed by a chain of
// time.Timers of at most 10 minutes each, compared with the wall clock, so
// a due time passed during sleep fires within 10 minutes of waking.
// Callers that abandon the channel early leave the chain running (one
// wake-up per 10 minutes) until t.
func RealClock() Clock { return realClock{} }

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Until(t time.Time) <-chan time.Time {
	ch := make(chan time.Time, 1)
	t = t.Round(0) // strip the monotonic reading: compare wall clocks
	var arm func()
	arm = func() {
		d := time.Until(t)
		if d <= 0 {
			ch <- time.Now()
			return
		}
		time.AfterFunc(min(d, maxHop), arm)
	}
	arm()
	return ch
}

// FakeClock is a manually driven Clock for tests (of this and other
// packages). It only moves when Advance or Set is called; due waiters are
// fired synchronously by those calls on buffered channels, so firing never
// blocks. Safe for concurrent use.
type FakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
	changed chan struct{} // closed and replaced whenever waiters are added
}

type fakeWaiter struct {
	t  time.Time
	ch chan time.Time
}

// NewFakeClock returns a FakeClock reading start.
func NewFakeClock(start time.Time) *FakeClock {
	return &FakeClock{now: start, changed: make(chan struct{})}
}

// Now returns the fake time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Until returns a channel that receives when the fake clock reaches t.
func (c *FakeClock) Until(t time.Time) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !t.After(c.now) {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{t, ch})
	close(c.changed)
	c.changed = make(chan struct{})
	return ch
}

// Advance moves the clock forward by d and fires every waiter now due.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	t := c.now.Add(d)
	c.mu.Unlock()
	c.Set(t)
}

// Set moves the clock to t (backwards too) and fires every waiter now due.
func (c *FakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	keep := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.t.After(t) {
			w.ch <- t // buffered, never blocks
		} else {
			keep = append(keep, w)
		}
	}
	clear(c.waiters[len(keep):])
	c.waiters = keep
}

// Waiters returns the number of pending (not yet due) Until calls.
func (c *FakeClock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// BlockUntil waits until at least n Until calls are pending, or ctx ends.
// Tests use it to know that goroutines have reached their next wait.
func (c *FakeClock) BlockUntil(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		got, changed := len(c.waiters), c.changed
		c.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
