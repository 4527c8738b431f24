package core

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/market"
	"krmarket/backend/provider/naver/navertest"
	"krmarket/backend/provider/yahoo/yahootest"
)

// plantBase reshapes a fake series into a long advance and a three-pullback
// base (20 %, 10 %, 5 %) ending 0.5 % under its pivot on the last bar.
func plantBase(bars []market.Bar) {
	shape := []struct {
		target float64
		n      int
		vol    float64
	}{{1.0, 210, 1e6}, {0.8, 10, 8e5}, {0.95, 10, 8e5}, {0.855, 8, 6e5}, {0.92, 8, 6e5}, {0.874, 6, 4e5}, {0.9154, 6, 4e5}}
	const top = 100000.0
	var path []float64
	var vols []float64
	cur := 0.4
	path, vols = append(path, cur), append(vols, 1e6)
	for _, s := range shape {
		for k := 1; k <= s.n; k++ {
			path = append(path, cur+(s.target-cur)*float64(k)/float64(s.n))
			vols = append(vols, s.vol)
		}
		cur = s.target
	}
	off := len(bars) - len(path)
	for i := range bars {
		v, vol := path[0], 1e6
		if i >= off {
			v, vol = path[i-off], vols[i-off]
		}
		p := math.Round(v * top)
		bars[i].Open, bars[i].High, bars[i].Low, bars[i].Close, bars[i].AdjClose, bars[i].Volume = p, p, p, p, p, vol
	}
}

// Every KR endpoint answers with computed results from live (fake-server)
// data: the live update stores Yahoo bars and Naver flows, the replay finds
// the planted base, and the API reports data_source "live".
func TestLiveKREndpoints(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	src, stocks := liveFakes(t, now)
	// Re-point Yahoo at a server where 005930 holds the planted base and
	// Naver at one where it has steady foreign and institutional buying.
	y := yahootest.NewServer(t)
	from := now.AddDate(0, 0, -600)
	upToToday := func(bars []market.Bar) []market.Bar {
		for len(bars) > 0 && bars[len(bars)-1].Time > now.Unix() {
			bars = bars[:len(bars)-1]
		}
		return bars
	}
	for i, code := range stocks {
		sym := code + ".KS"
		bars := upToToday(yahootest.Walk(sym, from, 500, float64(20000+10000*i)))
		if code == "005930" {
			plantBase(bars)
		}
		y.SetBars(sym, bars)
	}
	for _, s := range []string{"^KS11", "^KQ11", "KRW=X", "069500.KS", "091160.KS", "305720.KS", "091170.KS", "102780.KS", "102960.KS", "117680.KS", "102970.KS"} {
		y.SetBars(s, upToToday(yahootest.Walk(s, from, 500, 2500)))
	}
	src.YahooURL = y.URL
	nv := navertest.New()
	t.Cleanup(nv.Close)
	for _, code := range stocks {
		days := navertest.Series(code, 80, now)
		if code == "005930" {
			for i := range days {
				days[i].ForeignNet, days[i].InstNet = 60000, 20000
			}
		}
		nv.Set(code, days)
	}
	src.NaverURL = nv.URL

	c := openLive(t, src, config.SourceLive)
	if _, err := c.Update(ctx, []string{"kr"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Replay(ctx, 30, nil); err != nil {
		t.Fatal(err)
	}

	get := func(op string, params map[string]string, body string) map[string]any {
		t.Helper()
		status, b := c.Dispatcher.Invoke(ctx, op, params, []byte(body))
		if status != 200 {
			t.Fatalf("%s: HTTP %d %s", op, status, b)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m["data_source"] != "live" {
			t.Fatalf("%s: data_source %v", op, m["data_source"])
		}
		return m
	}
	sig := get("kr.signals", nil, "")
	rows, _ := sig["signals"].([]any)
	var planted map[string]any
	for _, r := range rows {
		if m := r.(map[string]any); m["ticker"] == "005930" {
			planted = m
		}
	}
	if planted == nil || planted["rule"] != "vcp" || planted["pivot"].(float64) != 92000 {
		t.Fatalf("planted base not signalled: %v", sig)
	}
	ch := get("kr.stockChart", map[string]string{"ticker": "005930", "period": "6mo"}, "")
	if v := ch["vcp"].(map[string]any); v["found"] != true || ch["signal"] == nil {
		t.Fatalf("chart vcp %v signal %v", v, ch["signal"])
	}
	gate := get("kr.marketGate", nil, "")
	if gate["degraded"] == true || len(gate["sectors"].([]any)) != 8 {
		t.Fatalf("gate %v", gate)
	}
	get("kr.marketStatus", nil, "")
	get("kr.vcpStats", nil, "")
	hist := get("kr.vcpHistory", map[string]string{"days": "60"}, "")
	if hist["count"].(float64) < 1 {
		t.Fatalf("history %v", hist)
	}
	get("kr.performance", nil, "")
	cum := get("kr.cumulativeReturn", nil, "")
	if len(cum["curve"].([]any)) == 0 {
		t.Fatalf("no curve: %v", cum)
	}
	ai := get("kr.aiAnalysis", nil, "")
	if n := len(ai["signals"].([]any)); n == 0 || ai["signals"].([]any)[0].(map[string]any)["rule_recommendation"] == nil {
		t.Fatalf("ai analysis %v", ai)
	}
	if sum := get("kr.aiSummary", map[string]string{"ticker": "005930"}, ""); sum["final_recommendation"] == nil {
		t.Fatalf("ai summary %v", sum)
	}
	if d := get("kr.aiHistoryDates", nil, ""); d["count"].(float64) != 1 {
		t.Fatalf("history dates %v", d)
	}
	bt := get("kr.backtest", nil, "")
	if bt["performance"] == nil || len(bt["equity_curve"].([]any)) == 0 {
		t.Fatalf("backtest %v", bt)
	}
	pr := get("kr.realtimePrices", nil, `{"tickers":["005930","000660"]}`)
	if pr["prices"].(map[string]any)["005930"].(float64) <= 0 {
		t.Fatalf("prices %v", pr)
	}
}
