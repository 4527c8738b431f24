package ai

import (
	"fmt"
	"math"
	"strings"

	"krmarket/backend/market"
)

// Actions.
const (
	Buy  = "BUY"
	Hold = "HOLD"
	Sell = "SELL"
)

// Recommendation sources.
const (
	SourceRules     = "rules"     // the rule analyst
	SourceOpenAI    = "openai"    // an OpenAI-compatible model answered
	SourceGemini    = "gemini"    // Gemini answered
	SourceFallback  = "fallback"  // the LLM failed; this is the rule verdict
	SourceConsensus = "consensus" // final_recommendation
)

// Recommendation is one analyst's verdict.
type Recommendation struct {
	Action     string `json:"action"`     // BUY | HOLD | SELL
	Confidence int    `json:"confidence"` // 0–100
	Reason     string `json:"reason"`     // Korean
	ReasonEN   string `json:"reason_en"`  // English
	Source     string `json:"source"`     // rules | openai | gemini | fallback | consensus
	// Error is the failure kind when Source is fallback (timeout,
	// rate_limited, invalid_response, …, or provider_disabled when an
	// earlier call in the run disabled the provider).
	Error string `json:"error,omitempty"`
}

// VCPInput is the signal's Minervini pattern, when the scan found one.
type VCPInput struct {
	Score              float64 // 0–100
	Stage              string  // breakout | pivot | tightening | building
	DistanceToPivotPct float64 // (pivot − close)/pivot·100; negative above the pivot
}

// RuleInput is everything the rule analyst reads.
type RuleInput struct {
	Score            float64 // the signal's score, 0–100
	ContractionRatio float64 // last 10 bars' range / the 10 before
	Foreign5d        int64   // 5-day net buying, shares
	Inst5d           int64
	VCP              *VCPInput            // nil: no pattern on the signal (legacy rule)
	Gate             string               // KR market gate: GREEN | YELLOW | RED; "" unknown
	Fund             *market.Fundamentals // nil: none stored
	HasEntry         bool                 // false for a stock that is not a signal
	ReturnPct        float64              // % since entry
}

// The rule analyst's constants. The core is the original's fallback
// (api-reference K5, LEG); every other rule is ours, with its weight here.
const (
	coreBuyScore = 70 // BUY needs score ≥ this and foreign buying
	coreBuyConf  = 60 // BUY confidence
	coreSellConf = 55 // SELL (both flows negative) confidence
	coreHoldConf = 50 // HOLD confidence

	// Confidence adjustments of a BUY (points):
	wInstConfirm = 5   // institutions net buying too
	wTightBase   = 5   // contraction_ratio ≤ tightBase
	wVCPStrong   = 10  // VCP at breakout or pivot with vcp score ≥ vcpStrongScore
	wVCPTight    = 5   // VCP still tightening
	wLosses      = -10 // PER < 0 or EPS < 0: the company loses money
	wGateGreen   = 5   // market gate GREEN

	tightBase      = 0.5
	vcpStrongScore = 70

	// Overrides (may change the action), applied in this order:
	extendedPct  = 5  // close more than 5 % above the pivot: BUY → HOLD 55 ("extended")
	extendedConf = 55 //
	drawdownPct  = -5 // return since entry ≤ −5 %: BUY → HOLD 50, HOLD → SELL 55, SELL +10
	drawdownSell = 10 //
	// market gate RED: BUY → HOLD 50 (never buy into a RED market)
)

