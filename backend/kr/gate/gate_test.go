package gate

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	ag "krmarket/backend/analysis/gate"
	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// fixedNow is Wednesday 2026-11-25 20:00 KST.
var fixedNow = time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// put stores a daily series whose last bar is dated last, one bar per
// calendar day backwards (the scores only look at positions and dates).
func put(t testing.TB, st *store.Store, sym string, last time.Time, closes, vols []float64) {
	t.Helper()
	bars := make([]market.Bar, len(closes))
	for i, c := range closes {
		v := 0.0
		if vols != nil {
			v = vols[i]
		}
		bars[i] = market.Bar{Symbol: sym, Interval: market.Daily, Time: last.AddDate(0, 0, i-len(closes)+1).Unix(),
			Open: c, High: c, Low: c, Close: c, AdjClose: c, Volume: v}
	}
	if err := st.Ingester(contract.SourceDemo, func() time.Time { return fixedNow }).PutBars(context.Background(), bars); err != nil {
		t.Fatal(err)
	}
}

func flat(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

var lastDay = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// The golden series of analysis/gate's tests (hand-checked there):
// bullish = 58×100, 102, 101 with the last volume doubled → 85 of 85
// without a benchmark, so 100; Wilder RSI 65.0. bearish = 58×100, 98, 99.
func bullishCloses() ([]float64, []float64) {
	return append(flat(58, 100), 102, 101), append(flat(59, 1000), 2000)
}

func bearishCloses() []float64 { return append(flat(58, 100), 98, 99) }

// handBuilt stores KOSPI (bullish), KOSDAQ (two bars), USD/KRW, the
// semiconductor ETF (bullish) and the bank ETF (bearish).
func handBuilt(t *testing.T, usd float64) *store.Store {
	st := openStore(t)
	c, v := bullishCloses()
	put(t, st, KOSPI, lastDay, c, v)
	put(t, st, KOSDAQ, lastDay, []float64{800, 812}, nil)
	put(t, st, USDKRW, lastDay, []float64{1370, usd}, nil)
	put(t, st, "091160.KS", lastDay, c, v)
	put(t, st, "102960.KS", lastDay, bearishCloses(), flat(60, 1000))
	return st
}

func TestMarketGateHandBuilt(t *testing.T) {
	ctx := context.Background()
	st := handBuilt(t, 1380)
	svc := New(st, func() time.Time { return fixedNow }, nil, nil)
	r, err := svc.MarketGate(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	// KOSPI: 100 (see above) → GREEN / BULLISH. Sectors against KOSPI:
	//   반도체 = the same series: RS 0 pp → 5, raw 85 + 5 = 90.
	//   은행: 20-day return (99/100 − 1) = −1 % vs KOSPI +1 % → −2 pp → 0
	//   (not above −2); raw 0 + 20 + 0 + 10 + 0 = 30, not rescaled.
	if r.Status != ag.Green || r.Gate != ag.Green || r.Score != 100 || r.GateScore != 100 || r.Label != ag.Bullish || r.Degraded {
		t.Fatalf("gate %+v", r)
	}
	if r.RawScore != 85 || r.RSApplicable || r.Components != (ag.ScoreTerms{Trend: 25, RSI: 25, MACD: 20, Volume: 15}) || r.RSIMethod != "wilder" {
		t.Fatalf("index detail %+v", r)
	}
	want := []string{"RSI(65.0), MACD: BULLISH", "코스피 정배열 강세", "🔥 강세: 반도체 (90)", "❄️ 약세: 은행 (30)"}
	wantEn := []string{"RSI(65.0), MACD: BULLISH", "KOSPI strong uptrend (close > short MA > long MA)", "🔥 Strongest: Semiconductors (90)", "❄️ Weakest: Banks (30)"}
	if !slices.Equal(r.Reasons, want) || !slices.Equal(r.ReasonsEn, wantEn) {
		t.Fatalf("reasons %q %q", r.Reasons, r.ReasonsEn)
	}
	if len(r.Sectors) != 2 {
		t.Fatalf("sectors %+v", r.Sectors)
	}
	semi, bank := r.Sectors[0], r.Sectors[1]
	// change 101/102 − 1 = −0.98 %; 99/98 − 1 = +1.02 %.
	if semi.Name != "반도체" || semi.Ticker != "091160" || semi.Score != 90 || semi.Signal != "bullish" || semi.RSI != 65 ||
		semi.ChangePct != -0.98 || semi.RSVsKOSPI == nil || *semi.RSVsKOSPI != 0 || semi.Price != 101 {
		t.Fatalf("semi %+v", semi)
	}
	if bank.Name != "은행" || bank.Score != 30 || bank.Signal != "bearish" || bank.RSI != 35 || bank.ChangePct != 1.02 ||
		bank.RSVsKOSPI == nil || *bank.RSVsKOSPI != -2 {
		t.Fatalf("bank %+v", bank)
	}
	// metrics: KOSDAQ 812 (+1.5 %), USD/KRW the last close.
	m := r.Metrics
	if *m.USDKRW != 1380 || *m.KOSPI != 101 || *m.KOSPIChangePct != -0.98 || *m.KOSDAQ != 812 || *m.KOSDAQChangePct != 1.5 || *m.RSI != 65 {
		t.Fatalf("metrics %+v", m)
	}
	if *r.KOSPIClose != 101 || *r.KOSDAQClose != 812 || *r.USDKRW != 1380 || r.UpdatedAt != "2026-11-25" || r.Benchmark != KOSPI {
		t.Fatalf("top level %+v", r)
	}
	if r.Status != ag.Green || r.DataSource != contract.SourceDemo || r.GeneratedAt != "2026-11-25T11:00:00Z" {
		t.Fatalf("envelope %+v", r.Meta)
	}
	wantMissing := []string{"069500.KS", "305720.KS", "091170.KS", "102780.KS", "117680.KS", "102970.KS"}
	if !slices.Equal(r.Missing, wantMissing) {
		t.Fatalf("missing %v", r.Missing)
	}

	// JSON: the colour is in status (it shadows the envelope's "success").
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]any
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"status", "gate", "score", "gate_score", "label", "reasons", "reasons_en", "sectors", "metrics",
		"kospi_close", "kospi_change_pct", "kosdaq_close", "kosdaq_change_pct", "usd_krw", "updated_at", "rsi_method",
		"rs_applicable", "generated_at", "data_source"} {
		if _, ok := j[k]; !ok {
			t.Errorf("no %s in %s", k, b)
		}
	}
	if j["status"] != "GREEN" {
		t.Fatalf("status %v", j["status"])
	}
}

