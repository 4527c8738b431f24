package yahootest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// options answers /v7/finance/options/{symbol}[?date=unix][&straddle=true]
// with a chain generated around the last daily close (Black-Scholes, r=0,
// a volatility smile around 25 %).
func (s *Server) options(r *http.Request) (int, any) {
	d, ok := s.lookup(strings.TrimPrefix(r.URL.Path, "/v7/finance/options/"))
	if !ok {
		return http.StatusNotFound, envelope("optionChain", nil, "Not Found", "No data found, symbol may be delisted")
	}
	q := r.URL.Query()
	last, _, hasPrice := lastTwo(d.bars["1d"])
	spot := last.Close
	exps := make([]int64, 0, len(d.expiries))
	for _, e := range d.expiries {
		exps = append(exps, e.Unix())
	}
	strikes := []float64{}
	if hasPrice && len(exps) > 0 {
		strikes = ladder(spot)
	}
	result := map[string]any{
		"underlyingSymbol": d.symbol, "expirationDates": exps, "strikes": strikes,
		"hasMiniOptions": false, "quote": quoteJSON(d), "options": []any{},
	}
	if !hasPrice || len(exps) == 0 {
		return http.StatusOK, envelope("optionChain", []any{result}, "", "")
	}
	exp := exps[0]
	if ds := q.Get("date"); ds != "" {
		want, _ := strconv.ParseInt(ds, 10, 64)
		exp = 0
		for _, e := range exps {
			if e == want {
				exp = e
			}
		}
		if exp == 0 {
			return http.StatusOK, envelope("optionChain", []any{result}, "", "")
		}
	}
	asOf := d.stamp(last.Time) + 6*3600
	years := math.Max(float64(exp-last.Time)/86400/365, 1.0/365)
	var calls, puts, straddles []any
	for _, k := range strikes {
		c := contract(d.symbol, d.info.Currency, "C", spot, k, years, exp, asOf)
		p := contract(d.symbol, d.info.Currency, "P", spot, k, years, exp, asOf)
		calls, puts = append(calls, c), append(puts, p)
		straddles = append(straddles, map[string]any{"strike": k, "call": c, "put": p})
	}
	chain := map[string]any{"expirationDate": exp, "hasMiniOptions": false}
	if q.Get("straddle") == "true" {
		chain["straddles"] = straddles
	} else {
		chain["calls"], chain["puts"] = calls, puts
	}
	result["options"] = []any{chain}
	return http.StatusOK, envelope("optionChain", []any{result}, "", "")
}

// ladder is 21 strikes on a round step around spot.
func ladder(spot float64) []float64 {
	step := niceStep(spot * 0.025)
	center := math.Round(spot/step) * step
	var out []float64
	for i := -10; i <= 10; i++ {
		if k := center + float64(i)*step; k > 0 {
			out = append(out, math.Round(k*100)/100)
		}
	}
	return out
}

func niceStep(x float64) float64 {
	if x <= 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= x {
			return m * mag
		}
	}
	return 10 * mag
}

// contract is one option contract object.
func contract(sym, cur, typ string, spot, k, years float64, exp, asOf int64) map[string]any {
	iv := 0.25 + 0.1*math.Abs(math.Log(k/spot))
	price := bs(typ == "C", spot, k, years, iv)
	m := (k - spot) / spot * 10
	vol := int(1000*math.Exp(-m*m)) + 1
	r2 := func(v float64) float64 { return math.Round(v*100) / 100 }
	return map[string]any{
		"contractSymbol": fmt.Sprintf("%s%s%s%08d", sym, time.Unix(exp, 0).UTC().Format("060102"), typ, int64(math.Round(k*1000))),
		"strike":         k, "currency": cur, "lastPrice": r2(price), "change": 0.0, "percentChange": 0.0,
		"volume": vol, "openInterest": vol * 7, "bid": r2(price * 0.98), "ask": r2(price * 1.02),
		"contractSize": "REGULAR", "expiration": exp, "lastTradeDate": asOf,
		"impliedVolatility": math.Round(iv*1e4) / 1e4, "inTheMoney": (typ == "C") == (k < spot),
	}
}

// bs is the Black-Scholes price with zero rates.
func bs(call bool, s, k, t, v float64) float64 {
	sd := v * math.Sqrt(t)
	d1 := (math.Log(s/k) + sd*sd/2) / sd
	d2 := d1 - sd
	n := func(x float64) float64 { return 0.5 * (1 + math.Erf(x/math.Sqrt2)) }
	if call {
		return s*n(d1) - k*n(d2)
	}
	return k*n(-d2) - s*n(-d1)
}
