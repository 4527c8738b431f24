package api

import (
	"context"
	"errors"
	"time"

	"krmarket/backend/contract"
	"krmarket/backend/scheduler"
	"krmarket/backend/system"
)

// SchedulerControl is what the scheduler operations need (core.Background).
type SchedulerControl interface {
	// Jobs returns every job's state (last run from the store after a restart).
	Jobs(ctx context.Context) ([]scheduler.JobStatus, error)
	GlobalPaused() bool
	// Trigger starts a job now: scheduler.ErrUnknownJob, ErrRunning, ErrStopped.
	Trigger(name string) error
	// Pause and Resume act on one job, or on all when name is "".
	Pause(name string) error
	Resume(name string) error
	// NotifyTest shows a test desktop notification.
	NotifyTest() error
}

// NotificationTestRequest is the (empty) body of POST /api/notifications/test.
type NotificationTestRequest struct{}

// NotificationTestResult is the body of POST /api/notifications/test.
type NotificationTestResult struct {
	contract.Meta
	Sent  bool   `json:"sent"`            // the OS accepted it (or no desktop: logged and published only)
	Error string `json:"error,omitempty"` // why the OS refused it
}

// JobRunInfo is a job's last run.
type JobRunInfo struct {
	Start   string `json:"start"` // RFC 3339
	End     string `json:"end,omitempty"`
	Result  string `json:"result"` // ok, error, cancelled, skipped, interrupted or a note ("demo data: nothing to fetch")
	Items   int    `json:"items"`
	Error   string `json:"error,omitempty"`
	Manual  bool   `json:"manual"`
	CatchUp bool   `json:"catch_up"`
}

// SchedulerJob is one background job's state.
type SchedulerJob struct {
	Name     string      `json:"name"`
	Schedule string      `json:"schedule"` // e.g. "every 5m while KRX is open (Asia/Seoul)"
	NextRun  *string     `json:"next_run"` // RFC 3339; null when not scheduled (paused globally still shows it)
	LastRun  *JobRunInfo `json:"last_run"`
	Running  bool        `json:"running"`
	Paused   bool        `json:"paused"`  // this job's own pause
	Enabled  bool        `json:"enabled"` // the settings' switch (background.jobs)
}

// SchedulerStatus is the body of GET /api/scheduler/status and of the
// trigger, pause and resume operations.
type SchedulerStatus struct {
	contract.Meta
	Paused bool           `json:"paused"` // background updates paused as a whole
	Jobs   []SchedulerJob `json:"jobs"`
}

// SchedulerRequest is the body of POST /api/scheduler/pause and /resume.
type SchedulerRequest struct {
	Task string `json:"task"` // a job name; "" or absent = all
}

var errNoScheduler = contract.Unavailable("scheduler_unavailable", "the background scheduler is not running in this process")

