package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestSnapshotsPutGetList(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	if _, err := st.Snapshot(ctx, "kr_ai_analysis", "2026-11-27"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing snapshot: %v", err)
	}
	if d, err := st.SnapshotDates(ctx, "kr_ai_analysis"); err != nil || len(d) != 0 || d == nil {
		t.Fatalf("empty list = %#v, %v (want a non-nil empty slice)", d, err)
	}
	for _, c := range []struct{ kind, date, data string }{
		{"kr_ai_analysis", "2026-11-25", `{"v":1}`},
		{"kr_ai_analysis", "2026-11-27", `{"v":2}`},
		{"kr_ai_analysis", "2026-11-26", `{"v":3}`},
		{"other_kind", "2026-11-28", `{"v":4}`},
		{"kr_ai_analysis", "2026-11-27", `{"v":5,"s":"한글"}`}, // replaces v:2
	} {
		if err := st.PutSnapshot(ctx, c.kind, c.date, []byte(c.data), now); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.Snapshot(ctx, "kr_ai_analysis", "2026-11-27")
	if err != nil || string(got) != `{"v":5,"s":"한글"}` {
		t.Fatalf("get = %s, %v", got, err)
	}
	dates, err := st.SnapshotDates(ctx, "kr_ai_analysis")
	if want := []string{"2026-11-27", "2026-11-26", "2026-11-25"}; err != nil || !reflect.DeepEqual(dates, want) {
		t.Fatalf("dates = %v, %v; want %v", dates, err, want)
	}
	if n, _ := st.Count(ctx, "snapshots"); n != 4 {
		t.Fatalf("%d rows, want 4", n)
	}
}

func TestSnapshotRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	st := openTemp(t)
	now := time.Now()
	for _, c := range []struct{ kind, date, data string }{
		{"", "2026-11-27", `{}`},
		{"k", "", `{}`},
		{"k", "2026-11-27", `{not json`},
		{"k", "2026-11-27", ``},
	} {
		if err := st.PutSnapshot(ctx, c.kind, c.date, []byte(c.data), now); err == nil {
			t.Errorf("accepted %+v", c)
		}
	}
	if n, _ := st.Count(ctx, "snapshots"); n != 0 {
		t.Fatalf("%d rows stored from bad input", n)
	}
}
