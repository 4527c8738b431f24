package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestJobRuns(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	t0 := time.Date(2026, 3, 10, 0, 0, 0, 123_000_000, time.UTC)

	id, err := st.StartJobRun(ctx, "prices.kr", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.FinishJobRun(ctx, id, t0.Add(1500*time.Millisecond), "ok", 300, ""); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishJobRun(ctx, id+100, t0, "ok", 0, ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("finishing an unknown run: %v", err)
	}
	end := t0.Add(time.Minute)
	if _, err := st.AddJobRun(ctx, JobRun{Job: "prices.kr", Started: end, Ended: &end, Result: "skipped"}); err != nil {
		t.Fatal(err)
	}
	// A run the process never finished.
	if _, err := st.StartJobRun(ctx, "kr.after_close", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	last, err := st.LastJobRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := last["prices.kr"]; r.Result != "skipped" || r.Ended == nil || !r.Started.Equal(end) {
		t.Fatalf("last prices.kr = %+v", r)
	}
	if r := last["kr.after_close"]; r.Ended != nil || r.Result != "" {
		t.Fatalf("unfinished run = %+v", r)
	}
	n, err := st.CloseInterruptedJobRuns(ctx, t0.Add(time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("closed %d, %v; want 1", n, err)
	}
	runs, err := st.JobRuns(ctx, "", 10)
	if err != nil || len(runs) != 3 {
		t.Fatalf("runs = %+v, %v", runs, err)
	}
	if r := runs[0]; r.Job != "kr.after_close" || r.Result != ResultInterrupted || r.Error == "" || !r.Ended.Equal(t0.Add(time.Hour)) {
		t.Fatalf("interrupted run = %+v", r)
	}
	// Milliseconds survive the round trip.
	if r := runs[2]; r.Items != 300 || !r.Started.Equal(t0) || r.Ended.Sub(r.Started) != 1500*time.Millisecond || r.Error != "" {
		t.Fatalf("first run = %+v", r)
	}
	if runs, _ := st.JobRuns(ctx, "prices.kr", 1); len(runs) != 1 || runs[0].Result != "skipped" {
		t.Fatalf("prices.kr newest = %+v", runs)
	}
	if _, err := st.JobRuns(ctx, "", 0); err == nil {
		t.Fatal("limit 0 accepted")
	}
	if n, err := st.PruneJobRuns(ctx, t0.Add(30*time.Second)); err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
}
