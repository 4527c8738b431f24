package ledger

import (
	"sort"
	"time"

	"krmarket/backend/market"
)

// CurveTrade is one ledger trade as the equity curve sees it.
type CurveTrade struct {
	SignalDate string       // YYYY-MM-DD; bought at this day's close
	EntryPrice float64      // > 0
	ExitDate   string       // YYYY-MM-DD of the exit bar; "" while open
	ExitPrice  float64      // fill on ExitDate (closed trades)
	Bars       []market.Bar // the stock's daily bars, oldest first: all of them set the dates, those in (SignalDate, ExitDate] the returns
}

// CurvePoint is one day of the equity curve.
type CurvePoint struct {
	Date      string   `json:"date"`      // YYYY-MM-DD
	Strategy  float64  `json:"strategy"`  // cumulative % of the ledger portfolio, 2 dp
	Kospi     *float64 `json:"kospi"`     // cumulative % of KOSPI (^KS11) close, 2 dp; null before its first close
	Positions int      `json:"positions"` // trades held that day
}

// Curve computes the equity curve of the ledger trades against KOSPI.
//
// Dates: the first point is the earliest signal date (0 %); after it come
// the dates on which any of the trades' stocks or KOSPI has a bar, and the
// trades' exit dates, up to the stocks' last bar or exit date (KOSPI bars
// beyond it are ignored). Days when no trade is held are on the axis too:
// the portfolio is flat in cash then.
//
// Strategy: a trade is held on the dates d with SignalDate < d ≤ ExitDate
// (open trades: every later date). Its return on d is price(d)/price(prev) − 1,
// where price starts at EntryPrice, is the bar's close on days with a bar,
// the ExitPrice on the exit date, and is carried (return 0) on days without
// a bar. The portfolio holds the day's trades in equal weight (rebalanced
// daily), so its return on d is the mean of their returns, and 0 in cash
// when none is held; strategy(d) = (∏(1 + r) − 1)·100.
//
// KOSPI: kospi(d) = (close(d)/base − 1)·100 with base the last KOSPI close
// on or before the first date (or, failing that, the first close after it);
// a missing day carries the previous close.
func Curve(trades []CurveTrade, kospi []market.Bar) []CurvePoint {
	type state struct {
		t      CurveTrade
		closes map[string]float64
		prev   float64
	}
	var ts []*state
	first, last := "", ""
	dates := map[string]bool{}
	seen := map[*market.Bar]int{} // bar slices shared by trades of one stock: dates read once
	for _, t := range trades {
		if !(t.EntryPrice > 0) || t.SignalDate == "" || (t.ExitDate != "" && !(t.ExitPrice > 0)) {
			continue
		}
		if n := len(t.Bars); n > 0 && seen[&t.Bars[0]] < n {
			seen[&t.Bars[0]] = n
			for _, b := range t.Bars {
				if b.Close > 0 {
					d := b.Date()
					dates[d] = true
					last = max(last, d)
				}
			}
		}
		st := &state{t: t, closes: map[string]float64{}, prev: t.EntryPrice}
		for _, b := range window(t.Bars, t.SignalDate, t.ExitDate) {
			d := b.Date()
			if d <= t.SignalDate || (t.ExitDate != "" && d > t.ExitDate) || !(b.Close > 0) {
				continue
			}
			st.closes[d] = b.Close
		}
		if t.ExitDate != "" {
			dates[t.ExitDate] = true
			last = max(last, t.ExitDate)
		}
		if first == "" || t.SignalDate < first {
			first = t.SignalDate
		}
		ts = append(ts, st)
	}
	if len(ts) == 0 {
		return []CurvePoint{}
	}
	last = max(last, first)
	kc := map[string]float64{}
	base, baseDate := 0.0, ""
	for _, b := range kospi {
		d := b.Date()
		if !(b.Close > 0) || d > last {
			continue
		}
		if d <= first {
			if d >= baseDate {
				base, baseDate = b.Close, d
			}
			continue
		}
		kc[d] = b.Close
		dates[d] = true
	}
	axis := make([]string, 0, len(dates)+1)
	axis = append(axis, first)
	for d := range dates {
		if d > first && d <= last {
			axis = append(axis, d)
		}
	}
	sort.Strings(axis[1:])

	// Walk the dates with the set of held trades: a trade joins after its
	// signal date and leaves after its exit date.
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].t.SignalDate < ts[j].t.SignalDate })
	next := 0
	var held []*state
	out := make([]CurvePoint, 0, len(axis))
	equity, kLast := 1.0, base
	for i, d := range axis {
		p := CurvePoint{Date: d}
		if i > 0 {
			for next < len(ts) && ts[next].t.SignalDate < d {
				held = append(held, ts[next])
				next++
			}
			sum, n := 0.0, 0
			kept := held[:0]
			for _, s := range held {
				if s.t.ExitDate != "" && d > s.t.ExitDate {
					continue // already exited (exit dates are on the axis, so this is defensive)
				}
				price, ok := s.closes[d]
				if d == s.t.ExitDate {
					price, ok = s.t.ExitPrice, true
				} else {
					kept = append(kept, s)
				}
				r := 0.0
				if ok {
					r = price/s.prev - 1
					s.prev = price
				}
				sum += r
				n++
			}
			held = kept
			if n > 0 {
				equity *= 1 + sum/float64(n)
			}
			p.Positions = n
			if c, ok := kc[d]; ok {
				kLast = c
				if base == 0 {
					base = c
				}
			}
		}
		p.Strategy = round((equity-1)*100, 2)
		if base > 0 && kLast > 0 {
			v := round((kLast/base-1)*100, 2)
			p.Kospi = &v
		}
		out = append(out, p)
	}
	return out
}

// window narrows oldest-first bars to those dated after signal and, when
// exit is set, on or before exit (by binary search on the time; the caller
// still checks each bar's date).
func window(bars []market.Bar, signal, exit string) []market.Bar {
	if d, err := time.Parse(time.DateOnly, signal); err == nil {
		from := d.AddDate(0, 0, 1).Unix()
		bars = bars[sort.Search(len(bars), func(i int) bool { return bars[i].Time >= from }):]
	}
	if d, err := time.Parse(time.DateOnly, exit); err == nil {
		to := d.AddDate(0, 0, 1).Unix()
		bars = bars[:sort.Search(len(bars), func(i int) bool { return bars[i].Time >= to })]
	}
	return bars
}
