// Package calendar knows when the KRX (Seoul) and NYSE (New York) exchanges
// trade: weekends, embedded full-day holiday lists for the covered years
// (2024–2027), early closes and late opens, with daylight saving time handled
// through the IANA zone database (embedded in the binary via time/tzdata).
//
// The package never reads the clock: "now" is always an argument. Dates are
// calendar dates: a time.Time passed as a date is read by its own Year, Month
// and Day (so 00:00 UTC of a trading date, the convention of package market,
// works as is), and dates are returned as 00:00 UTC of the trading date.
// Outside the covered years only weekends are closed; Covers reports
// whether a year's holidays are known.
package calendar

import (
	"fmt"
	"time"
	_ "time/tzdata" // the binary must not depend on the OS zone database
)

// Calendar is one exchange's trading calendar. It is immutable and safe for
// concurrent use.
type Calendar struct {
	name        string
	loc         *time.Location
	open, close int // regular session, minutes after local midnight
	firstOpen   int // open of the first trading day of a year (0: regular)
	firstYear   int
	lastYear    int
	holidays    map[int32]string
	special     map[int32]session
}

type session struct {
	open, close int // minutes after local midnight
	name        string
}

// KRX returns the Korea Exchange calendar (KOSPI, KOSDAQ): Asia/Seoul,
// regular session 09:00–15:30, the first trading day of a year opening at
// 10:00, exam-day sessions 10:00–16:30.
func KRX() *Calendar {
	return build("KRX", "Asia/Seoul", 9*60, 15*60+30, 10*60, krxHolidays(), krxSpecial())
}

// NYSE returns the New York Stock Exchange calendar: America/New_York,
// regular session 09:30–16:00, early closes at 13:00.
func NYSE() *Calendar {
	return build("NYSE", "America/New_York", 9*60+30, 16*60, 0, nyseHolidays(), nyseSpecial())
}

// build assembles a calendar from the embedded tables. The tables are
// constants checked by the tests, so a bad entry is a programming error.
func build(name, zone string, open, close, firstOpen int, hs []dayNote, ss []specialSession) *Calendar {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(fmt.Sprintf("calendar %s: %v", name, err))
	}
	c := &Calendar{
		name: name, loc: loc, open: open, close: close, firstOpen: firstOpen,
		holidays: make(map[int32]string, len(hs)),
		special:  make(map[int32]session, len(ss)),
	}
	for _, h := range hs {
		d := mustDay(name, h.date)
		c.holidays[d] = h.name
		y := dateOf(d).Year()
		if c.firstYear == 0 || y < c.firstYear {
			c.firstYear = y
		}
		c.lastYear = max(c.lastYear, y)
	}
	for _, s := range ss {
		o, cl := open, close
		if s.open != "" {
			o = mustClock(name, s.open)
		}
		if s.close != "" {
			cl = mustClock(name, s.close)
		}
		c.special[mustDay(name, s.date)] = session{o, cl, s.name}
	}
	return c
}

func mustDay(cal, s string) int32 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(fmt.Sprintf("calendar %s: date %q: %v", cal, s, err))
	}
	return dayOf(t)
}

func mustClock(cal, s string) int {
	t, err := time.Parse("15:04", s)
	if err != nil {
		panic(fmt.Sprintf("calendar %s: time %q: %v", cal, s, err))
	}
	return t.Hour()*60 + t.Minute()
}

// Name returns the exchange name ("KRX", "NYSE").
func (c *Calendar) Name() string { return c.name }

// Location returns the exchange's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Covers reports whether the year's holidays are known. Outside the covered
// years only weekends are treated as closed.
func (c *Calendar) Covers(year int) bool { return year >= c.firstYear && year <= c.lastYear }

// Years returns the first and last covered year.
func (c *Calendar) Years() (first, last int) { return c.firstYear, c.lastYear }

// IsTradingDay reports whether the exchange holds a session on the calendar
// date of date (read in date's own location).
func (c *Calendar) IsTradingDay(date time.Time) bool { return c.trading(dayOf(date)) }

// Holiday returns the holiday name if the date is a listed full-day holiday.
// Weekends are not listed.
func (c *Calendar) Holiday(date time.Time) (string, bool) {
	n, ok := c.holidays[dayOf(date)]
	return n, ok
}

