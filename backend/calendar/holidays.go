package calendar

// Embedded exchange holiday and special-session tables. Each entry is a
// calendar date in the exchange's own zone. Sources: KRX and NYSE published
// market-holiday calendars; lunar holidays (설날, 추석, 부처님오신날) and
// substitute holidays (대체공휴일) follow the Korean government's
// announcements.

type dayNote struct {
	date string // YYYY-MM-DD
	name string
}

type specialSession struct {
	date        string // YYYY-MM-DD
	open, close string // HH:MM local; "" keeps the regular time
	name        string
}

func krxHolidays() []dayNote {
	return []dayNote{
		{"2024-01-01", "신정"},
		{"2024-02-09", "설날 연휴"},
		{"2024-02-12", "설날 대체공휴일"},
		{"2024-03-01", "삼일절"},
		{"2024-04-10", "제22대 국회의원 선거"},
		{"2024-05-01", "근로자의 날"},
		{"2024-05-06", "어린이날 대체공휴일"},
		{"2024-05-15", "부처님오신날"},
		{"2024-06-06", "현충일"},
		{"2024-08-15", "광복절"},
		{"2024-09-16", "추석 연휴"},
		{"2024-09-17", "추석"},
		{"2024-09-18", "추석 연휴"},
		{"2024-10-01", "국군의 날 (임시공휴일)"},
		{"2024-10-03", "개천절"},
		{"2024-10-09", "한글날"},
		{"2024-12-25", "성탄절"},
		{"2024-12-31", "연말 휴장일"},

		{"2025-01-01", "신정"},
		{"2025-01-27", "임시공휴일"},
		{"2025-01-28", "설날 연휴"},
		{"2025-01-29", "설날"},
		{"2025-01-30", "설날 연휴"},
		{"2025-03-03", "삼일절 대체공휴일"},
		{"2025-05-01", "근로자의 날"},
		{"2025-05-05", "어린이날 / 부처님오신날"},
		{"2025-05-06", "대체공휴일"},
		{"2025-06-03", "제21대 대통령 선거"},
		{"2025-06-06", "현충일"},
		{"2025-08-15", "광복절"},
		{"2025-10-03", "개천절"},
		{"2025-10-06", "추석"},
		{"2025-10-07", "추석 연휴"},
		{"2025-10-08", "추석 대체공휴일"},
		{"2025-10-09", "한글날"},
		{"2025-12-25", "성탄절"},
		{"2025-12-31", "연말 휴장일"},

		{"2026-01-01", "신정"},
		{"2026-02-16", "설날 연휴"},
		{"2026-02-17", "설날"},
		{"2026-02-18", "설날 연휴"},
		{"2026-03-02", "삼일절 대체공휴일"},
		{"2026-05-01", "근로자의 날"},
		{"2026-05-05", "어린이날"},
		{"2026-05-25", "부처님오신날 대체공휴일"},
		{"2026-06-03", "제9회 전국동시지방선거"},
		{"2026-08-17", "광복절 대체공휴일"},
		{"2026-09-24", "추석 연휴"},
		{"2026-09-25", "추석"},
		{"2026-09-28", "추석 대체공휴일"},
		{"2026-10-05", "개천절 대체공휴일"},
		{"2026-10-09", "한글날"},
		{"2026-12-25", "성탄절"},
		{"2026-12-31", "연말 휴장일"},

		{"2027-01-01", "신정"},
		{"2027-02-08", "설날 연휴"},
		{"2027-02-09", "설날 대체공휴일"},
		{"2027-03-01", "삼일절"},
		{"2027-05-05", "어린이날"},
		{"2027-05-13", "부처님오신날"},
		{"2027-08-16", "광복절 대체공휴일"},
		{"2027-09-14", "추석 연휴"},
		{"2027-09-15", "추석"},
		{"2027-09-16", "추석 연휴"},
		{"2027-10-04", "개천절 대체공휴일"},
		{"2027-10-11", "한글날 대체공휴일"},
		{"2027-12-27", "성탄절 대체공휴일"},
		{"2027-12-31", "연말 휴장일"},
	}
}

