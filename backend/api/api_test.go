package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"krmarket/backend/kr/ai"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/config"
	"krmarket/backend/importer"
	"krmarket/backend/jobs"
	"krmarket/backend/kr"
	"krmarket/backend/kr/ledger"
	"krmarket/backend/market"
	"krmarket/backend/research"
	"krmarket/backend/secrets"
	"krmarket/backend/sources"
	"krmarket/backend/store"
	"krmarket/backend/system"
)

const testToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) // 18:00 KST, after the close

type fixture struct {
	st   *store.Store
	d    *Dispatcher
	srv  *Server
	h    http.Handler
	jobs *jobs.Manager
	reg  *sources.Registry
}

// newFixture builds a small real store: two KR stocks with 300 bars, flows,
// quotes and one OPEN signal each.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := func() time.Time { return fixedNow }
	in := st.Ingester("demo", now)
	insts := []market.Instrument{
		{Symbol: "005930.KS", Ticker: "005930", Name: "삼성전자", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
		{Symbol: "035720.KS", Ticker: "035720", Name: "카카오", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
	}
	if err := in.PutInstruments(ctx, insts); err != nil {
		t.Fatal(err)
	}
	for k, x := range insts {
		bars := make([]market.Bar, 300)
		for i := range bars {
			p := float64(50000 + 100*k + 10*i)
			bars[i] = market.Bar{Symbol: x.Symbol, Interval: market.Daily, Time: fixedNow.AddDate(0, 0, i-300).Truncate(24 * time.Hour).Unix(),
				Open: p, High: p + 500, Low: p - 500, Close: p + 100, Volume: 1e6}
		}
		if err := in.PutBars(ctx, bars); err != nil {
			t.Fatal(err)
		}
	}
	if err := in.PutQuotes(ctx, []market.Quote{{Symbol: "005930.KS", Price: 55000, Time: fixedNow.Unix()}}); err != nil {
		t.Fatal(err)
	}
	sigs := []store.Signal{
		{Market: market.KR, Ticker: "005930", Symbol: "005930.KS", SignalDate: "2026-11-27", EntryPrice: 50000, Foreign5d: 900_000, Inst5d: 100_000, Score: 80, ContractionRatio: 0.5},
		{Market: market.KR, Ticker: "035720", Symbol: "035720.KS", SignalDate: "2026-11-26", EntryPrice: 40000, Foreign5d: 60_000, Inst5d: -10_000, Score: 65, ContractionRatio: 0.7},
	}
	if _, err := st.AddSignals(ctx, sigs, fixedNow); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Source = config.SourceDemo // no test may reach a real service
	log := logrus.New()
	log.SetOutput(io.Discard)
	var srv *Server
	reg := sources.New(now, sources.Yahoo, sources.Naver)
	sys := system.New(system.Deps{Store: st, Config: cfg, Now: now, APIAddr: func() string { return "127.0.0.1:5001" },
		Secrets: secrets.Open(dir, nil), Sources: reg})
	jm := jobs.NewManager(now)
	t.Cleanup(func() { jm.Shutdown(context.Background()) })
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	update := func(market string) (jobs.Progress, error) {
		return jm.Start("update", func(ctx context.Context, r jobs.Report) (any, error) {
			r("waiting", 0, 1)
			select {
			case <-release:
			case <-ctx.Done():
			}
			return market, nil
		})
	}
	d := NewDispatcher(Operations(Services{System: sys, KR: kr.New(st, now, sys.DataSource), Sources: reg, Jobs: jm,
		Importer: importer.New(st, now), Update: update, Research: research.New(st, reg, now, sys.Config),
		Ledger: ledger.New(st, now, sys.DataSource, nil),
		AI:     ai.New(ai.Deps{Store: st, KR: kr.New(st, now, sys.DataSource), Now: now, Source: sys.DataSource})}), now, log)
	srv = NewServer(d, Options{Token: testToken, MaxBody: 1024, Log: log, App: os.DirFS(t.TempDir())})
	return &fixture{st: st, d: d, srv: srv, jobs: jm, reg: reg, h: srv.HandlerForHosts("127.0.0.1:5001", "localhost:5001", "[::1]:5001")}
}

type reqOpt func(*http.Request)

func header(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }
func host(h string) reqOpt      { return func(r *http.Request) { r.Host = h } }

func (f *fixture) do(method, target string, body string, opts ...reqOpt) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	r.Host = "127.0.0.1:5001"
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(r)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

func decode(t testing.TB, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, body %s", ct, w.Body)
	}
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, w.Body)
	}
	return m
}

