// Package scheduler runs background jobs on schedules tied to exchange
// calendars (package calendar), a daily wall-clock time or a fixed period.
//
// Rules:
//   - A job never runs twice at once. A due time reached while the job is
//     still running is skipped and recorded with Skipped=true; Trigger
//     returns ErrRunning.
//   - After the clock jumps forward (sleep, downtime) past several due
//     times, the job runs once, with CatchUp=true, and then continues at its
//     first due time after the jump. A run is a catch-up when at least one
//     due time after the one that woke it had also passed.
//   - A paused job's due times pass silently (nothing recorded); after
//     Resume it runs at its next due time. Trigger still runs a paused job.
//   - Stop cancels the contexts of in-flight runs and waits for them.
//
// All timing goes through a Clock, so tests drive it with a FakeClock.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by Trigger.
var (
	ErrUnknownJob = errors.New("scheduler: unknown job")
	ErrRunning    = errors.New("scheduler: job already running")
	ErrStopped    = errors.New("scheduler: stopped")
)

// Job is a named piece of work on a schedule.
type Job struct {
	Name     string
	Schedule Schedule
	Run      func(ctx context.Context) (items int, err error)
}

// Run records one run (or skipped due time) of a job.
type Run struct {
	Job            string
	Started, Ended time.Time
	Items          int
	Err            string
	Skipped        bool // due while the previous run was still going: not run
	CatchUp        bool // several due times had passed; they were run once
}

// JobStatus is a job's state for display.
type JobStatus struct {
	Name    string
	Paused  bool
	Running bool
	Next    time.Time // zero: not scheduled (not started, stopped or never)
	Last    *Run      // last finished or skipped run; nil if none
}

type jobState struct {
	job     Job
	paused  bool
	running bool
	next    time.Time
	last    *Run
}

// Scheduler runs jobs on their schedules. Create it with New.
type Scheduler struct {
	clock  Clock
	record func(Run)
	order  []string

	mu      sync.Mutex
	jobs    map[string]*jobState
	started bool
	stopped bool
	ctx     context.Context // cancelled by Stop; parent of every run
	cancel  context.CancelFunc
	wg      sync.WaitGroup // loops and runs
}

// New returns a scheduler for jobs. record (may be nil) is called after
// every run and every skipped due time, from the job's goroutine, before the
// job is marked not running; it must be safe for concurrent use (a skip
// record and a finishing run of the same job can overlap). Jobs with
// duplicate names: the last one wins. Jobs with a nil Schedule only run
// through Trigger.
func New(clock Clock, jobs []Job, record func(Run)) *Scheduler {
	if clock == nil {
		clock = RealClock()
	}
	if record == nil {
		record = func(Run) {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{clock: clock, record: record, jobs: make(map[string]*jobState), ctx: ctx, cancel: cancel}
	for _, j := range jobs {
		if _, dup := s.jobs[j.Name]; !dup {
			s.order = append(s.order, j.Name)
		}
		s.jobs[j.Name] = &jobState{job: j}
	}
	return s
}

// Start launches one goroutine per scheduled job. Each waits on
// clock.Until(next due time); there is no polling. Cancelling ctx stops the
// loops and cancels in-flight runs, like Stop without the wait. Start is a
// no-op when called again or after Stop.
func (s *Scheduler) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.stopped {
		return
	}
	s.started = true
	stop := context.AfterFunc(ctx, s.cancel)
	context.AfterFunc(s.ctx, func() { stop() })
	for _, name := range s.order {
		st := s.jobs[name]
		if st.job.Schedule == nil || st.job.Run == nil {
			continue
		}
		s.wg.Add(1)
		go s.loop(st)
	}
}

// Stop stops the loops, cancels in-flight runs through their contexts and
// waits for them, at most until ctx ends (then it returns ctx.Err()).
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.cancel()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Scheduler) loop(st *jobState) {
	defer s.wg.Done()
	sched := st.job.Schedule
	next := sched.Next(s.clock.Now())
	for {
		s.mu.Lock()
		st.next = next
		s.mu.Unlock()
		if next.IsZero() {
			return // never again
		}
		select {
		case <-s.ctx.Done():
			s.mu.Lock()
			st.next = time.Time{}
			s.mu.Unlock()
			return
		case <-s.clock.Until(next):
		}
		now := s.clock.Now()
		if now.Before(next) { // clock went backwards (Set): wait again
			next = sched.Next(now)
			continue
		}
		following := sched.Next(next)
		catchUp := !following.IsZero() && !following.After(now)
		if catchUp {
			following = sched.Next(now)
		}
		next = following

		s.mu.Lock()
		switch {
		case s.ctx.Err() != nil:
			s.mu.Unlock()
			continue // loop top returns
		case st.paused:
			s.mu.Unlock()
		case st.running:
			s.mu.Unlock()
			r := Run{Job: st.job.Name, Started: now, Ended: now, Skipped: true, CatchUp: catchUp}
			s.record(r)
			s.mu.Lock()
			st.last = &r
			s.mu.Unlock()
		default:
			s.startLocked(st, now, catchUp)
			s.mu.Unlock()
		}
	}
}

// startLocked marks st running and runs it in a new goroutine. s.mu held.
func (s *Scheduler) startLocked(st *jobState, now time.Time, catchUp bool) {
	st.running = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		r := Run{Job: st.job.Name, Started: now, CatchUp: catchUp}
		items, err := safeRun(s.ctx, st.job.Run)
		r.Items, r.Ended = items, s.clock.Now()
		if err != nil {
			r.Err = err.Error()
		}
		s.record(r)
		s.mu.Lock()
		st.running = false
		st.last = &r
		s.mu.Unlock()
	}()
}

func safeRun(ctx context.Context, run func(context.Context) (int, error)) (items int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return run(ctx)
}

// Trigger runs the job now, outside its schedule (also when paused). It
// returns ErrUnknownJob, ErrRunning when a run is in progress, ErrStopped
// after Stop; otherwise the run has started when Trigger returns.
func (s *Scheduler) Trigger(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.jobs[name]
	switch {
	case !ok || st.job.Run == nil:
		return fmt.Errorf("%w: %q", ErrUnknownJob, name)
	case s.stopped || s.ctx.Err() != nil:
		return ErrStopped
	case st.running:
		return fmt.Errorf("%w: %q", ErrRunning, name)
	}
	s.startLocked(st, s.clock.Now(), false)
	return nil
}

func (s *Scheduler) setPaused(name string, p bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.jobs[name]; ok {
		st.paused = p
	}
}

// Pause stops scheduled runs of the job (a run in progress continues).
func (s *Scheduler) Pause(name string) { s.setPaused(name, true) }

// Resume lets the job run again from its next due time.
func (s *Scheduler) Resume(name string) { s.setPaused(name, false) }

// PauseAll pauses every job.
func (s *Scheduler) PauseAll() {
	for _, n := range s.order {
		s.Pause(n)
	}
}

// ResumeAll resumes every job.
func (s *Scheduler) ResumeAll() {
	for _, n := range s.order {
		s.Resume(n)
	}
}

// Paused reports whether the job is paused (false for unknown jobs).
func (s *Scheduler) Paused(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.jobs[name]
	return ok && st.paused
}

// Status returns every job's state, in the order given to New.
func (s *Scheduler) Status() []JobStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]JobStatus, 0, len(s.order))
	for _, n := range s.order {
		st := s.jobs[n]
		js := JobStatus{Name: n, Paused: st.paused, Running: st.running, Next: st.next}
		if st.last != nil {
			l := *st.last
			js.Last = &l
		}
		out = append(out, js)
	}
	return out
}
