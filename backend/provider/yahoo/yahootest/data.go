package yahootest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"krmarket/backend/market"
)

// Info describes a symbol. Zero fields take defaults from the symbol's
// suffix (.KS/.KQ: Seoul, KRW; =X: FX; -USD: crypto; else New York, USD).
type Info struct {
	Name         string // longName; default the symbol
	Currency     string
	Exchange     string // Yahoo's short code: NMS, KSC, KOE, CCY, ...
	FullExchange string
	Timezone     string // IANA exchangeTimezoneName
	QuoteType    string // EQUITY, ETF, INDEX, CURRENCY, CRYPTOCURRENCY, FUTURE
	Sector       string
	Industry     string
	// OpenMinute is the minute after local midnight with which daily bars
	// are stamped (Yahoo stamps a daily bar with the session open): 570 for
	// New York (09:30), 540 for Seoul (09:00), 0 for FX and crypto.
	OpenMinute int
}

// Earnings is what quoteSummary's calendarEvents and earningsHistory show.
type Earnings struct {
	Next    []time.Time // upcoming earnings dates
	History []EarningsEntry
}

// EarningsEntry is one reported quarter.
type EarningsEntry struct {
	Quarter  time.Time // fiscal quarter end
	Estimate float64
	Actual   float64
}

type symbolData struct {
	symbol   string
	info     Info
	loc      *time.Location          // info.Timezone, loaded once
	bars     map[string][]market.Bar // by interval: "1d", "1h", "5m", ...
	divs     []market.Dividend
	expiries []time.Time
	fund     *market.Fundamentals
	earnings *Earnings
}

// sym returns the data of symbol, creating it; the caller holds s.mu.
func (s *Server) sym(symbol string) *symbolData {
	k := strings.ToUpper(symbol)
	d := s.symbols[k]
	if d == nil {
		d = &symbolData{symbol: k, info: defaultInfo(k), bars: map[string][]market.Bar{}}
		d.loc = location(d.info.Timezone)
		s.symbols[k] = d
	}
	return d
}

// lookup returns a snapshot of a known symbol's data (setters replace
// slices, never mutate them, so a shallow copy is safe), or false.
func (s *Server) lookup(symbol string) (symbolData, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.symbols[strings.ToUpper(symbol)]
	if d == nil {
		return symbolData{}, false
	}
	cp := *d
	cp.bars = make(map[string][]market.Bar, len(d.bars))
	for k, v := range d.bars {
		cp.bars[k] = v
	}
	return cp, true
}

// SetBars sets a symbol's price series. Bars are grouped by their Interval
// ("" = "1d"; "60m" = "1h"); daily bars' Time is 00:00 UTC of the trading
// date (package market's convention) and is served stamped with the
// session open in the exchange's time zone. A NaN price is served as JSON
// null. Setting bars replaces those of the same intervals.
func (s *Server) SetBars(symbol string, bars []market.Bar) {
	by := map[string][]market.Bar{}
	for _, b := range bars {
		iv := normInterval(b.Interval)
		by[iv] = append(by[iv], b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.sym(symbol)
	for iv, bs := range by {
		sort.SliceStable(bs, func(i, j int) bool { return bs[i].Time < bs[j].Time })
		d.bars[iv] = bs
	}
}

// SetInfo sets a symbol's description; zero fields keep their defaults.
func (s *Server) SetInfo(symbol string, info Info) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.sym(symbol)
	def := defaultInfo(d.symbol)
	fill := func(v *string, dv string) {
		if *v == "" {
			*v = dv
		}
	}
	fill(&info.Name, def.Name)
	fill(&info.Currency, def.Currency)
	fill(&info.Exchange, def.Exchange)
	fill(&info.FullExchange, def.FullExchange)
	fill(&info.Timezone, def.Timezone)
	fill(&info.QuoteType, def.QuoteType)
	if info.OpenMinute == 0 {
		info.OpenMinute = def.OpenMinute
	}
	d.info = info
	d.loc = location(info.Timezone)
}

// SetDividends sets a symbol's dividends (ExDate = 00:00 UTC of the date),
// served as chart events and in quoteSummary.
func (s *Server) SetDividends(symbol string, divs []market.Dividend) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.sym(symbol)
	d.divs = append([]market.Dividend(nil), divs...)
	sort.Slice(d.divs, func(i, j int) bool { return d.divs[i].ExDate < d.divs[j].ExDate })
}

// SetOptionExpiries lists a symbol's option expiries (dates); chains are
// generated around the last daily close.
func (s *Server) SetOptionExpiries(symbol string, expiries []time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.sym(symbol)
	d.expiries = nil
	for _, e := range expiries {
		d.expiries = append(d.expiries, market.DateUTC(e))
	}
	sort.Slice(d.expiries, func(i, j int) bool { return d.expiries[i].Before(d.expiries[j]) })
}

