package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/events"
	"krmarket/backend/scheduler"
)

// fakeScheduler is a SchedulerControl with two jobs.
type fakeScheduler struct {
	mu      sync.Mutex
	paused  map[string]bool
	global  bool
	running map[string]bool
	started []string
}

func newFakeScheduler() *fakeScheduler {
	return &fakeScheduler{paused: map[string]bool{}, running: map[string]bool{"kr.after_close": true}}
}

var schedNow = time.Date(2026, 3, 10, 5, 0, 0, 0, time.UTC)

func (f *fakeScheduler) Jobs(context.Context) ([]scheduler.JobStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return []scheduler.JobStatus{
		{Name: "prices.kr", Schedule: "every 5m while KRX is open (Asia/Seoul)", Enabled: true, Paused: f.paused["prices.kr"],
			Next: schedNow.Add(5 * time.Minute), Last: &scheduler.Run{Job: "prices.kr", Started: schedNow, Ended: schedNow.Add(1200 * time.Millisecond),
				Items: 300, Result: scheduler.ResultOK}},
		{Name: "kr.after_close", Schedule: "20m after each KRX close (Asia/Seoul)", Enabled: false, Running: f.running["kr.after_close"]},
	}, nil
}

func (f *fakeScheduler) GlobalPaused() bool { f.mu.Lock(); defer f.mu.Unlock(); return f.global }

func (f *fakeScheduler) Trigger(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case name != "prices.kr" && name != "kr.after_close":
		return fmt.Errorf("%w: %q", scheduler.ErrUnknownJob, name)
	case f.running[name]:
		return fmt.Errorf("%w: %q", scheduler.ErrRunning, name)
	}
	f.started = append(f.started, name)
	return nil
}

func (f *fakeScheduler) set(name string, p bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch name {
	case "":
		f.global = p
		if !p {
			f.paused = map[string]bool{}
		}
	case "prices.kr", "kr.after_close":
		f.paused[name] = p
	default:
		return fmt.Errorf("%w: %q", scheduler.ErrUnknownJob, name)
	}
	return nil
}

func (f *fakeScheduler) NotifyTest() error { return errors.New("no notification daemon") }

func (f *fakeScheduler) Pause(name string) error  { return f.set(name, true) }
func (f *fakeScheduler) Resume(name string) error { return f.set(name, false) }

type schedFixture struct {
	sched  *fakeScheduler
	broker *events.Broker
	srv    *Server
	h      http.Handler
	d      *Dispatcher
}

func newSchedFixture(t *testing.T) *schedFixture {
	log := logrus.New()
	log.SetOutput(io.Discard)
	f := &schedFixture{sched: newFakeScheduler(), broker: events.New(func() time.Time { return schedNow })}
	now := func() time.Time { return schedNow }
	f.d = NewDispatcher(Operations(Services{Scheduler: f.sched}), now, log)
	f.srv = NewServer(f.d, Options{Token: testToken, Log: log, Events: f.broker.Handler(events.SSEOptions{Heartbeat: time.Hour})})
	f.h = f.srv.HandlerForHosts("127.0.0.1:5001")
	return f
}

