// Package events is the app's in-process publish/subscribe broker: typed
// events {type, time, data} fanned out to subscribers, each with a bounded
// buffer. A subscriber that does not keep up loses events (counted), never
// slows the publisher. The window forwards events as Wails events; the
// HTTP API streams them as Server-Sent Events (Handler).
package events

import (
	"sync"
	"sync/atomic"
	"time"
)

// Event types.
const (
	Job           = "job"            // background job progress (jobs.Progress)
	PricesUpdated = "prices.updated" // a price cycle stored quotes: {market, symbols, count}
	ScanDone      = "scan.done"      // a signal scan ended: {market, scanned, added}
	GateChanged   = "gate.changed"   // the KR gate changed colour: {market, from, to}
	SchedulerRun  = "scheduler.run"  // a scheduled job started, progressed or ended
	Notification  = "notification"   // a desktop notification was raised: {kind, title, body}
	Dropped       = "events.dropped" // SSE only: this stream lost events: {dropped}
)

// Event is one published event.
type Event struct {
	Seq  uint64    `json:"seq"`
	Type string    `json:"type"`
	Time time.Time `json:"time"`
	Data any       `json:"data"`
}

// DefaultBuffer is the buffer of a subscriber that asks for none.
const DefaultBuffer = 64

// Broker fans events out to subscribers. The zero value is not usable:
// create it with New. Safe for concurrent use.
type Broker struct {
	now func() time.Time
	seq atomic.Uint64

	mu     sync.Mutex
	subs   map[*Sub]struct{}
	closed bool
}

// New returns a broker stamping events with now (nil: time.Now).
func New(now func() time.Time) *Broker {
	if now == nil {
		now = time.Now
	}
	return &Broker{now: now, subs: map[*Sub]struct{}{}}
}

// Sub is one subscription. Receive from C until it is closed (by Close or
// the broker's Close).
type Sub struct {
	C <-chan Event

	b       *Broker
	c       chan Event
	types   map[string]bool // nil: all
	dropped atomic.Uint64
	once    sync.Once
}

// Subscribe registers a subscriber with a buffer of buf events (<= 0:
// DefaultBuffer) for the given types (none: all). After the broker is
// closed it returns a subscription whose channel is already closed.
func (b *Broker) Subscribe(buf int, types ...string) *Sub {
	if buf <= 0 {
		buf = DefaultBuffer
	}
	c := make(chan Event, buf)
	s := &Sub{C: c, b: b, c: c}
	if len(types) > 0 {
		s.types = map[string]bool{}
		for _, t := range types {
			s.types[t] = true
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		s.once.Do(func() { close(c) })
		return s
	}
	b.subs[s] = struct{}{}
	return s
}

// Dropped is how many events this subscriber lost because its buffer was full.
func (s *Sub) Dropped() uint64 { return s.dropped.Load() }

// Close ends the subscription and closes C. Safe to call twice.
func (s *Sub) Close() {
	s.b.mu.Lock()
	delete(s.b.subs, s)
	s.b.mu.Unlock()
	s.once.Do(func() { close(s.c) })
}

// Publish sends an event of type typ to every subscriber that wants it,
// without blocking: a full subscriber loses it. data must marshal to JSON.
// It returns the event.
func (b *Broker) Publish(typ string, data any) Event {
	e := Event{Seq: b.seq.Add(1), Type: typ, Time: b.now().UTC(), Data: data}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return e
	}
	for s := range b.subs {
		if s.types != nil && !s.types[typ] {
			continue
		}
		select {
		case s.c <- e:
		default:
			s.dropped.Add(1)
		}
	}
	return e
}

// Subscribers is the number of live subscriptions.
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Close ends every subscription; later Publish calls are no-ops.
func (b *Broker) Close() {
	b.mu.Lock()
	subs := b.subs
	b.subs = map[*Sub]struct{}{}
	b.closed = true
	b.mu.Unlock()
	for s := range subs {
		s.once.Do(func() { close(s.c) })
	}
}
