package yahootest

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"krmarket/backend/market"
)

// validIntervals are the chart intervals Yahoo accepts.
func validInterval(iv string) bool {
	switch iv {
	case "1m", "2m", "5m", "15m", "30m", "60m", "90m", "1h", "1d", "5d", "1wk", "1mo", "3mo":
		return true
	}
	return false
}

// chart answers /v8/finance/chart/{symbol}.
func (s *Server) chart(r *http.Request) (int, any) {
	d, ok := s.lookup(strings.TrimPrefix(r.URL.Path, "/v8/finance/chart/"))
	if !ok {
		return http.StatusNotFound, envelope("chart", nil, "Not Found", "No data found, symbol may be delisted")
	}
	q := r.URL.Query()
	iv := q.Get("interval")
	if iv == "" {
		iv = "1d"
	}
	if !validInterval(iv) {
		return http.StatusBadRequest, envelope("chart", nil, "Bad Request",
			"Invalid input - interval="+iv+" is not supported. Valid intervals: [1m, 2m, 5m, 15m, 30m, 60m, 90m, 1h, 1d, 5d, 1wk, 1mo, 3mo]")
	}
	key := normInterval(iv)
	daily := key == "1d"
	p1 := parseInt(q.Get("period1"), math.MinInt64)
	p2 := parseInt(q.Get("period2"), math.MaxInt64)
	nulls := s.take(EndpointChart, FailNullBars) != nil

	var ts []int64
	var open, high, low, cls, adj, vol []*float64
	var inRange []market.Bar
	for _, b := range d.bars[key] {
		t := b.Time
		if daily {
			t = d.stamp(b.Time)
		}
		if t < p1 || t >= p2 {
			continue
		}
		null := nulls && len(ts)%2 == 1
		ts = append(ts, t)
		open = append(open, fp(b.Open, null))
		high = append(high, fp(b.High, null))
		low = append(low, fp(b.Low, null))
		cls = append(cls, fp(b.Close, null))
		adj = append(adj, fp(b.AdjClose, null))
		vol = append(vol, fp(b.Volume, null))
		inRange = append(inRange, b)
	}
	result := map[string]any{"meta": s.chartMeta(d, iv, inRange)}
	quote, adjc := map[string]any{}, map[string]any{}
	if len(ts) > 0 {
		result["timestamp"] = ts
		quote = map[string]any{"open": open, "high": high, "low": low, "close": cls, "volume": vol}
		adjc["adjclose"] = adj
	}
	ind := map[string]any{"quote": []any{quote}}
	if daily {
		ind["adjclose"] = []any{adjc}
	}
	result["indicators"] = ind
	if strings.Contains(q.Get("events"), "div") {
		divs := map[string]any{}
		for _, dv := range d.divs {
			t := d.stamp(dv.ExDate)
			if t >= p1 && t < p2 {
				divs[strconv.FormatInt(t, 10)] = map[string]any{"amount": dv.Amount, "date": t}
			}
		}
		if len(divs) > 0 {
			result["events"] = map[string]any{"dividends": divs}
		}
	}
	return http.StatusOK, envelope("chart", []any{result}, "", "")
}

// chartMeta is the chart's meta object.
func (s *Server) chartMeta(d symbolData, iv string, bars []market.Bar) map[string]any {
	info := d.info
	loc := d.loc
	now := time.Now().In(loc)
	tz, off := now.Zone()
	y, m, day := now.Date()
	open := time.Date(y, m, day, 0, info.OpenMinute, 0, 0, loc).Unix()
	period := func(start, end int64) map[string]any {
		return map[string]any{"timezone": tz, "start": start, "end": end, "gmtoffset": off}
	}
	meta := map[string]any{
		"currency": info.Currency, "symbol": d.symbol, "exchangeName": info.Exchange,
		"fullExchangeName": info.FullExchange, "instrumentType": info.QuoteType,
		"hasPrePostMarketData": false, "gmtoffset": off, "timezone": tz,
		"exchangeTimezoneName": info.Timezone, "longName": info.Name, "shortName": info.Name,
		"priceHint": 2, "dataGranularity": iv, "range": "",
		"currentTradingPeriod": map[string]any{
			"pre":     period(open-5*3600-30*60, open),
			"regular": period(open, open+390*60),
			"post":    period(open+390*60, open+390*60+4*3600),
		},
		"validRanges": []string{"1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"},
	}
	if all := d.bars["1d"]; len(all) > 0 {
		meta["firstTradeDate"] = d.stamp(all[0].Time)
	}
	if last, _, ok := lastTwo(d.bars["1d"]); ok {
		meta["regularMarketPrice"] = jnum(last.Close)
		meta["regularMarketTime"] = d.stamp(last.Time) + 6*3600
	}
	if len(bars) > 0 {
		meta["chartPreviousClose"] = jnum(bars[0].Open)
	}
	return meta
}

// fp is v as a JSON number, or nil (null) for NaN, ±Inf or when null.
func fp(v float64, null bool) *float64 {
	if null || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// jnum is v, or nil for NaN/±Inf (which JSON cannot carry).
func jnum(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func parseInt(s string, def int64) int64 {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	return def
}
