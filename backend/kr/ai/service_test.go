package ai

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/contract"
	"krmarket/backend/kr"
	"krmarket/backend/llm"
	"krmarket/backend/llm/llmtest"
	"krmarket/backend/market"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

// fixedNow is Friday 2026-11-27 18:00 KST, after the close.
var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

const (
	testOpenAIKey = "sk-test-OPENAI-0123456789abcdef"
	testGeminiKey = "AIza-test-GEMINI-0123456789abcdef"
)

type fixture struct {
	st *store.Store

	mu       sync.Mutex
	now      time.Time
	cfg      Config
	keys     map[string]string
	gate     string
	redacted []string
}

func (f *fixture) clock() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

func dayBars(sym string, n int, base float64) []market.Bar {
	bars := make([]market.Bar, n)
	for i := range bars {
		p := base + 10*float64(i)
		bars[i] = market.Bar{Symbol: sym, Interval: market.Daily, Time: fixedNow.AddDate(0, 0, i-n).Truncate(24 * time.Hour).Unix(),
			Open: p, High: p + 500, Low: p - 500, Close: p + 100, Volume: 1e6}
	}
	return bars
}

// newFixture builds a small real store: 삼성전자 (an OPEN vcp-rule signal
// with fundamentals and a quote), 카카오 (an OPEN legacy signal, nothing
// else), SK하이닉스 (bars and flows, not a signal), 셀트리온 (listed, no
// bars), and two closes of each index.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st, now: fixedNow, cfg: llm.DefaultConfig(), keys: map[string]string{}, gate: "GREEN"}
	in := st.Ingester(contract.SourceDemo, f.clock)
	insts := []market.Instrument{
		{Symbol: "005930.KS", Ticker: "005930", Name: "삼성전자", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
		{Symbol: "035720.KS", Ticker: "035720", Name: "카카오", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
		{Symbol: "000660.KS", Ticker: "000660", Name: "SK하이닉스", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
		{Symbol: "068270.KS", Ticker: "068270", Name: "셀트리온", Market: market.KR, Exchange: "KOSPI", Kind: market.KindStock, Currency: "KRW"},
		{Symbol: KOSPI, Ticker: KOSPI, Name: "KOSPI", Market: market.KR, Exchange: "INDEX", Kind: market.KindIndex, Currency: "KRW"},
		{Symbol: KOSDAQ, Ticker: KOSDAQ, Name: "KOSDAQ", Market: market.KR, Exchange: "INDEX", Kind: market.KindIndex, Currency: "KRW"},
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(in.PutInstruments(ctx, insts))
	for i, sym := range []string{"005930.KS", "035720.KS", "000660.KS"} {
		must(in.PutBars(ctx, dayBars(sym, 300, 50000+100*float64(i))))
	}
	idx := func(sym string, closes ...float64) {
		var bars []market.Bar
		for i, c := range closes {
			bars = append(bars, market.Bar{Symbol: sym, Interval: market.Daily, Time: fixedNow.AddDate(0, 0, i-len(closes)).Truncate(24 * time.Hour).Unix(),
				Open: c, High: c, Low: c, Close: c, Volume: 1})
		}
		must(in.PutBars(ctx, bars))
	}
	idx(KOSPI, 2600, 2650.5, 2610.25)
	idx(KOSDAQ, 850, 858.5)
	var flows []market.Flow
	for _, b := range dayBars("000660.KS", 60, 0) {
		flows = append(flows, market.Flow{Symbol: "000660.KS", Time: b.Time, ForeignNet: 20_000, InstNet: 5_000, RetailNet: -25_000})
	}
	must(in.PutFlows(ctx, flows))
	must(in.PutQuotes(ctx, []market.Quote{{Symbol: "005930.KS", Price: 55000, Time: fixedNow.Unix()}}))
	must(in.PutFundamentals(ctx, []market.Fundamentals{{Symbol: "005930.KS", AsOf: 1764201600, MarketCap: 4.2315e14, PE: ptr(12.5), PB: ptr(1.2),
		EPS: 4800.4, BPS: 52000, DividendYield: 0.0213}}))
	det, _ := json.Marshal(kr.SignalDetails{Rule: setup.RuleVCP, VCPScore: 75, Stage: "pivot", Pivot: 56000, DistanceToPivotPct: 1.79})
	_, err = st.AddSignals(ctx, []store.Signal{
		{Market: market.KR, Ticker: "005930", Symbol: "005930.KS", SignalDate: "2026-11-27", EntryPrice: 50000, Foreign5d: 900_000, Inst5d: 100_000,
			Score: 80, ContractionRatio: 0.5, Details: det},
		{Market: market.KR, Ticker: "035720", Symbol: "035720.KS", SignalDate: "2026-11-26", EntryPrice: 40000, Foreign5d: 60_000, Inst5d: -10_000,
			Score: 65, ContractionRatio: 0.7},
	}, fixedNow)
	must(err)
	return f
}

func (f *fixture) service(mod ...func(*Deps)) *Service {
	d := Deps{
		Store: f.st, KR: kr.New(f.st, f.clock, nil), Now: f.clock,
		Config: func() Config { f.mu.Lock(); defer f.mu.Unlock(); return f.cfg },
		Key: func(name string) (string, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.keys[name], nil
		},
		Redact: func(v ...string) { f.mu.Lock(); f.redacted = append(f.redacted, v...); f.mu.Unlock() },
		Gate: func(context.Context) (string, float64, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.gate == "" {
				return "", 0, errors.New("gate failed")
			}
			return f.gate, 72, nil
		},
		LLMBackoff: time.Millisecond,
	}
	for _, m := range mod {
		m(&d)
	}
	return New(d)
}

// withLLMs starts both fakes and enables both providers with their keys.
func (f *fixture) withLLMs(t testing.TB) (gem, oai *llmtest.Server) {
	gem, oai = llmtest.NewGemini(testGeminiKey), llmtest.NewOpenAI(testOpenAIKey)
	t.Cleanup(gem.Close)
	t.Cleanup(oai.Close)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg.Gemini.Enabled, f.cfg.Gemini.BaseURL, f.cfg.Gemini.Model = true, gem.URL, "gemini-test"
	f.cfg.OpenAI.Enabled, f.cfg.OpenAI.BaseURL, f.cfg.OpenAI.Model = true, oai.URL, "gpt-test"
	f.keys["gemini_api_key"], f.keys["openai_api_key"] = testGeminiKey, testOpenAIKey
	return gem, oai
}

func byTicker(t testing.TB, r *AnalysisResult, ticker string) SignalAnalysis {
	t.Helper()
	for _, s := range r.Signals {
		if s.Ticker == ticker {
			return s
		}
	}
	t.Fatalf("%s not in the analysis", ticker)
	return SignalAnalysis{}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Rules only, every number hand-checked:
//   - 삼성전자: score 80 ≥ 70 with foreign buying → BUY 60; +5 institutions,
//     +5 contraction 0.50, +10 VCP pivot with score 75, +5 gate GREEN = 85;
//     return (55,000 − 50,000)/50,000 = +10 %.
//   - 카카오: score 65 < 70, foreign buying → HOLD 50.
//   - KOSPI (2610.25 − 2650.5)/2650.5 = −1.52 %; KOSDAQ 8.5/850 = +1.00 %.
func TestAnalysisRulesOnly(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s := f.service()
	r, err := s.Analysis(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "success" || r.DataSource != contract.SourceDemo || r.SignalDate != "2026-11-27" || r.Count != 2 || r.Gate != "GREEN" ||
		r.GateScore == nil || *r.GateScore != 72 || r.Message != "" {
		t.Fatalf("result %s", mustJSON(t, r))
	}
	if *r.MarketIndices.KOSPI != (IndexQuote{Value: 2610.25, ChangePct: -1.52, Date: "2026-11-26"}) ||
		*r.MarketIndices.KOSDAQ != (IndexQuote{Value: 858.5, ChangePct: 1, Date: "2026-11-26"}) {
		t.Fatalf("indices %s", mustJSON(t, r.MarketIndices))
	}
	if r.APIStatus.Gemini != StatusNotConfigured || r.APIStatus.OpenAI != StatusNotConfigured || len(r.APIStatus.Errors) != 0 || r.APIStatus.DeadlineExceeded {
		t.Fatalf("api_status %+v", r.APIStatus)
	}
	sam := r.Signals[0]
	if sam.Ticker != "005930" || sam.Name != "삼성전자" || sam.Market != "KOSPI" || sam.CurrentPrice != 55000 || sam.ReturnPct != 10 ||
		sam.FinalScore != 77 || sam.VCP == nil || *sam.VCP != (VCPInfo{Score: 75, Stage: "pivot", Pivot: 56000, DistanceToPivotPct: 1.79}) {
		t.Fatalf("삼성전자 %s", mustJSON(t, sam))
	}
	if sam.Fundamentals != (Fundamentals{Marcap: "4,231,500억원", PER: "12.50", PBR: "1.20", EPS: "4,800원", BPS: "52,000원", DivYield: "2.13%", ROE: "9.60%", AsOf: "2025-11-27"}) {
		t.Fatalf("fundamentals %+v", sam.Fundamentals)
	}
	if sam.Rule.Action != Buy || sam.Rule.Confidence != 85 || sam.Final.Action != Buy || sam.Final.Confidence != 85 || sam.Final.Source != SourceConsensus ||
		sam.GPT != nil || sam.Gemini != nil || sam.AnalysisSource != SourceRules || len(sam.News) != 0 || sam.News == nil {
		t.Fatalf("삼성전자 verdicts %s", mustJSON(t, sam))
	}
	kk := byTicker(t, r, "035720")
	if kk.Rule.Action != Hold || kk.Rule.Confidence != 50 || kk.VCP != nil || kk.Fundamentals.PER != NA || kk.AnalysisSource != SourceRules {
		t.Fatalf("카카오 %s", mustJSON(t, kk))
	}
	// Saved as the snapshot of the signal date, byte for byte what was returned.
	b, err := f.st.Snapshot(ctx, SnapshotKind, "2026-11-27")
	if err != nil || string(b) != mustJSON(t, r) {
		t.Fatalf("snapshot %s, %v", b, err)
	}
	if err := s.CheckRefresh(); err != nil {
		t.Fatalf("rules-only refresh refused: %v", err)
	}
	// The gate failing is counted and the gate shown as unknown.
	f.mu.Lock()
	f.gate = ""
	f.mu.Unlock()
	r, err = s.Analysis(ctx, true)
	if err != nil || r.Gate != "UNKNOWN" || r.GateScore != nil || r.APIStatus.Errors["gate"] != 1 || byTicker(t, r, "005930").Rule.Confidence != 80 {
		t.Fatalf("gate failure: %v %s", err, mustJSON(t, r))
	}
}

// A RED gate turns the BUY into HOLD 50.
func TestAnalysisRedGate(t *testing.T) {
	f := newFixture(t)
	f.gate = "RED"
	r, err := f.service().Analysis(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if s := byTicker(t, r, "005930"); s.Rule.Action != Hold || s.Rule.Confidence != 50 || !strings.Contains(s.Rule.Reason, "게이트 RED") {
		t.Fatalf("%+v", s.Rule)
	}
}

// The snapshot is served verbatim until refresh or a new signal date.
func TestAnalysisCacheRefreshAndHistory(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s := f.service()
	first, err := s.Analysis(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	f.advance(time.Hour)
	again, err := s.Analysis(ctx, false)
	if err != nil || mustJSON(t, again) != mustJSON(t, first) {
		t.Fatalf("cached analysis differs: %v", err)
	}
	fresh, err := s.Analysis(ctx, true)
	if err != nil || fresh.GeneratedAt == first.GeneratedAt || fresh.GeneratedAt != fixedNow.Add(time.Hour).Format(time.RFC3339) {
		t.Fatalf("refresh: %v, generated_at %s (first %s)", err, fresh.GeneratedAt, first.GeneratedAt)
	}
	if b, _ := f.st.Snapshot(ctx, SnapshotKind, "2026-11-27"); string(b) != mustJSON(t, fresh) {
		t.Fatal("refresh did not replace the snapshot")
	}
	// A newer OPEN signal date is a cache miss and a new history entry.
	if _, err := f.st.AddSignals(ctx, []store.Signal{{Market: market.KR, Ticker: "000660", Symbol: "000660.KS", SignalDate: "2026-11-30",
		EntryPrice: 53000, Foreign5d: 10, Inst5d: 10, Score: 55, ContractionRatio: 0.6}}, fixedNow); err != nil {
		t.Fatal(err)
	}
	next, err := s.Analysis(ctx, false)
	if err != nil || next.SignalDate != "2026-11-30" || next.Count != 3 {
		t.Fatalf("new date: %v %s", err, mustJSON(t, next))
	}
	dates, err := s.HistoryDates(ctx)
	if err != nil || !slices.Equal(dates.Dates, []string{"2026-11-30", "2026-11-27"}) || dates.Count != 2 || dates.DataSource != contract.SourceDemo {
		t.Fatalf("dates %+v, %v", dates, err)
	}
	for _, spelling := range []string{"2026-11-27", "20261127", "kr_ai_analysis_20261127", "kr_ai_analysis_2026-11-27"} {
		h, err := s.History(ctx, spelling)
		if err != nil || mustJSON(t, h) != mustJSON(t, fresh) {
			t.Fatalf("history %s: %v", spelling, err)
		}
	}
	var ce *contract.Error
	if _, err := s.History(ctx, "20261120"); !errors.As(err, &ce) || ce.HTTP != 404 || ce.Message != "No analysis found for 2026-11-20" {
		t.Fatalf("missing date: %v", err)
	}
	if _, err := s.History(ctx, "2026-02-30"); !errors.As(err, &ce) || ce.HTTP != 400 {
		t.Fatalf("invalid date: %v", err)
	}
}

// Both LLMs answer: their verdicts, the majority and the requests they got.
//   - 삼성전자: rules BUY 85, Gemini SELL 40, GPT BUY 90 → BUY, (85+90)/2 = 87.5 → 88.
//   - 카카오: rules HOLD 50, Gemini HOLD 60, GPT BUY 90 → HOLD, (50+60)/2 = 55.
func TestAnalysisWithBothLLMs(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	gem, oai := f.withLLMs(t)
	gem.Answer(func(r llmtest.Request) string {
		if strings.Contains(r.Prompt, "(005930)") {
			return llmtest.Verdict("SELL", 40, "고평가 부담", "expensive")
		}
		return llmtest.Verdict("HOLD", 60, "관망", "wait")
	})
	oai.Answer(func(llmtest.Request) string { return llmtest.Verdict("BUY", 90, "수급 개선", "flows improving") })
	s := f.service(func(d *Deps) {
		d.News = func(_ context.Context, ticker string) ([]NewsItem, error) {
			return []NewsItem{{Title: ticker + " 뉴스 제목", Summary: "요약", URL: "https://example.com/" + ticker}}, nil
		}
	})
	var wg sync.WaitGroup
	results := make([]*AnalysisResult, 2)
	for i := range results { // concurrent first calls share one run
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if results[i], err = s.Analysis(ctx, false); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	r := results[0]
	if mustJSON(t, results[1]) != mustJSON(t, r) || len(gem.Requests()) != 2 || len(oai.Requests()) != 2 {
		t.Fatalf("%d gemini and %d openai requests for two concurrent calls", len(gem.Requests()), len(oai.Requests()))
	}
	if r.APIStatus.Gemini != StatusActive || r.APIStatus.OpenAI != StatusActive || len(r.APIStatus.Errors) != 0 {
		t.Fatalf("api_status %+v", r.APIStatus)
	}
	sam, kk := byTicker(t, r, "005930"), byTicker(t, r, "035720")
	if sam.Gemini == nil || *sam.Gemini != (Recommendation{Action: Sell, Confidence: 40, Reason: "고평가 부담", ReasonEN: "expensive", Source: SourceGemini}) ||
		sam.GPT == nil || sam.GPT.Action != Buy || sam.GPT.Source != SourceOpenAI || sam.Final.Action != Buy || sam.Final.Confidence != 88 ||
		sam.AnalysisSource != "gemini+openai" || len(sam.News) != 1 || sam.News[0].URL != "https://example.com/005930" {
		t.Fatalf("삼성전자 %s", mustJSON(t, sam))
	}
	if kk.Final.Action != Hold || kk.Final.Confidence != 55 || kk.AnalysisSource != "gemini+openai" {
		t.Fatalf("카카오 %s", mustJSON(t, kk.Final))
	}
	// The prompt carries the numbers; the keys travel only in headers.
	for _, req := range append(gem.Requests(), oai.Requests()...) {
		if strings.Contains(req.Path+req.RawQuery, "AIza") || strings.Contains(req.Path+req.RawQuery, "sk-") {
			t.Fatalf("key in a URL: %s?%s", req.Path, req.RawQuery)
		}
		if strings.Contains(req.Prompt, "(005930)") && (!strings.Contains(req.Prompt, "외국인 900,000주, 기관 100,000주") ||
			!strings.Contains(req.Prompt, "005930 뉴스 제목 — 요약") || !strings.Contains(req.Prompt, "KOSPI 2610.25(-1.52%)")) {
			t.Fatalf("prompt:\n%s", req.Prompt)
		}
	}
	if req := oai.Requests()[0]; req.Format != "json_schema" || req.Model != "gpt-test" {
		t.Fatalf("openai request %+v", req)
	}
	if req := gem.Requests()[0]; req.Path != "/v1beta/models/gemini-test:generateContent" || req.Header.Get("x-goog-api-key") != testGeminiKey {
		t.Fatalf("gemini request %+v", req)
	}
	// Spending quota needs the token; the cache spends none.
	var ce *contract.Error
	if err := s.CheckRefresh(); !errors.As(err, &ce) || ce.HTTP != 403 || ce.Code != "refresh_needs_token" {
		t.Fatalf("CheckRefresh = %v", err)
	}
	if _, err := s.Analysis(ctx, false); err != nil || len(gem.Requests())+len(oai.Requests()) != 4 {
		t.Fatalf("a cached read called the LLMs: %v", err)
	}
	if _, err := s.Analysis(ctx, true); err != nil || len(gem.Requests())+len(oai.Requests()) != 8 {
		t.Fatalf("refresh: %v, %d requests", err, len(gem.Requests())+len(oai.Requests()))
	}
	// K4 condenses the saved entry.
	sum, err := s.Summary(ctx, "005930")
	if err != nil || !sum.InAnalysis || sum.SignalDate != "2026-11-27" || sum.Final.Confidence != 88 || sum.Grade != nil ||
		sum.Summary != "[Gemini] 고평가 부담\n[GPT] 수급 개선\n[규칙] "+sam.Rule.Reason ||
		sum.SummaryEN != "[Gemini] expensive\n[GPT] flows improving\n[Rules] "+sam.Rule.ReasonEN || sum.Fundamentals.PER != "12.50" || len(sum.News) != 1 {
		t.Fatalf("summary %v %s", err, mustJSON(t, sum))
	}
	// The keys were registered with the log redactor.
	if !slices.Contains(f.redacted, testGeminiKey) || !slices.Contains(f.redacted, testOpenAIKey) || len(f.redacted) != 2 {
		t.Fatalf("redacted %d values", len(f.redacted))
	}
}

// Failures: Gemini is rate-limited (disabled for the run after its
// retries), the OpenAI-compatible server rejects json_schema (json_object
// is used instead). Then garbage around a block (parsed) and invalid JSON
// (fallback).
func TestAnalysisLLMFailures(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	gem, oai := f.withLLMs(t)
	gem.SetDefault(llmtest.RateLimit)
	oai.SetDefault(llmtest.RejectSchema)
	reg := sources.New(f.clock)
	s := f.service(func(d *Deps) { d.Sources = reg })
	r, err := s.Analysis(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.APIStatus.Gemini != StatusRateLimited || r.APIStatus.OpenAI != StatusActive || r.APIStatus.Errors["gemini"] < 1 ||
		r.APIStatus.Errors["gemini"] != r.APIStatus.Errors["gemini_rate_limited"] || r.APIStatus.Errors["openai"] != 0 {
		t.Fatalf("api_status %+v", r.APIStatus)
	}
	for _, sg := range r.Signals {
		if sg.Gemini == nil || sg.Gemini.Source != SourceFallback || (sg.Gemini.Error != "rate_limited" && sg.Gemini.Error != "provider_disabled") ||
			sg.Gemini.Action != sg.Rule.Action || sg.Gemini.Confidence != sg.Rule.Confidence || sg.GPT.Source != SourceOpenAI || sg.AnalysisSource != "openai" {
			t.Fatalf("%s: %s", sg.Ticker, mustJSON(t, sg))
		}
	}
	// The sources registry shows the providers' state, without the keys.
	if g, o := reg.Status("gemini"), reg.Status("openai"); g.State != sources.StateRateLimited || g.LimitedUntil == nil ||
		!g.LimitedUntil.Equal(fixedNow.Add(time.Minute)) || o.State != sources.StateOK || o.Requests != 2 ||
		strings.Contains(g.LastError, testGeminiKey) || !strings.Contains(g.LastError, "rate_limited") {
		t.Fatalf("sources: %+v %+v", g, o)
	}
	// Gemini was asked at most once per signal, three attempts each.
	if n := len(gem.Requests()); n != 3*r.APIStatus.Errors["gemini"] {
		t.Fatalf("%d gemini requests for %d errors", n, r.APIStatus.Errors["gemini"])
	}
	gem.SetDefault(llmtest.Garbage)
	oai.SetDefault(llmtest.InvalidJSON)
	r, err = s.Analysis(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if r.APIStatus.Gemini != StatusActive || r.APIStatus.Errors["openai"] != 2 || r.APIStatus.Errors["openai_invalid_response"] != 2 {
		t.Fatalf("api_status %+v", r.APIStatus)
	}
	for _, sg := range r.Signals {
		if sg.Gemini.Source != SourceGemini || sg.GPT.Source != SourceFallback || sg.GPT.Error != llm.KindInvalid || sg.AnalysisSource != "gemini" {
			t.Fatalf("%s: %s", sg.Ticker, mustJSON(t, sg))
		}
	}
}

// Slow providers: the run's deadline cuts the calls short; every signal
// gets its rule verdict as the fallback, and the result is saved.
func TestAnalysisDeadline(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	gem, oai := f.withLLMs(t)
	for _, srv := range []*llmtest.Server{gem, oai} {
		srv.SetDefault(llmtest.Slow)
		srv.SetDelay(10 * time.Second)
	}
	s := f.service(func(d *Deps) { d.Deadline = 300 * time.Millisecond })
	start := time.Now()
	r, err := s.Analysis(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("run took %s with a 300 ms deadline", el)
	}
	if !r.APIStatus.DeadlineExceeded || r.APIStatus.Errors["gemini_deadline"]+r.APIStatus.Errors["openai_deadline"] != 4 {
		t.Fatalf("api_status %+v", r.APIStatus)
	}
	for _, sg := range r.Signals {
		if sg.AnalysisSource != SourceFallback || sg.Gemini.Error != llm.KindDeadline || sg.GPT.Error != llm.KindDeadline || sg.Final.Action != sg.Rule.Action {
			t.Fatalf("%s: %s", sg.Ticker, mustJSON(t, sg))
		}
	}
	if _, err := f.st.Snapshot(ctx, SnapshotKind, "2026-11-27"); err != nil {
		t.Fatalf("not saved: %v", err)
	}
}

// Rejected keys: both providers stop (auth_failed) and no key appears in
// the result or the snapshot, although both fakes echo the key they got.
func TestKeysNeverLeak(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.withLLMs(t)
	const wrongO, wrongG = "sk-WRONG-openai-never-shown-42", "AIza-WRONG-gemini-never-shown-42"
	f.keys["openai_api_key"], f.keys["gemini_api_key"] = wrongO, wrongG
	s := f.service()
	r, err := s.Analysis(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.APIStatus.Gemini != StatusAuthFailed || r.APIStatus.OpenAI != StatusAuthFailed {
		t.Fatalf("api_status %+v", r.APIStatus)
	}
	b, _ := f.st.Snapshot(ctx, SnapshotKind, "2026-11-27")
	for _, text := range []string{mustJSON(t, r), string(b)} {
		if strings.Contains(text, "WRONG") || strings.Contains(text, "never-shown") {
			t.Fatalf("a key leaked: %s", text)
		}
	}
	if !slices.Contains(f.redacted, wrongO) || !slices.Contains(f.redacted, wrongG) {
		t.Fatal("keys not registered with the redactor")
	}
}

// Enabled without a key: treated as not configured (null verdicts), and a
// refresh spends nothing, so it needs no token.
func TestEnabledWithoutKey(t *testing.T) {
	f := newFixture(t)
	gem, oai := f.withLLMs(t)
	f.keys = map[string]string{}
	s := f.service()
	r, err := s.Analysis(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if r.APIStatus.Gemini != StatusNoKey || r.APIStatus.OpenAI != StatusNoKey || r.Signals[0].GPT != nil || r.Signals[0].AnalysisSource != SourceRules ||
		len(gem.Requests())+len(oai.Requests()) != 0 || s.CheckRefresh() != nil {
		t.Fatalf("%s", mustJSON(t, r))
	}
	// A local server (Ollama) needs no key at all.
	f.cfg.OpenAI.KeySecret = ""
	oai.Key = ""
	r, err = s.Analysis(context.Background(), true)
	if err != nil || r.APIStatus.OpenAI != StatusActive || r.Signals[0].AnalysisSource != "openai" || s.CheckRefresh() == nil {
		t.Fatalf("%v %s", err, mustJSON(t, r.APIStatus))
	}
}

func TestSummaryOutsideTheAnalysis(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	s := f.service()
	// No analysis yet: an open signal is judged from its ledger numbers.
	kk, err := s.Summary(ctx, "035720")
	if err != nil || kk.InAnalysis || kk.SignalDate != "2026-11-26" || kk.Rule.Action != Hold || kk.Rule.Confidence != 50 ||
		kk.Final.Action != Hold || kk.AnalysisSource != SourceRules || kk.Score != 65 || kk.Name != "카카오" || kk.GPT != nil ||
		!strings.HasPrefix(kk.Summary, "[규칙] ") || kk.DataSource != contract.SourceDemo || kk.Status != "success" {
		t.Fatalf("카카오 %v %s", err, mustJSON(t, kk))
	}
	// Not a signal: the signal rules are evaluated on the stored bars and flows.
	hy, err := s.Summary(ctx, "000660")
	if err != nil {
		t.Fatal(err)
	}
	bars, _ := f.st.LastBars(ctx, "000660.KS", market.Daily, kr.ScanBars)
	flows, _ := f.st.LastFlows(ctx, "000660.KS", 60)
	bench, _ := f.st.LastBars(ctx, KOSPI, market.Daily, kr.ScanBars+10)
	ev := setup.Evaluate(setup.Input{Bars: bars, Flows: flows, Bench: bench}, setup.DefaultConfig())
	want := Rules(RuleInput{Score: ev.Score, ContractionRatio: ev.Legacy.ContractionRatio, Foreign5d: ev.Flow.Foreign5d, Inst5d: ev.Flow.Inst5d, Gate: "GREEN"})
	if ev.Flow.Foreign5d != 100_000 || hy.Rule != want || hy.SignalDate != "" || hy.Fundamentals.Marcap != NA || hy.Score != round(ev.Score, 1) {
		t.Fatalf("SK하이닉스 %s (want rule %+v)", mustJSON(t, hy), want)
	}
	var ce *contract.Error
	for ticker, status := range map[string]int{"068270": 503, "999999": 404, "12345": 400, "abcdef": 400, "../etc": 400} {
		if _, err := s.Summary(ctx, ticker); !errors.As(err, &ce) || ce.HTTP != status {
			t.Errorf("%s: %v, want HTTP %d", ticker, err, status)
		}
	}
}

func TestNoOpenSignals(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := func() time.Time { return fixedNow }
	s := New(Deps{Store: st, KR: kr.New(st, now, nil), Now: now})
	r, err := s.Analysis(ctx, false)
	if err != nil || r.Count != 0 || r.Signals == nil || r.Message == "" || r.SignalDate != "" || r.Gate != "UNKNOWN" ||
		r.APIStatus.Gemini != StatusNotConfigured || r.APIStatus.Errors == nil {
		t.Fatalf("%v %s", err, mustJSON(t, r))
	}
	if n, _ := st.Count(ctx, "snapshots"); n != 0 {
		t.Fatal("an empty answer was saved")
	}
	d, err := s.HistoryDates(ctx)
	if err != nil || d.Count != 0 || d.Dates == nil {
		t.Fatalf("%+v %v", d, err)
	}
}

func TestNilServiceIsUnavailable(t *testing.T) {
	var s *Service
	var ce *contract.Error
	if _, err := s.Analysis(context.Background(), false); !errors.As(err, &ce) || ce.HTTP != 503 {
		t.Fatal(err)
	}
	if _, err := s.Summary(context.Background(), "005930"); !errors.As(err, &ce) || ce.HTTP != 503 {
		t.Fatal(err)
	}
	if s.CheckRefresh() != nil {
		t.Fatal("nil service refuses refresh")
	}
}
