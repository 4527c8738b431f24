package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"krmarket/backend/analysis/exits"
	"slices"
	"strings"
	"sync"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/events"
	"krmarket/backend/live"
	"krmarket/backend/market"
	"krmarket/backend/notify"
	"krmarket/backend/scheduler"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

// Step is one named step of a multi-step job (the post-close pipelines).
// Run returns how many items it handled.
type Step struct {
	Name string
	Run  func(ctx context.Context) (int, error)
}

// Job time limits: a price cycle must not outlive its slot by much; an
// update can take long on a first fill (Yahoo's hourly budget).
const (
	priceCycleTimeout = 2 * time.Minute
	updateTimeout     = 3 * time.Hour
	jobRunsKept       = 90 * 24 * time.Hour
	// DailyRefreshHour/Minute: the daily full refresh, Seoul time (after
	// the NYSE close, before the KRX open).
	dailyRefreshHour, dailyRefreshMinute = 7, 30
	afterCloseDelay                      = 20 * time.Minute
	snapshotKindDaily                    = "kr_daily"
)

// Background runs the scheduled jobs built from the core's services: live
// prices while each market is open, the post-close pipelines, a crypto
// update every 4 hours and a daily full refresh. Every run is recorded in
// job_runs and published as events; notifications are raised for new
// signals, closed signals and gate colour changes.
type Background struct {
	c      *Core
	sched  *scheduler.Scheduler
	events *events.Broker
	notify *notify.Notifier

	// GateColour returns the KR gate's colour (GREEN, YELLOW, RED or ""
	// when unknown). Open wires it to the KR gate service; tests replace it.
	GateColour func(ctx context.Context) (string, error)
	// KRAfterClose are the steps of kr.after_close, in order: the KR live
	// update, the scan, the ledger update, the AI analysis, the daily
	// snapshot and the gate check (see krAfterCloseSteps). Replace or
	// extend before Start.
	KRAfterClose []Step

	mu         sync.Mutex
	cfg        config.Background
	full       config.Config    // the settings last applied
	runIDs     map[runKey]int64 // job_runs id of each running run
	lastPrices time.Time
	lastGate   string
	listeners  []func(old, new config.Config)
	watchers   []func()
	started    bool
}

func newBackground(c *Core, clock scheduler.Clock) *Background {
	b := &Background{c: c, events: c.Events, runIDs: map[runKey]int64{}, cfg: c.Cfg.Background, full: c.Cfg}
	b.notify = notify.New(notify.Options{
		Enabled: func(kind string) bool { return c.System.Config().Background.NotificationOn(kind) },
		Published: func(kind, title, body string) {
			b.events.Publish(events.Notification, map[string]string{"kind": kind, "title": title, "body": body})
		},
		Log: c.Log, Now: c.now,
	})
	b.GateColour = func(ctx context.Context) (string, error) {
		g, err := c.KRGate.MarketGate(ctx, false)
		if err != nil {
			return "", err
		}
		return g.Gate, nil
	}
	b.KRAfterClose = b.krAfterCloseSteps()
	b.sched = scheduler.New(clock, b.jobs(), b.record)
	b.sched.OnStart(b.runStarted)
	for _, name := range config.BackgroundJobs {
		b.sched.SetEnabled(name, b.cfg.JobEnabled(name))
	}
	return b
}

// interval is the current price-job period.
func (b *Background) interval() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	return time.Duration(b.cfg.PriceIntervalMinutes) * time.Minute
}

// liveSchedule is a schedule rebuilt from the current settings on every
// call, so a changed price interval applies at the next Reschedule.
type liveSchedule func() scheduler.Schedule

func (f liveSchedule) Next(after time.Time) time.Time { return f().Next(after) }
func (f liveSchedule) String() string                 { return scheduler.Describe(f()) }

