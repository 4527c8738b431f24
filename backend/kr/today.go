package kr

import (
	"context"
	"time"

	"krmarket/backend/calendar"
	"krmarket/backend/market"
)

// IntradayFetcher returns a symbol's intraday bars (any interval, oldest
// first) whose open lies in [from, to); nil means no live source.
type IntradayFetcher func(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error)

// SetIntraday makes StockChart append today's bar while the stored daily
// history ends before today (the original fetched it from KRX, K3): f is
// asked on every chart and may return nil (demo mode, Yahoo off).
func (s *Service) SetIntraday(f func() IntradayFetcher) { s.intraday = f }

// TodayBar folds intraday bars into one daily bar dated day (00:00 UTC):
// first open, highest high, lowest low, last close, summed volume. ok is
// false without a usable bar.
func TodayBar(symbol string, day time.Time, bars []market.Bar) (market.Bar, bool) {
	var out market.Bar
	n := 0
	for _, b := range bars {
		if !(b.Close > 0) || !(b.High >= b.Low) || !(b.Low > 0) {
			continue
		}
		if n == 0 {
			out = market.Bar{Symbol: symbol, Interval: market.Daily, Time: day.Unix(), Open: b.Open, High: b.High, Low: b.Low}
			if !(out.Open > 0) {
				out.Open = b.Close
			}
		}
		out.High, out.Low = max(out.High, b.High), min(out.Low, b.Low)
		out.Close, out.AdjClose = b.Close, b.Close
		out.Volume += max(b.Volume, 0)
		n++
	}
	return out, n > 0
}

// todayBar fetches today's session so far when the stored bars end before
// it: only on a KRX trading day after the open. Any failure just leaves the
// chart at the last stored bar (the error is not the chart's).
func (s *Service) todayBar(ctx context.Context, symbol string, last market.Bar) (market.Bar, bool) {
	if s.intraday == nil {
		return market.Bar{}, false
	}
	fetch := s.intraday()
	if fetch == nil {
		return market.Bar{}, false
	}
	now := s.now()
	cal := calendar.KRX()
	open, _, ok := cal.SessionOn(now.In(cal.Location()))
	if !ok || now.Before(open) {
		return market.Bar{}, false
	}
	local := now.In(cal.Location())
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	if last.Time >= day.Unix() {
		return market.Bar{}, false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	bars, err := fetch(ctx, symbol, open, now.Add(time.Minute))
	if err != nil {
		return market.Bar{}, false
	}
	return TodayBar(symbol, day, bars)
}
