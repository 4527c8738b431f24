package api

import (
	"context"

	"krmarket/backend/contract"
	krgate "krmarket/backend/kr/gate"
)

// gateOps are the KR market gate (K10) and market status (K1) operations.
func gateOps(s Services) []Operation {
	return []Operation{
		{
			Name: "kr.marketGate", Method: "GET", Path: "/api/kr/market-gate", Tag: "kr",
			Summary: "KR market gate: GREEN / YELLOW / RED from KOSPI's trend, RSI, MACD and volume, USD/KRW and the sector ETFs",
			Description: "api-reference §7.1 over the stored daily bars (last 260) of ^KS11, ^KQ11, KRW=X and the KR sector ETFs. " +
				"Score of a series (needs ≥ 60 bars, else 50/NEUTRAL): trend 25 (close > SMA20 > SMA60 → 25, > SMA20 → 15, > SMA60 → 10), " +
				"RSI(14) 25 (50–70 → 25, 30–40 → 20, 40–50 → 15, < 30 → 10, > 70 → 0), MACD(12,26,9) line above signal 20, " +
				"last volume / SMA20 volume > 1.2 → 15, > 0.8 → 10 (no volume → ratio 1), " +
				"20-day return minus the benchmark's (KOSPI, or KODEX 200 when KOSPI has < 60 bars) > 2 pp → 15, > 0 → 10, > −2 → 5; " +
				"BULLISH ≥ 70, BEARISH < 40. RSI is Wilder's (the original used simple rolling means; `rsi_method` says \"wilder\"). " +
				"KOSPI has no benchmark: the original capped it at 85; here its four other terms are rescaled to 100 " +
				"(score = round(raw·100/85), `raw_score`, `rs_applicable: false`). " +
				"Gate: USD/KRW ≥ usd_krw_danger (1450) → RED regardless; else score ≥ 70 GREEN, ≥ 45 YELLOW, else RED (settings key `gate`). " +
				"`status` carries the colour as in the original and `gate` the same (older UI). Reasons in Korean (`reasons`) and English " +
				"(`reasons_en`), in the original's order: FX warning (≥ 1400), RSI/MACD, KOSPI trend or downtrend caution, strongest and weakest sector. " +
				"Without enough KOSPI bars the answer is the original's fallback, marked `degraded: true`: YELLOW / 50, \"데이터 소스 오류\" " +
				"(RED when USD/KRW is at the danger level). Computed once per stored-data version and KST date; `refresh=true` recomputes.",
			Params: []Param{{Name: "refresh", In: "query", Description: "recompute instead of the memoised result", Enum: []string{"true", "false"}, Example: "false"}},
			Result: typeOf[krgate.KRGateResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				refresh, err := krgate.ParseRefresh(in.Get("refresh"))
				if err != nil {
					return nil, err
				}
				if s.KRGate == nil {
					return nil, contract.Unavailable("gate_unavailable", "the market gate service is not running")
				}
				return s.KRGate.MarketGate(ctx, refresh)
			},
		},
		{
			Name: "kr.marketStatus", Method: "GET", Path: "/api/kr/market-status", Tag: "kr",
			Summary: "KR market regime (KODEX 200 vs its 20/50/200-day averages) and the KRX session right now",
			Description: "K1: proxy 069500 (KODEX 200), else 005930; RISK_ON (80) when close > SMA200 and SMA20 > SMA50, " +
				"RISK_OFF (20) when close < SMA200 and SMA20 < SMA50, else NEUTRAL (50); fewer than 200 bars → NEUTRAL with " +
				"reason \"Insufficient data\". `status` carries the regime as in the original. No proxy data → 404 market_proxy_not_found. " +
				"`session`: KRX state in Asia/Seoul from the embedded calendar (holidays 2024–2027, first trading day opening at 10:00, " +
				"exam-day 10:00–16:30): pre_market (30 min before the open, 08:30–09:00), open (09:00–15:20), closing_auction (15:20–15:30), " +
				"closed (15:30–15:40 and outside the day's hours), after_hours (15:40–18:00), holiday; with the next open and close.",
			Result: typeOf[krgate.KRMarketStatus](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				if s.KRGate == nil {
					return nil, contract.Unavailable("gate_unavailable", "the market gate service is not running")
				}
				return s.KRGate.MarketStatus(ctx)
			},
		},
	}
}
