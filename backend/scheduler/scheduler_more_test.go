package scheduler

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"krmarket/backend/calendar"
)

// newHarnessAt is newHarness with the fake clock starting at start.
func newHarnessAt(t *testing.T, start time.Time, jobs ...Job) *harness {
	t.Helper()
	h := &harness{t: t, clock: NewFakeClock(start), records: make(chan Run, 64)}
	h.s = New(h.clock, jobs, func(r Run) { h.records <- r })
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), guard)
		defer cancel()
		if err := h.s.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return h
}

// A KRX job on the fake clock: the last step before the close, then no run
// through the Seollal holidays (2026-02-16..18) and the weekend before them,
// then the open of the next trading day.
func TestWhileOpenJobSkipsKRXHoliday(t *testing.T) {
	start := time.Date(2026, 2, 13, 15, 26, 0, 0, seoul) // Friday before Seollal
	var n atomic.Int32
	h := newHarnessAt(t, start, Job{Name: "prices.kr", Schedule: WhileOpen(krxCal, 5*time.Minute), Run: counting(&n)})
	h.start(1)
	close := time.Date(2026, 2, 13, 15, 30, 0, 0, seoul)
	if got := h.status("prices.kr").Next; !got.Equal(close) {
		t.Fatalf("next = %v, want the close step %v", got, close)
	}
	h.clock.Set(close)
	h.run()
	h.settle(1)
	want := time.Date(2026, 2, 19, 9, 0, 0, 0, seoul) // Thursday after Seollal
	if got := h.status("prices.kr").Next; !got.Equal(want) {
		t.Fatalf("next after the close = %v, want %v", got, want)
	}
	// Walk through the holidays an hour at a time: nothing runs.
	for ts := close.Add(time.Hour); ts.Before(want); ts = ts.Add(time.Hour) {
		h.clock.Set(ts)
		h.settle(1)
	}
	h.noRun()
	h.clock.Set(want)
	if r := h.run(); !r.Started.Equal(want) || r.CatchUp {
		t.Fatalf("run = %+v, want a regular run at %v", r, want)
	}
}

// A NYSE job across the 2026 spring DST change (Sunday 2026-03-08): the
// Friday open is 14:30 UTC (EST), the Monday open 13:30 UTC (EDT); both are
// 09:30 in New York.
func TestWhileOpenJobAcrossNewYorkDST(t *testing.T) {
	start := time.Date(2026, 3, 6, 15, 58, 0, 0, newYork) // Friday, EST
	var n atomic.Int32
	h := newHarnessAt(t, start, Job{Name: "prices.us", Schedule: WhileOpen(calendar.NYSE(), 5*time.Minute), Run: counting(&n)})
	h.start(1)
	for _, want := range []time.Time{
		time.Date(2026, 3, 6, 21, 0, 0, 0, time.UTC),  // Friday 16:00 EST close
		time.Date(2026, 3, 9, 13, 30, 0, 0, time.UTC), // Monday 09:30 EDT open
		time.Date(2026, 3, 9, 13, 35, 0, 0, time.UTC), // next step
	} {
		if got := h.status("prices.us").Next; !got.Equal(want) {
			t.Fatalf("next = %v, want %v", got.UTC(), want)
		}
		h.clock.Set(want)
		if r := h.run(); !r.Started.Equal(want) {
			t.Fatalf("run = %+v, want at %v", r, want)
		}
		h.settle(1)
	}
	if l := h.status("prices.us").Next.In(newYork); l.Hour() != 9 || l.Minute() != 40 {
		t.Fatalf("next local = %v, want 09:40 New York", l)
	}
}

// The machine sleeps from Friday 15:00 KST to Monday 10:12 KST: the KRX job
// runs once on waking (a catch-up) and then on its next step.
func TestCatchUpAfterSleepOverWeekend(t *testing.T) {
	start := time.Date(2026, 3, 13, 15, 0, 0, 0, seoul)
	var n atomic.Int32
	h := newHarnessAt(t, start, Job{Name: "prices.kr", Schedule: WhileOpen(krxCal, 5*time.Minute), Run: counting(&n)})
	h.start(1)
	wake := time.Date(2026, 3, 16, 10, 12, 0, 0, seoul)
	h.clock.Set(wake)
	r := h.run()
	if !r.CatchUp || !r.Started.Equal(wake) || r.Result != ResultOK {
		t.Fatalf("run = %+v, want one catch-up at %v", r, wake)
	}
	h.settle(1)
	h.noRun()
	if want := time.Date(2026, 3, 16, 10, 15, 0, 0, seoul); !h.status("prices.kr").Next.Equal(want) {
		t.Fatalf("next = %v, want %v", h.status("prices.kr").Next, want)
	}
	if n.Load() != 1 {
		t.Fatalf("runs = %d, want 1", n.Load())
	}
}