func (b *Background) jobs() []scheduler.Job {
	krx, nyse := calendar.KRX(), calendar.NYSE()
	seoul := krx.Location()
	return []scheduler.Job{
		{Name: config.JobPricesKR, Schedule: liveSchedule(func() scheduler.Schedule { return scheduler.WhileOpen(krx, b.interval()) }),
			Run: func(ctx context.Context) (int, error) { return b.priceCycle(ctx, market.KR) }},
		{Name: config.JobPricesUS, Schedule: liveSchedule(func() scheduler.Schedule { return scheduler.WhileOpen(nyse, b.interval()) }),
			Run: func(ctx context.Context) (int, error) { return b.priceCycle(ctx, market.US) }},
		{Name: config.JobPricesCrypto, Schedule: liveSchedule(func() scheduler.Schedule { return scheduler.Always(b.interval()) }),
			Run: b.cryptoCycle},
		{Name: config.JobKRAfterClose, Schedule: scheduler.AfterClose(krx, afterCloseDelay),
			Run: func(ctx context.Context) (int, error) { return b.RunSteps(ctx, config.JobKRAfterClose, b.KRAfterClose) }},
		{Name: config.JobUSAfterClose, Schedule: scheduler.AfterClose(nyse, afterCloseDelay),
			Run: func(ctx context.Context) (int, error) {
				return b.RunSteps(ctx, config.JobUSAfterClose, []Step{b.updateStep(config.JobUSAfterClose, "us")})
			}},
		{Name: config.JobCryptoEvery, Schedule: scheduler.Always(4 * time.Hour),
			Run: func(ctx context.Context) (int, error) {
				return b.RunSteps(ctx, config.JobCryptoEvery, []Step{b.updateStep(config.JobCryptoEvery, "crypto")})
			}},
		{Name: config.JobDataDaily, Schedule: scheduler.Daily(seoul, dailyRefreshHour, dailyRefreshMinute),
			Run: func(ctx context.Context) (int, error) {
				return b.RunSteps(ctx, config.JobDataDaily, []Step{b.updateStep(config.JobDataDaily, "all"), b.pruneStep()})
			}},
	}
}

// Start closes the runs a previous process left open (it died during
// them), starts the scheduler and returns. Calling it again does nothing.
func (b *Background) Start(ctx context.Context) {
	b.mu.Lock()
	if b.started {
		b.mu.Unlock()
		return
	}
	b.started = true
	b.mu.Unlock()
	if n, err := b.c.Store.CloseInterruptedJobRuns(ctx, b.c.now()); err != nil {
		b.c.Log.WithError(err).Warn("job runs: interrupted runs not closed")
	} else if n > 0 {
		b.c.Log.WithField("runs", n).Info("job runs interrupted by the last shutdown marked as such")
	}
	// The tray's "prices updated" time survives restarts: the newest price
	// run that stored quotes.
	for _, j := range []string{config.JobPricesKR, config.JobPricesUS, config.JobPricesCrypto} {
		runs, err := b.c.Store.JobRuns(ctx, j, 50)
		if err != nil {
			break
		}
		for _, r := range runs {
			if r.Result == scheduler.ResultOK && r.Items > 0 && r.Ended != nil {
				b.mu.Lock()
				if r.Ended.After(b.lastPrices) {
					b.lastPrices = *r.Ended
				}
				b.mu.Unlock()
				break
			}
		}
	}
	b.sched.Start(ctx)
	b.c.Log.WithField("jobs", len(config.BackgroundJobs)).WithField("paused", b.sched.GlobalPaused()).Info("background scheduler started")
}

// Stop cancels running jobs through their contexts and waits for them
// within ctx.
func (b *Background) Stop(ctx context.Context) error { return b.sched.Stop(ctx) }

// Notify raises a desktop notification of kind (notify.NewSignals,
// notify.StopTarget, notify.GateChange) unless it is switched off.
func (b *Background) Notify(kind, title, body string) error {
	return b.notify.Notify(kind, title, body)
}

// NotifyTest shows a test notification whatever the settings.
func (b *Background) NotifyTest() error {
	return b.notify.Test("KR Market", "Test notification: desktop notifications work.")
}

