package scheduler

import (
	"testing"
	"time"

	"krmarket/backend/calendar"
)

var (
	seoul, _   = time.LoadLocation("Asia/Seoul")
	newYork, _ = time.LoadLocation("America/New_York")
	krxCal     = calendar.KRX()
)

// runsBetween lists s's due times in (from, to].
func runsBetween(s Schedule, from, to time.Time) []time.Time {
	var out []time.Time
	for t := s.Next(from); !t.IsZero() && !t.After(to); t = s.Next(t) {
		out = append(out, t)
		if len(out) > 10000 {
			break
		}
	}
	return out
}

func TestWhileOpen(t *testing.T) {
	krx, nyse := calendar.KRX(), calendar.NYSE()
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name        string
		cal         *calendar.Calendar
		day         string // local date
		count       int
		first, last string // UTC, RFC 3339
	}{
		{"KRX normal day", krx, "2026-03-10", 79, "2026-03-10T00:00:00Z", "2026-03-10T06:30:00Z"},
		{"KRX holiday", krx, "2026-02-17", 0, "", ""},
		{"KRX weekend", krx, "2026-03-14", 0, "", ""},
		{"KRX first trading day 10:00", krx, "2026-01-02", 67, "2026-01-02T01:00:00Z", "2026-01-02T06:30:00Z"},
		{"KRX exam day 10:00-16:30", krx, "2026-11-19", 79, "2026-11-19T01:00:00Z", "2026-11-19T07:30:00Z"},
		{"NYSE before DST (EST)", nyse, "2026-03-06", 79, "2026-03-06T14:30:00Z", "2026-03-06T21:00:00Z"},
		{"NYSE after DST (EDT)", nyse, "2026-03-09", 79, "2026-03-09T13:30:00Z", "2026-03-09T20:00:00Z"},
		{"NYSE early close", nyse, "2026-11-27", 43, "2026-11-27T14:30:00Z", "2026-11-27T18:00:00Z"},
		{"NYSE Thanksgiving", nyse, "2026-11-26", 0, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loc := tc.cal.Location()
			d, err := time.ParseInLocation("2006-01-02", tc.day, loc)
			if err != nil {
				t.Fatal(err)
			}
			got := runsBetween(WhileOpen(tc.cal, 5*time.Minute), d.Add(-time.Nanosecond), d.AddDate(0, 0, 1).Add(-time.Nanosecond))
			if len(got) != tc.count {
				t.Fatalf("runs = %d, want %d", len(got), tc.count)
			}
			if tc.count == 0 {
				return
			}
			if f, l := got[0], got[len(got)-1]; !f.Equal(utc(tc.first)) || !l.Equal(utc(tc.last)) {
				t.Errorf("first, last = %v, %v; want %s, %s", f.UTC(), l.UTC(), tc.first, tc.last)
			}
			for i := 1; i < len(got); i++ {
				if got[i].Sub(got[i-1]) != 5*time.Minute {
					t.Fatalf("step %d: %v -> %v", i, got[i-1], got[i])
				}
			}
		})
	}
}

func TestWhileOpenNextAcrossDays(t *testing.T) {
	s := WhileOpen(calendar.KRX(), 5*time.Minute)
	tests := []struct{ after, want time.Time }{
		// Friday close → Monday open.
		{time.Date(2026, 3, 13, 15, 30, 0, 0, seoul), time.Date(2026, 3, 16, 9, 0, 0, 0, seoul)},
		// Mid-step → next step.
		{time.Date(2026, 3, 10, 9, 2, 0, 0, seoul), time.Date(2026, 3, 10, 9, 5, 0, 0, seoul)},
		// Exactly on a step → the following one (strictly after).
		{time.Date(2026, 3, 10, 9, 5, 0, 0, seoul), time.Date(2026, 3, 10, 9, 10, 0, 0, seoul)},
		// Before Seollal holidays (Feb 16–18, 2026) → Feb 19.
		{time.Date(2026, 2, 13, 16, 0, 0, 0, seoul), time.Date(2026, 2, 19, 9, 0, 0, 0, seoul)},
		// Input in another zone.
		{time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 10, 9, 5, 0, 0, seoul)},
	}
	for _, tc := range tests {
		if got := s.Next(tc.after); !got.Equal(tc.want) {
			t.Errorf("Next(%v) = %v, want %v", tc.after, got, tc.want)
		}
	}
	if !WhileOpen(calendar.KRX(), 0).Next(time.Now()).IsZero() {
		t.Error("d = 0 should be never")
	}
}

