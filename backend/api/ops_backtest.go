package api

import (
	"context"

	"krmarket/backend/contract"
	krbacktest "krmarket/backend/kr/backtest"
)

// backtestOps is the KR backtest (api-reference §8).
func backtestOps(s Services) []Operation {
	params := []Param{
		{Name: "start", In: "query", Description: "first trading day, YYYY-MM-DD (default: 250 stored trading days before end)",
			Pattern: `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, Example: "2026-01-02"},
		{Name: "end", In: "query", Description: "last trading day, YYYY-MM-DD (default: the last stored day)",
			Pattern: `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, Example: "2026-11-27"},
		{Name: "preset", In: "query", Description: "settings to start from (§8's columns); the overrides below replace single values",
			Enum: krbacktest.Presets, Example: "default"},
	}
	for _, p := range krbacktest.NumericParams() {
		params = append(params, Param{Name: p.Name, In: "query", Description: p.Description, Example: p.Example})
	}
	return []Operation{
		{
			Name: "kr.backtest", Method: "GET", Path: "/api/kr/backtest", Tag: "kr",
			Summary: "Backtest of the KR signal rules over stored daily history",
			Description: "Replays the signal rules at every close on the data known then and trades them bar by bar: " +
				"entries at the next day's open (+slippage, charged once per round trip), exits by stop loss / take profit / " +
				"trailing stop / time (never looking past the day), commission on both sides and the 0.23 % transaction tax on " +
				"every sale. Entries are skipped in a KOSPI regime not allowed (default: bullish and neutral) and when USD/KRW " +
				"closes above 1,400. Sharpe ratio from daily equity returns × √252; max drawdown of the daily mark-to-market " +
				"equity. Results are cached per parameters and store version; a first run over the full market takes seconds.",
			Params: params,
			Result: typeOf[krbacktest.BacktestResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				p, err := krbacktest.ParseParams(in.Params)
				if err != nil {
					return nil, err
				}
				if s.Backtest == nil {
					return nil, contract.Unavailable("backtest_unavailable", "the backtest service is not running")
				}
				return s.Backtest.Run(ctx, p)
			},
		},
	}
}
