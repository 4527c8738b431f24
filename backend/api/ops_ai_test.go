package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/kr"
	"krmarket/backend/kr/ai"
	"krmarket/backend/llm"
	"krmarket/backend/llm/llmtest"
)

// aiFixture serves the AI operations over the standard fixture's store
// (005930 signal of 2026-11-27, 035720 of 2026-11-26), rules only unless
// an OpenAI-compatible fake is passed.
type aiFixture struct {
	d *Dispatcher
	h http.Handler
}

func newAIFixture(t *testing.T, oai *llmtest.Server) *aiFixture {
	t.Helper()
	f := newFixture(t)
	now := func() time.Time { return fixedNow }
	cfg := llm.DefaultConfig()
	keys := map[string]string{}
	if oai != nil {
		cfg.OpenAI.Enabled, cfg.OpenAI.BaseURL, cfg.OpenAI.Model = true, oai.URL, "gpt-test"
		keys["openai_api_key"] = oai.Key
	}
	svc := ai.New(ai.Deps{Store: f.st, KR: kr.New(f.st, now, nil), Now: now,
		Config: func() ai.Config { return cfg },
		Key:    func(n string) (string, error) { return keys[n], nil }})
	log := logrus.New()
	log.SetOutput(io.Discard)
	d := NewDispatcher(Operations(Services{AI: svc}), now, log)
	srv := NewServer(d, Options{Token: testToken, MaxBody: 1024, Log: log})
	return &aiFixture{d: d, h: srv.HandlerForHosts("127.0.0.1:5001")}
}

