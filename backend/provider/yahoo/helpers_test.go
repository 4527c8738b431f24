package yahoo

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/market"
	"krmarket/backend/provider/yahoo/yahootest"
)

// harness is a client wired to a fake Yahoo.
type harness struct {
	srv    *yahootest.Server
	c      *Client
	log    *syncBuffer
	sleeps *sleepRecorder
	store  *memStore
}

// setup starts a fake with seeded symbols and a client that sleeps
// instantly (recording the waits), logs at debug level into a buffer and
// has a generous rate limit.
func setup(t testing.TB, srvOpts []yahootest.Option, mods ...func(*Config)) *harness {
	t.Helper()
	h := &harness{srv: yahootest.NewServer(t, srvOpts...), log: &syncBuffer{}, sleeps: &sleepRecorder{}, store: &memStore{}}
	seed(h.srv)
	l := logrus.New()
	l.SetOutput(h.log)
	l.SetLevel(logrus.TraceLevel)
	cfg := Config{
		BaseURL:      h.srv.URL,
		RatePerHour:  1_000_000,
		Timeout:      2 * time.Second,
		SessionStore: h.store,
		Sleep:        h.sleeps.Sleep,
		Log:          l,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	return h
}

// Seeded data.
var (
	seedFrom = time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	seedDays = 260
)

func seed(srv *yahootest.Server) {
	for _, sym := range []string{"AAPL", "MSFT", "005930.KS", "035720.KQ", "^KS11"} {
		srv.SetBars(sym, yahootest.Walk(sym, seedFrom, seedDays, 100))
	}
	srv.SetInfo("AAPL", yahootest.Info{Name: "Apple Inc.", Sector: "Technology", Industry: "Consumer Electronics"})
	srv.SetInfo("005930.KS", yahootest.Info{Name: "Samsung Electronics"})
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sleepRecorder returns at once and records the requested waits.
type sleepRecorder struct {
	mu sync.Mutex
	ds []time.Duration
}

func (r *sleepRecorder) Sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.ds = append(r.ds, d)
	r.mu.Unlock()
	return ctx.Err()
}

func (r *sleepRecorder) all() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.ds...)
}

// memStore is a SessionStore in memory.
type memStore struct {
	mu    sync.Mutex
	data  []byte
	saves int
	loads int
}

func (m *memStore) LoadSession(context.Context) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.loads++
	return append([]byte(nil), m.data...), nil
}

func (m *memStore) SaveSession(_ context.Context, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saves++
	m.data = append([]byte(nil), b...)
	return nil
}

func (m *memStore) get() ([]byte, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]byte(nil), m.data...), m.saves
}

// fakeClock advances only when slept on.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) Advance(d time.Duration) { _ = c.Sleep(context.Background(), d) }

// noSecrets fails if any crumb or cookie the fake issued appears in texts.
func noSecrets(t *testing.T, srv *yahootest.Server, texts ...string) {
	t.Helper()
	secrets := append(srv.Crumbs(), srv.Cookies()...)
	if len(secrets) == 0 {
		t.Fatal("the fake issued no secrets; the check would be vacuous")
	}
	for _, text := range texts {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("secret %.6s… leaked into %q", s, text)
			}
		}
	}
}

func bySymbolDate(bars []market.Bar) map[string]market.Bar {
	m := map[string]market.Bar{}
	for _, b := range bars {
		m[b.Date()] = b
	}
	return m
}
