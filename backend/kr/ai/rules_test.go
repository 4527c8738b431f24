package ai

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"krmarket/backend/market"
)

func ptr(v float64) *float64 { return &v }

// base is a plain core BUY: score 75 ≥ 70 and foreign buying, nothing else.
func base() RuleInput {
	return RuleInput{Score: 75, ContractionRatio: 0.6, Foreign5d: 100_000, Inst5d: 0, HasEntry: true, ReturnPct: 1}
}

// Golden verdicts for every rule. Each expected confidence is the core
// value plus the listed weights, added by hand in the case name.
func TestRulesGolden(t *testing.T) {
	for _, c := range []struct {
		name   string
		mod    func(*RuleInput)
		action string
		conf   int
		reason string // a fragment of the Korean reason
	}{
		{"core BUY 60", func(*RuleInput) {}, Buy, 60, "점수 75.0, 외국인 5일 순매수 100,000주 — 기술적·수급 관점 긍정"},
		{"score exactly 70 is a BUY", func(in *RuleInput) { in.Score = 70 }, Buy, 60, "점수 70.0"},
		{"score 69.9 is a HOLD 50", func(in *RuleInput) { in.Score = 69.9 }, Hold, 50, "뚜렷한 매수 근거 부족"},
		{"no foreign buying is a HOLD 50", func(in *RuleInput) { in.Score, in.Foreign5d = 90, 0 }, Hold, 50, "외국인 0주"},
		{"both flows negative: SELL 55", func(in *RuleInput) { in.Score, in.Foreign5d, in.Inst5d = 90, -1, -2_500 }, Sell, 55, "외국인(-1주)·기관(-2,500주) 5일 동반 순매도"},
		{"mixed flows, weak score: HOLD 50", func(in *RuleInput) { in.Score, in.Foreign5d, in.Inst5d = 40, -1, 1 }, Hold, 50, "점수 40.0"},
		{"institutions confirm 60+5", func(in *RuleInput) { in.Inst5d = 5 }, Buy, 65, "기관 동반 순매수(+5)"},
		{"tight base 0.50: 60+5", func(in *RuleInput) { in.ContractionRatio = 0.5 }, Buy, 65, "변동성 수축 0.50(+5)"},
		{"contraction 0.51: 60", func(in *RuleInput) { in.ContractionRatio = 0.51 }, Buy, 60, ""},
		{"contraction unknown (0): 60", func(in *RuleInput) { in.ContractionRatio = 0 }, Buy, 60, ""},
		{"VCP breakout score 70: 60+10", func(in *RuleInput) { in.VCP = &VCPInput{Score: 70, Stage: "breakout"} }, Buy, 70, "VCP 돌파 단계(점수 70)(+10)"},
		{"VCP pivot score 85: 60+10", func(in *RuleInput) { in.VCP = &VCPInput{Score: 85, Stage: "pivot", DistanceToPivotPct: 2} }, Buy, 70, "VCP 피벗 근접 단계"},
		{"VCP pivot score 69: 60", func(in *RuleInput) { in.VCP = &VCPInput{Score: 69, Stage: "pivot"} }, Buy, 60, ""},
		{"VCP tightening: 60+5", func(in *RuleInput) { in.VCP = &VCPInput{Score: 50, Stage: "tightening", DistanceToPivotPct: 8} }, Buy, 65, "VCP 수축 진행 중(+5)"},
		{"VCP building: 60", func(in *RuleInput) { in.VCP = &VCPInput{Score: 90, Stage: "building", DistanceToPivotPct: 12} }, Buy, 60, ""},
		{"negative PER: 60−10", func(in *RuleInput) { in.Fund = &market.Fundamentals{PE: ptr(-3), EPS: 10} }, Buy, 50, "적자 기업(PER/EPS 음수)(-10)"},
		{"negative EPS: 60−10", func(in *RuleInput) { in.Fund = &market.Fundamentals{EPS: -1} }, Buy, 50, "적자"},
		{"profitable: 60", func(in *RuleInput) { in.Fund = &market.Fundamentals{PE: ptr(12), EPS: 1000} }, Buy, 60, ""},
		{"gate GREEN: 60+5", func(in *RuleInput) { in.Gate = "GREEN" }, Buy, 65, "시장 게이트 GREEN(+5)"},
		{"gate YELLOW: 60", func(in *RuleInput) { in.Gate = "YELLOW" }, Buy, 60, ""},
		{"everything good: 60+5+5+10+5 = 85", func(in *RuleInput) {
			in.Inst5d, in.ContractionRatio, in.Gate = 1, 0.4, "GREEN"
			in.VCP = &VCPInput{Score: 80, Stage: "breakout", DistanceToPivotPct: -1}
		}, Buy, 85, ""},
		{"everything good but losses: 85−10 = 75", func(in *RuleInput) {
			in.Inst5d, in.ContractionRatio, in.Gate = 1, 0.4, "GREEN"
			in.VCP = &VCPInput{Score: 80, Stage: "breakout", DistanceToPivotPct: -1}
			in.Fund = &market.Fundamentals{EPS: -5}
		}, Buy, 75, ""},
		{"5.01 % above the pivot: extended HOLD 55", func(in *RuleInput) { in.VCP = &VCPInput{Score: 80, Stage: "breakout", DistanceToPivotPct: -5.01} }, Hold, 55, "피벗 대비 5.0% 위 — 추격 매수 자제(확장 구간)"},
		{"exactly 5 % above the pivot: still a BUY 70", func(in *RuleInput) { in.VCP = &VCPInput{Score: 80, Stage: "breakout", DistanceToPivotPct: -5} }, Buy, 70, ""},
		{"drawdown −5 %: BUY → HOLD 50", func(in *RuleInput) { in.ReturnPct = -5 }, Hold, 50, "진입가 대비 -5.00% — 손절 기준 근접"},
		{"drawdown −4.99 %: BUY 60", func(in *RuleInput) { in.ReturnPct = -4.99 }, Buy, 60, ""},
		{"drawdown −6 %: HOLD → SELL 55", func(in *RuleInput) { in.Score, in.ReturnPct = 40, -6 }, Sell, 55, "손절"},
		{"drawdown −5 %: SELL 55+10", func(in *RuleInput) { in.Foreign5d, in.Inst5d, in.ReturnPct = -1, -1, -5 }, Sell, 65, "손절"},
		{"no entry: drawdown ignored", func(in *RuleInput) { in.HasEntry, in.ReturnPct = false, -20 }, Buy, 60, ""},
		{"extended then drawdown: HOLD 55 → SELL 55", func(in *RuleInput) {
			in.VCP, in.ReturnPct = &VCPInput{Score: 80, Stage: "breakout", DistanceToPivotPct: -7}, -6
		}, Sell, 55, "추격 매수 자제"},
		{"gate RED: BUY → HOLD 50", func(in *RuleInput) { in.Gate = "RED"; in.Inst5d = 9 }, Hold, 50, "시장 게이트 RED — 신규 매수 보류"},
		{"gate RED keeps a SELL", func(in *RuleInput) { in.Gate, in.Foreign5d, in.Inst5d = "RED", -1, -1 }, Sell, 55, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.mod(&in)
			got := Rules(in)
			if got.Action != c.action || got.Confidence != c.conf || got.Source != SourceRules {
				t.Fatalf("got %s %d (%s), want %s %d\n%s", got.Action, got.Confidence, got.Source, c.action, c.conf, got.Reason)
			}
			if !strings.Contains(got.Reason, c.reason) || got.ReasonEN == "" || strings.Count(got.Reason, "; ") != strings.Count(got.ReasonEN, "; ") {
				t.Fatalf("reason %q / %q, want fragment %q", got.Reason, got.ReasonEN, c.reason)
			}
		})
	}
}

