package gate

import (
	"time"

	"krmarket/backend/calendar"
)

// KRX session states.
const (
	StatePreMarket      = "pre_market"
	StateOpen           = "open"
	StateClosingAuction = "closing_auction"
	StateAfterHours     = "after_hours"
	StateClosed         = "closed"
	StateHoliday        = "holiday"
)

// KRX session offsets around the regular session the calendar gives
// (09:00–15:30; the first trading day of a year opens at 10:00; the
// college-entrance-exam day runs 10:00–16:30):
//   - pre-market: the 30 minutes before the open (opening single-price
//     auction order intake and pre-market closing-price trading, normally
//     08:30–09:00);
//   - closing auction: the last 10 minutes of the regular session
//     (15:20–15:30);
//   - after-hours: from 10 minutes after the close (after-hours closing-
//     price trading 15:40–16:00, then single-price trading 16:00–18:00) to
//     18:00, which stays fixed when the session is shifted.
//
// Between the close and the after-hours start (15:30–15:40) the market is
// closed. Only KRX is modelled, not the Nextrade ATS (08:00–20:00).
const (
	preMarketLead   = 30 * time.Minute
	closingAuction  = 10 * time.Minute
	afterHoursDelay = 10 * time.Minute
	afterHoursEnd   = 18 * 60 // minutes after local midnight
)

// KRXSession is the KRX trading session at one instant.
type KRXSession struct {
	State   string `json:"state"` // pre_market, open, closing_auction, after_hours, closed, holiday
	LabelKo string `json:"label_ko"`
	LabelEn string `json:"label_en"`
	NowKST  string `json:"now_kst"` // RFC 3339, +09:00
	// NextOpen and NextClose are the next regular-session open and close
	// instants strictly after now (RFC 3339, +09:00): while the market is
	// open, NextClose is today's close and NextOpen the next session's.
	NextOpen  string `json:"next_open"`
	NextClose string `json:"next_close"`
	// TradingDay tells whether today (KST) has a session.
	TradingDay  bool   `json:"trading_day"`
	HolidayName string `json:"holiday_name,omitempty"`
	// RegularOpen and RegularClose are today's session hours ("09:00",
	// "15:30"), empty on closed days.
	RegularOpen  string `json:"regular_open,omitempty"`
	RegularClose string `json:"regular_close,omitempty"`
	// SpecialSession names non-regular hours today (수능일, first trading
	// day of the year).
	SpecialSession string `json:"special_session,omitempty"`
	// CalendarCovered is false outside the years whose holidays are
	// embedded (then only weekends count as closed).
	CalendarCovered bool `json:"calendar_covered"`
}

// SessionAt returns the KRX session at now. Pure: now is an argument.
func SessionAt(cal *calendar.Calendar, now time.Time) KRXSession {
	loc := cal.Location()
	t := now.In(loc)
	s := KRXSession{NowKST: t.Format(time.RFC3339), CalendarCovered: cal.Covers(t.Year())}
	open, close, ok := cal.SessionOn(t)
	s.TradingDay = ok
	switch {
	case !ok:
		if name, hol := cal.Holiday(t); hol {
			s.State, s.HolidayName = StateHoliday, name
			s.LabelKo, s.LabelEn = "휴장일 ("+name+")", "Market holiday"
		} else {
			s.State, s.LabelKo, s.LabelEn = StateClosed, "주말 휴장", "Closed (weekend)"
		}
	default:
		s.RegularOpen, s.RegularClose = open.Format("15:04"), close.Format("15:04")
		s.SpecialSession, _ = cal.SpecialSession(t)
		y, m, d := t.Date()
		ahEnd := time.Date(y, m, d, afterHoursEnd/60, afterHoursEnd%60, 0, 0, loc)
		switch {
		case t.Before(open.Add(-preMarketLead)):
			s.State, s.LabelKo, s.LabelEn = StateClosed, "장 시작 전", "Closed (before pre-market)"
		case t.Before(open):
			s.State, s.LabelKo, s.LabelEn = StatePreMarket, "장전 (시가 동시호가)", "Pre-market (opening auction)"
		case t.Before(close.Add(-closingAuction)):
			s.State, s.LabelKo, s.LabelEn = StateOpen, "정규장", "Regular session"
		case t.Before(close):
			s.State, s.LabelKo, s.LabelEn = StateClosingAuction, "장 마감 동시호가", "Closing auction"
		case t.Before(close.Add(afterHoursDelay)):
			s.State, s.LabelKo, s.LabelEn = StateClosed, "장 마감", "Closed (after the close)"
		case t.Before(ahEnd):
			s.State, s.LabelKo, s.LabelEn = StateAfterHours, "시간외 거래", "After-hours trading"
		default:
			s.State, s.LabelKo, s.LabelEn = StateClosed, "장 마감", "Closed"
		}
	}
	nextOpen, nextClose := open, close
	if !ok || !t.Before(open) {
		nextOpen, _, _ = cal.SessionOn(cal.NextTradingDay(t))
	}
	if !ok || !t.Before(close) {
		_, nextClose, _ = cal.SessionOn(cal.NextTradingDay(t))
	}
	s.NextOpen, s.NextClose = nextOpen.In(loc).Format(time.RFC3339), nextClose.In(loc).Format(time.RFC3339)
	return s
}