// krxSpecial lists the KRX sessions that start late: the first trading day
// of each year (개장일, 10:00) and the college entrance exam day (수능,
// 10:00–16:30). The first trading day of a year is also derived by rule.
func krxSpecial() []specialSession {
	return []specialSession{
		{"2024-11-14", "10:00", "16:30", "수능일"},
		{"2025-11-13", "10:00", "16:30", "수능일"},
		{"2026-11-19", "10:00", "16:30", "수능일"},
	}
}

func nyseHolidays() []dayNote {
	return []dayNote{
		{"2024-01-01", "New Year's Day"},
		{"2024-01-15", "Martin Luther King Jr. Day"},
		{"2024-02-19", "Washington's Birthday"},
		{"2024-03-29", "Good Friday"},
		{"2024-05-27", "Memorial Day"},
		{"2024-06-19", "Juneteenth"},
		{"2024-07-04", "Independence Day"},
		{"2024-09-02", "Labor Day"},
		{"2024-11-28", "Thanksgiving Day"},
		{"2024-12-25", "Christmas Day"},

		{"2025-01-01", "New Year's Day"},
		{"2025-01-09", "National Day of Mourning (President Carter)"},
		{"2025-01-20", "Martin Luther King Jr. Day"},
		{"2025-02-17", "Washington's Birthday"},
		{"2025-04-18", "Good Friday"},
		{"2025-05-26", "Memorial Day"},
		{"2025-06-19", "Juneteenth"},
		{"2025-07-04", "Independence Day"},
		{"2025-09-01", "Labor Day"},
		{"2025-11-27", "Thanksgiving Day"},
		{"2025-12-25", "Christmas Day"},

		{"2026-01-01", "New Year's Day"},
		{"2026-01-19", "Martin Luther King Jr. Day"},
		{"2026-02-16", "Washington's Birthday"},
		{"2026-04-03", "Good Friday"},
		{"2026-05-25", "Memorial Day"},
		{"2026-06-19", "Juneteenth"},
		{"2026-07-03", "Independence Day (observed)"},
		{"2026-09-07", "Labor Day"},
		{"2026-11-26", "Thanksgiving Day"},
		{"2026-12-25", "Christmas Day"},

		{"2027-01-01", "New Year's Day"},
		{"2027-01-18", "Martin Luther King Jr. Day"},
		{"2027-02-15", "Washington's Birthday"},
		{"2027-03-26", "Good Friday"},
		{"2027-05-31", "Memorial Day"},
		{"2027-06-18", "Juneteenth (observed)"},
		{"2027-07-05", "Independence Day (observed)"},
		{"2027-09-06", "Labor Day"},
		{"2027-11-25", "Thanksgiving Day"},
		{"2027-12-24", "Christmas Day (observed)"},
		// 2028-01-01 is a Saturday: NYSE does not close on Friday 2027-12-31.
	}
}

// nyseSpecial lists the NYSE early closes (13:00 ET). There is no early
// close on July 2 or 3 when Independence Day is observed on a Friday or
// Monday, nor on December 23 when Christmas is observed on the 24th.
func nyseSpecial() []specialSession {
	return []specialSession{
		{"2024-07-03", "", "13:00", "Independence Day eve"},
		{"2024-11-29", "", "13:00", "Day after Thanksgiving"},
		{"2024-12-24", "", "13:00", "Christmas Eve"},
		{"2025-07-03", "", "13:00", "Independence Day eve"},
		{"2025-11-28", "", "13:00", "Day after Thanksgiving"},
		{"2025-12-24", "", "13:00", "Christmas Eve"},
		{"2026-11-27", "", "13:00", "Day after Thanksgiving"},
		{"2026-12-24", "", "13:00", "Christmas Eve"},
		{"2027-11-26", "", "13:00", "Day after Thanksgiving"},
	}
}
