package events

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 10, 1, 2, 3, 0, time.UTC)

func fixed() time.Time { return t0 }

func recv(t *testing.T, s *Sub) Event {
	t.Helper()
	select {
	case e, ok := <-s.C:
		if !ok {
			t.Fatal("subscription closed")
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return Event{}
}

func TestFanOutAndFilter(t *testing.T) {
	b := New(fixed)
	all, prices := b.Subscribe(8), b.Subscribe(8, PricesUpdated)
	b.Publish(ScanDone, map[string]int{"added": 2})
	b.Publish(PricesUpdated, map[string]any{"market": "kr", "count": 300})
	if e := recv(t, all); e.Type != ScanDone || e.Seq != 1 || !e.Time.Equal(t0) {
		t.Fatalf("first event = %+v", e)
	}
	if e := recv(t, all); e.Type != PricesUpdated || e.Seq != 2 {
		t.Fatalf("second event = %+v", e)
	}
	if e := recv(t, prices); e.Type != PricesUpdated || e.Seq != 2 {
		t.Fatalf("filtered subscriber got %+v", e)
	}
	select {
	case e := <-prices.C:
		t.Fatalf("filtered subscriber got an extra %+v", e)
	default:
	}
	if b.Subscribers() != 2 {
		t.Fatalf("subscribers = %d", b.Subscribers())
	}
	all.Close()
	all.Close() // twice is fine
	if b.Subscribers() != 1 {
		t.Fatalf("subscribers after Close = %d", b.Subscribers())
	}
	b.Close()
	if _, ok := <-prices.C; ok {
		t.Fatal("broker Close left a subscription open")
	}
	b.Publish(Job, nil) // no-op, no panic
	if _, ok := <-b.Subscribe(1).C; ok {
		t.Fatal("Subscribe after Close must return a closed subscription")
	}
}

// A subscriber that never reads keeps its first buf events, loses the rest
// (counted) and never blocks the publisher or the other subscribers.
func TestSlowSubscriberDrops(t *testing.T) {
	b := New(nil)
	slow, fast := b.Subscribe(4), b.Subscribe(1000)
	done := make(chan struct{})
	go func() {
		for i := range 100 {
			b.Publish(Job, i)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Publish blocked on a slow subscriber")
	}
	if slow.Dropped() != 96 || fast.Dropped() != 0 {
		t.Fatalf("dropped slow=%d fast=%d, want 96, 0", slow.Dropped(), fast.Dropped())
	}
	for i := range 4 {
		if e := recv(t, slow); e.Data != i {
			t.Fatalf("slow got %v, want %d (the oldest kept)", e.Data, i)
		}
	}
	for i := range 100 {
		if e := recv(t, fast); e.Data != i {
			t.Fatalf("fast got %v, want %d", e.Data, i)
		}
	}
}

func TestConcurrentPublishers(t *testing.T) {
	b := New(nil)
	s := b.Subscribe(1000)
	var wg sync.WaitGroup
	for p := range 4 {
		wg.Go(func() {
			for i := range 100 {
				b.Publish(Job, p*1000+i)
			}
		})
	}
	wg.Wait()
	seen := map[uint64]bool{}
	for range 400 {
		e := recv(t, s)
		if seen[e.Seq] {
			t.Fatalf("duplicate seq %d", e.Seq)
		}
		seen[e.Seq] = true
	}
}

func TestWriteSSEFormat(t *testing.T) {
	var sb strings.Builder
	WriteSSE(&sb, Event{Seq: 7, Type: PricesUpdated, Time: t0, Data: map[string]any{"market": "kr", "count": 2, "symbols": []string{"005930.KS", "000660.KS"}}})
	want := "id: 7\nevent: prices.updated\ndata: " +
		`{"seq":7,"type":"prices.updated","time":"2026-03-10T01:02:03Z","data":{"count":2,"market":"kr","symbols":["005930.KS","000660.KS"]}}` + "\n\n"
	if sb.String() != want {
		t.Fatalf("got  %q\nwant %q", sb.String(), want)
	}
	// A type with a newline cannot inject a field; unencodable data is null.
	sb.Reset()
	WriteSSE(&sb, Event{Type: "x\ndata: evil", Time: t0, Data: func() {}})
	if got := sb.String(); strings.Count(got, "\n") != 3 || !strings.Contains(got, `"data":null`) || !strings.HasPrefix(got, "event: xdata: evil\n") {
		t.Fatalf("got %q", got)
	}
}

// sseClient reads events and comments from a stream.
type sseClient struct {
	sc *bufio.Scanner
}

type frame struct {
	comment, event, data, id string
}

func (c *sseClient) next(t *testing.T) frame {
	t.Helper()
	var f frame
	for c.sc.Scan() {
		line := c.sc.Text()
		switch {
		case line == "":
			if f != (frame{}) {
				return f
			}
		case strings.HasPrefix(line, ":"):
			f.comment = strings.TrimSpace(line[1:])
		case strings.HasPrefix(line, "event: "):
			f.event = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			f.data = line[len("data: "):]
		case strings.HasPrefix(line, "id: "):
			f.id = line[len("id: "):]
		}
	}
	t.Fatalf("stream ended: %v", c.sc.Err())
	return f
}

func open(t *testing.T, url string) (*sseClient, *http.Response, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); res.Body.Close() })
	return &sseClient{sc: bufio.NewScanner(res.Body)}, res, cancel
}