func TestResultsAndNote(t *testing.T) {
	boom := errors.New("boom")
	jobs := []Job{
		{Name: "ok", Run: func(context.Context) (int, error) { return 3, nil }},
		{Name: "note", Run: func(context.Context) (int, error) { return 0, Note("demo data: nothing to fetch") }},
		{Name: "fail", Run: func(context.Context) (int, error) { return 1, fmt.Errorf("fetch: %w", boom) }},
		{Name: "cancel", Run: func(context.Context) (int, error) { return 0, context.Canceled }},
	}
	h := newHarness(t, jobs...)
	var mu sync.Mutex
	started := map[string]bool{}
	h.s.OnStart(func(job string, at time.Time, manual bool) {
		mu.Lock()
		defer mu.Unlock()
		started[job] = manual && at.Equal(t0)
	})
	want := map[string]Run{
		"ok":     {Items: 3, Result: ResultOK},
		"note":   {Result: "demo data: nothing to fetch"},
		"fail":   {Items: 1, Result: ResultError, Err: "fetch: boom"},
		"cancel": {Result: ResultCancelled, Err: "context canceled"},
	}
	for _, j := range jobs {
		if err := h.s.Trigger(j.Name); err != nil {
			t.Fatal(err)
		}
		r := h.run()
		w := want[j.Name]
		if r.Job != j.Name || r.Items != w.Items || r.Result != w.Result || r.Err != w.Err || !r.Manual {
			t.Errorf("%s: run = %+v, want %+v", j.Name, r, w)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, j := range jobs {
		if !started[j.Name] {
			t.Errorf("OnStart not called (manual, at t0) for %s", j.Name)
		}
	}
}

func TestGlobalPauseAndDisabled(t *testing.T) {
	var a, b atomic.Int32
	h := newHarness(t,
		Job{Name: "a", Schedule: Always(5 * time.Minute), Run: counting(&a)},
		Job{Name: "b", Schedule: Always(5 * time.Minute), Run: counting(&b)},
	)
	h.start(2)
	h.s.SetEnabled("b", false)
	h.s.PauseAll()
	if !h.s.GlobalPaused() || !h.s.Paused("a") || h.status("a").Paused {
		t.Fatal("global pause not reported as such")
	}
	h.clock.Advance(5 * time.Minute)
	h.settle(2)
	h.noRun()
	h.s.ResumeAll()
	if h.s.GlobalPaused() || h.status("b").Enabled {
		t.Fatalf("after ResumeAll: global %v, b = %+v (must stay disabled)", h.s.GlobalPaused(), h.status("b"))
	}
	h.clock.Advance(5 * time.Minute)
	if r := h.run(); r.Job != "a" {
		t.Fatalf("run = %+v, want a", r)
	}
	h.settle(2)
	h.noRun()
	// A disabled job can still be triggered.
	if err := h.s.Trigger("b"); err != nil {
		t.Fatal(err)
	}
	if r := h.run(); r.Job != "b" || !r.Manual {
		t.Fatalf("triggered run = %+v", r)
	}
	if h.s.Pause("nope") || h.s.Resume("nope") || h.s.SetEnabled("nope", true) || h.s.Has("nope") || !h.s.Has("a") {
		t.Fatal("unknown job names must report false")
	}
}

// Reschedule: a schedule reading a setting picks up the new value at once
// instead of after its pending wait.
func TestReschedule(t *testing.T) {
	var period atomic.Int64
	period.Store(int64(time.Hour))
	sched := ScheduleFunc(func(after time.Time) time.Time { return Always(time.Duration(period.Load())).Next(after) })
	var n atomic.Int32
	h := newHarness(t, Job{Name: "p", Schedule: sched, Run: counting(&n)})
	h.start(1)
	if got := h.status("p").Next; !got.Equal(t0.Add(time.Hour)) {
		t.Fatalf("next = %v", got)
	}
	period.Store(int64(5 * time.Minute))
	if !h.s.Reschedule("p") {
		t.Fatal("Reschedule(p) = false")
	}
	h.settle(2) // the old wait stays registered with the fake clock
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	for !h.status("p").Next.Equal(t0.Add(5 * time.Minute)) {
		select {
		case <-ctx.Done():
			t.Fatalf("next = %v after Reschedule", h.status("p").Next)
		case <-time.After(time.Millisecond):
		}
	}
	h.clock.Advance(5 * time.Minute)
	if r := h.run(); !r.Started.Equal(t0.Add(5 * time.Minute)) {
		t.Fatalf("run = %+v", r)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		s    Schedule
		want string
	}{
		{WhileOpen(calendar.KRX(), 5*time.Minute), "every 5m while KRX is open (Asia/Seoul)"},
		{WhileOpen(calendar.NYSE(), 15*time.Minute), "every 15m while NYSE is open (America/New_York)"},
		{AfterClose(calendar.KRX(), 20*time.Minute), "20m after each KRX close (Asia/Seoul)"},
		{AfterClose(calendar.NYSE(), 0), "at each NYSE close (America/New_York)"},
		{Always(4 * time.Hour), "every 4h, around the clock"},
		{Every(90*time.Second, calendar.KRX().IsOpen), "every 1m30s while open"},
		{Daily(seoul, 7, 30), "daily at 07:30 (Asia/Seoul)"},
		{ScheduleFunc(func(time.Time) time.Time { return time.Time{} }), "custom"},
		{nil, "manual only"},
	}
	for _, tc := range tests {
		if got := Describe(tc.s); got != tc.want {
			t.Errorf("Describe = %q, want %q", got, tc.want)
		}
	}
	h := newHarness(t, Job{Name: "d", Schedule: Daily(time.UTC, 6, 0), Run: func(context.Context) (int, error) { return 0, nil }})
	if st := h.status("d"); !strings.HasPrefix(st.Schedule, "daily at 06:00") || !st.Enabled {
		t.Fatalf("status = %+v", st)
	}
}

// The real clock fires at a wall-clock time.
func TestRealClockUntil(t *testing.T) {
	c := RealClock()
	start := time.Now()
	select {
	case <-c.Until(start.Add(20 * time.Millisecond)):
	case <-time.After(guard):
		t.Fatal("Until did not fire")
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Fatal("fired early")
	}
	select {
	case <-c.Until(start.Add(-time.Second)):
	default:
		t.Fatal("a past time must fire at once")
	}
}
