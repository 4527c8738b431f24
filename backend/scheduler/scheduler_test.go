package scheduler

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// guard bounds waits so a bug fails the test instead of hanging it; no
// test asserts on elapsed time.
const guard = 30 * time.Second

type harness struct {
	t       *testing.T
	clock   *FakeClock
	s       *Scheduler
	records chan Run
}

func newHarness(t *testing.T, jobs ...Job) *harness {
	t.Helper()
	h := &harness{t: t, clock: NewFakeClock(t0), records: make(chan Run, 64)}
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

// start starts the scheduler and waits until n job loops wait on the clock.
func (h *harness) start(n int) {
	h.t.Helper()
	h.s.Start(context.Background())
	h.settle(n)
}

// settle waits until n goroutines wait on the clock again, i.e. every loop
// has handled the last clock move.
func (h *harness) settle(n int) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	if err := h.clock.BlockUntil(ctx, n); err != nil {
		h.t.Fatalf("waiting for %d clock waiters: %v", n, err)
	}
}

func (h *harness) run() Run {
	h.t.Helper()
	select {
	case r := <-h.records:
		return r
	case <-time.After(guard):
		h.t.Fatal("no run recorded")
		return Run{}
	}
}

func (h *harness) noRun() {
	h.t.Helper()
	select {
	case r := <-h.records:
		h.t.Fatalf("unexpected run %+v", r)
	default:
	}
}

func (h *harness) status(name string) JobStatus {
	for _, st := range h.s.Status() {
		if st.Name == name {
			return st
		}
	}
	h.t.Fatalf("no status for %q", name)
	return JobStatus{}
}

func counting(n *atomic.Int32) func(context.Context) (int, error) {
	return func(context.Context) (int, error) { return int(n.Add(1)), nil }
}

// blocking returns a Run func that signals started and waits for release
// (or its context).
func blocking(started chan<- struct{}, release <-chan struct{}) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		started <- struct{}{}
		select {
		case <-release:
			return 1, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func TestRunsAtDueTimes(t *testing.T) {
	var n atomic.Int32
	h := newHarness(t, Job{Name: "tick", Schedule: Always(5 * time.Minute), Run: counting(&n)})
	h.start(1)
	if got, want := h.status("tick").Next, t0.Add(5*time.Minute); !got.Equal(want) {
		t.Fatalf("next = %v, want %v", got, want)
	}
	h.clock.Advance(4 * time.Minute) // not due yet
	h.settle(1)
	h.noRun()
	for i := 1; i <= 3; i++ {
		if i == 1 {
			h.clock.Advance(time.Minute)
		} else {
			h.clock.Advance(5 * time.Minute)
		}
		r := h.run()
		want := t0.Add(time.Duration(i) * 5 * time.Minute)
		if r.Job != "tick" || !r.Started.Equal(want) || r.Items != i || r.Skipped || r.CatchUp || r.Err != "" {
			t.Fatalf("run %d = %+v, want started %v", i, r, want)
		}
		h.settle(1)
	}
	h.noRun()
	if st := h.status("tick"); st.Last == nil || st.Last.Items != 3 || !st.Next.Equal(t0.Add(20*time.Minute)) {
		t.Fatalf("status = %+v", st)
	}
}

func TestOverlapSkipped(t *testing.T) {
	started, release := make(chan struct{}, 1), make(chan struct{})
	h := newHarness(t, Job{Name: "slow", Schedule: Always(5 * time.Minute), Run: blocking(started, release)})
	h.start(1)
	h.clock.Advance(5 * time.Minute)
	<-started
	h.settle(1)
	if !h.status("slow").Running {
		t.Fatal("not running")
	}
	h.clock.Advance(5 * time.Minute)
	r := h.run()
	if !r.Skipped || !r.Started.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("overlap run = %+v, want skipped at +10m", r)
	}
	h.settle(1)
	close(release)
	r = h.run()
	if r.Skipped || r.Items != 1 || !r.Started.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("finished run = %+v", r)
	}
	h.noRun()
}

func TestClockJumpCatchUpOnce(t *testing.T) {
	var n atomic.Int32
	h := newHarness(t, Job{Name: "tick", Schedule: Always(5 * time.Minute), Run: counting(&n)})
	h.start(1)
	h.clock.Advance(3 * time.Hour) // 36 due times passed
	r := h.run()
	if !r.CatchUp || r.Skipped || !r.Started.Equal(t0.Add(3*time.Hour)) {
		t.Fatalf("catch-up run = %+v", r)
	}
	h.settle(1)
	h.noRun()
	if n.Load() != 1 {
		t.Fatalf("runs = %d, want 1", n.Load())
	}
	if got, want := h.status("tick").Next, t0.Add(3*time.Hour+5*time.Minute); !got.Equal(want) {
		t.Fatalf("next = %v, want %v", got, want)
	}
	h.clock.Advance(5 * time.Minute)
	if r := h.run(); r.CatchUp {
		t.Fatalf("regular run flagged catch-up: %+v", r)
	}
}

