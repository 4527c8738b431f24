package yahootest

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"krmarket/backend/market"
)

// summary answers /v10/finance/quoteSummary/{symbol}?modules=a,b with the
// modules asked for, numbers as Yahoo's {"raw","fmt"} objects ({} when
// missing).
func (s *Server) summary(r *http.Request) (int, any) {
	d, ok := s.lookup(strings.TrimPrefix(r.URL.Path, "/v10/finance/quoteSummary/"))
	if !ok {
		return http.StatusNotFound, envelope("quoteSummary", nil, "Not Found", "Quote not found for symbol: "+
			strings.TrimPrefix(r.URL.Path, "/v10/finance/quoteSummary/"))
	}
	mods := r.URL.Query().Get("modules")
	if mods == "" {
		return http.StatusBadRequest, envelope("quoteSummary", nil, "Bad Request", `Missing value for the "modules" argument`)
	}
	last, _, _ := lastTwo(d.bars["1d"])
	price := last.Close
	f := fundamentals(d, price, last.Time)
	info := d.info
	lastEx, rate := dividendFacts(d, last.Time)
	res := map[string]any{}
	for _, m := range strings.Split(mods, ",") {
		switch strings.TrimSpace(m) {
		case "price":
			res["price"] = map[string]any{"maxAge": 1, "symbol": d.symbol, "longName": info.Name, "shortName": info.Name,
				"currency": info.Currency, "quoteType": info.QuoteType, "exchangeName": info.FullExchange,
				"regularMarketPrice": raw(price), "marketCap": raw(f.MarketCap)}
		case "summaryDetail":
			yield := 0.0
			if price > 0 {
				yield = rate / price
			}
			res["summaryDetail"] = map[string]any{"maxAge": 1, "currency": info.Currency,
				"trailingPE": rawp(f.PE), "forwardPE": map[string]any{},
				"dividendRate": raw(f.DividendRate), "dividendYield": raw(f.DividendYield),
				"trailingAnnualDividendRate": raw(rate), "trailingAnnualDividendYield": raw(yield),
				"payoutRatio": rawp(f.PayoutRatio), "beta": rawp(f.Beta), "marketCap": raw(f.MarketCap),
				"exDividendDate": rawDate(lastEx)}
		case "defaultKeyStatistics":
			res["defaultKeyStatistics"] = map[string]any{"maxAge": 1,
				"sharesOutstanding": raw(f.SharesOut), "bookValue": raw(f.BPS), "priceToBook": rawp(f.PB),
				"trailingEps": raw(f.EPS), "earningsQuarterlyGrowth": rawp(f.EPSGrowth),
				"profitMargins": rawp(f.ProfitMargin), "beta": rawp(f.Beta)}
		case "financialData":
			res["financialData"] = map[string]any{"maxAge": 86400, "currentPrice": raw(price),
				"returnOnEquity": rawp(f.ROE), "revenueGrowth": rawp(f.RevenueGrowth),
				"earningsGrowth": rawp(f.EPSGrowth), "profitMargins": rawp(f.ProfitMargin),
				"targetMeanPrice": rawp(f.TargetPrice), "financialCurrency": info.Currency}
		case "assetProfile":
			p := map[string]any{"maxAge": 86400, "longBusinessSummary": info.Name + " (fake)."}
			if info.Sector != "" {
				p["sector"], p["industry"] = info.Sector, info.Industry
			}
			res["assetProfile"] = p
		case "calendarEvents":
			e := earnings(d, f, last.Time)
			dates := []any{}
			for _, t := range e.Next {
				dates = append(dates, rawDate(t))
			}
			res["calendarEvents"] = map[string]any{"maxAge": 1,
				"earnings":       map[string]any{"earningsDate": dates, "earningsAverage": map[string]any{}},
				"exDividendDate": rawDate(lastEx), "dividendDate": map[string]any{}}
		case "earningsHistory":
			e := earnings(d, f, last.Time)
			var hist []any
			for i, h := range e.History {
				surprise := map[string]any{}
				if h.Estimate != 0 {
					surprise = raw((h.Actual - h.Estimate) / math.Abs(h.Estimate))
				}
				hist = append(hist, map[string]any{"maxAge": 1, "epsActual": raw(h.Actual),
					"epsEstimate": raw(h.Estimate), "epsDifference": raw(h.Actual - h.Estimate),
					"surprisePercent": surprise, "quarter": rawDate(h.Quarter),
					"period": "-" + strconv.Itoa(len(e.History)-i) + "q"})
			}
			res["earningsHistory"] = map[string]any{"maxAge": 86400, "history": hist}
		}
	}
	return http.StatusOK, envelope("quoteSummary", []any{res}, "", "")
}