// SessionOn returns the open and close instants (in the exchange's zone) of
// the session on the calendar date of date; ok is false on closed days.
func (c *Calendar) SessionOn(date time.Time) (open, close time.Time, ok bool) {
	d := dayOf(date)
	if !c.trading(d) {
		return time.Time{}, time.Time{}, false
	}
	o, cl := c.hours(d)
	return c.at(d, o), c.at(d, cl), true
}

// SpecialSession reports whether the session on date has non-regular hours
// (early close, late open) and why.
func (c *Calendar) SpecialSession(date time.Time) (string, bool) {
	d := dayOf(date)
	if !c.trading(d) {
		return "", false
	}
	if s, ok := c.special[d]; ok {
		return s.name, true
	}
	if c.firstOpen != 0 && c.firstOfYear(d) {
		return "first trading day of the year", true
	}
	return "", false
}

// IsOpen reports whether the exchange is in its regular session at now.
func (c *Calendar) IsOpen(now time.Time) bool {
	open, close, ok := c.SessionOn(now.In(c.loc))
	return ok && !now.Before(open) && now.Before(close)
}

// LastCompletedSession returns the trading date (00:00 UTC) of the most
// recent session whose close is at or before now.
func (c *Calendar) LastCompletedSession(now time.Time) time.Time {
	d := dayOf(now.In(c.loc))
	for range 60 {
		if c.trading(d) {
			_, cl := c.hours(d)
			if !c.at(d, cl).After(now) {
				return dateOf(d)
			}
		}
		d--
	}
	return time.Time{} // unreachable: every week has a weekday
}

// NextTradingDay returns the first trading date strictly after date.
func (c *Calendar) NextTradingDay(date time.Time) time.Time {
	d := dayOf(date) + 1
	for !c.trading(d) {
		d++
	}
	return dateOf(d)
}

// PrevTradingDay returns the last trading date strictly before date.
func (c *Calendar) PrevTradingDay(date time.Time) time.Time {
	d := dayOf(date) - 1
	for !c.trading(d) {
		d--
	}
	return dateOf(d)
}

// TradingDays returns the trading dates from from to to, both inclusive, as
// 00:00 UTC, ascending.
func (c *Calendar) TradingDays(from, to time.Time) []time.Time {
	a, b := dayOf(from), dayOf(to)
	if b < a {
		return nil
	}
	out := make([]time.Time, 0, (b-a+1)*5/7+2)
	for d := a; d <= b; d++ {
		if c.trading(d) {
			out = append(out, dateOf(d))
		}
	}
	return out
}

// PrevTradingDays returns the n trading dates ending at end (end included
// when it is a trading day), as 00:00 UTC, ascending.
func (c *Calendar) PrevTradingDays(end time.Time, n int) []time.Time {
	if n <= 0 {
		return nil
	}
	out := make([]time.Time, n)
	d := dayOf(end)
	for i := n - 1; i >= 0; d-- {
		if c.trading(d) {
			out[i] = dateOf(d)
			i--
		}
	}
	return out
}

func (c *Calendar) trading(d int32) bool {
	if wd := weekday(d); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, hol := c.holidays[d]
	return !hol
}

// hours returns the session's open and close, minutes after local midnight.
func (c *Calendar) hours(d int32) (open, close int) {
	if s, ok := c.special[d]; ok {
		return s.open, s.close
	}
	if c.firstOpen != 0 && c.firstOfYear(d) {
		return c.firstOpen, c.close
	}
	return c.open, c.close
}

// firstOfYear reports whether trading day d is the year's first session.
func (c *Calendar) firstOfYear(d int32) bool {
	y, _, _ := dateOf(d).Date()
	jan1 := dayOf(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
	for x := jan1; x < d; x++ {
		if c.trading(x) {
			return false
		}
	}
	return true
}

func (c *Calendar) at(d int32, minutes int) time.Time {
	y, m, day := dateOf(d).Date()
	return time.Date(y, m, day, minutes/60, minutes%60, 0, 0, c.loc)
}

// dayOf numbers the calendar date of t (in t's location) as days since
// 1970-01-01.
func dayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dateOf(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func weekday(d int32) time.Weekday {
	return time.Weekday(((int64(d) % 7) + 7 + 4) % 7) // 1970-01-01 was a Thursday
}
