package yahoo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"time"

	"krmarket/backend/market"
)

// summaryModules are the quoteSummary modules Summary asks for.
const summaryModules = "price,summaryDetail,defaultKeyStatistics,financialData,assetProfile,calendarEvents,earningsHistory"

// Summary is a quoteSummary digest.
type Summary struct {
	Fundamentals   market.Fundamentals // ratios as fractions
	Sector         string
	Industry       string
	LongName       string
	Currency       string
	NextEarnings   *time.Time // first announced earnings date from today on; nil if none
	ExDividendDate *time.Time
	// EarningsHistory is oldest first (Yahoo gives the last four quarters).
	EarningsHistory []EarningsRow
}

// EarningsRow is one reported quarter.
type EarningsRow struct {
	Date        time.Time // fiscal quarter end, UTC
	EPSEstimate float64
	EPSActual   float64
	// SurprisePct is in percent (4.4 = 4.4 %), following package market's
	// rule that a field named pct is a percentage; Yahoo's raw value is a
	// fraction.
	SurprisePct float64
}

// Summary returns price, key statistics, profile, calendar and earnings
// history of symbol from quoteSummary v10.
func (c *Client) Summary(ctx context.Context, symbol string) (Summary, error) {
	if err := checkSymbol(symbol); err != nil {
		return Summary{}, err
	}
	q := url.Values{"modules": {summaryModules}, "formatted": {"true"}, "lang": {"en-US"}, "region": {"US"}}
	data, err := c.fetchJSON(ctx, "/v10/finance/quoteSummary/"+symbol, q)
	if err != nil {
		return Summary{}, fmt.Errorf("yahoo: summary %s: %w", symbol, err)
	}
	s, err := parseSummary(data, symbol, c.now())
	if err != nil {
		return Summary{}, fmt.Errorf("yahoo: summary %s: %w", symbol, err)
	}
	return s, nil
}

// num is one of Yahoo's numbers: {"raw": 1.5, "fmt": "1.50"}, a bare
// number, {} or null (missing), or a string such as "Infinity" (missing:
// only finite values are kept). Unexpected shapes are missing, not errors.
type num struct{ v *float64 }