// fundamentals returns the set figures, or ones derived from price.
func fundamentals(d symbolData, price float64, lastDate int64) market.Fundamentals {
	if d.fund != nil {
		return *d.fund
	}
	if price <= 0 || math.IsNaN(price) {
		return market.Fundamentals{}
	}
	p := func(v float64) *float64 { v = math.Round(v*1e4) / 1e4; return &v }
	_, rate := dividendFacts(d, lastDate)
	f := market.Fundamentals{MarketCap: math.Round(price * 1e9), SharesOut: 1e9,
		PE: p(20), PB: p(3), EPS: math.Round(price/20*100) / 100, BPS: math.Round(price/3*100) / 100,
		ROE: p(0.15), DividendRate: rate, DividendYield: math.Round(rate/price*1e4) / 1e4,
		RevenueGrowth: p(0.08), EPSGrowth: p(0.1), ProfitMargin: p(0.2), Beta: p(1.1), TargetPrice: p(price * 1.1)}
	if rate > 0 {
		f.PayoutRatio = p(rate / (price / 20))
	}
	return f
}

// dividendFacts returns the latest ex-date and the sum of the last year's
// dividends before lastDate.
func dividendFacts(d symbolData, lastDate int64) (lastEx time.Time, rate float64) {
	for _, dv := range d.divs {
		if lastDate == 0 || dv.ExDate <= lastDate {
			lastEx = time.Unix(dv.ExDate, 0).UTC()
			if lastDate-dv.ExDate < 365*86400 {
				rate += dv.Amount
			}
		}
	}
	return lastEx, math.Round(rate*1e4) / 1e4
}

// earnings returns the set earnings, or four quarters before lastDate with
// a 5 % beat and the next date 30 days after it.
func earnings(d symbolData, f market.Fundamentals, lastDate int64) Earnings {
	if d.earnings != nil {
		return *d.earnings
	}
	if lastDate == 0 {
		return Earnings{}
	}
	l := time.Unix(lastDate, 0).UTC()
	qEnd := time.Date(l.Year(), time.Month((int(l.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	e := Earnings{Next: []time.Time{l.AddDate(0, 0, 30)}}
	est := math.Round(f.EPS/4*100) / 100
	for i := 3; i >= 0; i-- {
		q := time.Date(qEnd.Year(), qEnd.Month()-time.Month(3*i)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
		e.History = append(e.History, EarningsEntry{Quarter: q, Estimate: est, Actual: math.Round(est*1.05*100) / 100})
	}
	return e
}

// raw is Yahoo's number object; +Inf is {"raw":"Infinity","fmt":"∞"}.
func raw(v float64) map[string]any {
	switch {
	case math.IsInf(v, 1):
		return map[string]any{"raw": "Infinity", "fmt": "∞"}
	case math.IsNaN(v) || math.IsInf(v, -1):
		return map[string]any{}
	}
	return map[string]any{"raw": v, "fmt": strconv.FormatFloat(v, 'f', 2, 64)}
}

func rawp(v *float64) map[string]any {
	if v == nil {
		return map[string]any{}
	}
	return raw(*v)
}

func rawDate(t time.Time) map[string]any {
	if t.IsZero() {
		return map[string]any{}
	}
	return map[string]any{"raw": t.Unix(), "fmt": t.UTC().Format(time.DateOnly)}
}