func TestMarketGateMemoAndRefresh(t *testing.T) {
	ctx := context.Background()
	st := handBuilt(t, 1380)
	now := fixedNow
	svc := New(st, func() time.Time { return now }, nil, nil)
	a, err := svc.MarketGate(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour) // same KST date
	b, _ := svc.MarketGate(ctx, false)
	if a != b {
		t.Fatal("not memoised")
	}
	c, _ := svc.MarketGate(ctx, true)
	if c == a || c.GeneratedAt != "2026-11-25T12:00:00Z" {
		t.Fatalf("refresh reused the memo: %v", c.GeneratedAt)
	}
	// New data (store version) recomputes: USD/KRW at the danger level.
	put(t, st, USDKRW, lastDay.AddDate(0, 0, 1), []float64{1455}, nil)
	d, _ := svc.MarketGate(ctx, false)
	if d == c || d.Gate != ag.Red || d.Status != ag.Red || !d.FXOverride || d.Score != 100 ||
		d.Reasons[0] != "⚠️ 환율 경계 (1455원)" || d.ReasonsEn[0] != "⚠️ USD/KRW warning (1455 KRW)" {
		t.Fatalf("fx override %+v", d)
	}
	// A new KST date recomputes too.
	now = now.Add(24 * time.Hour)
	if e, _ := svc.MarketGate(ctx, false); e == d {
		t.Fatal("memo survived the date")
	}
	// Settings are part of the key.
	cfg := ag.DefaultConfig()
	cfg.USDKRWDanger = 1500
	svc.cfg = func() ag.Config { return cfg }
	f, _ := svc.MarketGate(ctx, false)
	if f.Gate != ag.Green || f.FXOverride || f.Reasons[0] != "⚠️ 환율 경계 (1455원)" {
		t.Fatalf("settings ignored: %+v", f)
	}
	cfg.Yellow = 90 // invalid: above green
	if _, err := svc.MarketGate(ctx, false); err == nil {
		t.Fatal("invalid settings accepted")
	}
}

