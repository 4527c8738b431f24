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
//     PauseAll pauses the whole scheduler (a flag of its own, reported by
//     GlobalPaused); ResumeAll clears it and every job's pause.
//   - A disabled job (SetEnabled false, a setting) is skipped like a paused
//     one but is not touched by ResumeAll.
//   - Stop cancels the contexts of in-flight runs and waits for them.
//   - Reschedule recomputes a job's next due time now (after a setting that
//     its schedule reads has changed).
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

// Run results.
const (
	ResultOK        = "ok"
	ResultError     = "error"
	ResultCancelled = "cancelled"
	ResultSkipped   = "skipped" // due while the previous run was still going
)

// Run records one run (or skipped due time) of a job.
type Run struct {
	Job            string
	Started, Ended time.Time
	Items          int
	// Result is ResultOK, ResultError, ResultCancelled, ResultSkipped or
	// the text of a Note the job returned.
	Result  string
	Err     string
	Skipped bool // due while the previous run was still going: not run
	CatchUp bool // several due times had passed; they were run once
	Manual  bool // started by Trigger
}

// Note is returned by a job that ended normally without doing its work
// ("demo data: nothing to fetch"): the run is recorded with Result = msg
// and no error.
func Note(msg string) error { return noteErr(msg) }

type noteErr string

func (n noteErr) Error() string { return string(n) }

// NoteText returns the text of a Note in err's chain and true, or "", false.
func NoteText(err error) (string, bool) {
	var n noteErr
	if errors.As(err, &n) {
		return string(n), true
	}
	return "", false
}

// JobStatus is a job's state for display.
type JobStatus struct {
	Name     string
	Schedule string // Describe(job.Schedule)
	Enabled  bool
	Paused   bool // this job's own pause (see GlobalPaused)
	Running  bool
	Next     time.Time // zero: not scheduled (not started, stopped or never)
	Last     *Run      // last finished or skipped run; nil if none
}

type jobState struct {
	job      Job
	paused   bool
	disabled bool
	running  bool
	next     time.Time
	last     *Run
	wake     chan struct{} // Reschedule: buffered 1
}

// Scheduler runs jobs on their schedules. Create it with New.
type Scheduler struct {
	clock  Clock
	record func(Run)
	order  []string

	mu      sync.Mutex
	jobs    map[string]*jobState
	onStart func(job string, at time.Time, manual bool)
	paused  bool // PauseAll
	started bool
	stopped bool
	ctx     context.Context // cancelled by Stop; parent of every run
	cancel  context.CancelFunc
	wg      sync.WaitGroup // loops and runs
}

// New returns a scheduler for jobs. record (may be nil) is called after
// every run and every skipped due time, from the job's goroutine, after a
// finished job is marked not running (so a run triggered from the record
// is accepted); it must be safe for concurrent use (a skip record, a
// finishing run and the next run's records of the same job can overlap). Jobs with
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
		s.jobs[j.Name] = &jobState{job: j, wake: make(chan struct{}, 1)}
	}
	return s
}

// OnStart registers fn to be called when a run starts, from the run's
// goroutine before the job's Run (so before record for that run). Call it
// before Start or Trigger.
func (s *Scheduler) OnStart(fn func(job string, at time.Time, manual bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onStart = fn
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
		case <-st.wake:
			next = sched.Next(s.clock.Now())
			continue
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
		case st.paused || st.disabled || s.paused:
			s.mu.Unlock()
		case st.running:
			s.mu.Unlock()
			r := Run{Job: st.job.Name, Started: now, Ended: now, Result: ResultSkipped, Skipped: true, CatchUp: catchUp}
			s.record(r)
			s.mu.Lock()
			st.last = &r
			s.mu.Unlock()
		default:
			s.startLocked(st, now, catchUp, false)
			s.mu.Unlock()
		}
	}
}

// startLocked marks st running and runs it in a new goroutine. s.mu held.
func (s *Scheduler) startLocked(st *jobState, now time.Time, catchUp, manual bool) {
	st.running = true
	onStart := s.onStart
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if onStart != nil {
			onStart(st.job.Name, now, manual)
		}
		r := Run{Job: st.job.Name, Started: now, CatchUp: catchUp, Manual: manual}
		items, err := safeRun(s.ctx, st.job.Run)
		r.Items, r.Ended = items, s.clock.Now()
		r.Result, r.Err = outcome(err)
		s.mu.Lock()
		st.running = false
		st.last = &r
		s.mu.Unlock()
		// Recorded once the job is free again, so whoever learns of the end
		// from the record (an event) can start the next run at once.
		s.record(r)
	}()
}

// outcome maps a job's error to a result and an error text.
func outcome(err error) (result, msg string) {
	var n noteErr
	switch {
	case err == nil:
		return ResultOK, ""
	case errors.As(err, &n):
		return string(n), ""
	case errors.Is(err, context.Canceled):
		return ResultCancelled, err.Error()
	}
	return ResultError, err.Error()
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
	s.startLocked(st, s.clock.Now(), false, true)
	return nil
}

// set changes one job's flag; false for unknown jobs.
func (s *Scheduler) set(name string, fn func(*jobState)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.jobs[name]
	if ok {
		fn(st)
	}
	return ok
}

// Has reports whether a job of that name exists.
func (s *Scheduler) Has(name string) bool { return s.set(name, func(*jobState) {}) }

// Pause stops scheduled runs of the job (a run in progress continues).
// It returns false for unknown jobs.
func (s *Scheduler) Pause(name string) bool {
	return s.set(name, func(st *jobState) { st.paused = true })
}

// Resume lets the job run again from its next due time. It returns false
// for unknown jobs.
func (s *Scheduler) Resume(name string) bool {
	return s.set(name, func(st *jobState) { st.paused = false })
}

// SetEnabled enables or disables the job's scheduled runs (a setting;
// Trigger still runs a disabled job). It returns false for unknown jobs.
func (s *Scheduler) SetEnabled(name string, on bool) bool {
	return s.set(name, func(st *jobState) { st.disabled = !on })
}

// Reschedule makes the job's loop recompute its next due time from now
// (for schedules that read a setting). It returns false for unknown jobs.
func (s *Scheduler) Reschedule(name string) bool {
	return s.set(name, func(st *jobState) {
		select {
		case st.wake <- struct{}{}:
		default: // a wake-up is already pending
		}
	})
}

// PauseAll pauses the scheduler: no job runs on schedule until ResumeAll.
func (s *Scheduler) PauseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = true
}

// ResumeAll clears the global pause and every job's own pause (disabled
// jobs stay disabled).
func (s *Scheduler) ResumeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.paused = false
	for _, st := range s.jobs {
		st.paused = false
	}
}

// GlobalPaused reports whether PauseAll is in force.
func (s *Scheduler) GlobalPaused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}

// Paused reports whether the job's scheduled runs are held by a pause, its
// own or the global one (false for unknown jobs).
func (s *Scheduler) Paused(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.jobs[name]
	return ok && (st.paused || s.paused)
}

// Status returns every job's state, in the order given to New.
func (s *Scheduler) Status() []JobStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]JobStatus, 0, len(s.order))
	for _, n := range s.order {
		st := s.jobs[n]
		js := JobStatus{Name: n, Schedule: Describe(st.job.Schedule), Enabled: !st.disabled, Paused: st.paused,
			Running: st.running, Next: st.next}
		if st.last != nil {
			l := *st.last
			js.Last = &l
		}
		out = append(out, js)
	}
	return out
}
