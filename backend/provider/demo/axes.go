package demo

import (
	"time"

	"krmarket/backend/calendar"
)

// axis is the date grid of a family of series: daily trading dates of one
// exchange, weekdays (FX and foreign indices) or crypto's 24/7 4-hour steps.
type axis struct {
	times []int64 // bar open times, unix seconds (00:00 UTC for daily bars)
	days  []int32 // calendar day (days since 1970-01-01) of each step
	// closes[i] is the unix time at which bar i is final (session close).
	closes []int64
}

func (a *axis) len() int { return len(a.times) }

const day = 86400

// tradingAxis returns the last n sessions of cal completed at now.
func tradingAxis(cal *calendar.Calendar, now time.Time, n int) axis {
	dates := cal.PrevTradingDays(cal.LastCompletedSession(now), n)
	a := axis{times: make([]int64, n), days: make([]int32, n), closes: make([]int64, n)}
	for i, d := range dates {
		a.times[i] = d.Unix()
		a.days[i] = int32(d.Unix() / day)
		_, cl, _ := cal.SessionOn(d)
		a.closes[i] = cl.Unix()
	}
	return a
}

// weekdayAxis returns the last n weekdays whose daily bar has closed by now;
// a weekday's bar closes at 22:00 UTC (17:00 New York, the FX day's end).
// Foreign indices use it too (their local holidays are ignored).
func weekdayAxis(now time.Time, n int) axis {
	a := axis{times: make([]int64, n), days: make([]int32, n), closes: make([]int64, n)}
	d := now.Unix()/day + 1
	for i := n - 1; i >= 0; d-- {
		wd := (d + 4) % 7 // 0 = Sunday
		if wd == 0 || wd == 6 || d*day+22*3600 > now.Unix() {
			continue
		}
		a.times[i], a.days[i], a.closes[i] = d*day, int32(d), d*day+22*3600
		i--
	}
	return a
}

// cryptoAxes returns the 4-hour axis and the daily axis of crypto pairs:
// nDays complete UTC days ending with the last day closed at now, and the
// 4-hour steps from the first of those days up to the last closed 4-hour
// candle (which may run into the current, incomplete day).
func cryptoAxes(now time.Time, nDays int) (h4, d1 axis) {
	const step = 4 * 3600
	lastDay := now.Unix()/day - 1
	firstDay := lastDay - int64(nDays) + 1
	last4h := now.Unix()/step*step - step
	n4 := int((last4h-firstDay*day)/step) + 1
	h4 = axis{times: make([]int64, n4), days: make([]int32, n4), closes: make([]int64, n4)}
	for i := range n4 {
		t := firstDay*day + int64(i)*step
		h4.times[i], h4.days[i], h4.closes[i] = t, int32(t/day), t+step
	}
	d1 = axis{times: make([]int64, nDays), days: make([]int32, nDays), closes: make([]int64, nDays)}
	for i := range nDays {
		t := (firstDay + int64(i)) * day
		d1.times[i], d1.days[i], d1.closes[i] = t, int32(t/day), t+day
	}
	return h4, d1
}