func wantError(t *testing.T, w *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body)
	}
	m := decode(t, w)
	if m["status"] != "error" || m["error"] != code || m["message"] == "" {
		t.Fatalf("error body %v, want code %s", m, code)
	}
	if strings.Contains(w.Body.String(), ".go:") || strings.Contains(w.Body.String(), "goroutine") {
		t.Fatalf("error leaks internals: %s", w.Body)
	}
}

func wantEnvelope(t *testing.T, m map[string]any, source string) {
	t.Helper()
	if m["status"] != "success" {
		t.Errorf("status %v", m["status"])
	}
	if _, err := time.Parse(time.RFC3339, m["generated_at"].(string)); err != nil {
		t.Errorf("generated_at %v", m["generated_at"])
	}
	if m["data_source"] != source {
		t.Errorf("data_source %v, want %s", m["data_source"], source)
	}
}

func TestHealth(t *testing.T) {
	f := newFixture(t)
	w := f.do("GET", "/api/health", "")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	m := decode(t, w)
	wantEnvelope(t, m, "demo")
	db := m["db"].(map[string]any)
	if db["status"] != "ok" || db["schema_version"].(float64) != 1 {
		t.Errorf("db %v", db)
	}
	if m["service"] != "KR Market" || m["version"] == "" {
		t.Errorf("health %v", m)
	}
	if m["series"].(map[string]any)["demo"].(map[string]any)["series"].(float64) != 2 {
		t.Errorf("series %v", m["series"])
	}
	if src := m["sources"].([]any); len(src) != 2 || src[0].(map[string]any)["name"] != "naver" {
		t.Errorf("sources %v", m["sources"])
	}
}

func TestKRSignals(t *testing.T) {
	f := newFixture(t)
	w := f.do("GET", "/api/kr/signals", "")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	m := decode(t, w)
	wantEnvelope(t, m, "demo")
	sigs := m["signals"].([]any)
	if len(sigs) != 2 || m["count"].(float64) != 2 || m["total_filtered"].(float64) != 2 {
		t.Fatalf("signals %v", m)
	}
	first := sigs[0].(map[string]any)
	// Hand-checked final_score for 005930 (dated 2026-11-27 = today in KST):
	// 0.4·80 + 0.3·(1−0.5)·100 + 2·min(1,000,000/100,000, 30) + 10 = 32 + 15 + 20 + 10 = 77.
	if first["ticker"] != "005930" || first["name"] != "삼성전자" || first["market"] != "KOSPI" || first["final_score"].(float64) != 77 {
		t.Fatalf("first signal %v", first)
	}
	// current price from the quote 55,000 vs entry 50,000 → +10 %.
	if first["current_price"].(float64) != 55000 || first["return_pct"].(float64) != 10 {
		t.Fatalf("price/return %v %v", first["current_price"], first["return_pct"])
	}
	second := sigs[1].(map[string]any)
	// 0.4·65 + 0.3·0.3·100 + 2·(50,000/100,000) = 26 + 9 + 1 = 36; no quote → current = entry.
	if second["final_score"].(float64) != 36 || second["current_price"].(float64) != 40000 || second["return_pct"].(float64) != 0 {
		t.Fatalf("second signal %v", second)
	}
	for _, k := range []string{"ticker", "name", "market", "signal_date", "foreign_5d", "inst_5d", "score", "contraction_ratio", "entry_price", "current_price", "return_pct", "status", "final_score"} {
		if _, ok := first[k]; !ok {
			t.Errorf("signal lacks %s", k)
		}
	}
}

func TestKRStockChart(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		query string
		bars  int
	}{{"", 300}, {"?period=1mo", 21}, {"?period=3mo", 63}, {"?period=1y", 252}, {"?period=5y", 300}} {
		w := f.do("GET", "/api/kr/stock-chart/005930"+tc.query, "")
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", tc.query, w.Code, w.Body)
		}
		m := decode(t, w)
		wantEnvelope(t, m, "demo")
		data, candles := m["data"].([]any), m["candles"].([]any)
		if len(data) != tc.bars || len(candles) != tc.bars {
			t.Fatalf("%s: %d/%d bars, want %d", tc.query, len(data), len(candles), tc.bars)
		}
		last := data[len(data)-1].(map[string]any)
		if last["close"].(float64) != 50000+10*299+100 || last["date"] == "" {
			t.Fatalf("last bar %v", last)
		}
		if m["name"] != "삼성전자" || m["ticker"] != "005930" {
			t.Fatalf("meta %v %v", m["name"], m["ticker"])
		}
	}
}

