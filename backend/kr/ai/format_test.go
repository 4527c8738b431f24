package ai

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"krmarket/backend/contract"
	"krmarket/backend/market"
)

// Hand-checked: 4.2315e14 / 1e8 = 4,231,500 억원; ROE from PBR/PER =
// 1.2/12.5·100 = 9.60 %; 0.0213 → 2.13 %; as_of 1764201600 = 2025-11-27 UTC.
func TestFormatFundamentals(t *testing.T) {
	f := &market.Fundamentals{MarketCap: 4.2315e14, PE: ptr(12.5), PB: ptr(1.2), EPS: 4800.4, BPS: 52000, DividendYield: 0.0213, AsOf: 1764201600}
	want := Fundamentals{Marcap: "4,231,500억원", PER: "12.50", PBR: "1.20", EPS: "4,800원", BPS: "52,000원", DivYield: "2.13%", ROE: "9.60%", AsOf: "2025-11-27"}
	if got := FormatFundamentals(f); got != want {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	f.ROE = ptr(0.091) // a stored ROE wins over the approximation
	if got := FormatFundamentals(f).ROE; got != "9.10%" {
		t.Fatalf("roe %s", got)
	}
	loss := &market.Fundamentals{MarketCap: 5e9, PE: ptr(-8), PB: ptr(0), EPS: -1250}
	want = Fundamentals{Marcap: "50억원", PER: "-8.00", PBR: NA, EPS: "-1,250원", BPS: NA, DivYield: "0.00%", ROE: NA}
	if got := FormatFundamentals(loss); got != want {
		t.Fatalf("loss-maker %+v", got)
	}
	all := Fundamentals{Marcap: NA, PER: NA, PBR: NA, EPS: NA, BPS: NA, DivYield: NA, ROE: NA}
	if got := FormatFundamentals(nil); got != all {
		t.Fatalf("nil %+v", got)
	}
}

// Hand-checked: (2610.25 − 2650.5)/2650.5·100 = −1.5186 → −1.52.
func TestIndexQuote(t *testing.T) {
	bars := []market.Bar{{Time: 1764115200, Close: 2650.5}, {Time: 1764201600, Close: 2610.25}}
	q := indexQuote(bars)
	if q == nil || *q != (IndexQuote{Value: 2610.25, ChangePct: -1.52, Date: "2025-11-27"}) {
		t.Fatalf("%+v", q)
	}
	if indexQuote(bars[:1]) != nil || indexQuote([]market.Bar{{Close: 0}, {Close: 5}}) != nil {
		t.Fatal("quote from too little data")
	}
}

func TestParseVerdict(t *testing.T) {
	for _, c := range []struct {
		in     string
		action string
		conf   int
	}{
		{`{"action":"BUY","confidence":72,"reason":"실적 개선","reason_en":"earnings"}`, Buy, 72},
		{`{"action":" sell ","confidence":"40","reason":"r"}`, Sell, 40},
		{`{"action":"매수","confidence":75.6,"reason":"r"}`, Buy, 76},
		{`{"action":"관망","confidence":0,"reason":""}`, Hold, 0},
		{`{"action":"HOLD","confidence":"100%","reason":"r"}`, Hold, 100},
	} {
		got, err := ParseVerdict(json.RawMessage(c.in), "gemini")
		if err != nil || got.Action != c.action || got.Confidence != c.conf || got.Source != "gemini" {
			t.Errorf("%s → %+v, %v", c.in, got, err)
		}
	}
	for _, bad := range []string{`{"action":"BUY","confidence":101}`, `{"action":"BUY","confidence":-1}`, `{"action":"BUY"}`,
		`{"action":"STRONG","confidence":50}`, `{"confidence":50}`, `[1]`, `{"action":"BUY","confidence":"high"}`, `{"action":"BUY","confidence":1e999}`} {
		if got, err := ParseVerdict(json.RawMessage(bad), "openai"); !errors.Is(err, ErrBadVerdict) {
			t.Errorf("%s accepted: %+v, %v", bad, got, err)
		}
	}
	long := `{"action":"BUY","confidence":50,"reason":"` + strings.Repeat("가", 900) + `"}`
	if got, _ := ParseVerdict(json.RawMessage(long), "openai"); len([]rune(got.Reason)) != 501 {
		t.Fatalf("reason not clipped: %d runes", len([]rune(got.Reason)))
	}
}

func TestParseHistoryDate(t *testing.T) {
	for _, s := range []string{"2026-11-27", "20261127", "kr_ai_analysis_20261127", "kr_ai_analysis_2026-11-27"} {
		if d, err := ParseHistoryDate(s); err != nil || d != "2026-11-27" {
			t.Errorf("%q → %q, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2026-13-01", "2026-02-30", "20261327", "kr_ai_analysis_", "../2026-11-27", "2026-11-27.json",
		"kr_ai_analysis_kr_ai_analysis_20261127", "2026/11/27", "2026-1-27", " 20261127", "202611270"} {
		_, err := ParseHistoryDate(s)
		var ce *contract.Error
		if !errors.As(err, &ce) || ce.HTTP != 400 || ce.Code != "invalid_date" {
			t.Errorf("%q: %v", s, err)
		}
	}
}

func FuzzParseHistoryDate(f *testing.F) {
	for _, s := range []string{"2026-11-27", "20261127", "kr_ai_analysis_20261127", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseHistoryDate(s)
		if err != nil {
			return
		}
		if len(d) != 10 || d[4] != '-' || d[7] != '-' {
			t.Fatalf("%q → %q", s, d)
		}
		if again, err := ParseHistoryDate(d); err != nil || again != d {
			t.Fatalf("not idempotent: %q → %q → %q", s, d, again)
		}
	})
}

func TestPrompt(t *testing.T) {
	in := PromptInput{Ticker: "005930", Name: "삼성전자", Market: "KOSPI", SignalDate: "2026-11-27", Score: 82.5, ContractionRatio: 0.42,
		FinalScore: 77, Foreign5d: 120_000, Inst5d: -3_000, EntryPrice: 50000, CurrentPrice: 55000, ReturnPct: 10,
		VCP:     &VCPInput{Score: 75, Stage: "pivot", DistanceToPivotPct: 1.79},
		Fund:    FormatFundamentals(&market.Fundamentals{MarketCap: 4.2315e14, PE: ptr(12.5), PB: ptr(1.2)}),
		Indices: MarketIndices{KOSPI: &IndexQuote{Value: 2610.25, ChangePct: -1.52}},
		Gate:    "GREEN",
		News: []NewsItem{{Title: "삼성전자, HBM 수주\n확대", Summary: "요약\x00 내용"}, {Title: "둘째"}, {Title: "셋째"},
			{Title: "넷째 — 쓰이지 않음"}},
	}
	req := Prompt(in)
	for _, want := range []string{"삼성전자(005930), KOSPI", "점수 82.5/100", "수축 비율 0.42", "최종 점수 77.0", "외국인 120,000주, 기관 -3,000주",
		"진입가 50,000원, 현재가 55,000원, 수익률 10.00%", "시가총액 4,231,500억원, PER 12.50, PBR 1.20", "ROE 9.60%",
		"KOSPI 2610.25(-1.52%)", "KOSDAQ 정보 없음", "시장 게이트 GREEN", "단계 pivot, 피벗까지 1.79%",
		"1. 삼성전자, HBM 수주 확대 — 요약 내용", "3. 셋째", `"action": "BUY|HOLD|SELL"`} {
		if !strings.Contains(req.Prompt, want) {
			t.Errorf("prompt lacks %q:\n%s", want, req.Prompt)
		}
	}
	if strings.Contains(req.Prompt, "넷째") || strings.Contains(req.Prompt, "\x00") {
		t.Fatalf("prompt has a 4th item or a control character:\n%s", req.Prompt)
	}
	if req.System == "" || req.SchemaName != "stock_verdict" || req.Schema["additionalProperties"] != false {
		t.Fatalf("request %+v", req)
	}
	in.EntryPrice, in.Gate, in.News = 0, "UNKNOWN", nil
	req = Prompt(in)
	if !strings.Contains(req.Prompt, "신호 아님") || !strings.Contains(req.Prompt, "시장 게이트 알 수 없음") || !strings.Contains(req.Prompt, "- 없음") {
		t.Fatalf("prompt:\n%s", req.Prompt)
	}
}