func TestMarketGateDegraded(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	svc := New(st, func() time.Time { return fixedNow }, nil, nil)
	r, err := svc.MarketGate(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Degraded || r.Status != ag.Yellow || r.Score != 50 || r.Label != ag.Neutral ||
		!slices.Equal(r.Reasons, []string{"데이터 소스 오류"}) || !slices.Equal(r.ReasonsEn, []string{"No data"}) ||
		r.DegradedReason != "KOSPI (^KS11): insufficient data: 0 daily bars, 60 needed" {
		t.Fatalf("%+v", r)
	}
	if r.KOSPIClose != nil || r.USDKRW != nil || r.Metrics.RSI != nil || r.UpdatedAt != "" || len(r.Sectors) != 0 || len(r.Missing) != 11 || r.Benchmark != "" {
		t.Fatalf("%+v", r)
	}
	b, _ := json.Marshal(r)
	var j map[string]any
	_ = json.Unmarshal(b, &j)
	if j["sectors"] == nil || j["missing"] == nil || j["usd_krw"] != nil {
		t.Fatalf("json %s", b)
	}
}

// KOSPI with too few bars: degraded, and the sectors fall back to KODEX
// 200 as their benchmark (KODEX 200 itself gets no RS).
func TestMarketGateBenchmarkFallback(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	c, v := bullishCloses()
	put(t, st, KOSPI, lastDay, c[:30], v[:30])
	put(t, st, KODEX200, lastDay, c, v)
	put(t, st, "102960.KS", lastDay, bearishCloses(), flat(60, 1000))
	put(t, st, USDKRW, lastDay, []float64{1410}, nil)
	r, err := New(st, func() time.Time { return fixedNow }, nil, nil).MarketGate(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Degraded || r.Benchmark != KODEX200 || r.Status != ag.Yellow || *r.KOSPIClose != 100 ||
		!slices.Equal(r.Reasons, []string{"⚠️ 환율 경계 (1410원)", "데이터 소스 오류"}) {
		t.Fatalf("%+v", r)
	}
	if len(r.Sectors) != 2 || r.Sectors[0].Name != "KOSPI200" || r.Sectors[0].RSVsKOSPI != nil || r.Sectors[0].Score != 100 ||
		r.Sectors[1].Score != 30 || *r.Sectors[1].RSVsKOSPI != -2 {
		t.Fatalf("sectors %+v", r.Sectors)
	}
}

func TestMarketStatus(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	svc := New(st, func() time.Time { return fixedNow }, nil, nil)
	_, err := svc.MarketStatus(ctx)
	var ce *contract.Error
	if !errors.As(err, &ce) || ce.HTTP != 404 || ce.Code != "market_proxy_not_found" {
		t.Fatalf("empty store: %v", err)
	}
	// Samsung fallback with 150 bars: NEUTRAL, Insufficient data.
	up := make([]float64, 250)
	for i := range up {
		up[i] = float64(30000 + 10*i)
	}
	put(t, st, "005930.KS", lastDay, up[:150], nil)
	r, err := svc.MarketStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Symbol != "005930" || r.Name != "삼성전자" || r.Status != ag.Neutral || r.Score != 50 || r.Reason != "Insufficient data" ||
		r.MA200 != nil || r.CurrentPrice != 31490 || r.Date != "2026-11-25" || r.Bars != 150 {
		t.Fatalf("%+v", r)
	}
	// 8:00 pm KST on a Wednesday: closed, next open tomorrow 09:00.
	if r.Session.State != StateClosed || r.Session.NextOpen != "2026-11-26T09:00:00+09:00" || !r.Session.TradingDay {
		t.Fatalf("session %+v", r.Session)
	}
	// KODEX 200 rising for 250 bars: close 32490 > SMA200 (mean of the
	// last 200 = 30000 + 10·149.5 = 31495), SMA20 32395 > SMA50 32245.
	put(t, st, KODEX200, lastDay, up, nil)
	r, err = svc.MarketStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Symbol != "069500" || r.Name != "KODEX 200" || r.Status != ag.RiskOn || r.Score != 80 || r.Reason != "" ||
		*r.MA200 != 31495 || *r.MA20 != 32395 || *r.MA50 != 32245 || r.CurrentPrice != 32490 || r.DataSource != contract.SourceDemo {
		t.Fatalf("%+v", r)
	}
	b, _ := json.Marshal(r)
	var j map[string]any
	_ = json.Unmarshal(b, &j)
	if j["status"] != "RISK_ON" || j["session"] == nil || j["ma200"] == nil || j["date"] != "2026-11-25" {
		t.Fatalf("json %s", b)
	}
}

func TestParseRefresh(t *testing.T) {
	for v, want := range map[string]bool{"": false, "false": false, "true": true} {
		if got, err := ParseRefresh(v); err != nil || got != want {
			t.Errorf("%q: %v %v", v, got, err)
		}
	}
	for _, v := range []string{"1", "yes", "TRUE", "true ", "False"} {
		var ce *contract.Error
		if _, err := ParseRefresh(v); !errors.As(err, &ce) || ce.HTTP != 400 || ce.Code != "invalid_refresh" {
			t.Errorf("%q: %v", v, err)
		}
	}
}

// BenchmarkMarketGate compares a full computation (refresh) with a
// memoised answer.
func BenchmarkMarketGate(b *testing.B) {
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	c, v := bullishCloses()
	for _, sym := range []string{KOSPI, KOSDAQ, USDKRW, KODEX200, "091160.KS", "102960.KS"} {
		put(b, st, sym, lastDay, c, v)
	}
	svc := New(st, func() time.Time { return fixedNow }, nil, nil)
	for _, refresh := range []bool{true, false} {
		name := map[bool]string{true: "refresh", false: "memo"}[refresh]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.MarketGate(context.Background(), refresh); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
