package scheduler

import (
	"fmt"
	"time"

	"krmarket/backend/calendar"
)

// Schedule yields due times. Next returns the first due time strictly after
// after, or the zero time for "never".
type Schedule interface {
	Next(after time.Time) time.Time
}

// ScheduleFunc adapts a function to Schedule.
type ScheduleFunc func(after time.Time) time.Time

// Next calls f.
func (f ScheduleFunc) Next(after time.Time) time.Time { return f(after) }

// described is a schedule with a human-readable description.
type described struct {
	Schedule
	desc string
}

func (d described) String() string { return d.desc }

// Described attaches a description to s (shown by Describe).
func Described(s Schedule, desc string) Schedule { return described{s, desc} }

// Describe returns a schedule's description: its String method when it has
// one (every schedule of this package does), else "custom"; "manual only"
// for nil.
func Describe(s Schedule) string {
	if s == nil {
		return "manual only"
	}
	if st, ok := s.(fmt.Stringer); ok {
		return st.String()
	}
	return "custom"
}

// every formats a period for descriptions: "5m", "4h", "90s".
func every(d time.Duration) string {
	switch {
	case d <= 0:
		return "never"
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// searchDays bounds calendar searches: no exchange is closed this long.
const searchDays = 60

// floorStep returns the greatest multiple of d since the Unix epoch that is
// at or before t.
func floorStep(t time.Time, d time.Duration) time.Time {
	n := t.UnixNano()
	q := n / int64(d)
	if n%int64(d) < 0 {
		q--
	}
	return time.Unix(0, q*int64(d)).In(t.Location())
}

// Always runs every d, 24/7 (crypto), at multiples of d since the Unix
// epoch (so Always(5*time.Minute) fires at :00, :05, … in every zone with a
// whole-hour or half-hour offset). d <= 0 means never.
func Always(d time.Duration) Schedule {
	return Described(ScheduleFunc(func(after time.Time) time.Time {
		if d <= 0 {
			return time.Time{}
		}
		return floorStep(after, d).Add(d)
	}), "every "+every(d)+", around the clock")
}

// Every runs every d, only at instants where open(t) is true (for example
// calendar.KRX().IsOpen). Slots are multiples of d since the Unix epoch, as
// in Always; they are NOT aligned to midnight or to the session open in any
// zone (use WhileOpen for open-aligned runs). The search for an open slot
// looks at most searchDays (60) days or 1<<20 slots ahead and returns the
// zero time (never) beyond that. d <= 0 or a nil open means never.
func Every(d time.Duration, open func(t time.Time) bool) Schedule {
	return Described(ScheduleFunc(func(after time.Time) time.Time {
		if d <= 0 || open == nil {
			return time.Time{}
		}
		limit := after.Add(searchDays * 24 * time.Hour)
		t := floorStep(after, d).Add(d)
		for i := 0; i < 1<<20 && !t.After(limit); i++ {
			if open(t) {
				return t
			}
			t = t.Add(d)
		}
		return time.Time{}
	}), "every "+every(d)+" while open")
}

// WhileOpen runs every d during cal's sessions: the first run at the open,
// then open+d, open+2d, … the last at or before the close (the close itself
// included when it falls on a step). Session times come from
// cal.SessionOn, so holidays have no runs, early closes and late opens are
// respected, and DST is handled by the exchange's zone. Returned times are
// in the exchange's zone. d <= 0 means never.
func WhileOpen(cal *calendar.Calendar, d time.Duration) Schedule {
	desc := "never"
	if cal != nil {
		desc = fmt.Sprintf("every %s while %s is open (%s)", every(d), cal.Name(), cal.Location())
	}
	return Described(ScheduleFunc(func(after time.Time) time.Time {
		if d <= 0 || cal == nil {
			return time.Time{}
		}
		loc := cal.Location()
		y, m, day := after.In(loc).Date()
		for i := range searchDays {
			open, close, ok := cal.SessionOn(time.Date(y, m, day+i, 12, 0, 0, 0, loc))
			if !ok {
				continue
			}
			if after.Before(open) {
				return open
			}
			k := after.Sub(open)/d + 1
			if t := open.Add(k * d); !t.After(close) {
				return t
			}
		}
		return time.Time{}
	}), desc)
}

// AfterClose runs once per trading day of cal, delay after that day's close
// (early closes respected). Returned times are in the exchange's zone.
func AfterClose(cal *calendar.Calendar, delay time.Duration) Schedule {
	desc := "never"
	if cal != nil {
		desc = fmt.Sprintf("at each %s close (%s)", cal.Name(), cal.Location())
		if delay > 0 {
			desc = every(delay) + " after each " + desc[len("at each "):]
		}
	}
	return Described(ScheduleFunc(func(after time.Time) time.Time {
		if cal == nil {
			return time.Time{}
		}
		loc := cal.Location()
		y, m, day := after.In(loc).Date()
		// Start a few days back: a long delay can push a close past after.
		back := int(delay/(24*time.Hour)) + 1
		if back < 1 {
			back = 1
		}
		for i := -back; i < searchDays; i++ {
			_, close, ok := cal.SessionOn(time.Date(y, m, day+i, 12, 0, 0, 0, loc))
			if !ok {
				continue
			}
			if t := close.Add(delay); t.After(after) {
				return t
			}
		}
		return time.Time{}
	}), desc)
}

// Daily runs once a day at hour:min wall-clock time in loc, DST-correct.
// On a spring-forward day a nonexistent time runs shifted forward by the gap
// (02:30 in New York becomes 03:30 EDT); on a fall-back day an ambiguous
// time runs once. hour and min must be a valid wall-clock time.
func Daily(loc *time.Location, hour, min int) Schedule {
	if loc == nil {
		loc = time.UTC
	}
	return Described(ScheduleFunc(func(after time.Time) time.Time {
		y, m, day := after.In(loc).Date()
		for i := -1; i < 3; i++ {
			t := time.Date(y, m, day+i, hour, min, 0, 0, loc)
			if l := t.In(loc); l.Hour() != hour || l.Minute() != min {
				// In a spring-forward gap time.Date may land before the
				// gap; move forward by the missing wall-clock time.
				want := time.Duration(hour*60+min) * time.Minute
				got := time.Duration(l.Hour()*60+l.Minute()) * time.Minute
				if want > got {
					t = t.Add(want - got)
				}
			}
			if t.After(after) {
				return t
			}
		}
		return time.Time{}
	}), fmt.Sprintf("daily at %02d:%02d (%s)", hour, min, loc))
}
