package yahoo

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"krmarket/backend/market"
)

// chartEnvelope is the chart v8 answer. Prices are pointers because Yahoo
// sends null for bars without trades; those bars are dropped.
type chartEnvelope struct {
	Chart struct {
		Result []*chartResult `json:"result"`
		Error  *APIError      `json:"error"`
	} `json:"chart"`
}

type chartResult struct {
	Meta       chartMeta `json:"meta"`
	Timestamp  []int64   `json:"timestamp"`
	Indicators struct {
		Quote []*struct {
			Open   []*float64 `json:"open"`
			High   []*float64 `json:"high"`
			Low    []*float64 `json:"low"`
			Close  []*float64 `json:"close"`
			Volume []*float64 `json:"volume"`
		} `json:"quote"`
		AdjClose []*struct {
			AdjClose []*float64 `json:"adjclose"`
		} `json:"adjclose"`
	} `json:"indicators"`
	Events struct {
		Dividends map[string]struct {
			Amount float64 `json:"amount"`
			Date   int64   `json:"date"`
		} `json:"dividends"`
	} `json:"events"`
}

type chartMeta struct {
	Symbol               string `json:"symbol"`
	Currency             string `json:"currency"`
	ExchangeTimezoneName string `json:"exchangeTimezoneName"`
	GMTOffset            int64  `json:"gmtoffset"`
}

// check rejects a chart whose indicator arrays are shorter than its
// timestamps (finance-go's chart would index past their end).
func (e *chartEnvelope) check() error {
	for _, r := range e.Chart.Result {
		if r == nil {
			continue
		}
		// finance-go reads quote[0] and (if adjclose is not null)
		// adjclose[0] whatever the number of timestamps.
		n := len(r.Timestamp)
		ind := r.Indicators
		if (ind.Quote != nil && len(ind.Quote) == 0) || (ind.AdjClose != nil && len(ind.AdjClose) == 0) {
			return fmt.Errorf("%w: chart has an empty indicator list", ErrBadResponse)
		}
		if n == 0 {
			continue
		}
		if len(ind.Quote) == 0 || ind.Quote[0] == nil {
			return fmt.Errorf("%w: chart has timestamps but no quote indicators", ErrBadResponse)
		}
		q := ind.Quote[0]
		if len(q.Open) < n || len(q.High) < n || len(q.Low) < n || len(q.Close) < n || len(q.Volume) < n {
			return fmt.Errorf("%w: chart indicator arrays shorter than its %d timestamps", ErrBadResponse, n)
		}
		if len(ind.AdjClose) > 0 && ind.AdjClose[0] != nil && len(ind.AdjClose[0].AdjClose) < n {
			return fmt.Errorf("%w: chart adjclose shorter than its %d timestamps", ErrBadResponse, n)
		}
	}
	return nil
}

// parseChart decodes a chart body into its first result.
func parseChart(body []byte) (*chartResult, error) {
	var env chartEnvelope
	if err := decodeResponse(body, &env); err != nil {
		return nil, err
	}
	if len(env.Chart.Result) == 0 || env.Chart.Result[0] == nil {
		return nil, fmt.Errorf("%w: empty chart result", ErrNoData)
	}
	return env.Chart.Result[0], nil
}

