package kr

import (
	"context"
	"krmarket/backend/market/markettest"
	"math"
	"path/filepath"
	"testing"
	"time"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// basePath: a 210-bar advance 40 000 → 100 000 won, then pullbacks of 20 %,
// 10 % and 5 % (highs 100 000, 95 000, 92 000) ending 0.5 % under the pivot.
func basePath(start time.Time) []market.Bar {
	seg := func(target float64, n int, vol float64) markettest.Seg {
		return markettest.Seg{Target: target, N: n, Vol: vol}
	}
	bars := markettest.Path(start, 40000, 1e6, seg(100000, 210, 1e6), seg(80000, 10, 8e5), seg(95000, 10, 8e5),
		seg(85500, 8, 6e5), seg(92000, 8, 6e5), seg(87400, 6, 4e5), seg(91540, 6, 4e5))
	for i := range bars {
		bars[i].Symbol = "123450.KS"
	}
	return bars
}

func chartStore(t *testing.T) (*store.Store, []market.Bar, time.Time) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	bars := basePath(start)
	now := time.Unix(bars[len(bars)-1].Time, 0).Add(20 * time.Hour)
	in := st.Ingester("demo", func() time.Time { return now })
	stock := market.Instrument{Symbol: "123450.KS", Ticker: "123450", Name: "테스트전자", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"}
	if err := in.PutSeries(ctx, stock, bars); err != nil {
		t.Fatal(err)
	}
	var flows []market.Flow
	for _, b := range bars[len(bars)-60:] {
		flows = append(flows, market.Flow{Symbol: stock.Symbol, Time: b.Time, ForeignNet: 30000, InstNet: 10000})
	}
	if err := in.PutFlows(ctx, flows); err != nil {
		t.Fatal(err)
	}
	return st, bars, now
}

// The scan finds the constructed base and logs it with its analysis; the
// chart then shows the same contractions, the pivot, the open signal's
// levels (stop −7 %, target +15 % by default), the averages and flows.
func TestScanAndChartOfConstructedBase(t *testing.T) {
	ctx := context.Background()
	st, bars, now := chartStore(t)
	svc := New(st, func() time.Time { return now }, nil)
	res, err := svc.Scan(ctx, setup.DefaultConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Scanned != 1 || res.Added != 1 || res.SignalDate != bars[len(bars)-1].Date() {
		t.Fatalf("scan %+v", res)
	}
	sigs, err := svc.Signals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs.Signals) != 1 {
		t.Fatalf("signals %+v", sigs)
	}
	g := sigs.Signals[0]
	if g.Rule != "vcp" || g.Stage != "pivot" || g.Pivot != 92000 || len(g.Contractions) != 3 ||
		g.Contractions[0] != 20 || g.Contractions[1] != 10 || g.Contractions[2] != 5 || g.EntryPrice != 91540 {
		t.Fatalf("signal row %+v", g)
	}
	// 5-day flows: 5·30 000 foreign, 5·10 000 institutional.
	if g.Foreign5d != 150000 || g.Inst5d != 50000 {
		t.Fatalf("flows %d %d", g.Foreign5d, g.Inst5d)
	}

	ch, err := svc.StockChart(ctx, "123450", "3mo")
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Data) != 63 || ch.Data[62].Close != 91540 {
		t.Fatalf("bars %d", len(ch.Data))
	}
	if !ch.VCP.Found || *ch.VCP.Pivot != 92000 || len(ch.VCP.Contractions) != 3 {
		t.Fatalf("vcp %+v", ch.VCP)
	}
	c0 := ch.VCP.Contractions[0]
	if c0.High != 100000 || c0.Low != 80000 || c0.HighDate != bars[210].Date() || c0.LowDate != bars[220].Date() {
		t.Fatalf("first contraction %+v", c0)
	}
	if ch.Signal == nil || ch.Signal.EntryPrice != 91540 || *ch.Signal.StopPrice != math.Round(91540*0.93) || *ch.Signal.TargetPrice != math.Round(91540*1.15) {
		t.Fatalf("signal %+v", ch.Signal)
	}
	// MA20 on the last bar = mean of the last 20 closes, full from the window's first bar;
	// MA200 starts at bar 199 of the 259 stored (60 points).
	sum := 0.0
	for _, b := range bars[len(bars)-20:] {
		sum += b.Close
	}
	ma := ch.MovingAverages.MA20
	if len(ma) != 63 || math.Abs(ma[62].Value-math.Round(sum/20*100)/100) > 1e-9 || len(ch.MovingAverages.MA200) != len(bars)-199 {
		t.Fatalf("ma20 %d last %v want %v; ma200 %d", len(ma), ma[len(ma)-1].Value, sum/20, len(ch.MovingAverages.MA200))
	}
	if len(ch.Flows) != 60 || ch.Flows[59].ForeignNet != 30000 || ch.Fundamentals != nil {
		t.Fatalf("flows %d fundamentals %v", len(ch.Flows), ch.Fundamentals)
	}
	// Scanning again the same day adds nothing (one OPEN per ticker).
	if res, err := svc.Scan(ctx, setup.DefaultConfig(), nil); err != nil || res.Added != 0 {
		t.Fatalf("rescan %+v %v", res, err)
	}
}

func TestScanRejectsBadConfig(t *testing.T) {
	st, _, now := chartStore(t)
	cfg := setup.DefaultConfig()
	cfg.Rule = "nope"
	if _, err := New(st, func() time.Time { return now }, nil).Scan(context.Background(), cfg, nil); err == nil {
		t.Fatal("bad config accepted")
	}
}