func TestBadTickersAndPaths(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		path   string
		status int
		code   string
	}{
		{"/api/kr/stock-chart/..%2Fetc", 400, "invalid_ticker"},
		{"/api/kr/stock-chart/../etc", 400, "invalid_path"},
		{"/api/kr/stock-chart/%00", 400, "invalid_ticker"},
		{"/api/kr/stock-chart/12345", 400, "invalid_ticker"},
		{"/api/kr/stock-chart/1234567", 400, "invalid_ticker"},
		{"/api/kr/stock-chart/abcdef", 400, "invalid_ticker"},
		{"/api/kr/stock-chart/00593a", 400, "invalid_ticker"},
		{"/api/kr/stock-chart/00680K", 404, "unknown_ticker"},
		{"/api/kr/stock-chart/%2e%2e", 400, "invalid_path"},
		{"/api/kr/stock-chart/999999", 404, "unknown_ticker"},
		{"/api/kr/stock-chart/005930?period=7y", 400, "invalid_period"},
		{"/api/kr/nothing", 404, "not_found"},
		{"/api/kr/stock-chart/005930/extra", 404, "not_found"},
		{"/etc/passwd", 404, "not_found"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			wantError(t, f.do("GET", tc.path, ""), tc.status, tc.code)
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	w := f.do("DELETE", "/api/kr/signals", "")
	wantError(t, w, 405, "method_not_allowed")
	if w.Header().Get("Allow") != "GET" {
		t.Errorf("Allow %q", w.Header().Get("Allow"))
	}
}

func TestSecurity(t *testing.T) {
	f := newFixture(t)
	bearer := header("Authorization", "Bearer "+testToken)
	t.Run("foreign host", func(t *testing.T) {
		wantError(t, f.do("GET", "/api/health", "", host("evil.example:5001")), 403, "forbidden_host")
	})
	t.Run("empty host", func(t *testing.T) { wantError(t, f.do("GET", "/api/health", "", host("")), 403, "forbidden_host") })
	t.Run("host without port", func(t *testing.T) {
		wantError(t, f.do("GET", "/api/health", "", host("localhost")), 403, "forbidden_host")
	})
	t.Run("rebinding name", func(t *testing.T) {
		wantError(t, f.do("GET", "/api/health", "", host("127.0.0.1.nip.io:5001")), 403, "forbidden_host")
	})
	t.Run("localhost ok", func(t *testing.T) {
		if w := f.do("GET", "/api/health", "", host("localhost:5001")); w.Code != 200 {
			t.Fatal(w.Code)
		}
	})
	t.Run("cross-site fetch", func(t *testing.T) {
		wantError(t, f.do("GET", "/api/kr/signals", "", header("Sec-Fetch-Site", "cross-site")), 403, "cross_site")
	})
	t.Run("foreign origin", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `{"theme":"light"}`, bearer, header("Origin", "http://evil.example")), 403, "cross_origin")
	})
	t.Run("same origin ok", func(t *testing.T) {
		w := f.do("POST", "/api/settings", `{"theme":"light"}`, bearer, header("Origin", "http://127.0.0.1:5001"), header("Sec-Fetch-Site", "same-origin"))
		if w.Code != 200 {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	t.Run("no token", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `{"theme":"light"}`), 401, "unauthorized")
	})
	t.Run("wrong token", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `{"theme":"light"}`, header("Authorization", "Bearer "+strings.Repeat("0", 64))), 401, "unauthorized")
	})
	t.Run("token in query is not accepted", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings?token="+testToken, `{"theme":"light"}`), 401, "unauthorized")
	})
	t.Run("not json", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `theme=light`, bearer, header("Content-Type", "application/x-www-form-urlencoded")), 415, "unsupported_media_type")
	})
	t.Run("body too large", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `{"theme":"`+strings.Repeat("x", 2000)+`"}`, bearer), 413, "body_too_large")
	})
	t.Run("bad json", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `{"theme":`, bearer), 400, "invalid_body")
	})
	t.Run("unknown field", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `{"colour":"red"}`, bearer), 400, "invalid_body")
	})
	t.Run("bad value", func(t *testing.T) {
		wantError(t, f.do("POST", "/api/settings", `{"theme":"pink"}`, bearer), 400, "invalid_settings")
	})
	t.Run("no wildcard CORS", func(t *testing.T) {
		w := f.do("OPTIONS", "/api/kr/signals", "", header("Origin", "http://evil.example"), header("Access-Control-Request-Method", "GET"))
		if w.Code != 403 || w.Header().Get("Access-Control-Allow-Origin") != "" {
			t.Fatalf("preflight %d ACAO %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"))
		}
		w = f.do("GET", "/api/kr/signals", "")
		if w.Header().Get("Access-Control-Allow-Origin") != "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("headers %v", w.Header())
		}
	})
}

