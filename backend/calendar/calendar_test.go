package calendar

import (
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func instant(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTradingDays(t *testing.T) {
	krx, nyse := KRX(), NYSE()
	cases := []struct {
		cal  *Calendar
		date string
		want bool
	}{
		// KRX 2026: 설날 Feb 16–18, 추석 Sep 24–25 + substitute Sep 28.
		{krx, "2026-02-13", true},
		{krx, "2026-02-16", false},
		{krx, "2026-02-17", false},
		{krx, "2026-02-18", false},
		{krx, "2026-02-19", true},
		{krx, "2026-09-23", true},
		{krx, "2026-09-24", false},
		{krx, "2026-09-25", false},
		{krx, "2026-09-26", false}, // Saturday
		{krx, "2026-09-28", false}, // substitute holiday
		{krx, "2026-09-29", true},
		{krx, "2026-03-02", false}, // 삼일절 substitute (Mar 1 is a Sunday)
		{krx, "2026-05-01", false}, // Labour Day: KRX closed
		{krx, "2026-05-25", false}, // Buddha's Birthday substitute
		{krx, "2026-06-03", false}, // local elections
		{krx, "2026-06-05", true},
		{krx, "2026-08-17", false},
		{krx, "2026-10-05", false},
		{krx, "2026-10-09", false},
		{krx, "2026-12-31", false}, // year-end closing day
		{krx, "2026-12-30", true},
		{krx, "2024-04-10", false}, // general election
		{krx, "2024-10-01", false}, // Armed Forces Day, temporary holiday
		{krx, "2025-01-27", false}, // temporary holiday before 설날
		{krx, "2025-06-03", false}, // presidential election
		{krx, "2025-10-08", false},
		{krx, "2025-10-10", true},
		{krx, "2027-02-09", false},
		{krx, "2027-12-27", false}, // Christmas substitute (Dec 25 is a Saturday)
		{krx, "2030-01-01", true},  // outside coverage: only weekends close
		{krx, "2030-01-05", false},
		// NYSE.
		{nyse, "2026-04-03", false}, // Good Friday
		{nyse, "2026-04-02", true},
		{nyse, "2026-07-03", false}, // Independence Day observed
		{nyse, "2026-11-26", false}, // Thanksgiving
		{nyse, "2026-11-27", true},
		{nyse, "2025-01-09", false}, // national day of mourning
		{nyse, "2025-01-10", true},
		{nyse, "2027-06-18", false},
		{nyse, "2027-07-05", false},
		{nyse, "2027-12-24", false},
		{nyse, "2027-12-31", true}, // no observance for a Saturday New Year
		{nyse, "2024-03-29", false},
		{nyse, "2026-02-16", false}, // Presidents' Day (KRX is on 설날 the same day)
	}
	for _, c := range cases {
		if got := c.cal.IsTradingDay(day(c.date)); got != c.want {
			t.Errorf("%s %s: trading = %v, want %v", c.cal.Name(), c.date, got, c.want)
		}
	}
}

func TestYearCounts(t *testing.T) {
	// 2026 has 261 weekdays; KRX lists 17 weekday closures, NYSE 10.
	cases := []struct {
		cal  *Calendar
		year int
		want int
	}{
		{KRX(), 2026, 244},
		{NYSE(), 2026, 251},
		{NYSE(), 2024, 252},
		{NYSE(), 2025, 250},
	}
	for _, c := range cases {
		got := len(c.cal.TradingDays(time.Date(c.year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(c.year, 12, 31, 0, 0, 0, 0, time.UTC)))
		if got != c.want {
			t.Errorf("%s %d: %d trading days, want %d", c.cal.Name(), c.year, got, c.want)
		}
	}
}

func TestTablesSane(t *testing.T) {
	for _, c := range []*Calendar{KRX(), NYSE()} {
		first, last := c.Years()
		if first != 2024 || last != 2027 || !c.Covers(2026) || c.Covers(2023) || c.Covers(2028) {
			t.Errorf("%s covers %d–%d", c.Name(), first, last)
		}
		for d, name := range c.holidays {
			if wd := weekday(d); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%s: holiday %s (%s) falls on a weekend", c.Name(), dateOf(d).Format(time.DateOnly), name)
			}
		}
		for d := range c.special {
			if !c.trading(d) {
				t.Errorf("%s: special session on a closed day %s", c.Name(), dateOf(d).Format(time.DateOnly))
			}
		}
	}
	if n, ok := KRX().Holiday(day("2026-02-17")); !ok || n != "설날" {
		t.Errorf("holiday name %q %v", n, ok)
	}
}

func TestSessions(t *testing.T) {
	krx, nyse := KRX(), NYSE()
	cases := []struct {
		cal         *Calendar
		date        string
		open, close string // UTC
		special     bool
	}{
		{krx, "2026-01-02", "2026-01-02T01:00:00Z", "2026-01-02T06:30:00Z", true}, // first day opens 10:00 KST
		{krx, "2026-01-05", "2026-01-05T00:00:00Z", "2026-01-05T06:30:00Z", false},
		{krx, "2027-01-04", "2027-01-04T01:00:00Z", "2027-01-04T06:30:00Z", true},   // Jan 1 Fri holiday, Jan 2–3 weekend
		{krx, "2026-11-19", "2026-11-19T01:00:00Z", "2026-11-19T07:30:00Z", true},   // exam day 10:00–16:30
		{nyse, "2026-03-06", "2026-03-06T14:30:00Z", "2026-03-06T21:00:00Z", false}, // EST
		{nyse, "2026-03-09", "2026-03-09T13:30:00Z", "2026-03-09T20:00:00Z", false}, // EDT from Mar 8
		{nyse, "2026-10-30", "2026-10-30T13:30:00Z", "2026-10-30T20:00:00Z", false}, // EDT
		{nyse, "2026-11-02", "2026-11-02T14:30:00Z", "2026-11-02T21:00:00Z", false}, // EST from Nov 1
		{nyse, "2026-11-27", "2026-11-27T14:30:00Z", "2026-11-27T18:00:00Z", true},  // early close 13:00 ET
		{nyse, "2026-12-24", "2026-12-24T14:30:00Z", "2026-12-24T18:00:00Z", true},
		{nyse, "2025-07-03", "2025-07-03T13:30:00Z", "2025-07-03T17:00:00Z", true},
		{nyse, "2026-07-02", "2026-07-02T13:30:00Z", "2026-07-02T20:00:00Z", false}, // no early close before a Friday holiday
	}
	for _, c := range cases {
		o, cl, ok := c.cal.SessionOn(day(c.date))
		if !ok || !o.Equal(instant(c.open)) || !cl.Equal(instant(c.close)) {
			t.Errorf("%s %s: session %v–%v ok=%v, want %s–%s", c.cal.Name(), c.date, o.UTC(), cl.UTC(), ok, c.open, c.close)
		}
		if o.Location() != c.cal.Location() {
			t.Errorf("%s: session not in exchange zone", c.date)
		}
		if _, sp := c.cal.SpecialSession(day(c.date)); sp != c.special {
			t.Errorf("%s %s: special = %v", c.cal.Name(), c.date, sp)
		}
	}
	if _, _, ok := nyse.SessionOn(day("2026-11-26")); ok {
		t.Error("session on Thanksgiving")
	}
}

func TestLastCompletedSession(t *testing.T) {
	krx, nyse := KRX(), NYSE()
	cases := []struct {
		cal  *Calendar
		now  string
		want string
	}{
		{krx, "2026-11-28T03:00:00Z", "2026-11-27"},  // Saturday noon in Seoul
		{nyse, "2026-11-28T03:00:00Z", "2026-11-27"}, // after the 13:00 early close
		{krx, "2026-11-27T06:30:00Z", "2026-11-27"},  // exactly at 15:30 KST
		{krx, "2026-11-27T06:29:59Z", "2026-11-26"},
		{nyse, "2026-11-27T17:59:59Z", "2026-11-25"}, // Thanksgiving in between
		{nyse, "2026-11-27T18:00:00Z", "2026-11-27"},
		{krx, "2026-02-19T05:00:00Z", "2026-02-13"}, // across 설날
		{nyse, "2026-03-09T19:59:00Z", "2026-03-06"},
		{nyse, "2026-03-09T20:00:00Z", "2026-03-09"},
		{krx, "2026-01-02T00:30:00Z", "2025-12-30"}, // Dec 31 closed, Jan 2 not yet open
		{nyse, "2030-01-07T22:00:00Z", "2030-01-07"},
	}
	for _, c := range cases {
		got := c.cal.LastCompletedSession(instant(c.now))
		if got.Format(time.DateOnly) != c.want || got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("%s now %s: got %v, want %s", c.cal.Name(), c.now, got, c.want)
		}
	}
}

func TestRanges(t *testing.T) {
	krx := KRX()
	got := krx.PrevTradingDays(day("2026-02-20"), 3)
	want := []time.Time{day("2026-02-13"), day("2026-02-19"), day("2026-02-20")}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("PrevTradingDays = %v", got)
	}
	got = krx.PrevTradingDays(day("2026-02-18"), 2) // end is a holiday
	want = []time.Time{day("2026-02-12"), day("2026-02-13")}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("PrevTradingDays from holiday = %v", got)
	}
	if krx.PrevTradingDays(day("2026-02-18"), 0) != nil {
		t.Error("n=0 should give nil")
	}
	got = krx.TradingDays(day("2026-09-23"), day("2026-10-06"))
	want = []time.Time{day("2026-09-23"), day("2026-09-29"), day("2026-09-30"), day("2026-10-01"), day("2026-10-02"), day("2026-10-06")}
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("TradingDays = %v", got)
	}
	if krx.TradingDays(day("2026-10-06"), day("2026-09-23")) != nil {
		t.Error("reversed range should be empty")
	}
	// A date given in another zone is read by its own calendar fields.
	seoul := time.Date(2026, 2, 17, 8, 0, 0, 0, krx.Location())
	if krx.IsTradingDay(seoul) {
		t.Error("2026-02-17 in Seoul is 설날")
	}
	if d := krx.NextTradingDay(day("2026-02-13")); !d.Equal(day("2026-02-19")) {
		t.Errorf("NextTradingDay = %v", d)
	}
	if d := NYSE().PrevTradingDay(day("2026-11-27")); !d.Equal(day("2026-11-25")) {
		t.Errorf("PrevTradingDay = %v", d)
	}
	// 400 sessions back from the end of 2026 reach into 2025.
	days := NYSE().PrevTradingDays(day("2026-12-31"), 400)
	if len(days) != 400 || !days[0].Before(day("2025-06-01")) || !days[399].Equal(day("2026-12-31")) {
		t.Errorf("PrevTradingDays(400) spans %v … %v", days[0], days[len(days)-1])
	}
}

func TestIsOpen(t *testing.T) {
	nyse := NYSE()
	for now, want := range map[string]bool{
		"2026-11-27T17:00:00Z": true,
		"2026-11-27T18:30:00Z": false, // after the early close
		"2026-11-30T14:29:00Z": false,
		"2026-11-30T14:30:00Z": true,
		"2026-11-26T16:00:00Z": false, // Thanksgiving
	} {
		if got := nyse.IsOpen(instant(now)); got != want {
			t.Errorf("IsOpen(%s) = %v", now, got)
		}
	}
}

func BenchmarkPrevTradingDays(b *testing.B) {
	krx := KRX()
	end := day("2026-11-27")
	for b.Loop() {
		_ = krx.PrevTradingDays(end, 500)
	}
}
