package api

import (
	"context"

	"krmarket/backend/contract"
	"krmarket/backend/kr/ledger"
)

// ledgerOps are the KR signal ledger's reports (K8, K9, vcp-stats, vcp-history).
func ledgerOps(s Services) []Operation {
	return []Operation{
		{
			Name: "kr.performance", Method: "GET", Path: "/api/kr/performance", Tag: "kr",
			Summary: "Performance of the closed KR ledger signals (spec K9)",
			Description: "Closed ledger trades. A signal is bought at its signal day's close and closed on the first completed KRX session " +
				"whose bar hits, in this order, the stop loss (open at/below the stop: exit at the open, else at the stop), the take profit " +
				"(likewise with the high), the trailing stop (highest high before the bar ·(1−trail%), only above the entry) or the time " +
				"exit (close of the max_hold_days-th trading day); rules in strategy_params. Win = return > 0, loss ≤ 0. " +
				"total_return is the SUM of the trade returns (the original's meaning); compounded_return = (∏(1+r/100) − 1)·100. " +
				"profit_factor = gross wins / |gross losses|, null without losses. monthly groups by exit month. " +
				"performance (and data, P4's name) lists the closed trades, newest exit first; summary is P4's block. " +
				"Without closed trades the same keys come with zeros, empty lists and a message.",
			Result: typeOf[ledger.PerformanceResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.Ledger.Performance(ctx)
			},
		},
		{
			Name: "kr.cumulativeReturn", Method: "GET", Path: "/api/kr/cumulative-return", Tag: "kr",
			Summary: "Open KR ledger positions at the latest price, and the ledger's equity curve vs KOSPI (spec K8)",
			Description: "Positions: every OPEN signal valued at the newer of its stored quote and last daily close (the entry price when " +
				"neither is stored); return = (current − entry)/entry·100; cumulative_return is their arithmetic mean (BP03), winners have " +
				"return > 0; invested = ₩1,000,000 per position and current_value = Σ 1,000,000·(1 + return/100). trades repeats positions. " +
				"curve: from the first signal date to the last stored bar, one point per date on which a ledger stock or KOSPI has a bar. " +
				"Each trade (closed and open) is held from the day after its signal date through its exit date; its daily return is " +
				"close/previous close − 1, starting from the entry price and ending at the exit price, 0 on a day without a bar. " +
				"strategy = (∏(1 + mean of the held trades' returns) − 1)·100, an equal-weight portfolio rebalanced daily and flat in cash " +
				"when nothing is held; kospi = (^KS11 close / its close on the first date − 1)·100; positions = trades held that day.",
			Result: typeOf[ledger.CumulativeResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.Ledger.CumulativeReturn(ctx)
			},
		},
		{
			Name: "kr.vcpStats", Method: "GET", Path: "/api/kr/vcp-stats", Tag: "kr",
			Summary: "Counts and return statistics of the KR signal ledger",
			Description: "Over the closed trades: win_rate (return > 0), mean/max/min return_pct, avg_hold_days (trading days), " +
				"winners and losers, and compounded_return_pct = (∏(1+r/100) − 1)·100.",
			Result: typeOf[ledger.StatsResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.Ledger.VCPStats(ctx)
			},
		},
		{
			Name: "kr.vcpHistory", Method: "GET", Path: "/api/kr/vcp-history", Tag: "kr",
			Summary: "KR ledger rows of the last days, newest first",
			Description: "Rows whose signal_date ≥ (newest signal date − days). Each row carries the original's camelCase fields " +
				"(signalDate as \"MM월 DD일\") and snake_case ones (signal_date YYYY-MM-DD, exit_reason); return_pct is the realised " +
				"return (null while OPEN) and OPEN rows add current_price and current_return_pct from the latest stored quote or close.",
			Params: []Param{{Name: "days", In: "query", Description: "calendar days back from the newest signal, 1–3650 (default 30)",
				Pattern: `^[0-9]{1,4}$`, Example: "30"}},
			Result: typeOf[ledger.HistoryResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				return s.Ledger.VCPHistory(ctx, in.Get("days"))
			},
		},
	}
}