func (n *num) UnmarshalJSON(b []byte) error {
	n.v = nil
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	if b[0] == '{' {
		var o struct {
			Raw json.RawMessage `json:"raw"`
		}
		if json.Unmarshal(b, &o) != nil {
			return nil
		}
		b = bytes.TrimSpace(o.Raw)
		if len(b) == 0 || b[0] == '{' {
			return nil
		}
	}
	s := string(b)
	if b[0] == '"' {
		if json.Unmarshal(b, &s) != nil {
			return nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	n.v = &f
	return nil
}

func (n num) ptr() *float64 { return n.v }

// unix reads n as a unix time in seconds (years 1970..5138).
func (n num) unix() (time.Time, bool) {
	if n.v == nil || *n.v <= 0 || *n.v >= 1e11 {
		return time.Time{}, false
	}
	return time.Unix(int64(*n.v), 0).UTC(), true
}

func (n num) val() float64 {
	if n.v == nil {
		return 0
	}
	return *n.v
}

// first returns the first present number.
func first(ns ...num) num {
	for _, n := range ns {
		if n.v != nil {
			return n
		}
	}
	return num{}
}

// str is a string field that tolerates other JSON types (as "").
type str string

func (s *str) UnmarshalJSON(b []byte) error {
	var v string
	if json.Unmarshal(b, &v) == nil {
		*s = str(v)
	} else {
		*s = ""
	}
	return nil
}

type summaryResult struct {
	Price *struct {
		LongName  str `json:"longName"`
		ShortName str `json:"shortName"`
		Currency  str `json:"currency"`
		MarketCap num `json:"marketCap"`
	} `json:"price"`
	SummaryDetail *struct {
		TrailingPE                  num `json:"trailingPE"`
		DividendRate                num `json:"dividendRate"`
		DividendYield               num `json:"dividendYield"`
		TrailingAnnualDividendRate  num `json:"trailingAnnualDividendRate"`
		TrailingAnnualDividendYield num `json:"trailingAnnualDividendYield"`
		PayoutRatio                 num `json:"payoutRatio"`
		Beta                        num `json:"beta"`
		MarketCap                   num `json:"marketCap"`
		ExDividendDate              num `json:"exDividendDate"`
		Currency                    str `json:"currency"`
	} `json:"summaryDetail"`
	DefaultKeyStatistics *struct {
		SharesOutstanding       num `json:"sharesOutstanding"`
		BookValue               num `json:"bookValue"`
		PriceToBook             num `json:"priceToBook"`
		TrailingEps             num `json:"trailingEps"`
		EarningsQuarterlyGrowth num `json:"earningsQuarterlyGrowth"`
		ProfitMargins           num `json:"profitMargins"`
		Beta                    num `json:"beta"`
	} `json:"defaultKeyStatistics"`
	FinancialData *struct {
		ReturnOnEquity  num `json:"returnOnEquity"`
		RevenueGrowth   num `json:"revenueGrowth"`
		EarningsGrowth  num `json:"earningsGrowth"`
		ProfitMargins   num `json:"profitMargins"`
		TargetMeanPrice num `json:"targetMeanPrice"`
	} `json:"financialData"`
	AssetProfile *struct {
		Sector   str `json:"sector"`
		Industry str `json:"industry"`
	} `json:"assetProfile"`
	CalendarEvents *struct {
		Earnings struct {
			EarningsDate []num `json:"earningsDate"`
		} `json:"earnings"`
		ExDividendDate num `json:"exDividendDate"`
	} `json:"calendarEvents"`
	EarningsHistory *struct {
		History []*struct {
			EPSActual       num `json:"epsActual"`
			EPSEstimate     num `json:"epsEstimate"`
			SurprisePercent num `json:"surprisePercent"`
			Quarter         num `json:"quarter"`
		} `json:"history"`
	} `json:"earningsHistory"`
}

// parseSummary decodes a quoteSummary body.
func parseSummary(body []byte, symbol string, now time.Time) (Summary, error) {
	var env struct {
		QuoteSummary struct {
			Result []*summaryResult `json:"result"`
		} `json:"quoteSummary"`
	}
	if err := decodeResponse(body, &env); err != nil {
		return Summary{}, err
	}
	if len(env.QuoteSummary.Result) == 0 || env.QuoteSummary.Result[0] == nil {
		return Summary{}, fmt.Errorf("%w: empty quoteSummary result", ErrNoData)
	}
	r := env.QuoteSummary.Result[0]
	s := Summary{Fundamentals: market.Fundamentals{Symbol: symbol, AsOf: now.Unix()}}
	f := &s.Fundamentals
	var marketCap, exDiv num
	if p := r.Price; p != nil {
		s.LongName = string(p.LongName)
		if s.LongName == "" {
			s.LongName = string(p.ShortName)
		}
		s.Currency = string(p.Currency)
		marketCap = p.MarketCap
	}
	if d := r.SummaryDetail; d != nil {
		marketCap = first(marketCap, d.MarketCap)
		f.PE = d.TrailingPE.ptr()
		f.DividendRate = first(d.DividendRate, d.TrailingAnnualDividendRate).val()
		f.DividendYield = first(d.DividendYield, d.TrailingAnnualDividendYield).val()
		f.PayoutRatio = d.PayoutRatio.ptr()
		f.Beta = d.Beta.ptr()
		exDiv = d.ExDividendDate
		if s.Currency == "" {
			s.Currency = string(d.Currency)
		}
	}
	f.MarketCap = marketCap.val()
	if k := r.DefaultKeyStatistics; k != nil {
		f.SharesOut = k.SharesOutstanding.val()
		f.BPS = k.BookValue.val()
		f.PB = k.PriceToBook.ptr()
		f.EPS = k.TrailingEps.val()
		f.EPSGrowth = k.EarningsQuarterlyGrowth.ptr()
		f.ProfitMargin = k.ProfitMargins.ptr()
		if f.Beta == nil {
			f.Beta = k.Beta.ptr()
		}
	}
	if d := r.FinancialData; d != nil {
		f.ROE = d.ReturnOnEquity.ptr()
		f.RevenueGrowth = d.RevenueGrowth.ptr()
		if g := d.EarningsGrowth.ptr(); g != nil {
			f.EPSGrowth = g
		}
		if m := d.ProfitMargins.ptr(); m != nil {
			f.ProfitMargin = m
		}
		f.TargetPrice = d.TargetMeanPrice.ptr()
	}
	if a := r.AssetProfile; a != nil {
		s.Sector, s.Industry = string(a.Sector), string(a.Industry)
	}
	if ce := r.CalendarEvents; ce != nil {
		today := market.DateUTC(now.UTC())
		for _, d := range ce.Earnings.EarningsDate {
			if t, ok := d.unix(); ok && !t.Before(today) && (s.NextEarnings == nil || t.Before(*s.NextEarnings)) {
				s.NextEarnings = &t
			}
		}
		exDiv = first(ce.ExDividendDate, exDiv)
	}
	if t, ok := exDiv.unix(); ok {
		s.ExDividendDate = &t
	}
	if eh := r.EarningsHistory; eh != nil {
		for _, h := range eh.History {
			if h == nil || h.EPSActual.v == nil {
				continue
			}
			q, ok := h.Quarter.unix()
			if !ok {
				continue
			}
			s.EarningsHistory = append(s.EarningsHistory, EarningsRow{
				Date:        q,
				EPSEstimate: h.EPSEstimate.val(),
				EPSActual:   h.EPSActual.val(),
				SurprisePct: h.SurprisePercent.val() * 100,
			})
		}
		sort.Slice(s.EarningsHistory, func(i, j int) bool { return s.EarningsHistory[i].Date.Before(s.EarningsHistory[j].Date) })
	}
	return s, nil
}
