package yahootest

import (
	"math"
	"net/http"
	"strings"
	"time"
)

// quote answers /v7/finance/quote?symbols=A,B: known symbols with daily
// bars, in the order asked; unknown ones are absent.
func (s *Server) quote(r *http.Request) (int, any) {
	res := []any{}
	for _, sym := range strings.Split(r.URL.Query().Get("symbols"), ",") {
		if d, ok := s.lookup(strings.TrimSpace(sym)); ok {
			if q := quoteJSON(d); q != nil {
				res = append(res, q)
			}
		}
	}
	return http.StatusOK, envelope("quoteResponse", res, "", "")
}

// quoteJSON is a v7 quote object built from the last two daily bars.
func quoteJSON(d symbolData) map[string]any {
	last, prev, ok := lastTwo(d.bars["1d"])
	if !ok {
		return nil
	}
	info := d.info
	loc := d.loc
	tz, off := time.Now().In(loc).Zone()
	price, pc := last.Close, prev.Close
	if pc == 0 || math.IsNaN(pc) {
		pc = last.Open
	}
	change, pct := 0.0, 0.0
	if pc > 0 {
		change, pct = price-pc, (price/pc-1)*100
	}
	vol := int64(0)
	if !math.IsNaN(last.Volume) {
		vol = int64(last.Volume)
	}
	return map[string]any{
		"language": "en-US", "region": "US", "quoteType": info.QuoteType, "typeDisp": "Equity",
		"quoteSourceName": "Delayed Quote", "triggerable": true, "currency": info.Currency,
		"exchange": info.Exchange, "shortName": info.Name, "longName": info.Name,
		"marketState": "REGULAR", "tradeable": false, "esgPopulated": false,
		"regularMarketPrice": jnum(price), "regularMarketTime": d.stamp(last.Time) + 6*3600,
		"regularMarketChange": jnum(change), "regularMarketChangePercent": jnum(pct),
		"regularMarketPreviousClose": jnum(pc), "regularMarketOpen": jnum(last.Open),
		"regularMarketDayHigh": jnum(last.High), "regularMarketDayLow": jnum(last.Low),
		"regularMarketVolume": vol, "fullExchangeName": info.FullExchange,
		"exchangeTimezoneName": info.Timezone, "exchangeTimezoneShortName": tz,
		"gmtOffSetMilliseconds": off * 1000, "market": "us_market", "sourceInterval": 15,
		"exchangeDataDelayedBy": 0, "priceHint": 2, "symbol": d.symbol,
	}
}
