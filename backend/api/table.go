package api

import (
	"context"

	"krmarket/backend/contract"
	"krmarket/backend/kr"
	"krmarket/backend/system"
)

// Services are what the operations call.
type Services struct {
	System *system.Service
	KR     *kr.Service
}

// Operations is the table of every operation the API and the bindings serve.
func Operations(s Services) []Operation {
	var ops []Operation
	tokenOps := func() []string {
		var out []string
		for _, o := range ops {
			if o.Token {
				out = append(out, o.Method+" "+o.Path)
			}
		}
		return out
	}
	ops = []Operation{
		{
			Name: "health", Method: "GET", Path: "/api/health", Tag: "system",
			Summary:     "Version, uptime, data source and database status",
			Description: "Always answers while the process runs; db.status is \"error\" when the database does not answer.",
			Result:      typeOf[system.Health](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.System.Health(ctx)
			},
		},
		{
			Name: "settings.get", Method: "GET", Path: "/api/settings", Tag: "system",
			Summary:     "UI settings and the local API's address",
			Description: "The API token is never returned over HTTP; it is in the token file in the data dir and shown in the window's Settings.",
			Result:      typeOf[system.SettingsResult](),
			Handle: func(context.Context, Input) (contract.Stamper, error) {
				return s.System.Settings(tokenOps()), nil
			},
		},
		{
			Name: "settings.update", Method: "POST", Path: "/api/settings", Tag: "system", Token: true,
			Summary: "Change UI settings (theme, language)",
			Body:    typeOf[system.SettingsUpdate](),
			Result:  typeOf[system.SettingsResult](),
			Handle: func(_ context.Context, in Input) (contract.Stamper, error) {
				return s.System.UpdateSettings(in.Body, tokenOps())
			},
		},
		{
			Name: "kr.signals", Method: "GET", Path: "/api/kr/signals", Tag: "kr",
			Summary: "Open KR breakout signals ranked by final_score",
			Description: "OPEN ledger rows passing the K2 filter (contraction_ratio ≤ 0.8, not both flows negative, score ≥ 50), " +
				"ranked by final_score = 0.4·score + 0.3·(1−contraction)·100 + 2·min((foreign_5d+inst_5d)/100000, 30) + 10 if dated today, " +
				"capped to 0–100; top 20. score is the supply/demand index (0–100); contraction_ratio is the last-10-day range over the previous 10 days.",
			Result: typeOf[kr.SignalsResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.KR.Signals(ctx)
			},
		},
		{
			Name: "kr.stockChart", Method: "GET", Path: "/api/kr/stock-chart/{ticker}", Tag: "kr",
			Summary:     "Daily candles of a KR stock or ETF",
			Description: "Both `data` and `candles` carry the same bars (older and newer clients). Without `period`, the last 300 bars.",
			Params: []Param{
				{Name: "ticker", In: "path", Required: true, Description: "KRX code: 6 characters, digits or capitals, starting with a digit", Pattern: `^[0-9][0-9A-Z]{5}$`, Example: "005930"},
				{Name: "period", In: "query", Description: "trading-day window", Enum: []string{"1mo", "3mo", "6mo", "1y", "2y", "5y"}, Example: "1y"},
			},
			Result: typeOf[kr.ChartResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				return s.KR.StockChart(ctx, in.Get("ticker"), in.Get("period"))
			},
		},
	}
	return ops
}