// SetSender sets how notifications are shown (the desktop's; serve has
// none and only logs and publishes them). Call it before Start.
func (b *Background) SetSender(s notify.Sender) {
	b.notify = notify.New(notify.Options{
		Sender:  s,
		Enabled: func(kind string) bool { return b.c.System.Config().Background.NotificationOn(kind) },
		Published: func(kind, title, body string) {
			b.events.Publish(events.Notification, map[string]string{"kind": kind, "title": title, "body": body})
		},
		Log: b.c.Log, Now: b.c.now,
	})
}

// OnSettings registers fn to run after every saved settings change (the
// desktop applies hide-to-tray, launch at login and the API server).
func (b *Background) OnSettings(fn func(old, new config.Config)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = append(b.listeners, fn)
}

// Watch registers fn to run whenever what the tray shows may have changed
// (a price cycle ended, the gate was checked, pause state changed).
func (b *Background) Watch(fn func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.watchers = append(b.watchers, fn)
}

func (b *Background) changed() {
	b.mu.Lock()
	ws := slices.Clone(b.watchers)
	b.mu.Unlock()
	for _, w := range ws {
		w()
	}
}

// settingsChanged applies new settings: price interval, job switches, and
// the listeners'.
func (b *Background) settingsChanged(cfg config.Config) {
	b.mu.Lock()
	prev, old := b.cfg, b.full
	b.cfg, b.full = cfg.Background, cfg
	ls := slices.Clone(b.listeners)
	b.mu.Unlock()
	if prev.PriceIntervalMinutes != cfg.Background.PriceIntervalMinutes {
		for _, j := range []string{config.JobPricesKR, config.JobPricesUS, config.JobPricesCrypto} {
			b.sched.Reschedule(j)
		}
		b.c.Log.WithField("minutes", cfg.Background.PriceIntervalMinutes).Info("price interval changed")
	}
	for _, j := range config.BackgroundJobs {
		b.sched.SetEnabled(j, cfg.Background.JobEnabled(j))
	}
	for _, fn := range ls {
		fn(old, cfg)
	}
}

// Jobs returns every job's state; a job that has not run since this start
// shows its last recorded run (job_runs).
func (b *Background) Jobs(ctx context.Context) ([]scheduler.JobStatus, error) {
	st := b.sched.Status()
	var stored map[string]store.JobRun
	for i := range st {
		if st[i].Last != nil {
			continue
		}
		if stored == nil {
			var err error
			if stored, err = b.c.Store.LastJobRuns(ctx); err != nil {
				return nil, err
			}
		}
		if r, ok := stored[st[i].Name]; ok {
			run := scheduler.Run{Job: r.Job, Started: r.Started, Items: r.Items, Result: r.Result, Err: r.Error,
				Skipped: r.Result == scheduler.ResultSkipped}
			if r.Ended != nil {
				run.Ended = *r.Ended
			}
			st[i].Last = &run
		}
	}
	return st, nil
}

// GlobalPaused reports whether background updates are paused.
func (b *Background) GlobalPaused() bool { return b.sched.GlobalPaused() }

// Trigger starts a job now (scheduler.ErrUnknownJob, ErrRunning, ErrStopped).
func (b *Background) Trigger(name string) error { return b.sched.Trigger(name) }

// Pause pauses one job, or all when name is "" (scheduler.ErrUnknownJob).
func (b *Background) Pause(name string) error {
	defer b.changed()
	if name == "" {
		b.sched.PauseAll()
		b.c.Log.Info("background updates paused")
		return nil
	}
	if !b.sched.Pause(name) {
		return fmt.Errorf("%w: %q", scheduler.ErrUnknownJob, name)
	}
	return nil
}

// Resume resumes one job, or all (and the global pause) when name is "".
func (b *Background) Resume(name string) error {
	defer b.changed()
	if name == "" {
		b.sched.ResumeAll()
		b.c.Log.Info("background updates resumed")
		return nil
	}
	if !b.sched.Resume(name) {
		return fmt.Errorf("%w: %q", scheduler.ErrUnknownJob, name)
	}
	return nil
}