// chart requests /v8/finance/chart/{symbol}.
func (c *Client) chart(ctx context.Context, symbol, interval string, from, to time.Time, events string) (*chartResult, error) {
	if err := checkSymbol(symbol); err != nil {
		return nil, err
	}
	if !to.After(from) {
		return nil, fmt.Errorf("yahoo: chart %s: empty range %s..%s", symbol, from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	q := url.Values{
		"period1":              {strconv.FormatInt(from.Unix(), 10)},
		"period2":              {strconv.FormatInt(to.Unix(), 10)},
		"interval":             {interval},
		"includePrePost":       {"false"},
		"includeAdjustedClose": {"true"},
	}
	if events != "" {
		q.Set("events", events)
	}
	var env chartEnvelope
	err := c.callJSON(ctx, "/v8/finance/chart/"+symbol, q, &env)
	if err != nil {
		return nil, fmt.Errorf("yahoo: chart %s %s: %w", symbol, interval, err)
	}
	if len(env.Chart.Result) == 0 || env.Chart.Result[0] == nil {
		return nil, fmt.Errorf("yahoo: chart %s: %w", symbol, ErrNoData)
	}
	return env.Chart.Result[0], nil
}

// callJSON is Call for this package's own requests.
func (c *Client) callJSON(ctx context.Context, path string, q url.Values, v any) error {
	data, err := c.fetchJSON(ctx, path, q)
	if err != nil {
		return err
	}
	return decodeResponse(data, v)
}

// Daily returns daily bars whose trading date lies in [from, to] (dates
// taken in from's and to's own locations). A bar's Time is 00:00 UTC of its
// exchange-local date; AdjClose comes from indicators.adjclose (Close when
// absent). Bars with null prices are dropped.
func (c *Client) Daily(ctx context.Context, symbol string, from, to time.Time) ([]market.Bar, error) {
	d0, d1 := market.DateUTC(from), market.DateUTC(to)
	r, err := c.chart(ctx, symbol, "1d", d0.AddDate(0, 0, -1), d1.AddDate(0, 0, 2), "")
	if err != nil {
		return nil, err
	}
	bars := c.bars(r, symbol, market.Daily, true)
	out := bars[:0]
	for _, b := range bars {
		if b.Time >= d0.Unix() && b.Time <= d1.Unix() {
			out = append(out, b)
		}
	}
	return out, nil
}

// Intraday returns bars of interval ("1m","2m","5m","15m","30m","60m",
// "90m","1h", or "2h".."12h" which are built from 1h bars, anchored at each
// session's first bar) whose open instant lies in [from, to).
func (c *Client) Intraday(ctx context.Context, symbol, interval string, from, to time.Time) ([]market.Bar, error) {
	fetch, hours, err := intradayInterval(interval)
	if err != nil {
		return nil, err
	}
	r, err := c.chart(ctx, symbol, fetch, from, to, "")
	if err != nil {
		return nil, err
	}
	bars := c.bars(r, symbol, interval, false)
	if hours > 1 {
		bars = aggregateHours(bars, hours, c.location(r.Meta), interval)
	}
	out := bars[:0]
	for _, b := range bars {
		if b.Time >= from.Unix() && b.Time < to.Unix() {
			out = append(out, b)
		}
	}
	return out, nil
}

// intradayInterval maps an interval to Yahoo's and an hour multiple to
// aggregate.
func intradayInterval(iv string) (fetch string, hours int, err error) {
	switch iv {
	case "1m", "2m", "5m", "15m", "30m", "60m", "90m", "1h":
		return iv, 1, nil
	}
	if h, ok := strings.CutSuffix(iv, "h"); ok {
		if n, e := strconv.Atoi(h); e == nil && n >= 2 && n <= 12 {
			return "60m", n, nil
		}
	}
	return "", 0, fmt.Errorf("yahoo: unsupported intraday interval %q", iv)
}

// Dividends returns the dividends whose ex-date lies in [from, to], from
// chart events=div. ExDate is 00:00 UTC of the exchange-local ex-date;
// PayDate is unknown (0); Frequency is inferred from the spacing.
func (c *Client) Dividends(ctx context.Context, symbol string, from, to time.Time) ([]market.Dividend, error) {
	d0, d1 := market.DateUTC(from), market.DateUTC(to)
	r, err := c.chart(ctx, symbol, "1d", d0.AddDate(0, 0, -1), d1.AddDate(0, 0, 2), "div")
	if err != nil {
		return nil, err
	}
	all := c.dividends(r, symbol)
	out := all[:0]
	for _, d := range all {
		if d.ExDate >= d0.Unix() && d.ExDate <= d1.Unix() {
			out = append(out, d)
		}
	}
	return out, nil
}

// location is the exchange's time zone: the IANA name from the meta, or a
// fixed zone from gmtoffset when the name is unknown here.
func (c *Client) location(m chartMeta) *time.Location {
	if m.ExchangeTimezoneName != "" {
		if l, ok := c.zones.Load(m.ExchangeTimezoneName); ok {
			return l.(*time.Location)
		}
		if l, err := time.LoadLocation(m.ExchangeTimezoneName); err == nil {
			c.zones.Store(m.ExchangeTimezoneName, l)
			return l
		}
	}
	if m.GMTOffset > -18*3600 && m.GMTOffset < 18*3600 {
		return time.FixedZone("", int(m.GMTOffset))
	}
	return time.UTC
}

// bars converts a chart result. Daily bars get 00:00 UTC of their local
// date (a repeated date keeps the later bar); intraday bars keep their open
// instant. Bars with a null or non-finite price are dropped.
func (c *Client) bars(r *chartResult, symbol, interval string, daily bool) []market.Bar {
	if len(r.Indicators.Quote) == 0 || r.Indicators.Quote[0] == nil {
		return []market.Bar{}
	}
	q := r.Indicators.Quote[0]
	var adj []*float64
	if len(r.Indicators.AdjClose) > 0 && r.Indicators.AdjClose[0] != nil {
		adj = r.Indicators.AdjClose[0].AdjClose
	}
	loc := c.location(r.Meta)
	out := make([]market.Bar, 0, len(r.Timestamp))
	for i, ts := range r.Timestamp {
		o, h, l, cl := at(q.Open, i), at(q.High, i), at(q.Low, i), at(q.Close, i)
		if o == nil || h == nil || l == nil || cl == nil {
			continue
		}
		b := market.Bar{Symbol: symbol, Interval: interval, Time: ts,
			Open: *o, High: *h, Low: *l, Close: *cl, AdjClose: *cl}
		if v := at(q.Volume, i); v != nil {
			b.Volume = *v
		}
		if a := at(adj, i); a != nil {
			b.AdjClose = *a
		}
		if daily {
			b.Time = market.DateUTC(time.Unix(ts, 0).In(loc)).Unix()
		}
		out = append(out, b)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time < out[j].Time })
	// Drop repeated times, keeping the last (Yahoo may append a live bar).
	dedup := out[:0]
	for _, b := range out {
		if n := len(dedup); n > 0 && dedup[n-1].Time == b.Time {
			dedup[n-1] = b
			continue
		}
		dedup = append(dedup, b)
	}
	return dedup
}

// at returns s[i] if it is a finite number.
func at(s []*float64, i int) *float64 {
	if i >= len(s) || s[i] == nil || math.IsNaN(*s[i]) || math.IsInf(*s[i], 0) {
		return nil
	}
	return s[i]
}

// aggregateHours merges 1h bars into n-hour bars per exchange-local day,
// anchored at the day's first bar.
func aggregateHours(bars []market.Bar, n int, loc *time.Location, interval string) []market.Bar {
	var out []market.Bar
	span := int64(n) * 3600
	var day string
	var anchor int64
	for _, b := range bars {
		if d := time.Unix(b.Time, 0).In(loc).Format(time.DateOnly); d != day {
			day, anchor = d, b.Time
		}
		start := anchor + (b.Time-anchor)/span*span
		if k := len(out) - 1; k >= 0 && out[k].Time == start {
			a := &out[k]
			a.High = max(a.High, b.High)
			a.Low = min(a.Low, b.Low)
			a.Close, a.AdjClose = b.Close, b.AdjClose
			a.Volume += b.Volume
			continue
		}
		b.Time, b.Interval = start, interval
		out = append(out, b)
	}
	return out
}

// dividends converts chart dividend events, sorted by ex-date.
func (c *Client) dividends(r *chartResult, symbol string) []market.Dividend {
	loc := c.location(r.Meta)
	out := make([]market.Dividend, 0, len(r.Events.Dividends))
	for key, ev := range r.Events.Dividends {
		ts := ev.Date
		if ts == 0 {
			ts, _ = strconv.ParseInt(key, 10, 64)
		}
		if ts == 0 || ev.Amount <= 0 || math.IsInf(ev.Amount, 0) {
			continue
		}
		out = append(out, market.Dividend{Symbol: symbol, Amount: ev.Amount,
			ExDate: market.DateUTC(time.Unix(ts, 0).In(loc)).Unix()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ExDate < out[j].ExDate })
	freq := frequency(out)
	for i := range out {
		out[i].Frequency = freq
	}
	return out
}

// frequency infers the payment frequency from the median gap between
// ex-dates; "" with fewer than two.
func frequency(divs []market.Dividend) string {
	if len(divs) < 2 {
		return ""
	}
	gaps := make([]int64, 0, len(divs)-1)
	for i := 1; i < len(divs); i++ {
		gaps = append(gaps, (divs[i].ExDate-divs[i-1].ExDate)/86400)
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	switch g := gaps[len(gaps)/2]; {
	case g <= 45:
		return market.Monthly
	case g <= 130:
		return market.Quarterly
	case g <= 250:
		return market.SemiAnnual
	}
	return market.Annual
}

// checkSymbol rejects symbols that cannot be a Yahoo symbol (and would
// change the request path).
func checkSymbol(s string) error {
	if s == "" || len(s) > 40 || strings.ContainsAny(s, "/?#%\\ \t\r\n") {
		return fmt.Errorf("%w: %q", ErrUnknownSymbol, s)
	}
	return nil
}
