package api

import (
	"context"

	"krmarket/backend/contract"
	"krmarket/backend/kr/ai"
)

// aiOps are the KR AI analysis operations (K4–K7).
func aiOps(s Services) []Operation {
	return []Operation{
		{
			Name: "kr.aiAnalysis", Method: "GET", Path: "/api/kr/ai-analysis", Tag: "kr",
			Summary: "AI analysis of the top 10 KR signals: rule verdict, optional GPT-compatible and Gemini verdicts, majority",
			Description: "The top 10 of the K2 list, each with fundamentals (marcap \"N억원\", per, pbr, eps/bps \"N원\", div_yield, roe; \"N/A\" when missing), " +
				"latest price and return, news (RSS; empty in demo mode), the stored VCP pattern, and verdicts {action BUY|HOLD|SELL, confidence 0–100, reason (ko), reason_en, source}. " +
				"rule_recommendation is deterministic: the original's core (BUY 60 if score ≥ 70 and foreign_5d > 0; SELL 55 if both flows < 0; else HOLD 50), " +
				"a BUY's confidence +5 institutions buying, +5 contraction ≤ 0.5, +10 VCP breakout/pivot with vcp_score ≥ 70 (+5 tightening), −10 losses (PER or EPS < 0), +5 gate GREEN; " +
				"then: > 5 % above the pivot → HOLD 55 (extended); ≤ −5 % since entry → BUY→HOLD 50, HOLD→SELL 55, SELL +10; gate RED → no BUY (HOLD 50). " +
				"gpt_recommendation / gemini_recommendation are null when that provider is not configured (settings `ai`, key in the keychain); " +
				"a failed call gives the rule verdict with source \"fallback\" and `error` (its kind, also counted in api_status.errors). " +
				"A 429 or spent quota stops a provider for the rest of the run (api_status \"rate_limited\"). " +
				"final_recommendation: majority of the rule verdict and the LLM verdicts that answered (tie → HOLD), mean confidence of its voters. " +
				"Cached by the ledger's newest OPEN signal date (`signal_date`): the saved analysis is returned verbatim until that date moves on. " +
				"refresh=true recomputes; when an LLM provider is usable it would spend the user's quota, so over this tokenless GET it is refused " +
				"(403 refresh_needs_token): use POST /api/kr/ai-analysis/refresh with the token. LLM calls run two signals at a time under a " +
				"deadline (settings ai.deadline_seconds, default 25 s); signals still waiting then get the fallback (error \"deadline\", api_status.deadline_exceeded). " +
				"Every computed analysis is saved under its signal date (see /api/kr/ai-history-dates).",
			Params: []Param{{Name: "refresh", In: "query", Description: "recompute instead of returning the saved analysis", Enum: []string{"true", "false"}, Example: "false"}},
			Result: typeOf[ai.AnalysisResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				refresh := in.Get("refresh") == "true"
				if refresh {
					if err := s.AI.CheckRefresh(); err != nil {
						return nil, err
					}
				}
				return s.AI.Analysis(ctx, refresh)
			},
		},
		{
			Name: "kr.aiAnalysisRefresh", Method: "POST", Path: "/api/kr/ai-analysis/refresh", Tag: "kr", Token: true,
			Summary: "Recompute the AI analysis now, calling the configured LLMs (needs the API token)",
			Description: "Same result as GET /api/kr/ai-analysis?refresh=true, allowed with the token whether or not LLMs are configured; " +
				"saved as the snapshot of the signal date. No body. Concurrent refreshes share one run.",
			Result: typeOf[ai.AnalysisResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.AI.Analysis(ctx, true)
			},
		},
		{
			Name: "kr.aiSummary", Method: "GET", Path: "/api/kr/ai-summary/{ticker}", Tag: "kr",
			Summary: "One stock's AI verdict: its entry of the saved analysis, else the rule analyst on its stored data",
			Description: "K4 (a stub in the original). A ticker in the saved analysis of the newest signal date gets that entry condensed " +
				"(`in_analysis: true`; summary = the Korean reasons of Gemini, GPT and the rules, one per line). Any other listed stock with " +
				"stored prices gets the rule analyst's verdict: from the ledger's numbers for an open signal, else from the signal rules evaluated " +
				"on its stored bars and flows; no LLM is called. grade is always null. Unknown ticker → 404, no prices stored → 503.",
			Params: []Param{{Name: "ticker", In: "path", Required: true, Description: "KRX code: 6 characters, digits or capitals, starting with a digit",
				Pattern: `^[0-9][0-9A-Z]{5}$`, Example: "005930"}},
			Result: typeOf[ai.SummaryResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				return s.AI.Summary(ctx, in.Get("ticker"))
			},
		},
		{
			Name: "kr.aiHistoryDates", Method: "GET", Path: "/api/kr/ai-history-dates", Tag: "kr",
			Summary:     "Dates with a saved AI analysis, newest first",
			Description: "K6: YYYY-MM-DD (the original listed file stems such as kr_ai_analysis_20260219); every saved date, with `count`.",
			Result:      typeOf[ai.HistoryDatesResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.AI.HistoryDates(ctx)
			},
		},
		{
			Name: "kr.aiHistory", Method: "GET", Path: "/api/kr/ai-history/{date}", Tag: "kr",
			Summary: "The AI analysis saved for a date, exactly as it was served",
			Description: "K7: the date as YYYY-MM-DD, YYYYMMDD, kr_ai_analysis_YYYYMMDD or kr_ai_analysis_YYYY-MM-DD; " +
				"an impossible date → 400 invalid_date, none saved → 404 no_analysis (\"No analysis found for <date>\").",
			Params: []Param{{Name: "date", In: "path", Required: true, Description: "analysis date",
				Pattern: `^(kr_ai_analysis_)?([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})$`, Example: "2026-11-27"}},
			Result: typeOf[ai.AnalysisResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				return s.AI.History(ctx, in.Get("date"))
			},
		},
	}
}