func TestSettingsNeverLeakToken(t *testing.T) {
	f := newFixture(t)
	for _, w := range []*httptest.ResponseRecorder{
		f.do("GET", "/api/settings", ""),
		f.do("POST", "/api/settings", `{"language":"en"}`, header("Authorization", "Bearer "+testToken)),
		f.do("GET", "/api/openapi.json", ""),
		f.do("GET", "/api/health", ""),
	} {
		if w.Code != 200 || strings.Contains(w.Body.String(), testToken) {
			t.Fatalf("%d, token leaked or failed: %s", w.Code, w.Body)
		}
	}
	m := decode(t, f.do("GET", "/api/settings", ""))
	if m["settings"].(map[string]any)["language"] != "en" {
		t.Fatalf("settings not saved: %v", m)
	}
}

func TestAppServing(t *testing.T) {
	f := newFixture(t)
	if w := f.do("GET", "/", ""); w.Code != http.StatusFound || w.Header().Get("Location") != "/app/" {
		t.Fatalf("/ → %d %s", w.Code, w.Header().Get("Location"))
	}
	// The fixture's frontend folder is empty: a clear 503, not a blank page.
	wantError(t, f.do("GET", "/app/", ""), 503, "frontend_missing")
}

// Both doors — the HTTP API and the in-process binding — return the same
// JSON for every operation.
func TestBindingMatchesHTTP(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		op     string
		params map[string]string
		body   string
		target string
	}{
		{"health", nil, "", "/api/health"},
		{"settings.get", nil, "", "/api/settings"},
		{"settings.update", nil, `{"theme":"light"}`, "/api/settings"},
		{"kr.signals", nil, "", "/api/kr/signals"},
		{"kr.stockChart", map[string]string{"ticker": "005930", "period": "3mo"}, "", "/api/kr/stock-chart/005930?period=3mo"},
		{"kr.stockChart", map[string]string{"ticker": "abc"}, "", "/api/kr/stock-chart/abc"},
		{"kr.stockChart", map[string]string{"ticker": "999999"}, "", "/api/kr/stock-chart/999999"},
		{"sources.status", nil, "", "/api/sources"},
		{"update.start", nil, `{"market":"mars"}`, "/api/update"},
		{"jobs.list", nil, "", "/api/jobs"},
		{"us.secFilings", nil, "", "/api/us/sec-filings"},
		{"news.get", map[string]string{"ticker": "005930"}, "", "/api/news/005930"},
		{"news.get", map[string]string{"ticker": "../x"}, "", "/api/news/..%2Fx"},
		{"jobs.get", map[string]string{"id": "update-7"}, "", "/api/jobs/update-7"},
		{"import.csv", nil, `{"symbol":"TEST","csv":"date,open,high,low,close,volume\n2026-11-26,1,2,0.5,1.5,10\n"}`, "/api/import"},
		{"kr.vcpScan", nil, `{"rule":"magic"}`, "/api/kr/vcp-scan"},
		{"kr.rules", nil, "", "/api/kr/rules"},
		{"kr.aiAnalysis", map[string]string{"refresh": "maybe"}, "", "/api/kr/ai-analysis?refresh=maybe"},
		{"kr.aiAnalysis", nil, "", "/api/kr/ai-analysis"},
		{"kr.aiAnalysisRefresh", nil, `{}`, "/api/kr/ai-analysis/refresh"},
		{"kr.aiSummary", map[string]string{"ticker": "005930"}, "", "/api/kr/ai-summary/005930"},
		{"kr.aiHistoryDates", nil, "", "/api/kr/ai-history-dates"},
		{"kr.aiHistory", map[string]string{"date": "20261127"}, "", "/api/kr/ai-history/20261127"},
		{"kr.rulesUpdate", nil, `{"signals":{"min_score":200}}`, "/api/kr/rules"},
		{"kr.realtimePrices", nil, `{"tickers":["005930","035720","123456"]}`, "/api/kr/realtime-prices"},
		{"kr.realtimePrices", nil, `{"tickers":["../x"]}`, "/api/kr/realtime-prices"},
		{"kr.marketGate", map[string]string{"refresh": "true"}, "", "/api/kr/market-gate?refresh=true"},
		{"kr.marketGate", map[string]string{"refresh": "yes"}, "", "/api/kr/market-gate?refresh=yes"},
		{"kr.marketStatus", nil, "", "/api/kr/market-status"},
		{"kr.performance", nil, "", "/api/kr/performance"},
		{"kr.cumulativeReturn", nil, "", "/api/kr/cumulative-return"},
		{"kr.vcpStats", nil, "", "/api/kr/vcp-stats"},
		{"kr.vcpHistory", map[string]string{"days": "90"}, "", "/api/kr/vcp-history?days=90"},
		{"kr.vcpHistory", map[string]string{"days": "0"}, "", "/api/kr/vcp-history?days=0"},
		{"kr.backtest", map[string]string{"preset": "yolo"}, "", "/api/kr/backtest?preset=yolo"},
		{"scheduler.status", nil, "", "/api/scheduler/status"},
		{"scheduler.trigger", map[string]string{"task": "prices.kr"}, `{}`, "/api/scheduler/trigger/prices.kr"},
		{"scheduler.pause", nil, `{"task":"prices.kr"}`, "/api/scheduler/pause"},
		{"scheduler.resume", nil, `{}`, "/api/scheduler/resume"},
		{"notifications.test", nil, `{}`, "/api/notifications/test"},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.op] = true
		status, viaBinding := f.d.Invoke(context.Background(), c.op, c.params, []byte(c.body))
		method := "GET"
		var opts []reqOpt
		if c.body != "" {
			method = "POST"
			opts = append(opts, header("Authorization", "Bearer "+testToken))
		}
		w := f.do(method, c.target, c.body, opts...)
		if w.Code != status {
			t.Errorf("%s: HTTP %d, binding %d", c.op, w.Code, status)
		}
		a, b := normalise(t, viaBinding), normalise(t, w.Body.Bytes())
		if !bytes.Equal(a, b) {
			t.Errorf("%s: binding and HTTP differ:\n%s\n%s", c.op, a, b)
		}
	}
	for _, op := range f.d.Operations() {
		if !covered[op.Name] {
			t.Errorf("operation %s has no binding/HTTP equality case", op.Name)
		}
	}
}