// UpdatePricesNow triggers the three price jobs (those already running
// are left alone) and returns how many it started.
func (b *Background) UpdatePricesNow() int {
	n := 0
	for _, j := range []string{config.JobPricesKR, config.JobPricesUS, config.JobPricesCrypto} {
		if err := b.sched.Trigger(j); err == nil {
			n++
		} else if !errors.Is(err, scheduler.ErrRunning) {
			b.c.Log.WithError(err).WithField("job", j).Warn("price update not started")
		}
	}
	b.c.Log.WithField("started", n).Info("price update requested")
	return n
}

// LastPriceUpdate is when a price cycle last stored quotes (zero: never
// since start).
func (b *Background) LastPriceUpdate() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lastPrices
}

// LastGate is the KR gate colour last seen ("" before the first check).
func (b *Background) LastGate() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lastGate
}

// runKey names one run: its job and start (a run's record may come after
// the next run of the same job has started).
type runKey struct {
	job   string
	start int64 // unix nanoseconds
}

// runStarted records a run's start (scheduler.OnStart).
func (b *Background) runStarted(job string, at time.Time, manual bool) {
	id, err := b.c.Store.StartJobRun(context.Background(), job, at)
	if err != nil {
		b.c.Log.WithError(err).WithField("job", job).Warn("job run not recorded")
	} else {
		b.mu.Lock()
		b.runIDs[runKey{job, at.UnixNano()}] = id
		b.mu.Unlock()
	}
	b.events.Publish(events.SchedulerRun, map[string]any{"job": job, "phase": "started", "started": at.UTC(), "manual": manual})
}

// record stores a finished or skipped run (the scheduler's record func).
func (b *Background) record(r scheduler.Run) {
	ctx := context.Background()
	if r.Skipped {
		end := r.Ended
		if _, err := b.c.Store.AddJobRun(ctx, store.JobRun{Job: r.Job, Started: r.Started, Ended: &end, Result: scheduler.ResultSkipped,
			Error: "the previous run was still going"}); err != nil {
			b.c.Log.WithError(err).Warn("job run not recorded")
		}
		b.c.Log.WithField("job", r.Job).Warn("background job skipped: the previous run is still going")
	} else {
		b.mu.Lock()
		k := runKey{r.Job, r.Started.UnixNano()}
		id, ok := b.runIDs[k]
		delete(b.runIDs, k)
		b.mu.Unlock()
		if ok {
			if err := b.c.Store.FinishJobRun(ctx, id, r.Ended, r.Result, r.Items, r.Err); err != nil {
				b.c.Log.WithError(err).Warn("job run not recorded")
			}
		}
		log := b.c.Log.WithField("job", r.Job).WithField("result", r.Result).WithField("items", r.Items).
			WithField("ms", r.Ended.Sub(r.Started).Milliseconds()).WithField("manual", r.Manual).WithField("catch_up", r.CatchUp)
		switch {
		case r.Result == scheduler.ResultError:
			log.WithField("error", r.Err).Warn("background job failed")
		case r.Manual || !strings.HasPrefix(r.Job, "prices."):
			log.Info("background job finished")
		default:
			log.Debug("background job finished") // every few minutes: keep the log short
		}
	}
	b.events.Publish(events.SchedulerRun, map[string]any{"job": r.Job, "phase": "finished", "result": r.Result, "items": r.Items,
		"error": r.Err, "started": r.Started.UTC(), "ended": r.Ended.UTC(), "skipped": r.Skipped, "catch_up": r.CatchUp, "manual": r.Manual})
	b.changed()
}

// progress publishes a running job's progress.
func (b *Background) progress(job string) func(step string, done, total int) {
	return func(step string, done, total int) {
		b.events.Publish(events.SchedulerRun, map[string]any{"job": job, "phase": "progress", "step": step, "done": done, "total": total})
	}
}

