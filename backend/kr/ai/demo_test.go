package ai

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/kr"
	"krmarket/backend/llm/llmtest"
	"krmarket/backend/market"
	"krmarket/backend/provider/demo"
	"krmarket/backend/store"
)

// The whole flow on the demo market (the 120 largest KOSPI names and the
// indices; Saturday 2026-11-28, last session Friday 2026-11-27): the signal
// rules are evaluated on the last session and the 15 best scores logged as
// OPEN signals; the analysis then runs rules-only and with both fake LLMs.
func TestDemoMarketEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the demo market")
	}
	ctx := context.Background()
	now := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tickers, err := data.KRTickers()
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{KOSPI: true, KOSDAQ: true}
	for _, tk := range tickers[:120] {
		keep[tk.Symbol] = true
	}
	if _, err := demo.Generate(ctx, demo.Config{Seed: 20260101, Now: now, DailyBars: kr.ScanBars, FlowDays: 60, H4Bars: 6, Workers: 2},
		demo.Filter{Into: st.Ingester(contract.SourceDemo, clock), Keep: keep}); err != nil {
		t.Fatal(err)
	}
	insts, err := st.Instruments(ctx, market.KR, market.KindStock)
	if err != nil || len(insts) != 120 {
		t.Fatalf("%d stocks, %v", len(insts), err)
	}
	bench, _ := st.LastBars(ctx, KOSPI, market.Daily, kr.ScanBars+10)
	var sigs []store.Signal
	for _, in := range insts {
		bars, _ := st.LastBars(ctx, in.Symbol, market.Daily, kr.ScanBars)
		flows, _ := st.LastFlows(ctx, in.Symbol, 60)
		ev := setup.Evaluate(setup.Input{Bars: bars, Flows: flows, Bench: bench}, setup.DefaultConfig())
		g, err := kr.SignalOf(in, bars[len(bars)-1], ev)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, g)
	}
	sort.Slice(sigs, func(i, j int) bool { return sigs[i].Score > sigs[j].Score })
	if _, err := st.AddSignals(ctx, sigs[:15], now); err != nil {
		t.Fatal(err)
	}
	krs := kr.New(st, clock, nil)
	list, err := krs.Signals(ctx)
	if err != nil || list.Count == 0 {
		t.Fatalf("K2 list: %v, %+v", err, list)
	}

	s := New(Deps{Store: st, KR: krs, Now: clock})
	start := time.Now()
	r, err := s.Analysis(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	computed := time.Since(start)
	start = time.Now()
	if _, err := s.Analysis(ctx, false); err != nil {
		t.Fatal(err)
	}
	t.Logf("rules-only run of %d signals: %s; cached read: %s", r.Count, computed, time.Since(start))
	if r.SignalDate != "2026-11-27" || r.Count != min(list.Count, MaxAnalysed) || r.DataSource != contract.SourceDemo ||
		r.MarketIndices.KOSPI == nil || r.MarketIndices.KOSDAQ == nil || r.MarketIndices.KOSPI.Date != "2026-11-27" {
		t.Fatalf("analysis %s", mustJSON(t, r))
	}
	for i, sg := range r.Signals {
		row := list.Signals[i]
		if sg.Ticker != row.Ticker || sg.FinalScore != row.FinalScore || sg.CurrentPrice != row.CurrentPrice || sg.Name == "" ||
			sg.Fundamentals.Marcap == NA || !strings.HasSuffix(sg.Fundamentals.Marcap, "억원") || sg.AnalysisSource != SourceRules ||
			sg.Final.Action != sg.Rule.Action || sg.Final.Confidence != sg.Rule.Confidence || sg.GPT != nil || sg.Gemini != nil {
			t.Fatalf("signal %d %s vs K2 %+v", i, mustJSON(t, sg), row)
		}
		t.Logf("%s %s score %.1f vcp %v → %s %d: %s", sg.Ticker, sg.Name, sg.Score, sg.VCP != nil, sg.Rule.Action, sg.Rule.Confidence, sg.Rule.Reason)
	}

	// With both fakes: every analysed signal gets both verdicts.
	gem, oai := llmtest.NewGemini(testGeminiKey), llmtest.NewOpenAI(testOpenAIKey)
	defer gem.Close()
	defer oai.Close()
	cfg := Config{OpenAI: llmtestProvider(oai.URL, "openai_api_key"), Gemini: llmtestProvider(gem.URL, "gemini_api_key"), DeadlineSeconds: 25}
	keys := map[string]string{"openai_api_key": testOpenAIKey, "gemini_api_key": testGeminiKey}
	s = New(Deps{Store: st, KR: krs, Now: clock, Config: func() Config { return cfg }, Key: func(n string) (string, error) { return keys[n], nil }})
	start = time.Now()
	r, err = s.Analysis(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("run with both fake LLMs (%d calls, 2 at a time): %s", 2*r.Count, time.Since(start))
	if len(gem.Requests()) != r.Count || len(oai.Requests()) != r.Count || r.APIStatus.Gemini != StatusActive {
		t.Fatalf("%d/%d requests for %d signals", len(gem.Requests()), len(oai.Requests()), r.Count)
	}
	for _, sg := range r.Signals {
		if sg.AnalysisSource != "gemini+openai" || sg.Gemini.Source != SourceGemini || sg.GPT.Source != SourceOpenAI {
			t.Fatalf("%s", mustJSON(t, sg))
		}
	}
	dates, _ := s.HistoryDates(ctx)
	if dates.Count != 1 || dates.Dates[0] != "2026-11-27" {
		t.Fatalf("dates %+v", dates)
	}
}

func llmtestProvider(url, secret string) Provider {
	return Provider{Enabled: true, BaseURL: url, Model: "test-model", TimeoutSeconds: 10, KeySecret: secret}
}
