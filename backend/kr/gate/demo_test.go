package gate

import (
	"context"
	"strings"
	"testing"
	"time"

	ag "krmarket/backend/analysis/gate"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/provider/demo"
)

// On the demo market (Saturday 2026-11-28 12:00 KST; the last KRX session
// was Friday 2026-11-27) every series is there: the gate is computed, not
// degraded, and all eight sector ETFs are scored against KOSPI.
func TestMarketGateOnDemoMarket(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	st := openStore(t)
	keep := map[string]bool{KOSPI: true, KOSDAQ: true, USDKRW: true, "005930.KS": true}
	for _, e := range data.KRSectorETFs() {
		keep[e.Symbol] = true
	}
	stats, err := demo.Generate(ctx, demo.Config{Seed: 20260101, Now: now, DailyBars: 300, FlowDays: 5, H4Bars: 6, Workers: 2},
		demo.Filter{Into: st.Ingester(contract.SourceDemo, func() time.Time { return now }), Keep: keep})
	if err != nil {
		t.Fatal(err)
	}
	svc := New(st, func() time.Time { return now }, nil, nil)
	r, err := svc.MarketGate(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Degraded || len(r.Missing) != 0 || len(r.Sectors) != 8 || r.Benchmark != KOSPI || r.DataSource != contract.SourceDemo {
		t.Fatalf("gate %+v", r)
	}
	if r.UpdatedAt != stats.KRLast.Format(time.DateOnly) || r.UpdatedAt != "2026-11-27" {
		t.Fatalf("updated_at %s, demo KR end %v", r.UpdatedAt, stats.KRLast)
	}
	t.Logf("demo gate: %s score %d (raw %d) %s, USD/KRW %v, reasons %q", r.Gate, r.Score, r.RawScore, r.Label, *r.USDKRW, r.Reasons)
	// The colour follows the bands from the score (or the FX override).
	want := ag.Red
	switch {
	case *r.USDKRW >= 1450:
	case r.Score >= 70:
		want = ag.Green
	case r.Score >= 45:
		want = ag.Yellow
	}
	if r.Gate != want || r.Status != want || r.GateScore != r.Score || r.Label != ag.SignalOf(r.Score, ag.DefaultConfig()) {
		t.Fatalf("gate %s score %d usd %v label %s", r.Gate, r.Score, *r.USDKRW, r.Label)
	}
	if r.RSApplicable || r.Components.RS != 0 || r.Score != int(float64(r.RawScore)*100/85+0.5) {
		t.Fatalf("index rescale: raw %d score %d", r.RawScore, r.Score)
	}
	for i, s := range r.Sectors {
		if s.Score < 0 || s.Score > 100 || s.RSVsKOSPI == nil || s.Price <= 0 || s.RSI < 0 || s.RSI > 100 || s.NameEn == "" ||
			s.Signal != strings.ToLower(ag.SignalOf(s.Score, ag.DefaultConfig())) {
			t.Fatalf("sector %+v", s)
		}
		if i > 0 && s.Score > r.Sectors[i-1].Score {
			t.Fatalf("sectors not sorted: %+v", r.Sectors)
		}
	}
	// Reasons: RSI/MACD first (after the FX warning, if any), the
	// strongest and weakest sector last.
	n := len(r.Reasons)
	if n < 3 || n != len(r.ReasonsEn) || !strings.HasPrefix(r.Reasons[n-2], "🔥 강세: "+r.Sectors[0].Name) ||
		!strings.HasPrefix(r.Reasons[n-1], "❄️ 약세: "+r.Sectors[7].Name) {
		t.Fatalf("reasons %q", r.Reasons)
	}
	if *r.USDKRW < 1000 || *r.USDKRW > 2000 || *r.KOSPIClose <= 0 || *r.KOSDAQClose <= 0 || r.Metrics.RSI == nil {
		t.Fatalf("metrics %+v", r.Metrics)
	}

	s, err := svc.MarketStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Symbol != "069500" || s.Name != "KODEX 200" || s.Bars != HistoryBars || s.MA200 == nil || s.Date != "2026-11-27" ||
		(s.Status != ag.RiskOn && s.Status != ag.RiskOff && s.Status != ag.Neutral) {
		t.Fatalf("status %+v", s)
	}
	if s.Session.State != StateClosed || s.Session.NextOpen != "2026-11-30T09:00:00+09:00" || s.Session.TradingDay {
		t.Fatalf("session %+v", s.Session)
	}
}
