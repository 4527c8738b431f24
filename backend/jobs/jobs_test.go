package jobs

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestJobLifecycle(t *testing.T) {
	m := NewManager(time.Now)
	events := make(chan Progress, 64)
	m.Subscribe(func(p Progress) { events <- p })
	release := make(chan struct{})
	p, err := m.Start("update", func(ctx context.Context, report Report) (any, error) {
		report("kr quotes", 1, 3)
		<-release
		report("kr history", 3, 3)
		return map[string]int{"bars": 10}, nil
	})
	if err != nil || p.State != Running {
		t.Fatal(p, err)
	}
	if _, err := m.Start("update", nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("second job of a kind: %v", err)
	}
	close(release)
	done, err := m.Wait(context.Background(), p.ID)
	if err != nil || done.State != Done || done.Done != 3 || done.Result.(map[string]int)["bars"] != 10 || done.Ended == nil {
		t.Fatalf("%+v %v", done, err)
	}
	// started, two reports, done — in order.
	var states []string
	for len(states) < 4 {
		select {
		case e := <-events:
			states = append(states, e.State+"/"+e.Step)
		case <-time.After(5 * time.Second):
			t.Fatalf("events so far %v", states)
		}
	}
	if states[0] != "running/" || states[1] != "running/kr quotes" || states[3] != "done/kr history" {
		t.Fatalf("events %v", states)
	}
	// A new job of the same kind may start once the first has ended.
	q, err := m.Start("update", func(ctx context.Context, r Report) (any, error) { return nil, errors.New("source down") })
	if err != nil {
		t.Fatal(err)
	}
	if q, _ = m.Wait(context.Background(), q.ID); q.State != Failed || q.Error != "source down" {
		t.Fatalf("%+v", q)
	}
	if l := m.List(); len(l) != 2 || l[0].ID != q.ID {
		t.Fatalf("list %+v", l)
	}
}

func TestShutdownCancels(t *testing.T) {
	m := NewManager(time.Now)
	p, _ := m.Start("scan", func(ctx context.Context, r Report) (any, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := m.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Get(p.ID); got.State != Cancelled {
		t.Fatalf("%+v", got)
	}
}

// With no job running, Shutdown succeeds even when its deadline has
// already passed (the rest of shutdown may have used the budget).
func TestShutdownIdleWithExpiredContext(t *testing.T) {
	m := NewManager(time.Now)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := 0; i < 100; i++ {
		if err := m.Shutdown(ctx); err != nil {
			t.Fatalf("idle shutdown: %v", err)
		}
	}
}