// skipReason says why a market's live job has nothing to do ("" = go).
func (b *Background) skipReason(ctx context.Context, mkt, source string) (string, error) {
	if b.c.System.Config().Source == config.SourceDemo {
		return "demo data: nothing to fetch", nil
	}
	if st := b.c.Sources.Status(source).State; st == sources.StateOff {
		return source + " is switched off", nil
	}
	if mkt == "" {
		return "", nil
	}
	src, err := b.c.Store.DominantSource(ctx, mkt)
	if err != nil {
		return "", err
	}
	if src != contract.SourceLive {
		// Live quotes must not be mixed into synthetic or imported
		// series; the first live update replaces the demo market.
		return src + " data: nothing to fetch", nil
	}
	return "", nil
}

// PriceSymbols are the symbols of a market's price cycle: its open
// signals, then its indices (KR: KOSPI, KOSDAQ, USD/KRW and the gate's
// sector ETFs; US: the major indices). There is no watchlist or portfolio
// table yet; when one exists its symbols belong here.
func (b *Background) PriceSymbols(ctx context.Context, mkt string) ([]string, error) {
	open, err := b.c.Store.OpenSignals(ctx, mkt)
	if err != nil {
		return nil, err
	}
	var syms []string
	for _, g := range open {
		syms = append(syms, g.Symbol)
	}
	switch mkt {
	case market.KR:
		for _, s := range data.KRBenchmarks() {
			syms = append(syms, s.Symbol)
		}
		for _, e := range data.KRSectorETFs() {
			syms = append(syms, e.Symbol)
		}
	case market.US:
		syms = append(syms, usIndices...)
	}
	return syms, nil
}

var usIndices = []string{"^GSPC", "^IXIC", "^DJI", "^RUT", "^VIX"}

// priceCycle fetches and stores a market's live quotes.
func (b *Background) priceCycle(ctx context.Context, mkt string) (int, error) {
	if why, err := b.skipReason(ctx, mkt, sources.Yahoo); err != nil || why != "" {
		if err != nil {
			return 0, err
		}
		return 0, scheduler.Note(why)
	}
	ctx, cancel := context.WithTimeout(ctx, priceCycleTimeout)
	defer cancel()
	syms, err := b.PriceSymbols(ctx, mkt)
	if err != nil {
		return 0, err
	}
	cl, err := b.c.Clients()
	if err != nil {
		return 0, err
	}
	job := "prices." + strings.ToLower(mkt)
	rep, err := b.c.Live.RefreshQuotes(ctx, cl.Yahoo, syms, live.PriceOptions{}, b.progress(job))
	b.pricesStored(strings.ToLower(mkt), rep)
	if err == nil && mkt == market.KR {
		b.CheckGate(ctx)
	}
	return rep.Updated, err
}

// cryptoCycle stores the stored crypto universe's quotes from Binance.
func (b *Background) cryptoCycle(ctx context.Context) (int, error) {
	if why, err := b.skipReason(ctx, market.Crypto, sources.Binance); err != nil || why != "" {
		if err != nil {
			return 0, err
		}
		return 0, scheduler.Note(why)
	}
	ctx, cancel := context.WithTimeout(ctx, priceCycleTimeout)
	defer cancel()
	insts, err := b.c.Store.Instruments(ctx, market.Crypto, "")
	if err != nil {
		return 0, err
	}
	pairs := make([]string, len(insts))
	for i, x := range insts {
		pairs[i] = x.Symbol
	}
	cl, err := b.c.Clients()
	if err != nil {
		return 0, err
	}
	rep, err := b.c.Live.RefreshCryptoQuotes(ctx, cl.Binance, pairs)
	b.pricesStored("crypto", rep)
	return rep.Updated, err
}

// pricesStored publishes prices.updated for the quotes a cycle stored.
func (b *Background) pricesStored(mkt string, rep live.PriceReport) {
	if rep.Updated == 0 {
		return
	}
	b.mu.Lock()
	b.lastPrices = b.c.now()
	b.mu.Unlock()
	b.events.Publish(events.PricesUpdated, map[string]any{"market": mkt, "symbols": rep.Symbols, "count": rep.Updated})
	b.changed()
}