// Properties over random inputs: confidence in range, a RED gate, a
// drawdown or a score under 70 never gives a BUY, and the analyst is
// deterministic.
func TestRulesProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	stages := []string{"breakout", "pivot", "tightening", "building"}
	gates := []string{"", "GREEN", "YELLOW", "RED", "UNKNOWN"}
	for i := 0; i < 20_000; i++ {
		in := RuleInput{
			Score: r.Float64() * 100, ContractionRatio: r.Float64() * 1.2,
			Foreign5d: r.Int64N(2_000_000) - 1_000_000, Inst5d: r.Int64N(2_000_000) - 1_000_000,
			Gate: gates[r.IntN(len(gates))], HasEntry: r.IntN(4) > 0, ReturnPct: r.Float64()*40 - 20,
		}
		if r.IntN(2) == 0 {
			in.VCP = &VCPInput{Score: r.Float64() * 100, Stage: stages[r.IntN(4)], DistanceToPivotPct: r.Float64()*30 - 15}
		}
		if r.IntN(2) == 0 {
			in.Fund = &market.Fundamentals{PE: ptr(r.Float64()*60 - 20), EPS: r.Float64()*10_000 - 2_000}
		}
		got := Rules(in)
		if got.Confidence < 0 || got.Confidence > 100 {
			t.Fatalf("confidence %d for %+v", got.Confidence, in)
		}
		if got.Action == Buy && (in.Gate == "RED" || in.Score < 70 || in.Foreign5d <= 0 || (in.HasEntry && in.ReturnPct <= -5)) {
			t.Fatalf("BUY for %+v", in)
		}
		if again := Rules(in); again != got {
			t.Fatalf("not deterministic: %+v vs %+v", got, again)
		}
	}
}