func normalise(t *testing.T, b []byte) []byte {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	delete(m, "generated_at")
	out, _ := json.Marshal(m)
	return out
}

func TestUnknownOperationViaBinding(t *testing.T) {
	f := newFixture(t)
	status, body := f.d.Invoke(context.Background(), "no.such", nil, nil)
	if status != 404 || !strings.Contains(string(body), "unknown_operation") {
		t.Fatalf("%d %s", status, body)
	}
}

func TestNaNBecomesNull(t *testing.T) {
	type inner struct {
		X float64  `json:"x"`
		Y *float64 `json:"y"`
	}
	type res struct {
		A float64            `json:"a"`
		B []float64          `json:"b"`
		C map[string]float64 `json:"c"`
		D inner              `json:"d"`
		E string             `json:"e,omitempty"`
	}
	inf := math.Inf(1)
	b, err := marshal(res{A: math.NaN(), B: []float64{1, math.Inf(-1)}, C: map[string]float64{"k": math.NaN()}, D: inner{X: 2, Y: &inf}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":null,"b":[1,null],"c":{"k":null},"d":{"x":2,"y":null}}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	f := newFixture(t)
	w := f.do("GET", "/api/openapi.json", "")
	if w.Code != 200 {
		t.Fatal(w.Code)
	}
	m := decode(t, w)
	if m["openapi"] != "3.1.0" {
		t.Fatalf("openapi %v", m["openapi"])
	}
	paths := m["paths"].(map[string]any)
	for _, op := range f.d.Operations() {
		item, ok := paths[op.Path].(map[string]any)
		if !ok {
			t.Fatalf("path %s missing", op.Path)
		}
		o, ok := item[strings.ToLower(op.Method)].(map[string]any)
		if !ok || o["operationId"] != op.Name {
			t.Fatalf("%s %s missing", op.Method, op.Path)
		}
		if op.Token && o["security"] == nil {
			t.Errorf("%s lacks security", op.Name)
		}
	}
	schemas := m["components"].(map[string]any)["schemas"].(map[string]any)
	sig := schemas["SignalRow"].(map[string]any)["properties"].(map[string]any)
	if _, ok := sig["final_score"]; !ok {
		t.Fatalf("SignalRow schema %v", sig)
	}
	chart := schemas["ChartResult"].(map[string]any)["properties"].(map[string]any)
	for _, k := range []string{"status", "generated_at", "data_source", "data", "candles"} {
		if _, ok := chart[k]; !ok {
			t.Errorf("ChartResult lacks %s", k)
		}
	}
	params := paths["/api/kr/stock-chart/{ticker}"].(map[string]any)["get"].(map[string]any)["parameters"].([]any)
	if p := params[0].(map[string]any); p["name"] != "ticker" || p["schema"].(map[string]any)["pattern"] != `^[0-9][0-9A-Z]{5}$` {
		t.Errorf("ticker param %v", p)
	}
}

// The committed frontend operation map is what the table generates.
func TestFrontendRoutesUpToDate(t *testing.T) {
	path := filepath.Join("..", "..", "frontend", "src", "lib", "operations.gen.ts")
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := FrontendRoutes(Operations(Services{})); string(have) != want {
		t.Fatalf("%s is stale: run `make gen`\nwant:\n%s", path, want)
	}
}

func TestServerStartStop(t *testing.T) {
	f := newFixture(t)
	if err := f.srv.Start("0.0.0.0:0"); err == nil || !strings.Contains(err.Error(), "not loopback") {
		t.Fatalf("non-loopback bind: %v", err)
	}
	for i := 0; i < 2; i++ { // start, stop, start again
		if err := f.srv.Start("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		addr := f.srv.Addr()
		resp, err := http.Get("http://" + addr + "/api/health")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("health via listener: %d", resp.StatusCode)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := f.srv.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		if f.srv.Addr() != "" {
			t.Fatal("Addr after stop")
		}
	}
}

// A browser's pre-connected socket that never sends a request must not turn
// shutdown into an error (http.Server treats it as busy for 5 s).
func TestServerStopWithSilentConnection(t *testing.T) {
	f := newFixture(t)
	if err := f.srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", f.srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // let the server accept it
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := f.srv.Stop(ctx); err != nil {
		t.Fatalf("stop with a silent connection: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Fatal("the silent connection was left open")
	}
}

// The signals list is computed once per store version; a write (new quote)
// makes the next request see the new price.
func TestSignalsFollowStoreChanges(t *testing.T) {
	f := newFixture(t)
	a := f.do("GET", "/api/kr/signals", "").Body.String()
	if b := f.do("GET", "/api/kr/signals", "").Body.String(); a != b {
		t.Fatal("unchanged store, different bodies")
	}
	in := f.st.Ingester("demo", func() time.Time { return fixedNow })
	if err := in.PutQuotes(context.Background(), []market.Quote{{Symbol: "005930.KS", Price: 60000, Time: fixedNow.Unix()}}); err != nil {
		t.Fatal(err)
	}
	m := decode(t, f.do("GET", "/api/kr/signals", ""))
	first := m["signals"].([]any)[0].(map[string]any)
	if first["current_price"].(float64) != 60000 || first["return_pct"].(float64) != 20 {
		t.Fatalf("stale after a write: %v", first)
	}
}

func TestImportCSVOperation(t *testing.T) {
	f := newFixture(t)
	bearer := header("Authorization", "Bearer "+testToken)
	var csv strings.Builder
	csv.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 30000; i++ { // ~1.5 MB: above the default 1 MiB body limit, below the import limit
		fmt.Fprintf(&csv, "%s,100.5,101,99.25,100,100,123456\n", day.AddDate(0, 0, i).Format("2006-01-02"))
	}
	body, _ := json.Marshal(map[string]string{"symbol": "MYFUND", "name": "My fund", "csv": csv.String()})
	w := f.do("POST", "/api/import", string(body), bearer)
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body.String()[:200])
	}
	m := decode(t, w)
	if m["bars"].(float64) != 30000 || m["data_source"] != "imported" || m["format"] != "yahoo" {
		t.Fatalf("%v", m)
	}
	bad, _ := json.Marshal(map[string]string{"symbol": "MYFUND2", "csv": "date,open,high,low,close,volume\n2026-11-26,1,2,0.5,1.5,10\n2026-11-27,5,2,0.5,1.5,10\n"})
	w = f.do("POST", "/api/import", string(bad), bearer)
	wantError(t, w, 400, "invalid_csv")
	if !strings.Contains(decode(t, w)["message"].(string), "line 3") {
		t.Fatalf("message lacks the line: %s", w.Body)
	}
	wantError(t, f.do("POST", "/api/import", string(body)), 401, "unauthorized")
	huge := `{"symbol":"X","csv":"` + strings.Repeat("a", MaxImportBytes*3/2) + `"}`
	wantError(t, f.do("POST", "/api/import", huge, bearer), 413, "body_too_large")
}

func TestSourcesAndJobs(t *testing.T) {
	f := newFixture(t)
	f.reg.Report(sources.Yahoo, fmt.Errorf("boom"), "HTTP 503 from Yahoo")
	m := decode(t, f.do("GET", "/api/sources", ""))
	src := m["sources"].([]any)
	y := src[1].(map[string]any)
	if y["name"] != "yahoo" || y["state"] != "failing" || y["last_error"] != "HTTP 503 from Yahoo" || y["failing_since"] == nil {
		t.Fatalf("%v", y)
	}
	p, err := f.jobs.Start("scan", func(ctx context.Context, r jobs.Report) (any, error) { r("scanning", 5, 5); return "ok", nil })
	if err != nil {
		t.Fatal(err)
	}
	f.jobs.Wait(context.Background(), p.ID)
	job := decode(t, f.do("GET", "/api/jobs/"+p.ID, ""))["job"].(map[string]any)
	if job["state"] != "done" || job["done"].(float64) != 5 {
		t.Fatalf("%v", job)
	}
	if l := decode(t, f.do("GET", "/api/jobs", ""))["jobs"].([]any); len(l) != 1 {
		t.Fatalf("%v", l)
	}
	wantError(t, f.do("GET", "/api/jobs/nope-1", ""), 404, "unknown_job")
	wantError(t, f.do("GET", "/api/jobs/..%2Fx", ""), 400, "invalid_id")
}

func TestAPIKeysNeverReturned(t *testing.T) {
	f := newFixture(t)
	bearer := header("Authorization", "Bearer "+testToken)
	w := f.do("POST", "/api/settings", `{"api_keys":{"openai_api_key":"sk-very-secret-1234"},"sources":{"sec_contact":"Me me@example.com","kr_universe":50}}`, bearer)
	if w.Code != 200 || strings.Contains(w.Body.String(), "sk-very-secret") {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	m := decode(t, f.do("GET", "/api/settings", ""))
	if m["api_keys"].(map[string]any)["openai_api_key"] != true || m["sources"].(map[string]any)["kr_universe"].(float64) != 50 {
		t.Fatalf("%v", m)
	}
	wantError(t, f.do("POST", "/api/settings", `{"api_keys":{"aws":"x"}}`, bearer), 400, "invalid_settings")
	wantError(t, f.do("POST", "/api/settings", `{"sources":{"yahoo_url":"ftp://x"}}`, bearer), 400, "invalid_settings")
}

func TestUpdateStartAndBusy(t *testing.T) {
	f := newFixture(t)
	bearer := header("Authorization", "Bearer "+testToken)
	w := f.do("POST", "/api/update", `{"market":"kr"}`, bearer)
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	job := decode(t, w)["job"].(map[string]any)
	if job["kind"] != "update" || job["state"] != "running" {
		t.Fatalf("%v", job)
	}
	wantError(t, f.do("POST", "/api/update", `{"market":"all"}`, bearer), 409, "busy")
	wantError(t, f.do("POST", "/api/update", `{"market":"kr"}`), 401, "unauthorized")
	wantError(t, f.do("POST", "/api/update", `{}`, bearer), 400, "invalid_market")
}

// A field hiding an embedded one of the same JSON name appears once in the
// schema, as encoding/json writes it.
func TestShadowedFieldsOnce(t *testing.T) {
	type Inner struct {
		Status string `json:"status"`
		A      int    `json:"a"`
	}
	type outer struct {
		Inner
		Status string `json:"status"`
	}
	var names []string
	jsonFields(reflect.TypeFor[outer](), func(f jsonField) { names = append(names, f.name) })
	if strings.Join(names, ",") != "status,a" && strings.Join(names, ",") != "a,status" {
		t.Fatalf("fields %v", names)
	}
}

// Rules: a partial update merges, a bad value changes nothing, unknown
// fields are refused, and the schema documents every rule.
func TestRulesUpdate(t *testing.T) {
	f := newFixture(t)
	auth := header("Authorization", "Bearer "+testToken)
	w := f.do("POST", "/api/kr/rules", `{"signals":{"min_score":70,"weights":{"rs":0.2}},"exits":{"max_hold_days":10}}`, auth)
	if w.Code != 200 {
		t.Fatalf("update: %d %s", w.Code, w.Body)
	}
	m := decode(t, f.do("GET", "/api/kr/rules", ""))
	sig := m["signals"].(map[string]any)
	wts := sig["weights"].(map[string]any)
	if sig["min_score"].(float64) != 70 || wts["rs"].(float64) != 0.2 || wts["pattern"].(float64) != 0.4 ||
		m["exits"].(map[string]any)["max_hold_days"].(float64) != 10 || m["exits"].(map[string]any)["stop_loss_pct"].(float64) != 7 {
		t.Fatalf("after update: %v", m)
	}
	wantError(t, f.do("POST", "/api/kr/rules", `{"signals":{"min_score":70,"rule":"magic"}}`, auth), 400, "invalid_settings")
	wantError(t, f.do("POST", "/api/kr/rules", `{"signals":{"colour":"red"}}`, auth), 400, "invalid_body")
	wantError(t, f.do("POST", "/api/kr/rules", `{"exits":{"max_hold_days":5}}`), 401, "unauthorized")
	if m := decode(t, f.do("GET", "/api/kr/rules", "")); m["signals"].(map[string]any)["rule"] != "vcp" {
		t.Fatal("a rejected update changed the rules")
	}
	// defaults are the built-in values, whatever the settings; posting
	// them back resets the rules.
	m = decode(t, f.do("GET", "/api/kr/rules", ""))
	defs := m["defaults"].(map[string]any)
	dsig, dex, dgate := defs["signals"].(map[string]any), defs["exits"].(map[string]any), defs["gate"].(map[string]any)
	if dsig["min_score"].(float64) != 60 || dsig["rule"] != "vcp" || dsig["weights"].(map[string]any)["rs"].(float64) != 0.1 ||
		dsig["vcp"].(map[string]any)["dry_up_ratio"].(float64) != 0.7 || dex["max_hold_days"].(float64) != 5 ||
		dgate["usd_krw_danger"].(float64) != 1450 || dgate["green"].(float64) != 70 {
		t.Fatalf("defaults: %v", defs)
	}
	reset, err := json.Marshal(map[string]any{"signals": dsig, "exits": dex, "gate": dgate})
	if err != nil {
		t.Fatal(err)
	}
	w = f.do("POST", "/api/kr/rules", string(reset), auth)
	if w.Code != 200 {
		t.Fatalf("reset: %d %s", w.Code, w.Body)
	}
	m = decode(t, w)
	for _, k := range []string{"signals", "exits", "gate"} {
		got, _ := json.Marshal(m[k])
		want, _ := json.Marshal(m["defaults"].(map[string]any)[k])
		if string(got) != string(want) {
			t.Errorf("after reset %s = %s, want the defaults %s", k, got, want)
		}
	}
	doc := f.do("GET", "/api/openapi.json", "").Body.String()
	for _, want := range []string{"composite score a signal needs", "TRADING days", "Wilder RSI period", "dry-up", "built-in defaults"} {
		if !strings.Contains(doc, want) {
			t.Errorf("OpenAPI lacks %q", want)
		}
	}
}

// The event stream is documented although it is not a table operation.
func TestOpenAPIDocumentsEvents(t *testing.T) {
	f := newFixture(t)
	m := decode(t, f.do("GET", "/api/openapi.json", ""))
	ev, ok := m["paths"].(map[string]any)[EventsPath].(map[string]any)
	if !ok || ev["get"].(map[string]any)["responses"].(map[string]any)["200"] == nil {
		t.Fatalf("no %s in the OpenAPI document", EventsPath)
	}
}