// CheckGate reads the KR gate's colour and, when it differs from the last
// one seen, publishes gate.changed and notifies (not on the first check).
func (b *Background) CheckGate(ctx context.Context) {
	if b.GateColour == nil {
		return
	}
	g, err := b.GateColour(ctx)
	if err != nil {
		b.c.Log.WithError(err).Debug("gate not read")
		return
	}
	g = strings.ToUpper(strings.TrimSpace(g))
	b.mu.Lock()
	prev := b.lastGate
	b.lastGate = g
	b.mu.Unlock()
	if g == prev {
		return
	}
	b.changed()
	if prev == "" {
		return
	}
	b.events.Publish(events.GateChanged, map[string]string{"market": "kr", "from": prev, "to": g})
	_ = b.Notify(notify.GateChange, fmt.Sprintf("KR market gate: %s → %s", prev, g),
		"The KR market gate changed colour; see the market gate view.")
}

// RunSteps runs steps in order, each to its end even when an earlier one
// failed (a failed update still leaves stored data to scan). It returns
// the items of all steps and the failed steps' errors joined. A step that
// returns a scheduler.Note is logged and counts as done.
func (b *Background) RunSteps(ctx context.Context, job string, steps []Step) (int, error) {
	total := 0
	var errs []error
	report := b.progress(job)
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		report(s.Name, i, len(steps))
		n, err := s.Run(ctx)
		total += n
		note, isNote := scheduler.NoteText(err)
		switch {
		case err == nil:
		case errors.Is(err, context.Canceled):
			return total, err
		case isNote:
			b.c.Log.WithField("job", job).WithField("step", s.Name).WithField("note", note).Info("background step skipped")
		default:
			b.c.Log.WithField("job", job).WithField("step", s.Name).WithError(err).Warn("background step failed")
			errs = append(errs, fmt.Errorf("%s: %w", s.Name, err))
		}
	}
	report("done", len(steps), len(steps))
	return total, errors.Join(errs...)
}

// updateStep is the live update of markets ("kr", "us", "crypto", "all").
func (b *Background) updateStep(job, markets string) Step {
	return Step{Name: markets + ".update", Run: func(ctx context.Context) (int, error) {
		src, mkt := sources.Yahoo, ""
		if markets == "crypto" {
			src = sources.Binance
		}
		if why, err := b.skipReason(ctx, mkt, src); err != nil || why != "" {
			if err != nil {
				return 0, err
			}
			return 0, scheduler.Note(why)
		}
		ms, err := ParseMarkets(markets)
		if err != nil {
			return 0, err
		}
		ctx, cancel := context.WithTimeout(ctx, updateTimeout)
		defer cancel()
		rep, err := b.c.Update(ctx, ms, b.progress(job))
		if rep.Signals > 0 {
			b.NewSignals(ctx, rep.Signals)
		}
		if rep.Quotes > 0 {
			b.pricesStored(markets, live.PriceReport{Updated: rep.Quotes})
		}
		return rep.Quotes + rep.Bars, err
	}}
}