func TestConsensus(t *testing.T) {
	v := func(src, a string, c int) Recommendation {
		return Recommendation{Source: src, Action: a, Confidence: c}
	}
	for _, c := range []struct {
		name   string
		in     []Recommendation
		action string
		conf   int // hand-computed mean of the voters
		reason string
	}{
		{"rules alone", []Recommendation{v("rules", Buy, 85)}, Buy, 85, "다수결 BUY 1/1 (rules:BUY)"},
		{"two BUYs beat a SELL: mean(60, 80)", []Recommendation{v("rules", Buy, 60), v("gemini", Sell, 70), v("openai", Buy, 80)}, Buy, 70, "다수결 BUY 2/3"},
		{"BUY vs SELL tie: HOLD, mean of all (60+70)/2", []Recommendation{v("rules", Buy, 60), v("openai", Sell, 70)}, Hold, 65, "의견 동수 — HOLD"},
		{"three-way tie: HOLD at the HOLD voter's 50", []Recommendation{v("rules", Buy, 61), v("gemini", Hold, 50), v("openai", Sell, 70)}, Hold, 50, "의견 동수"},
		{"two HOLDs: mean(50, 55) = 52.5 → 53", []Recommendation{v("rules", Hold, 50), v("gemini", Hold, 55), v("openai", Buy, 90)}, Hold, 53, "다수결 HOLD 2/3"},
		{"none", nil, Hold, 50, "의견 없음"},
	} {
		got := Consensus(c.in)
		if got.Action != c.action || got.Confidence != c.conf || got.Source != SourceConsensus || !strings.Contains(got.Reason, c.reason) || got.ReasonEN == "" {
			t.Errorf("%s: got %+v", c.name, got)
		}
	}
	// Property: the confidence lies within the voters' range.
	r := rand.New(rand.NewPCG(3, 4))
	acts := []string{Buy, Hold, Sell}
	for i := 0; i < 5000; i++ {
		n := 1 + r.IntN(3)
		vs := make([]Recommendation, n)
		lo, hi := 100, 0
		for j := range vs {
			vs[j] = v("x", acts[r.IntN(3)], r.IntN(101))
			lo, hi = min(lo, vs[j].Confidence), max(hi, vs[j].Confidence)
		}
		got := Consensus(vs)
		if got.Confidence < lo || got.Confidence > hi {
			t.Fatalf("%+v → %+v", vs, got)
		}
	}
}

func TestComma(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 123456: "123,456", -1234567: "-1,234,567",
		math.MinInt64: "-9,223,372,036,854,775,808", math.MaxInt64: "9,223,372,036,854,775,807"} {
		if got := comma(n); got != want {
			t.Errorf("comma(%d) = %q; want %q", n, got, want)
		}
	}
}
