package api

import (
	"context"
	"testing"
	"time"

	"krmarket/backend/kr/ledger"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// The ledger reports through HTTP over the fixture's store: two OPEN
// signals (005930 valued by its 55,000 quote, 035720 by its last close),
// plus one signal of 000660 closed here by a take profit.
func TestLedgerOperations(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	day := func(s string) int64 {
		d, _ := time.Parse(time.DateOnly, s)
		return d.Unix()
	}
	// 000660 signalled 11-20 (Fri) at 1,000; 11-23 (Mon) high 1,200 reaches the
	// +15 % target 1,150 with the open below it → TAKE_PROFIT at 1,150 (+15.00 %).
	in := f.st.Ingester("demo", func() time.Time { return fixedNow })
	if err := in.PutBars(ctx, []market.Bar{{Symbol: "000660.KS", Interval: market.Daily, Time: day("2026-11-23"),
		Open: 1000, High: 1200, Low: 990, Close: 1150, Volume: 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddSignals(ctx, []store.Signal{{Market: market.KR, Ticker: "000660", Symbol: "000660.KS",
		SignalDate: "2026-11-20", EntryPrice: 1000, Score: 60}}, fixedNow); err != nil {
		t.Fatal(err)
	}
	res, err := ledger.New(f.st, func() time.Time { return fixedNow }, nil, nil).Update(ctx)
	if err != nil || res.Closed != 1 {
		t.Fatalf("update %+v %v", res, err)
	}

	w := f.do("GET", "/api/kr/performance", "")
	m := decode(t, w)
	wantEnvelope(t, m, "demo")
	if m["closed_signals"].(float64) != 1 || m["open_signals"].(float64) != 2 || m["total_return"].(float64) != 15 ||
		m["compounded_return"].(float64) != 15 || m["profit_factor"] != nil || m["win_rate"].(float64) != 100 {
		t.Fatalf("performance %v", m)
	}
	tr := m["performance"].([]any)[0].(map[string]any)
	if tr["ticker"] != "000660" || tr["name"] != "SK하이닉스" || tr["exit_reason"] != "TAKE_PROFIT" || tr["exit_date"] != "2026-11-23" ||
		tr["exit_price"].(float64) != 1150 || tr["hold_days"].(float64) != 1 {
		t.Fatalf("trade %v", tr)
	}
	if m["by_exit_reason"].(map[string]any)["TAKE_PROFIT"].(map[string]any)["count"].(float64) != 1 ||
		m["summary"].(map[string]any)["total_count"].(float64) != 1 || m["strategy_params"].(map[string]any)["max_hold_days"].(float64) != 5 {
		t.Fatalf("performance blocks %v", m)
	}

	m = decode(t, f.do("GET", "/api/kr/cumulative-return", ""))
	wantEnvelope(t, m, "demo")
	pos := m["positions"].([]any)
	if len(pos) != 2 || m["invested"].(float64) != 2_000_000 || len(m["trades"].([]any)) != 2 {
		t.Fatalf("cumulative %v", m)
	}
	var sum float64
	for _, p := range pos {
		p := p.(map[string]any)
		sum += p["return_pct"].(float64)
		if p["ticker"] == "005930" && (p["current_price"].(float64) != 55000 || p["return_pct"].(float64) != 10) {
			t.Errorf("005930 position %v", p) // quote 55,000 vs entry 50,000
		}
	}
	if got := m["cumulative_return"].(float64); got < sum/2-0.01 || got > sum/2+0.01 {
		t.Errorf("cumulative_return %v, mean of positions %v", got, sum/2)
	}
	curve := m["curve"].([]any)
	if len(curve) == 0 || curve[0].(map[string]any)["date"] != "2026-11-20" {
		t.Fatalf("curve %v", curve)
	}

	m = decode(t, f.do("GET", "/api/kr/vcp-stats", ""))
	if m["total_signals"].(float64) != 3 || m["closed_signals"].(float64) != 1 || m["compounded_return_pct"].(float64) != 15 {
		t.Fatalf("vcp-stats %v", m)
	}

	m = decode(t, f.do("GET", "/api/kr/vcp-history?days=30", ""))
	rows := m["signals"].([]any)
	if m["count"].(float64) != 3 || m["days"].(float64) != 30 || len(rows) != 3 {
		t.Fatalf("vcp-history %v", m)
	}
	first, last := rows[0].(map[string]any), rows[2].(map[string]any)
	if first["ticker"] != "005930" || first["signalDate"] != "11월 27일" || first["signal_date"] != "2026-11-27" ||
		first["current_price"].(float64) != 55000 || first["returnPct"] != nil || first["entryPrice"].(float64) != 50000 {
		t.Fatalf("open row %v", first)
	}
	if last["ticker"] != "000660" || last["exit_reason"] != "TAKE_PROFIT" || last["exitPrice"].(float64) != 1150 || last["current_price"] != nil {
		t.Fatalf("closed row %v", last)
	}
	for _, bad := range []string{"abc", "0", "3651", "99999"} {
		wantError(t, f.do("GET", "/api/kr/vcp-history?days="+bad, ""), 400, "invalid_days")
	}
}