// krAfterCloseSteps is the KR post-close pipeline: live update → scan →
// ledger update → AI analysis → daily snapshot → gate check.
func (b *Background) krAfterCloseSteps() []Step {
	c := b.c
	return []Step{
		b.updateStep(config.JobKRAfterClose, "kr"),
		{Name: "kr.scan", Run: func(ctx context.Context) (int, error) {
			if id := c.runningReplay(); id != "" {
				return 0, scheduler.Note("ledger replay " + id + " running: scan skipped")
			}
			res, err := c.KR.Scan(ctx, c.System.Config().Signals, nil)
			if err != nil {
				return 0, err
			}
			b.events.Publish(events.ScanDone, map[string]any{"market": "kr", "rule": res.Rule, "scanned": res.Scanned,
				"candidates": res.Candidates, "added": res.Added, "signal_date": res.SignalDate})
			if res.Added > 0 {
				b.NewSignals(ctx, res.Added)
			}
			return res.Added, nil
		}},
		{Name: "ledger.update", Run: func(ctx context.Context) (int, error) {
			if id := c.runningReplay(); id != "" {
				return 0, scheduler.Note("ledger replay " + id + " running: update skipped")
			}
			res, err := c.Ledger.Update(ctx)
			if err != nil {
				return 0, err
			}
			if res.Closed > 0 {
				b.SignalsClosed(res.ByReason)
			}
			return res.Closed, nil
		}},
		{Name: "ai.analysis", Run: func(ctx context.Context) (int, error) {
			if c.AI == nil {
				return 0, scheduler.Note("AI analysis not available")
			}
			res, err := c.AI.Analysis(ctx, true)
			if err != nil {
				return 0, err
			}
			return res.Count, nil
		}},
		{Name: "daily.snapshot", Run: b.dailySnapshot},
		{Name: "kr.gate", Run: func(ctx context.Context) (int, error) {
			b.CheckGate(ctx) // the day's new bars may change its colour
			return 0, nil
		}},
	}
}

// NewSignals notifies about signals a scan added (kind new_signals), naming
// the newest open ones.
func (b *Background) NewSignals(ctx context.Context, added int) {
	open, err := b.c.Store.OpenSignals(ctx, market.KR)
	var names []string
	if err == nil {
		for _, g := range open {
			if len(names) == 5 {
				break
			}
			names = append(names, g.Ticker)
		}
	}
	body := strings.Join(names, ", ")
	if added > len(names) && len(names) > 0 {
		body += ", …"
	}
	_ = b.Notify(notify.NewSignals, fmt.Sprintf("KR Market: %d new signal(s)", added), body)
}

// SignalsClosed notifies about open signals that hit their stop or target
// (kind stop_target): stop loss, take profit and trailing stop closes of a
// ledger update (ledger.UpdateResult.ByReason); time exits are routine and
// not announced.
func (b *Background) SignalsClosed(byReason map[string]int) {
	n := 0
	var reasons []string
	for _, r := range []string{exits.StopLoss, exits.TakeProfit, exits.TrailingStop} {
		if k := byReason[r]; k > 0 {
			n += k
			reasons = append(reasons, fmt.Sprintf("%s ×%d", r, k))
		}
	}
	if n == 0 {
		return
	}
	_ = b.Notify(notify.StopTarget, fmt.Sprintf("KR Market: %d signal(s) hit stop or target", n), strings.Join(reasons, ", "))
}

// dailySnapshot stores the day's KR picture (signals with prices and the
// gate) as snapshot kind "kr_daily" under the last completed KRX session.
func (b *Background) dailySnapshot(ctx context.Context) (int, error) {
	now := b.c.now()
	day := calendar.KRX().LastCompletedSession(now).Format(time.DateOnly)
	sig, err := b.c.KR.Signals(ctx)
	if err != nil {
		return 0, err
	}
	snap := map[string]any{"date": day, "signals": sig.Signals, "count": sig.Count, "data_source": sig.DataSource}
	if g, err := b.c.KRGate.MarketGate(ctx, false); err == nil {
		snap["gate"], snap["gate_score"] = g.Gate, g.Score
	}
	js, err := json.Marshal(snap)
	if err != nil {
		return 0, fmt.Errorf("daily snapshot: %w", err)
	}
	if err := b.c.Store.PutSnapshot(ctx, snapshotKindDaily, day, js, now); err != nil {
		return 0, err
	}
	return 1, nil
}

// pruneStep deletes job runs older than 90 days.
func (b *Background) pruneStep() Step {
	return Step{Name: "job_runs.prune", Run: func(ctx context.Context) (int, error) {
		return b.c.Store.PruneJobRuns(ctx, b.c.now().Add(-jobRunsKept))
	}}
}