// The stream outlives the server's WriteTimeout, sends heartbeats, events
// in the SSE format and a count of dropped events.
func TestHandlerStream(t *testing.T) {
	b := New(fixed)
	srv := httptest.NewUnstartedServer(b.Handler(SSEOptions{Heartbeat: 150 * time.Millisecond, Buffer: 2}))
	srv.Config.WriteTimeout = 100 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)

	c, res, _ := open(t, srv.URL+"/api/events?types=prices.updated,scan.done")
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("headers %v", res.Header)
	}
	if f := c.next(t); f.comment != "connected" {
		t.Fatalf("first frame %+v", f)
	}
	waitSubs(t, b, 1)
	time.Sleep(300 * time.Millisecond) // past the write timeout and a heartbeat
	if f := c.next(t); f.comment != "ping" {
		t.Fatalf("want a heartbeat, got %+v", f)
	}
	b.Publish(Job, "filtered out")
	b.Publish(ScanDone, map[string]int{"added": 3})
	f := c.next(t)
	for f.comment == "ping" {
		f = c.next(t)
	}
	var e Event
	if err := json.Unmarshal([]byte(f.data), &e); err != nil || f.event != ScanDone || e.Type != ScanDone || f.id != "2" {
		t.Fatalf("frame %+v (%v)", f, err)
	}
	if m, _ := e.Data.(map[string]any); m["added"] != 3.0 {
		t.Fatalf("data %v", e.Data)
	}
}

func TestHandlerReportsDrops(t *testing.T) {
	b := New(fixed)
	// Publish while the stream's writes are held: its own subscription
	// (buffer 2) overflows.
	pr, pw := newPipeWriter()
	req := httptest.NewRequest("GET", "/api/events", nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req = req.WithContext(ctx)
	done := make(chan struct{})
	go func() { b.Handler(SSEOptions{Buffer: 2, Heartbeat: time.Hour}).ServeHTTP(pw, req); close(done) }()
	sc := bufio.NewScanner(pr)
	c := &sseClient{sc: sc}
	if f := c.next(t); f.comment != "connected" {
		t.Fatalf("first frame %+v", f)
	}
	waitSubs(t, b, 1)
	pw.block()
	for i := range 10 {
		b.Publish(Job, i)
	}
	pw.unblock()
	var sawDrop bool
	for range 3 {
		f := c.next(t)
		if f.event == Dropped {
			sawDrop = true
			if !strings.Contains(f.data, `"dropped":`) {
				t.Fatalf("drop frame %+v", f)
			}
		}
	}
	if !sawDrop {
		t.Fatal("no events.dropped frame")
	}
	cancel()
	pr.Close() // a write in progress fails: the client is gone
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("handler did not end with its request context")
	}
}

func TestHandlerEndsOnBrokerClose(t *testing.T) {
	b := New(nil)
	srv := httptest.NewServer(b.Handler(SSEOptions{}))
	t.Cleanup(srv.Close)
	c, _, _ := open(t, srv.URL)
	c.next(t)
	waitSubs(t, b, 1)
	b.Close()
	if c.sc.Scan() {
		t.Fatalf("stream went on: %q", c.sc.Text())
	}
}

func TestHandlerMethods(t *testing.T) {
	b := New(nil)
	h := b.Handler(SSEOptions{})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/api/events", nil))
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST: %d %v", w.Code, w.Header())
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("HEAD", "/api/events", nil))
	if w.Code != 200 || w.Body.Len() != 0 || b.Subscribers() != 0 {
		t.Fatalf("HEAD: %d %q subs=%d", w.Code, w.Body.String(), b.Subscribers())
	}
}

func waitSubs(t *testing.T, b *Broker, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for b.Subscribers() < n {
		if time.Now().After(deadline) {
			t.Fatalf("subscribers = %d, want %d", b.Subscribers(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// pipeWriter is an http.ResponseWriter over a pipe whose writes can be held.
type pipeWriter struct {
	h    http.Header
	w    *io.PipeWriter
	mu   sync.Mutex
	gate chan struct{}
}

func newPipeWriter() (*io.PipeReader, *pipeWriter) {
	r, w := io.Pipe()
	return r, &pipeWriter{h: http.Header{}, w: w}
}

func (p *pipeWriter) Header() http.Header { return p.h }
func (p *pipeWriter) WriteHeader(int)     {}
func (p *pipeWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	g := p.gate
	p.mu.Unlock()
	if g != nil {
		<-g
	}
	return p.w.Write(b)
}
func (p *pipeWriter) Flush() {}
func (p *pipeWriter) block() {
	p.mu.Lock()
	p.gate = make(chan struct{})
	p.mu.Unlock()
}
func (p *pipeWriter) unblock() {
	p.mu.Lock()
	if p.gate != nil {
		close(p.gate)
		p.gate = nil
	}
	p.mu.Unlock()
}
