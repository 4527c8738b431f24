package gate

import (
	"testing"
	"time"

	"krmarket/backend/calendar"
)

var kst = time.FixedZone("KST", 9*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, kst)
	if err != nil {
		panic(err)
	}
	return t
}

// Each boundary minute of an ordinary session (Wednesday 2026-11-25,
// 09:00–15:30) and of the two shifted ones the calendar models.
func TestSessionBoundaries(t *testing.T) {
	cal := calendar.KRX()
	for _, c := range []struct {
		now, state, nextOpen, nextClose string
	}{
		{"2026-11-25 00:00", StateClosed, "2026-11-25T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 08:29", StateClosed, "2026-11-25T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 08:30", StatePreMarket, "2026-11-25T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 08:59", StatePreMarket, "2026-11-25T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 09:00", StateOpen, "2026-11-26T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 15:19", StateOpen, "2026-11-26T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 15:20", StateClosingAuction, "2026-11-26T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 15:29", StateClosingAuction, "2026-11-26T09:00:00+09:00", "2026-11-25T15:30:00+09:00"},
		{"2026-11-25 15:30", StateClosed, "2026-11-26T09:00:00+09:00", "2026-11-26T15:30:00+09:00"},
		{"2026-11-25 15:39", StateClosed, "2026-11-26T09:00:00+09:00", "2026-11-26T15:30:00+09:00"},
		{"2026-11-25 15:40", StateAfterHours, "2026-11-26T09:00:00+09:00", "2026-11-26T15:30:00+09:00"},
		{"2026-11-25 17:59", StateAfterHours, "2026-11-26T09:00:00+09:00", "2026-11-26T15:30:00+09:00"},
		{"2026-11-25 18:00", StateClosed, "2026-11-26T09:00:00+09:00", "2026-11-26T15:30:00+09:00"},
		// Friday evening → Monday; Saturday (weekend).
		{"2026-11-27 19:00", StateClosed, "2026-11-30T09:00:00+09:00", "2026-11-30T15:30:00+09:00"},
		{"2026-11-28 12:00", StateClosed, "2026-11-30T09:00:00+09:00", "2026-11-30T15:30:00+09:00"},
		// 수능일 2026-11-19: 10:00–16:30, everything shifted one hour but
		// after-hours still ends at 18:00.
		{"2026-11-19 09:29", StateClosed, "2026-11-19T10:00:00+09:00", "2026-11-19T16:30:00+09:00"},
		{"2026-11-19 09:30", StatePreMarket, "2026-11-19T10:00:00+09:00", "2026-11-19T16:30:00+09:00"},
		{"2026-11-19 10:00", StateOpen, "2026-11-20T09:00:00+09:00", "2026-11-19T16:30:00+09:00"},
		{"2026-11-19 16:20", StateClosingAuction, "2026-11-20T09:00:00+09:00", "2026-11-19T16:30:00+09:00"},
		{"2026-11-19 16:30", StateClosed, "2026-11-20T09:00:00+09:00", "2026-11-20T15:30:00+09:00"},
		{"2026-11-19 16:40", StateAfterHours, "2026-11-20T09:00:00+09:00", "2026-11-20T15:30:00+09:00"},
		{"2026-11-19 18:00", StateClosed, "2026-11-20T09:00:00+09:00", "2026-11-20T15:30:00+09:00"},
		// First trading day of 2026 (Friday Jan 2) opens at 10:00.
		{"2026-01-02 09:00", StateClosed, "2026-01-02T10:00:00+09:00", "2026-01-02T15:30:00+09:00"},
		{"2026-01-02 09:30", StatePreMarket, "2026-01-02T10:00:00+09:00", "2026-01-02T15:30:00+09:00"},
		{"2026-01-02 10:00", StateOpen, "2026-01-05T09:00:00+09:00", "2026-01-02T15:30:00+09:00"},
		{"2026-01-02 15:20", StateClosingAuction, "2026-01-05T09:00:00+09:00", "2026-01-02T15:30:00+09:00"},
		// 2026-12-30 evening: Dec 31 (연말 휴장일) and Jan 1 closed, then
		// the weekend; 2027's first session opens at 10:00 on Jan 4.
		{"2026-12-30 20:00", StateClosed, "2027-01-04T10:00:00+09:00", "2027-01-04T15:30:00+09:00"},
	} {
		s := SessionAt(cal, at(c.now))
		if s.State != c.state || s.NextOpen != c.nextOpen || s.NextClose != c.nextClose {
			t.Errorf("%s: %s open %s close %s; want %s %s %s", c.now, s.State, s.NextOpen, s.NextClose, c.state, c.nextOpen, c.nextClose)
		}
		if s.LabelKo == "" || s.LabelEn == "" || !s.CalendarCovered {
			t.Errorf("%s: labels %q %q covered %v", c.now, s.LabelKo, s.LabelEn, s.CalendarCovered)
		}
	}
}