func TestAfterClose(t *testing.T) {
	krx, nyse := calendar.KRX(), calendar.NYSE()
	tests := []struct {
		name  string
		s     Schedule
		after time.Time
		want  time.Time
	}{
		{"KRX same day", AfterClose(krx, 30*time.Minute), time.Date(2026, 3, 10, 12, 0, 0, 0, seoul), time.Date(2026, 3, 10, 16, 0, 0, 0, seoul)},
		{"KRX at the run → next day", AfterClose(krx, 30*time.Minute), time.Date(2026, 3, 10, 16, 0, 0, 0, seoul), time.Date(2026, 3, 11, 16, 0, 0, 0, seoul)},
		{"KRX Friday → Monday", AfterClose(krx, 30*time.Minute), time.Date(2026, 3, 13, 17, 0, 0, 0, seoul), time.Date(2026, 3, 16, 16, 0, 0, 0, seoul)},
		{"KRX skips holidays", AfterClose(krx, 0), time.Date(2026, 9, 23, 16, 0, 0, 0, seoul), time.Date(2026, 9, 29, 15, 30, 0, 0, seoul)},
		{"NYSE early close", AfterClose(nyse, time.Hour), time.Date(2026, 11, 27, 9, 0, 0, 0, newYork), time.Date(2026, 11, 27, 14, 0, 0, 0, newYork)},
		{"NYSE delay past midnight", AfterClose(nyse, 9*time.Hour), time.Date(2026, 3, 10, 0, 30, 0, 0, newYork), time.Date(2026, 3, 10, 1, 0, 0, 0, newYork)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Next(tc.after); !got.Equal(tc.want) {
				t.Errorf("Next(%v) = %v, want %v", tc.after, got, tc.want)
			}
		})
	}
}

func TestDaily(t *testing.T) {
	tests := []struct {
		name  string
		s     Schedule
		after time.Time
		want  time.Time // UTC
	}{
		{"NY before DST", Daily(newYork, 9, 0), time.Date(2026, 3, 7, 0, 0, 0, 0, newYork), time.Date(2026, 3, 7, 14, 0, 0, 0, time.UTC)},
		{"NY DST day", Daily(newYork, 9, 0), time.Date(2026, 3, 7, 9, 0, 0, 0, newYork), time.Date(2026, 3, 8, 13, 0, 0, 0, time.UTC)},
		{"NY nonexistent 02:30", Daily(newYork, 2, 30), time.Date(2026, 3, 7, 12, 0, 0, 0, newYork), time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC)},
		{"NY fall back", Daily(newYork, 9, 0), time.Date(2026, 10, 31, 9, 0, 0, 0, newYork), time.Date(2026, 11, 1, 14, 0, 0, 0, time.UTC)},
		{"Seoul, input in UTC", Daily(seoul, 8, 0), time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC), time.Date(2026, 3, 10, 23, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.Next(tc.after); !got.Equal(tc.want) {
				t.Errorf("Next(%v) = %v, want %v", tc.after, got.UTC(), tc.want)
			}
		})
	}
	// Exactly one run per local day across the DST change.
	got := runsBetween(Daily(newYork, 9, 0), time.Date(2026, 3, 1, 0, 0, 0, 0, newYork), time.Date(2026, 3, 15, 0, 0, 0, 0, newYork))
	if len(got) != 14 {
		t.Fatalf("runs = %d, want 14", len(got))
	}
	for _, r := range got {
		if l := r.In(newYork); l.Hour() != 9 || l.Minute() != 0 {
			t.Errorf("run at %v", l)
		}
	}
}

func TestAlways(t *testing.T) {
	base := time.Date(2026, 3, 14, 23, 58, 0, 0, time.UTC) // a Saturday
	tests := []struct {
		d           time.Duration
		after, want time.Time
	}{
		{5 * time.Minute, base, base.Add(2 * time.Minute)},
		{5 * time.Minute, base.Add(2 * time.Minute), base.Add(7 * time.Minute)},
		{time.Hour, base, base.Add(2 * time.Minute)},
		{7 * time.Second, time.Unix(0, 0), time.Unix(7, 0)},
		{7 * time.Second, time.Unix(-1, 0), time.Unix(0, 0)},
	}
	for _, tc := range tests {
		if got := Always(tc.d).Next(tc.after); !got.Equal(tc.want) {
			t.Errorf("Always(%v).Next(%v) = %v, want %v", tc.d, tc.after, got, tc.want)
		}
	}
	if n := len(runsBetween(Always(time.Minute), base, base.Add(24*time.Hour))); n != 1440 {
		t.Errorf("runs per day = %d, want 1440", n)
	}
	if !Always(0).Next(base).IsZero() {
		t.Error("d = 0 should be never")
	}
}

func TestEvery(t *testing.T) {
	krx := calendar.KRX()
	s := Every(10*time.Minute, krx.IsOpen)
	// Friday 15:25 KST: 15:30 is the close (IsOpen false) → Monday 09:00.
	got := s.Next(time.Date(2026, 3, 13, 15, 25, 0, 0, seoul))
	if want := time.Date(2026, 3, 16, 9, 0, 0, 0, seoul); !got.Equal(want) {
		t.Errorf("Next = %v, want %v", got, want)
	}
	if n := len(runsBetween(s, time.Date(2026, 3, 10, 0, 0, 0, 0, seoul), time.Date(2026, 3, 11, 0, 0, 0, 0, seoul))); n != 39 {
		t.Errorf("runs = %d, want 39 (09:00..15:20)", n)
	}
	never := Every(time.Minute, func(time.Time) bool { return false })
	if !never.Next(got).IsZero() {
		t.Error("never-open should return zero")
	}
}