func schedulerError(err error, task string) error {
	switch {
	case errors.Is(err, scheduler.ErrUnknownJob):
		return contract.NotFound("unknown_task", "no background task %q", task)
	case errors.Is(err, scheduler.ErrRunning):
		return contract.Conflict("running", "task %s is already running", task)
	case errors.Is(err, scheduler.ErrStopped):
		return contract.Unavailable("scheduler_stopped", "the background scheduler has stopped")
	}
	return err
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// schedulerStatus builds the status body.
func schedulerStatus(ctx context.Context, s Services) (*SchedulerStatus, error) {
	jobs, err := s.Scheduler.Jobs(ctx)
	if err != nil {
		return nil, err
	}
	r := &SchedulerStatus{Paused: s.Scheduler.GlobalPaused(), Jobs: make([]SchedulerJob, 0, len(jobs))}
	for _, j := range jobs {
		sj := SchedulerJob{Name: j.Name, Schedule: j.Schedule, Running: j.Running, Paused: j.Paused, Enabled: j.Enabled}
		if !j.Next.IsZero() {
			n := rfc3339(j.Next)
			sj.NextRun = &n
		}
		if l := j.Last; l != nil {
			info := &JobRunInfo{Start: rfc3339(l.Started), Result: l.Result, Items: l.Items, Error: l.Err, Manual: l.Manual, CatchUp: l.CatchUp}
			if !l.Ended.IsZero() {
				info.End = rfc3339(l.Ended)
			}
			sj.LastRun = info
		}
		r.Jobs = append(r.Jobs, sj)
	}
	return r, s.appSource(ctx, &r.Meta)
}

// schedulerOps are the background scheduler's operations.
func schedulerOps(s Services) []Operation {
	taskParam := Param{Name: "task", In: "path", Required: true, Description: "background task name",
		Pattern: `^[a-z0-9_]+\.[a-z0-9_]+$`, Example: "prices.kr"}
	pauseResume := func(name, verb string, act func(SchedulerControl, string) error) Operation {
		return Operation{
			Name: "scheduler." + name, Method: "POST", Path: "/api/scheduler/" + name, Tag: "system", Token: true,
			Summary:     verb + " one background task, or all of them (body {} or an empty task)",
			Description: "Pausing all sets the global pause (the tray's Pause background updates); resuming all clears it and every task's own pause. A task switched off in the settings stays off.",
			Body:        typeOf[SchedulerRequest](),
			Result:      typeOf[SchedulerStatus](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				if s.Scheduler == nil {
					return nil, errNoScheduler
				}
				var req SchedulerRequest
				if err := system.DecodeStrict(in.Body, &req); err != nil {
					return nil, err
				}
				if err := act(s.Scheduler, req.Task); err != nil {
					return nil, schedulerError(err, req.Task)
				}
				return schedulerStatus(ctx, s)
			},
		}
	}
	return []Operation{
		{
			Name: "scheduler.status", Method: "GET", Path: "/api/scheduler/status", Tag: "system",
			Summary: "Background tasks: schedule, next run, last run (start, end, result, items, error), running and paused",
			Description: "Price tasks run every background.price_interval_minutes while their market is open (KRX in Asia/Seoul, " +
				"NYSE in America/New_York, crypto 24/7); post-close pipelines run 20 minutes after each close. A missed run " +
				"(sleep, downtime) runs once on waking; a run never overlaps the previous one (the due time is skipped and recorded).",
			Result: typeOf[SchedulerStatus](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				if s.Scheduler == nil {
					return nil, errNoScheduler
				}
				return schedulerStatus(ctx, s)
			},
		},
		{
			Name: "scheduler.trigger", Method: "POST", Path: "/api/scheduler/trigger/{task}", Tag: "system", Token: true,
			Summary:     "Start a background task now (also when paused or switched off)",
			Description: "404 for an unknown task, 409 while it runs. The body may be empty ({}).",
			Params:      []Param{taskParam},
			Result:      typeOf[SchedulerStatus](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				if s.Scheduler == nil {
					return nil, errNoScheduler
				}
				task := in.Get("task")
				if err := s.Scheduler.Trigger(task); err != nil {
					return nil, schedulerError(err, task)
				}
				return schedulerStatus(ctx, s)
			},
		},
		pauseResume("pause", "Pause", SchedulerControl.Pause),
		pauseResume("resume", "Resume", SchedulerControl.Resume),
		{
			Name: "notifications.test", Method: "POST", Path: "/api/notifications/test", Tag: "system", Token: true,
			Summary:     "Show a test desktop notification (whatever the per-kind settings)",
			Description: "In the desktop app it goes to the OS (org.freedesktop.Notifications on Linux); headless `serve` only logs it and publishes a notification event.",
			Body:        typeOf[NotificationTestRequest](),
			Result:      typeOf[NotificationTestResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				if s.Scheduler == nil {
					return nil, errNoScheduler
				}
				var req NotificationTestRequest
				if err := system.DecodeStrict(in.Body, &req); err != nil {
					return nil, err
				}
				r := &NotificationTestResult{Sent: true}
				if err := s.Scheduler.NotifyTest(); err != nil {
					r.Sent, r.Error = false, err.Error()
				}
				return r, s.appSource(ctx, &r.Meta)
			},
		},
	}
}