func (f *schedFixture) do(method, target, body string, opts ...reqOpt) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Host = "127.0.0.1:5001"
	if method == "POST" {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+testToken)
	}
	for _, o := range opts {
		o(r)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func TestSchedulerStatusShape(t *testing.T) {
	f := newSchedFixture(t)
	w := f.do("GET", "/api/scheduler/status", "")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	delete(got, "generated_at")
	b, _ := json.Marshal(got)
	want := `{"data_source":"demo","jobs":[` +
		`{"enabled":true,"last_run":{"catch_up":false,"end":"2026-03-10T05:00:01Z","items":300,"manual":false,"result":"ok","start":"2026-03-10T05:00:00Z"},` +
		`"name":"prices.kr","next_run":"2026-03-10T05:05:00Z","paused":false,"running":false,"schedule":"every 5m while KRX is open (Asia/Seoul)"},` +
		`{"enabled":false,"last_run":null,"name":"kr.after_close","next_run":null,"paused":false,"running":true,"schedule":"20m after each KRX close (Asia/Seoul)"}],` +
		`"paused":false,"status":"success"}`
	if string(b) != want {
		t.Fatalf("status\n got %s\nwant %s", b, want)
	}
}

func TestSchedulerTriggerPauseResume(t *testing.T) {
	f := newSchedFixture(t)
	tests := []struct {
		method, target, body string
		auth                 bool
		code                 int
		errCode              string
	}{
		{"POST", "/api/scheduler/trigger/prices.kr", `{}`, true, 200, ""},
		{"POST", "/api/scheduler/trigger/prices.mars", `{}`, true, 404, "unknown_task"},
		{"POST", "/api/scheduler/trigger/kr.after_close", `{}`, true, 409, "running"},
		{"POST", "/api/scheduler/trigger/prices.kr", `{}`, false, 401, "unauthorized"},
		{"POST", "/api/scheduler/trigger/..%2F", `{}`, true, 400, "invalid_task"},
		{"POST", "/api/scheduler/trigger/PRICES", `{}`, true, 400, "invalid_task"},
		{"GET", "/api/scheduler/trigger/prices.kr", ``, true, 405, "method_not_allowed"},
		{"POST", "/api/scheduler/pause", `{"task":"prices.kr"}`, true, 200, ""},
		{"POST", "/api/scheduler/pause", `{"task":"nope.job"}`, true, 404, "unknown_task"},
		{"POST", "/api/scheduler/pause", `{"task":1}`, true, 400, "invalid_body"},
		{"POST", "/api/scheduler/pause", `{"job":"x"}`, true, 400, "invalid_body"},
		{"POST", "/api/scheduler/pause", ``, true, 400, "invalid_body"},
		{"POST", "/api/scheduler/pause", `{}`, true, 200, ""},
		{"POST", "/api/scheduler/resume", `{"task":""}`, false, 401, "unauthorized"},
		{"POST", "/api/notifications/test", `{}`, true, 200, ""},
		{"POST", "/api/notifications/test", `{}`, false, 401, "unauthorized"},
		{"POST", "/api/notifications/test", `{"x":1}`, true, 400, "invalid_body"},
	}
	for _, tc := range tests {
		var opts []reqOpt
		if !tc.auth {
			opts = append(opts, header("Authorization", ""))
		}
		w := f.do(tc.method, tc.target, tc.body, opts...)
		if w.Code != tc.code {
			t.Errorf("%s %s %s: %d %s, want %d", tc.method, tc.target, tc.body, w.Code, w.Body, tc.code)
			continue
		}
		if tc.errCode != "" && !strings.Contains(w.Body.String(), `"error":"`+tc.errCode+`"`) {
			t.Errorf("%s %s: body %s, want error %s", tc.method, tc.target, w.Body, tc.errCode)
		}
	}
	if w := f.do("POST", "/api/notifications/test", `{}`); !strings.Contains(w.Body.String(), `"sent":false,"error":"no notification daemon"`) {
		t.Fatalf("test notification %s", w.Body)
	}
	if len(f.sched.started) != 1 || f.sched.started[0] != "prices.kr" {
		t.Fatalf("started %v", f.sched.started)
	}
	// The pause of one task and the global pause (empty body) are visible.
	var st SchedulerStatus
	w := f.do("GET", "/api/scheduler/status", "")
	if err := json.Unmarshal(w.Body.Bytes(), &st); err != nil || !st.Paused || !st.Jobs[0].Paused || st.Jobs[1].Paused {
		t.Fatalf("status after pauses %s", w.Body)
	}
	// Resume all clears both.
	if w := f.do("POST", "/api/scheduler/resume", `{}`); w.Code != 200 || strings.Contains(w.Body.String(), `"paused":true`) {
		t.Fatalf("resume all: %d %s", w.Code, w.Body)
	}
}

// GET /api/events sits behind the same Host, Origin and Sec-Fetch-Site
// checks as the operations, and needs no token.
func TestEventsRouteSecurity(t *testing.T) {
	f := newSchedFixture(t)
	tests := []struct {
		name string
		opts []reqOpt
		code int
		err  string
	}{
		{"foreign host (DNS rebinding)", []reqOpt{host("evil.example:5001")}, 403, "forbidden_host"},
		{"foreign origin", []reqOpt{header("Origin", "http://evil.example")}, 403, "cross_origin"},
		{"cross-site fetch", []reqOpt{header("Sec-Fetch-Site", "cross-site")}, 403, "cross_site"},
		{"https origin of the same host", []reqOpt{header("Origin", "https://127.0.0.1:5001")}, 403, "cross_origin"},
	}
	for _, tc := range tests {
		w := f.do("GET", "/api/events", "", tc.opts...)
		if w.Code != tc.code || !strings.Contains(w.Body.String(), tc.err) {
			t.Errorf("%s: %d %s", tc.name, w.Code, w.Body)
		}
		if ct := w.Header().Get("Content-Type"); strings.HasPrefix(ct, "text/event-stream") {
			t.Errorf("%s: the stream was opened", tc.name)
		}
	}
	if f.broker.Subscribers() != 0 {
		t.Fatal("a rejected request subscribed")
	}
	// Without an events handler the path is a plain 404.
	d := NewDispatcher(Operations(Services{}), time.Now, logrus.New())
	h := NewServer(d, Options{Log: logrus.New()}).HandlerForHosts("127.0.0.1:5001")
	r := httptest.NewRequest("GET", "/api/events", nil)
	r.Host = "127.0.0.1:5001"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 404 {
		t.Fatalf("no events handler: %d", w.Code)
	}
}

// Through the real listener: the same-origin stream works without a
// token, is not cut by the server's 30 s write timeout (it clears its
// deadline; checked here only by its first event arriving after open),
// and Stop ends it at once instead of waiting for the client.
func TestEventsStreamAndStop(t *testing.T) {
	f := newSchedFixture(t)
	if err := f.srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	addr := f.srv.Addr()
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/events?types=prices.updated", nil)
	req.Header.Set("Origin", "http://"+addr)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("%d %v", res.StatusCode, res.Header)
	}
	sc := bufio.NewScanner(res.Body)
	deadline := time.Now().Add(10 * time.Second)
	for f.broker.Subscribers() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no subscriber")
		}
		time.Sleep(time.Millisecond)
	}
	f.broker.Publish(events.PricesUpdated, map[string]any{"market": "kr", "symbols": []string{"005930.KS"}, "count": 1})
	var lines []string
	for sc.Scan() {
		if sc.Text() == "" && len(lines) > 0 && strings.HasPrefix(lines[len(lines)-1], "data: ") {
			break
		}
		lines = append(lines, sc.Text())
	}
	joined := strings.Join(lines, "\n")
	if !strings.Contains(joined, "event: prices.updated\ndata: {") || !strings.Contains(joined, `"count":1`) {
		t.Fatalf("stream %q", joined)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.srv.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Stop took %v with an open event stream", d)
	}
	for sc.Scan() {
	}
}
