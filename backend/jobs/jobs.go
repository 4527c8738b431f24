// Package jobs runs long work (live updates, imports, scans) in the
// background with progress that the window (Wails events) and the API
// (polling) can show. At most one job of a kind runs at a time.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Job states.
const (
	Running   = "running"
	Done      = "done"
	Failed    = "failed"
	Cancelled = "cancelled"
)

// Progress is a job's state as shown to the user.
type Progress struct {
	ID      string     `json:"id"`
	Kind    string     `json:"kind"`
	State   string     `json:"state"`
	Step    string     `json:"step"`
	Done    int        `json:"done"`
	Total   int        `json:"total"`
	Started time.Time  `json:"started"`
	Ended   *time.Time `json:"ended,omitempty"`
	Error   string     `json:"error,omitempty"`
	Result  any        `json:"result,omitempty"`
}

// Report is how a job tells its progress.
type Report func(step string, done, total int)

// Func is the work of a job.
type Func func(ctx context.Context, report Report) (any, error)

// ErrBusy is returned when a job of the same kind is already running.
var ErrBusy = errors.New("a job of this kind is already running")

// Manager runs jobs.
type Manager struct {
	mu      sync.Mutex
	now     func() time.Time
	seq     int
	jobs    map[string]*Progress
	cancels map[string]context.CancelFunc
	running map[string]string // kind → id
	subs    []func(Progress)
	wg      sync.WaitGroup
	base    context.Context
	stop    context.CancelFunc
}

// NewManager returns a manager whose jobs are cancelled by Shutdown.
func NewManager(now func() time.Time) *Manager {
	ctx, stop := context.WithCancel(context.Background())
	return &Manager{now: now, jobs: map[string]*Progress{}, cancels: map[string]context.CancelFunc{}, running: map[string]string{}, base: ctx, stop: stop}
}

// Subscribe registers fn to receive every progress change (called outside
// the manager's lock, from the job's goroutine).
func (m *Manager) Subscribe(fn func(Progress)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.subs = append(m.subs, fn)
}

// Start runs fn in the background as a job of kind.
func (m *Manager) Start(kind string, fn Func) (Progress, error) {
	m.mu.Lock()
	if id, ok := m.running[kind]; ok {
		p := *m.jobs[id]
		m.mu.Unlock()
		return p, ErrBusy
	}
	m.seq++
	id := fmt.Sprintf("%s-%d", kind, m.seq)
	ctx, cancel := context.WithCancel(m.base)
	p := &Progress{ID: id, Kind: kind, State: Running, Started: m.now().UTC()}
	m.jobs[id], m.cancels[id], m.running[kind] = p, cancel, id
	snap := *p
	m.mu.Unlock()
	m.publish(snap)

	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		defer cancel()
		res, err := fn(ctx, func(step string, done, total int) {
			m.mu.Lock()
			p.Step, p.Done, p.Total = step, done, total
			s := *p
			m.mu.Unlock()
			m.publish(s)
		})
		m.mu.Lock()
		end := m.now().UTC()
		p.Ended, p.Result = &end, res
		switch {
		case err == nil:
			p.State = Done
		case errors.Is(err, context.Canceled):
			p.State, p.Error = Cancelled, "cancelled"
		default:
			p.State, p.Error = Failed, err.Error()
		}
		delete(m.running, kind)
		delete(m.cancels, id)
		s := *p
		m.mu.Unlock()
		m.publish(s)
	}()
	return snap, nil
}

func (m *Manager) publish(p Progress) {
	m.mu.Lock()
	subs := append([]func(Progress){}, m.subs...)
	m.mu.Unlock()
	for _, fn := range subs {
		fn(p)
	}
}

// Get returns one job.
func (m *Manager) Get(id string) (Progress, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.jobs[id]
	if !ok {
		return Progress{}, false
	}
	return *p, true
}

// List returns all jobs, newest first.
func (m *Manager) List() []Progress {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Progress, 0, len(m.jobs))
	for _, p := range m.jobs {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Started.After(out[j].Started) || (out[i].Started.Equal(out[j].Started) && out[i].ID > out[j].ID)
	})
	return out
}

// Wait blocks until the job ends or ctx is done.
func (m *Manager) Wait(ctx context.Context, id string) (Progress, error) {
	for {
		p, ok := m.Get(id)
		if !ok {
			return p, fmt.Errorf("no job %s", id)
		}
		if p.State != Running {
			return p, nil
		}
		select {
		case <-ctx.Done():
			return p, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Shutdown cancels every running job and waits for them within ctx.
func (m *Manager) Shutdown(ctx context.Context) error {
	m.stop()
	done := make(chan struct{})
	go func() { m.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	default:
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		select {
		case <-done: // finished as the deadline passed
			return nil
		case <-time.After(10 * time.Millisecond):
		}
		m.mu.Lock()
		var ids []string
		for _, id := range m.running {
			ids = append(ids, id)
		}
		m.mu.Unlock()
		sort.Strings(ids)
		return fmt.Errorf("jobs still running at shutdown (%s): %w", strings.Join(ids, ", "), ctx.Err())
	}
}