func (f *aiFixture) do(method, target string, opts ...reqOpt) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.Host = "127.0.0.1:5001"
	if method == "POST" {
		r.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(r)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// Both doors give the same JSON for every AI operation (the cases the
// shared TestBindingMatchesHTTP needs once its fixture wires Services.AI).
func TestAIOpsBindingMatchesHTTP(t *testing.T) {
	f := newAIFixture(t, nil)
	cases := []struct {
		op     string
		method string
		params map[string]string
		target string
	}{
		{"kr.aiAnalysis", "GET", nil, "/api/kr/ai-analysis"},
		{"kr.aiAnalysis", "GET", map[string]string{"refresh": "true"}, "/api/kr/ai-analysis?refresh=true"},
		{"kr.aiAnalysis", "GET", map[string]string{"refresh": "maybe"}, "/api/kr/ai-analysis?refresh=maybe"},
		{"kr.aiAnalysisRefresh", "POST", nil, "/api/kr/ai-analysis/refresh"},
		{"kr.aiSummary", "GET", map[string]string{"ticker": "005930"}, "/api/kr/ai-summary/005930"},
		{"kr.aiSummary", "GET", map[string]string{"ticker": "999999"}, "/api/kr/ai-summary/999999"},
		{"kr.aiSummary", "GET", map[string]string{"ticker": "abc"}, "/api/kr/ai-summary/abc"},
		{"kr.aiHistoryDates", "GET", nil, "/api/kr/ai-history-dates"},
		{"kr.aiHistory", "GET", map[string]string{"date": "kr_ai_analysis_20261127"}, "/api/kr/ai-history/kr_ai_analysis_20261127"},
		{"kr.aiHistory", "GET", map[string]string{"date": "2026-11-20"}, "/api/kr/ai-history/2026-11-20"},
		{"kr.aiHistory", "GET", map[string]string{"date": "2026-02-30"}, "/api/kr/ai-history/2026-02-30"},
		{"kr.aiHistory", "GET", map[string]string{"date": "../x"}, "/api/kr/ai-history/..%2Fx"},
	}
	for _, c := range cases {
		// The binding first: a refresh through it would otherwise change
		// generated_at between the two (normalise drops it anyway).
		status, viaBinding := f.d.Invoke(context.Background(), c.op, c.params, nil)
		w := f.do(c.method, c.target, header("Authorization", "Bearer "+testToken))
		if w.Code != status {
			t.Errorf("%s %s: HTTP %d, binding %d: %s", c.op, c.target, w.Code, status, w.Body)
			continue
		}
		if a, b := normalise(t, viaBinding), normalise(t, w.Body.Bytes()); !bytes.Equal(a, b) {
			t.Errorf("%s: binding and HTTP differ:\n%s\n%s", c.op, a, b)
		}
	}
}

func TestAIAnalysisOverHTTP(t *testing.T) {
	f := newAIFixture(t, nil)
	w := f.do("GET", "/api/kr/ai-analysis")
	if w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	m := decode(t, w)
	wantEnvelope(t, m, "demo")
	sigs := m["signals"].([]any)
	first := sigs[0].(map[string]any)
	if m["signal_date"] != "2026-11-27" || len(sigs) != 2 || first["ticker"] != "005930" || first["gpt_recommendation"] != nil ||
		first["gemini_recommendation"] != nil || first["analysis_source"] != "rules" || m["gate"] != "UNKNOWN" {
		t.Fatalf("%s", w.Body)
	}
	// Rules only: a refresh is free, so the GET may do it.
	if w := f.do("GET", "/api/kr/ai-analysis?refresh=true"); w.Code != 200 {
		t.Fatalf("rules-only refresh: %d %s", w.Code, w.Body)
	}
	wantError(t, f.do("GET", "/api/kr/ai-analysis?refresh=yes"), 400, "invalid_refresh")
	w = f.do("GET", "/api/kr/ai-history-dates")
	if m := decode(t, w); w.Code != 200 || m["count"] != 1.0 || m["dates"].([]any)[0] != "2026-11-27" {
		t.Fatalf("%s", w.Body)
	}
	if w := f.do("GET", "/api/kr/ai-history/20261127"); w.Code != 200 || decode(t, w)["signal_date"] != "2026-11-27" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	w = f.do("GET", "/api/kr/ai-history/2026-11-20")
	wantError(t, w, 404, "no_analysis")
	if decode(t, w)["message"] != "No analysis found for 2026-11-20" {
		t.Fatalf("%s", w.Body)
	}
	wantError(t, f.do("GET", "/api/kr/ai-history/2026-13-45"), 400, "invalid_date")
	wantError(t, f.do("GET", "/api/kr/ai-history/yesterday"), 400, "invalid_date")
	wantError(t, f.do("GET", "/api/kr/ai-summary/999999"), 404, "unknown_ticker")
	wantError(t, f.do("GET", "/api/kr/ai-summary/00593"), 400, "invalid_ticker")
	if w := f.do("GET", "/api/kr/ai-summary/005930"); w.Code != 200 || decode(t, w)["in_analysis"] != true {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if w := f.do("GET", "/api/kr/ai-analysis/refresh"); w.Code != 405 || w.Header().Get("Allow") != "POST" {
		t.Fatalf("GET on the refresh path: %d %v", w.Code, w.Header())
	}
}

// With an LLM configured, refreshing spends the user's quota: the GET
// refuses, the POST needs the token.
func TestAIRefreshNeedsTokenWithLLM(t *testing.T) {
	oai := llmtest.NewOpenAI("sk-fake-ops-test-key-123456")
	defer oai.Close()
	f := newAIFixture(t, oai)
	if w := f.do("GET", "/api/kr/ai-analysis"); w.Code != 200 || len(oai.Requests()) != 2 {
		t.Fatalf("first GET: %d, %d LLM calls: %s", w.Code, len(oai.Requests()), w.Body)
	}
	wantError(t, f.do("GET", "/api/kr/ai-analysis?refresh=true"), 403, "refresh_needs_token")
	wantError(t, f.do("POST", "/api/kr/ai-analysis/refresh"), 401, "unauthorized")
	if len(oai.Requests()) != 2 {
		t.Fatal("a refused refresh called the LLM")
	}
	w := f.do("POST", "/api/kr/ai-analysis/refresh", header("Authorization", "Bearer "+testToken))
	if w.Code != 200 || len(oai.Requests()) != 4 {
		t.Fatalf("token refresh: %d, %d calls: %s", w.Code, len(oai.Requests()), w.Body)
	}
	body := w.Body.String()
	if !strings.Contains(body, `"analysis_source":"openai"`) || strings.Contains(body, "sk-fake") {
		t.Fatalf("%s", body)
	}
}