// SetFundamentals sets what quoteSummary reports (nil pointers are served
// as {}; a +Inf PE as {"raw":"Infinity"} like Yahoo). Without it the fake
// derives plausible figures from the last close.
func (s *Server) SetFundamentals(symbol string, f market.Fundamentals) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sym(symbol).fund = &f
}

// SetEarnings sets quoteSummary's earnings dates and history.
func (s *Server) SetEarnings(symbol string, e Earnings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sym(symbol).earnings = &e
}

// normInterval maps Yahoo's aliases to one key.
func normInterval(iv string) string {
	switch iv {
	case "":
		return "1d"
	case "60m":
		return "1h"
	}
	return iv
}

func defaultInfo(sym string) Info {
	i := Info{Name: sym, Currency: "USD", Exchange: "NMS", FullExchange: "NasdaqGS",
		Timezone: "America/New_York", QuoteType: "EQUITY", OpenMinute: 570}
	switch {
	case strings.HasSuffix(sym, ".KS"):
		i.Currency, i.Exchange, i.FullExchange, i.Timezone, i.OpenMinute = "KRW", "KSC", "KSE", "Asia/Seoul", 540
	case strings.HasSuffix(sym, ".KQ"):
		i.Currency, i.Exchange, i.FullExchange, i.Timezone, i.OpenMinute = "KRW", "KOE", "KOSDAQ", "Asia/Seoul", 540
	case sym == "^KS11" || sym == "^KQ11":
		i.Currency, i.Exchange, i.FullExchange, i.Timezone, i.OpenMinute, i.QuoteType = "KRW", "KSC", "KSE", "Asia/Seoul", 540, "INDEX"
	case strings.HasPrefix(sym, "^"):
		i.Exchange, i.FullExchange, i.QuoteType = "SNP", "SNP", "INDEX"
	case strings.HasSuffix(sym, "=X"):
		cur := strings.TrimSuffix(sym, "=X")
		if len(cur) > 3 {
			cur = cur[len(cur)-3:]
		}
		i.Currency, i.Exchange, i.FullExchange, i.Timezone, i.OpenMinute, i.QuoteType = cur, "CCY", "CCY", "Europe/London", 0, "CURRENCY"
	case strings.HasSuffix(sym, "=F"):
		i.Exchange, i.FullExchange, i.QuoteType, i.OpenMinute = "CMX", "COMEX", "FUTURE", 0
	case strings.HasSuffix(sym, "-USD"):
		i.Exchange, i.FullExchange, i.Timezone, i.OpenMinute, i.QuoteType = "CCC", "CCC", "UTC", 0, "CRYPTOCURRENCY"
	}
	return i
}

// location loads a zone, falling back to UTC.
func location(name string) *time.Location {
	if l, err := time.LoadLocation(name); err == nil {
		return l
	}
	return time.UTC
}

// stamp is the instant Yahoo gives a daily bar of date (00:00 UTC): the
// session open in the exchange's zone.
func (sd symbolData) stamp(date int64) int64 {
	y, m, d := time.Unix(date, 0).UTC().Date()
	return time.Date(y, m, d, 0, sd.info.OpenMinute, 0, 0, sd.loc).Unix()
}

// Walk returns days business-day daily bars of a deterministic random walk
// for symbol, starting at from's date near price start. Useful to populate
// many symbols: srv.SetBars(sym, yahootest.Walk(sym, from, 250, 100)).
func Walk(symbol string, from time.Time, days int, start float64) []market.Bar {
	h := fnv.New64a()
	h.Write([]byte(symbol))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x9e3779b97f4a7c15))
	bars := make([]market.Bar, 0, days)
	price := start
	for d := market.DateUTC(from); len(bars) < days; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		open := price
		cl := math.Max(open*(1+rng.NormFloat64()*0.015), 0.01)
		hi := math.Max(open, cl) * (1 + rng.Float64()*0.01)
		lo := math.Min(open, cl) * (1 - rng.Float64()*0.01)
		r2 := func(v float64) float64 { return math.Round(v*100) / 100 }
		bars = append(bars, market.Bar{Symbol: symbol, Interval: market.Daily, Time: d.Unix(),
			Open: r2(open), High: r2(hi), Low: r2(lo), Close: r2(cl), AdjClose: r2(cl),
			Volume: float64(100000 + rng.IntN(900000))})
		price = cl
	}
	return bars
}

// lastTwo returns the last two valid daily bars (prev may be zero).
func lastTwo(bars []market.Bar) (last, prev market.Bar, ok bool) {
	n := 0
	for i := len(bars) - 1; i >= 0 && n < 2; i-- {
		if math.IsNaN(bars[i].Close) {
			continue
		}
		if n == 0 {
			last = bars[i]
		} else {
			prev = bars[i]
		}
		n++
	}
	return last, prev, n > 0
}
