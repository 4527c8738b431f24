package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/contract"
	krbacktest "krmarket/backend/kr/backtest"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// The backtest answers the same through both doors, with the result shape
// of api-reference §8, validates every parameter, and 503s without a
// service.
func TestBacktestOpsBothDoors(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := func() time.Time { return fixedNow }
	in := st.Ingester(contract.SourceDemo, now)
	insts := []market.Instrument{
		{Symbol: "005930.KS", Ticker: "005930", Name: "삼성전자", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
		{Symbol: "035720.KS", Ticker: "035720", Name: "카카오", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
	}
	if err := in.PutInstruments(ctx, insts); err != nil {
		t.Fatal(err)
	}
	for k, sym := range []string{"005930.KS", "035720.KS", "^KS11", "KRW=X"} {
		bars := make([]market.Bar, 300)
		for i := range bars {
			p := float64(50000+1000*k) + 20*float64(i)
			bars[i] = market.Bar{Symbol: sym, Interval: market.Daily, Time: fixedNow.AddDate(0, 0, i-300).Truncate(24 * time.Hour).Unix(),
				Open: p, High: p + 300, Low: p - 300, Close: p + 100, Volume: 1e6}
		}
		if err := in.PutBars(ctx, bars); err != nil {
			t.Fatal(err)
		}
	}
	log := logrus.New()
	log.SetOutput(io.Discard)
	d := NewDispatcher(backtestOps(Services{Backtest: krbacktest.New(krbacktest.Deps{Store: st, Now: now})}), now, log)
	h := NewServer(d, Options{Token: testToken, Log: log}).HandlerForHosts("127.0.0.1:5001")
	check := func(params map[string]string, target string, wantStatus int, wantIn string) []byte {
		t.Helper()
		status, viaBinding := d.Invoke(ctx, "kr.backtest", params, nil)
		r := httptest.NewRequest("GET", target, nil)
		r.Host = "127.0.0.1:5001"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if status != wantStatus || w.Code != wantStatus {
			t.Fatalf("%s: binding %d, HTTP %d, want %d: %s", target, status, w.Code, wantStatus, w.Body)
		}
		if a, b := normalise(t, viaBinding), normalise(t, w.Body.Bytes()); !bytes.Equal(a, b) {
			t.Fatalf("%s: binding and HTTP differ:\n%s\n%s", target, a, b)
		}
		if !bytes.Contains(w.Body.Bytes(), []byte(wantIn)) {
			t.Fatalf("%s: %s lacks %s", target, w.Body, wantIn)
		}
		return w.Body.Bytes()
	}
	body := check(map[string]string{"preset": "conservative", "max_positions": "3"}, "/api/kr/backtest?preset=conservative&max_positions=3", 200, `"max_positions":3`)
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"status", "generated_at", "data_source", "config", "performance", "equity_curve", "trades",
		"by_exit_reason", "open_positions", "signal_stats", "start", "end", "preset", "notes"} {
		if _, ok := m[k]; !ok {
			t.Errorf("result lacks %s", k)
		}
	}
	perf := m["performance"].(map[string]any)
	for _, k := range []string{"total_trades", "winners", "losers", "win_rate", "avg_return", "avg_winner", "avg_loser", "profit_factor",
		"avg_r_multiple", "total_r", "total_return_pct", "final_equity", "max_drawdown_pct", "sharpe_ratio", "avg_hold_days",
		"max_consecutive_wins", "max_consecutive_losses", "total_fees", "total_tax"} {
		if _, ok := perf[k]; !ok {
			t.Errorf("performance lacks %s", k)
		}
	}
	if cfg := m["config"].(map[string]any); cfg["exits"].(map[string]any)["stop_loss_pct"] != 3.0 || cfg["tax_pct"] != 0.23 {
		t.Errorf("config %v", cfg)
	}
	if m["end"] != "2026-11-26" || len(m["equity_curve"].([]any)) != 250 {
		t.Errorf("range %v–%v, %d days", m["start"], m["end"], len(m["equity_curve"].([]any)))
	}
	for _, c := range []struct {
		params map[string]string
		target string
		code   string
	}{
		{map[string]string{"preset": "yolo"}, "/api/kr/backtest?preset=yolo", "invalid_preset"},
		{map[string]string{"start": "20260101"}, "/api/kr/backtest?start=20260101", "invalid_start"},
		{map[string]string{"end": "2026-02-30"}, "/api/kr/backtest?end=2026-02-30", "invalid_end"},
		{map[string]string{"start": "2026-06-01", "end": "2026-05-01"}, "/api/kr/backtest?start=2026-06-01&end=2026-05-01", "invalid_range"},
		{map[string]string{"min_score": "lots"}, "/api/kr/backtest?min_score=lots", "invalid_min_score"},
		{map[string]string{"stop_loss_pct": "0"}, "/api/kr/backtest?stop_loss_pct=0", "invalid_stop_loss_pct"},
		{map[string]string{"max_positions": "2.5"}, "/api/kr/backtest?max_positions=2.5", "invalid_max_positions"},
		{map[string]string{"initial_capital": "-5"}, "/api/kr/backtest?initial_capital=-5", "invalid_initial_capital"},
		{map[string]string{"start": "2031-01-02"}, "/api/kr/backtest?start=2031-01-02", "no_data_in_range"},
	} {
		check(c.params, c.target, 400, `"error":"`+c.code+`"`)
	}

	// No service wired (the shared fixture): a clear 503, never a panic.
	d0 := NewDispatcher(backtestOps(Services{}), now, log)
	if status, body := d0.Invoke(ctx, "kr.backtest", nil, nil); status != 503 || !bytes.Contains(body, []byte("backtest_unavailable")) {
		t.Fatalf("%d %s", status, body)
	}
}