func TestPauseResume(t *testing.T) {
	var a, b atomic.Int32
	h := newHarness(t,
		Job{Name: "a", Schedule: Always(5 * time.Minute), Run: counting(&a)},
		Job{Name: "b", Schedule: Always(5 * time.Minute), Run: counting(&b)},
	)
	h.start(2)
	h.s.Pause("a")
	if !h.s.Paused("a") || h.s.Paused("b") || h.s.Paused("nope") {
		t.Fatal("Paused wrong")
	}
	h.clock.Advance(5 * time.Minute)
	if r := h.run(); r.Job != "b" {
		t.Fatalf("run = %+v, want b", r)
	}
	h.settle(2)
	h.noRun()
	if st := h.status("a"); !st.Paused || st.Running || st.Last != nil || !st.Next.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("paused status = %+v", st)
	}
	h.s.Resume("a")
	h.clock.Advance(5 * time.Minute)
	got := map[string]Run{}
	for range 2 {
		r := h.run()
		got[r.Job] = r
	}
	if r, ok := got["a"]; !ok || r.CatchUp || !r.Started.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("resumed run = %+v", got)
	}
	h.settle(2)

	h.s.PauseAll()
	h.clock.Advance(10 * time.Minute)
	h.settle(2)
	h.noRun()
	h.s.ResumeAll()
	if h.s.Paused("a") || h.s.Paused("b") {
		t.Fatal("ResumeAll left a job paused")
	}
	h.clock.Advance(5 * time.Minute)
	h.run()
	h.run()
	if a.Load() != 2 || b.Load() != 3 {
		t.Fatalf("runs a=%d b=%d, want 2, 3", a.Load(), b.Load())
	}
}

func TestTrigger(t *testing.T) {
	started, release := make(chan struct{}, 1), make(chan struct{})
	h := newHarness(t, Job{Name: "slow", Schedule: Daily(time.UTC, 6, 0), Run: blocking(started, release)})
	h.start(1)
	if err := h.s.Trigger("slow"); err != nil {
		t.Fatal(err)
	}
	<-started
	tests := []struct {
		name string
		want error
	}{
		{"slow", ErrRunning},
		{"nope", ErrUnknownJob},
	}
	for _, tc := range tests {
		if err := h.s.Trigger(tc.name); !errors.Is(err, tc.want) {
			t.Errorf("Trigger(%q) = %v, want %v", tc.name, err, tc.want)
		}
	}
	close(release)
	if r := h.run(); r.Items != 1 || r.Skipped || !r.Started.Equal(t0) {
		t.Fatalf("triggered run = %+v", r)
	}
	// Paused jobs can still be triggered.
	h.s.Pause("slow")
	if err := h.s.Trigger("slow"); err != nil {
		t.Fatal(err)
	}
	<-started
	h.run()
}

func TestStopCancelsRun(t *testing.T) {
	started := make(chan struct{}, 1)
	h := newHarness(t, Job{Name: "long", Schedule: Always(time.Minute), Run: blocking(started, nil)})
	h.start(1)
	h.clock.Advance(time.Minute)
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	if err := h.s.Stop(ctx); err != nil {
		t.Fatalf("Stop = %v", err)
	}
	if r := h.run(); r.Err != context.Canceled.Error() {
		t.Fatalf("run = %+v, want cancelled", r)
	}
	if err := h.s.Trigger("long"); !errors.Is(err, ErrStopped) {
		t.Fatalf("Trigger after Stop = %v", err)
	}
	if st := h.status("long"); st.Running || !st.Next.IsZero() {
		t.Fatalf("status after Stop = %+v", st)
	}
}

func TestStopBoundedByContext(t *testing.T) {
	started, release := make(chan struct{}, 1), make(chan struct{})
	stubborn := func(ctx context.Context) (int, error) {
		started <- struct{}{}
		<-release // ignores its context
		return 0, nil
	}
	h := newHarness(t, Job{Name: "stubborn", Schedule: Always(time.Minute), Run: stubborn})
	h.start(1)
	if err := h.s.Trigger("stubborn"); err != nil {
		t.Fatal(err)
	}
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.s.Stop(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Stop = %v, want context.Canceled", err)
	}
	close(release) // let the cleanup Stop finish
	h.run()
}

func TestPanicRecorded(t *testing.T) {
	h := newHarness(t, Job{Name: "bad", Schedule: Always(time.Minute), Run: func(context.Context) (int, error) { panic("boom") }})
	h.start(1)
	h.clock.Advance(time.Minute)
	if r := h.run(); r.Err != "panic: boom" {
		t.Fatalf("run = %+v", r)
	}
}

func TestWhileOpenJobOnFakeClock(t *testing.T) {
	// Friday 2026-03-13 15:20 KST: runs at 15:25 and 15:30, then Monday 09:00.
	start := time.Date(2026, 3, 13, 15, 20, 0, 0, seoul)
	var n atomic.Int32
	h := &harness{t: t, clock: NewFakeClock(start), records: make(chan Run, 64)}
	h.s = New(h.clock, []Job{{Name: "krx", Schedule: WhileOpen(krxCal, 5*time.Minute), Run: counting(&n)}}, func(r Run) { h.records <- r })
	t.Cleanup(func() { _ = h.s.Stop(context.Background()) })
	h.start(1)
	for _, want := range []time.Time{
		time.Date(2026, 3, 13, 15, 25, 0, 0, seoul),
		time.Date(2026, 3, 13, 15, 30, 0, 0, seoul),
		time.Date(2026, 3, 16, 9, 0, 0, 0, seoul),
	} {
		if got := h.status("krx").Next; !got.Equal(want) {
			t.Fatalf("next = %v, want %v", got, want)
		}
		h.clock.Set(want)
		if r := h.run(); !r.Started.Equal(want) || r.CatchUp {
			t.Fatalf("run = %+v, want at %v", r, want)
		}
		h.settle(1)
	}
}