// Rules is the deterministic rule analyst. It always answers.
//
// Core (the original's fallback): BUY 60 if score ≥ 70 and foreign_5d > 0;
// else SELL 55 if foreign_5d < 0 and inst_5d < 0; else HOLD 50.
//
// A BUY's confidence then moves by: +5 institutions also buying; +5 tight
// base (contraction ≤ 0.5); +10 VCP at breakout/pivot with vcp score ≥ 70,
// or +5 VCP tightening; −10 losses (PER < 0 or EPS < 0); +5 gate GREEN.
//
// Overrides, in order: (1) extended — a BUY more than 5 % above its VCP
// pivot becomes HOLD 55 (do not chase); (2) drawdown — at or below −5 %
// since entry, BUY → HOLD 50, HOLD → SELL 55, SELL gains +10 (near the
// ledger's 7 % stop); (3) gate RED — a BUY becomes HOLD 50.
//
// Confidence is clamped to 0–100. Reasons list each rule that fired, with
// its weight, in Korean and English.
func Rules(in RuleInput) Recommendation {
	var ko, en []string
	action, conf := Hold, coreHoldConf
	switch {
	case in.Score >= coreBuyScore && in.Foreign5d > 0:
		action, conf = Buy, coreBuyConf
		ko = append(ko, fmt.Sprintf("점수 %.1f, 외국인 5일 순매수 %s주 — 기술적·수급 관점 긍정", in.Score, comma(in.Foreign5d)))
		en = append(en, fmt.Sprintf("score %.1f with foreigners net buying %s shares over 5 days — technically and flow-wise positive", in.Score, comma(in.Foreign5d)))
	case in.Foreign5d < 0 && in.Inst5d < 0:
		action, conf = Sell, coreSellConf
		ko = append(ko, fmt.Sprintf("외국인(%s주)·기관(%s주) 5일 동반 순매도 — 수급 약세", comma(in.Foreign5d), comma(in.Inst5d)))
		en = append(en, fmt.Sprintf("foreigners (%s) and institutions (%s) both net sold over 5 days — weak flows", comma(in.Foreign5d), comma(in.Inst5d)))
	default:
		ko = append(ko, fmt.Sprintf("점수 %.1f, 외국인 %s주·기관 %s주 — 뚜렷한 매수 근거 부족", in.Score, comma(in.Foreign5d), comma(in.Inst5d)))
		en = append(en, fmt.Sprintf("score %.1f, foreigners %s, institutions %s — no clear case to buy", in.Score, comma(in.Foreign5d), comma(in.Inst5d)))
	}
	add := func(w int, k, e string) {
		conf += w
		ko = append(ko, fmt.Sprintf("%s(%+d)", k, w))
		en = append(en, fmt.Sprintf("%s (%+d)", e, w))
	}
	if action == Buy {
		if in.Inst5d > 0 {
			add(wInstConfirm, "기관 동반 순매수", "institutions buying too")
		}
		if in.ContractionRatio > 0 && in.ContractionRatio <= tightBase {
			add(wTightBase, fmt.Sprintf("변동성 수축 %.2f", in.ContractionRatio), fmt.Sprintf("tight base, contraction %.2f", in.ContractionRatio))
		}
		if v := in.VCP; v != nil {
			switch {
			case (v.Stage == "breakout" || v.Stage == "pivot") && v.Score >= vcpStrongScore:
				add(wVCPStrong, fmt.Sprintf("VCP %s 단계(점수 %.0f)", stageKO(v.Stage), v.Score), fmt.Sprintf("VCP at %s (score %.0f)", v.Stage, v.Score))
			case v.Stage == "tightening":
				add(wVCPTight, "VCP 수축 진행 중", "VCP still tightening")
			}
		}
		if f := in.Fund; f != nil && ((f.PE != nil && *f.PE < 0) || f.EPS < 0) {
			add(wLosses, "적자 기업(PER/EPS 음수)", "loss-making (negative PER/EPS)")
		}
		if in.Gate == "GREEN" {
			add(wGateGreen, "시장 게이트 GREEN", "market gate GREEN")
		}
	}
	if v := in.VCP; action == Buy && v != nil && v.DistanceToPivotPct < -extendedPct {
		action, conf = Hold, extendedConf
		ko = append(ko, fmt.Sprintf("피벗 대비 %.1f%% 위 — 추격 매수 자제(확장 구간)", -v.DistanceToPivotPct))
		en = append(en, fmt.Sprintf("%.1f%% above the pivot — extended, do not chase", -v.DistanceToPivotPct))
	}
	if in.HasEntry && in.ReturnPct <= drawdownPct {
		switch action {
		case Buy:
			action, conf = Hold, coreHoldConf
		case Hold:
			action, conf = Sell, coreSellConf
		case Sell:
			conf += drawdownSell
		}
		ko = append(ko, fmt.Sprintf("진입가 대비 %.2f%% — 손절 기준 근접", in.ReturnPct))
		en = append(en, fmt.Sprintf("%.2f%% since entry — near the stop", in.ReturnPct))
	}
	if action == Buy && in.Gate == "RED" {
		action, conf = Hold, coreHoldConf
		ko = append(ko, "시장 게이트 RED — 신규 매수 보류")
		en = append(en, "market gate RED — no new buys")
	}
	return Recommendation{
		Action: action, Confidence: max(0, min(100, conf)),
		Reason: strings.Join(ko, "; "), ReasonEN: strings.Join(en, "; "), Source: SourceRules,
	}
}

func stageKO(s string) string {
	switch s {
	case "breakout":
		return "돌파"
	case "pivot":
		return "피벗 근접"
	}
	return s
}

// comma formats n with thousands separators and a sign for negatives.
func comma(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-(n + 1)) + 1 // safe for math.MinInt64
	}
	s := fmt.Sprint(u)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Consensus is the final verdict: the action most of the verdicts take
// (a tie for the most votes → HOLD), with the mean confidence of the
// verdicts that voted for it (of all verdicts when none did, as in a tie
// between BUY and SELL), rounded half up.
func Consensus(vs []Recommendation) Recommendation {
	if len(vs) == 0 {
		return Recommendation{Action: Hold, Confidence: coreHoldConf, Reason: "의견 없음", ReasonEN: "no verdicts", Source: SourceConsensus}
	}
	votes := map[string]int{}
	for _, v := range vs {
		votes[v.Action]++
	}
	best, top, tie := "", 0, false
	for _, a := range []string{Buy, Hold, Sell} {
		switch n := votes[a]; {
		case n > top:
			best, top, tie = a, n, false
		case n == top && n > 0:
			tie = true
		}
	}
	if tie {
		best = Hold
	}
	sum, n := 0, 0
	for _, v := range vs {
		if v.Action == best {
			sum, n = sum+v.Confidence, n+1
		}
	}
	if n == 0 {
		for _, v := range vs {
			sum, n = sum+v.Confidence, n+1
		}
	}
	var who []string
	for _, v := range vs {
		who = append(who, v.Source+":"+v.Action)
	}
	tally := fmt.Sprintf("%s %d/%d", best, votes[best], len(vs))
	ko, en := "다수결 "+tally, "majority "+tally
	if tie {
		ko, en = "의견 동수 — HOLD", "tied verdicts — HOLD"
	}
	return Recommendation{
		Action: best, Confidence: int(math.Floor(float64(sum)/float64(n) + 0.5)),
		Reason: ko + " (" + strings.Join(who, ", ") + ")", ReasonEN: en + " (" + strings.Join(who, ", ") + ")",
		Source: SourceConsensus,
	}
}
