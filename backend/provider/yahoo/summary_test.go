package yahoo

import (
	"math"
	"strings"
	"testing"
	"time"

	"krmarket/backend/market"
	"krmarket/backend/provider/yahoo/yahootest"
)

func TestSummary(t *testing.T) {
	now := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	h := setup(t, nil, func(c *Config) { c.Now = func() time.Time { return now } })
	f := func(v float64) *float64 { return &v }
	h.srv.SetFundamentals("AAPL", market.Fundamentals{
		MarketCap: 3.5e12, SharesOut: 1.5e10, PE: f(math.Inf(1)), PB: f(45.2), EPS: 6.1, BPS: 4.4,
		ROE: f(1.47), DividendRate: 1.04, DividendYield: 0.0044, PayoutRatio: f(0.16),
		RevenueGrowth: f(0.06), EPSGrowth: f(0.12), ProfitMargin: f(0.24), Beta: f(1.2), TargetPrice: f(250),
	})
	q := time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)
	next := time.Date(2026, 1, 29, 0, 0, 0, 0, time.UTC)
	h.srv.SetEarnings("AAPL", yahootest.Earnings{
		Next: []time.Time{time.Date(2025, 10, 30, 0, 0, 0, 0, time.UTC), next},
		History: []yahootest.EarningsEntry{
			{Quarter: q, Estimate: 1.0, Actual: 1.1},
			{Quarter: q.AddDate(0, -3, 0), Estimate: 2.0, Actual: 1.9},
		},
	})
	ex := time.Date(2025, 11, 10, 0, 0, 0, 0, time.UTC)
	h.srv.SetDividends("AAPL", []market.Dividend{{ExDate: ex.Unix(), Amount: 0.26}})

	s, err := h.c.Summary(ctx(t), "AAPL")
	if err != nil {
		t.Fatal(err)
	}
	fu := s.Fundamentals
	if fu.Symbol != "AAPL" || fu.AsOf != now.Unix() || fu.MarketCap != 3.5e12 || fu.SharesOut != 1.5e10 ||
		fu.EPS != 6.1 || fu.BPS != 4.4 || fu.DividendRate != 1.04 || fu.DividendYield != 0.0044 {
		t.Fatalf("fundamentals %+v", fu)
	}
	if fu.PE != nil {
		t.Fatalf(`PE {"raw":"Infinity"} must be missing, got %v`, *fu.PE)
	}
	for name, p := range map[string]struct {
		got  *float64
		want float64
	}{"PB": {fu.PB, 45.2}, "ROE": {fu.ROE, 1.47}, "Payout": {fu.PayoutRatio, 0.16}, "RevenueGrowth": {fu.RevenueGrowth, 0.06},
		"EPSGrowth": {fu.EPSGrowth, 0.12}, "ProfitMargin": {fu.ProfitMargin, 0.24}, "Beta": {fu.Beta, 1.2}, "Target": {fu.TargetPrice, 250}} {
		if p.got == nil || *p.got != p.want {
			t.Errorf("%s = %v, want %v", name, p.got, p.want)
		}
	}
	if s.LongName != "Apple Inc." || s.Sector != "Technology" || s.Industry != "Consumer Electronics" || s.Currency != "USD" {
		t.Fatalf("profile %+v", s)
	}
	if s.NextEarnings == nil || !s.NextEarnings.Equal(next) {
		t.Fatalf("next earnings %v, want %v (the past date skipped)", s.NextEarnings, next)
	}
	if s.ExDividendDate == nil || !s.ExDividendDate.Equal(ex) {
		t.Fatalf("ex-dividend %v", s.ExDividendDate)
	}
	if len(s.EarningsHistory) != 2 {
		t.Fatalf("history %+v", s.EarningsHistory)
	}
	old, recent := s.EarningsHistory[0], s.EarningsHistory[1]
	if !recent.Date.Equal(q) || recent.EPSActual != 1.1 || recent.EPSEstimate != 1.0 || math.Abs(recent.SurprisePct-10) > 1e-9 {
		t.Fatalf("recent quarter %+v, want a 10 %% surprise", recent)
	}
	if math.Abs(old.SurprisePct+5) > 1e-9 {
		t.Fatalf("older quarter %+v, want a -5 %% surprise", old)
	}
	r := h.srv.Requests(yahootest.EndpointSummary)
	if len(r) != 1 || r[0].Query.Get("modules") != summaryModules {
		t.Fatalf("requests %+v", r)
	}
}

func TestSummaryDefaultsAndMissing(t *testing.T) {
	h := setup(t, nil)
	s, err := h.c.Summary(ctx(t), "MSFT") // derived figures; no sector
	if err != nil {
		t.Fatal(err)
	}
	if s.Fundamentals.PE == nil || *s.Fundamentals.PE != 20 || s.Sector != "" || len(s.EarningsHistory) != 4 {
		t.Fatalf("summary %+v", s)
	}
}

func TestNumShapes(t *testing.T) {
	body := `{"quoteSummary":{"result":[{"summaryDetail":{
		"trailingPE":{"raw":12.5,"fmt":"12.50"},"dividendRate":3,"dividendYield":"0.02",
		"payoutRatio":{},"beta":null,"marketCap":{"raw":"Infinity","fmt":"∞"},
		"exDividendDate":{"raw":{"x":1}}},
		"price":{"longName":42,"shortName":"Short","currency":"USD"}}],"error":null}}`
	s, err := parseSummary([]byte(body), "X", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f := s.Fundamentals
	if f.PE == nil || *f.PE != 12.5 || f.DividendRate != 3 || f.DividendYield != 0.02 || f.PayoutRatio != nil ||
		f.Beta != nil || f.MarketCap != 0 || s.ExDividendDate != nil || s.LongName != "Short" {
		t.Fatalf("parsed %+v / %+v", f, s)
	}
	if _, err := parseSummary([]byte(`{"quoteSummary":{"result":null,"error":{"code":"Not Found","description":"Quote not found"}}}`), "X", time.Now()); err == nil || !strings.Contains(err.Error(), "unknown symbol") {
		t.Fatalf("not found: %v", err)
	}
}