func TestSessionFields(t *testing.T) {
	cal := calendar.KRX()
	// The clock may be in any zone: 00:30 UTC is 09:30 KST.
	s := SessionAt(cal, time.Date(2026, 11, 25, 0, 30, 0, 0, time.UTC))
	if s.State != StateOpen || s.NowKST != "2026-11-25T09:30:00+09:00" || !s.TradingDay ||
		s.RegularOpen != "09:00" || s.RegularClose != "15:30" || s.SpecialSession != "" || s.HolidayName != "" {
		t.Fatalf("%+v", s)
	}
	s = SessionAt(cal, at("2026-11-19 12:00"))
	if s.SpecialSession != "수능일" || s.RegularOpen != "10:00" || s.RegularClose != "16:30" {
		t.Fatalf("exam day %+v", s)
	}
	s = SessionAt(cal, at("2026-11-28 12:00"))
	if s.TradingDay || s.HolidayName != "" || s.RegularOpen != "" || s.LabelEn != "Closed (weekend)" {
		t.Fatalf("weekend %+v", s)
	}
	// Outside the embedded years only weekends are known.
	if s := SessionAt(cal, at("2031-03-05 10:00")); s.CalendarCovered || s.State != StateOpen {
		t.Fatalf("2031 %+v", s)
	}
}

// Known 2026 KRX holidays (calendar/holidays.go, from the KRX and
// government calendars): 설날 Feb 16–18, 추석 Sep 24–25 plus the
// substitute Sep 28 (Sep 26 is a Saturday), 한글날 Oct 9, 연말 휴장일 Dec 31.
func TestSessionHolidays2026(t *testing.T) {
	cal := calendar.KRX()
	for _, c := range []struct{ day, name, nextOpen string }{
		{"2026-02-16", "설날 연휴", "2026-02-19T09:00:00+09:00"},
		{"2026-02-17", "설날", "2026-02-19T09:00:00+09:00"},
		{"2026-02-18", "설날 연휴", "2026-02-19T09:00:00+09:00"},
		{"2026-09-24", "추석 연휴", "2026-09-29T09:00:00+09:00"},
		{"2026-09-25", "추석", "2026-09-29T09:00:00+09:00"},
		{"2026-09-28", "추석 대체공휴일", "2026-09-29T09:00:00+09:00"},
		{"2026-10-09", "한글날", "2026-10-12T09:00:00+09:00"},
		{"2026-12-31", "연말 휴장일", "2027-01-04T10:00:00+09:00"},
	} {
		for _, hm := range []string{"08:45", "10:00", "16:00"} {
			s := SessionAt(cal, at(c.day+" "+hm))
			if s.State != StateHoliday || s.HolidayName != c.name || s.TradingDay || s.NextOpen != c.nextOpen {
				t.Errorf("%s %s: %+v", c.day, hm, s)
			}
		}
	}
	// Sep 26 is a Saturday inside the 추석 break: closed, not a listed holiday.
	if s := SessionAt(cal, at("2026-09-26 10:00")); s.State != StateClosed || s.HolidayName != "" {
		t.Fatalf("Sep 26: %+v", s)
	}
	// The day before and after trade normally.
	for _, d := range []string{"2026-02-13", "2026-02-19", "2026-09-23", "2026-09-29"} {
		if s := SessionAt(cal, at(d+" 10:00")); s.State != StateOpen {
			t.Errorf("%s: %+v", d, s)
		}
	}
}

// Property: over every minute of a fortnight the state is one of the six,
// next_open and next_close lie strictly in the future (the close first
// exactly while in session), and "open" or
// "closing_auction" happen only inside the calendar's session.
func TestSessionProperties(t *testing.T) {
	cal := calendar.KRX()
	start := at("2026-09-21 00:00")
	for m := 0; m < 14*24*60; m++ {
		now := start.Add(time.Duration(m) * time.Minute)
		s := SessionAt(cal, now)
		no, err1 := time.Parse(time.RFC3339, s.NextOpen)
		nc, err2 := time.Parse(time.RFC3339, s.NextClose)
		inSession := cal.IsOpen(now)
		// In session the close comes first; otherwise the open does.
		if err1 != nil || err2 != nil || !no.After(now) || !nc.After(now) || nc.Before(no) != inSession {
			t.Fatalf("%s: %+v", now, s)
		}
		if (s.State == StateOpen || s.State == StateClosingAuction) != inSession {
			t.Fatalf("%s: state %s, calendar open %v", now, s.State, inSession)
		}
		switch s.State {
		case StatePreMarket, StateOpen, StateClosingAuction, StateAfterHours, StateClosed, StateHoliday:
		default:
			t.Fatalf("%s: state %q", now, s.State)
		}
	}
}
