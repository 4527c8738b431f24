package sources

import (
	"errors"
	"testing"
	"time"
)

type limited struct{ d time.Duration }

func (l limited) Error() string             { return "429" }
func (l limited) RetryAfter() time.Duration { return l.d }

func TestRegistryTransitions(t *testing.T) {
	now := time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC)
	r := New(func() time.Time { return now }, Yahoo, Naver)
	if s := r.Status(Yahoo); s.State != StateUnknown || !r.Healthy(Yahoo) {
		t.Fatalf("initial %+v", s)
	}
	r.Report(Yahoo, errors.New("boom"), "HTTP 500")
	first := now
	now = now.Add(time.Minute)
	r.Report(Yahoo, errors.New("boom"), "HTTP 502")
	s := r.Status(Yahoo)
	if s.State != StateFailing || !s.FailingSince.Equal(first) || s.LastError != "HTTP 502" || r.Healthy(Yahoo) || s.Failures != 2 {
		t.Fatalf("failing %+v", s)
	}
	r.Report(Yahoo, limited{90 * time.Second}, "HTTP 429")
	if s := r.Status(Yahoo); s.State != StateRateLimited || !s.LimitedUntil.Equal(now.Add(90*time.Second)) {
		t.Fatalf("limited %+v", s)
	}
	r.Report(Yahoo, nil, "")
	if s := r.Status(Yahoo); s.State != StateOK || s.FailingSince != nil || s.LastError != "" || !s.LastSuccess.Equal(now) {
		t.Fatalf("recovered %+v", s)
	}
	r.SetOff(Naver)
	if all := r.All(); len(all) != 2 || all[0].Name != Naver || all[0].State != StateOff {
		t.Fatalf("all %+v", all)
	}
}
