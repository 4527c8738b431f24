package api

import (
	"context"
	"errors"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/contract"
	"krmarket/backend/jobs"
	"krmarket/backend/kr"
	"krmarket/backend/system"
)

// ScanRequest is the body of POST /api/kr/vcp-scan.
type ScanRequest struct {
	Rule string `json:"rule,omitempty"` // "vcp" or "legacy"; empty = the settings' rule
	// ReplayDays > 0 rebuilds the ledger's history instead: the scan as if run
	// after each of the last N sessions (1–500), exits as of each day.
	ReplayDays int `json:"replay_days,omitempty"`
}

// krOps are the KR scan and realtime price operations.
func krOps(s Services) []Operation {
	return []Operation{
		{
			Name: "kr.vcpScan", Method: "POST", Path: "/api/kr/vcp-scan", Tag: "kr", Token: true,
			Summary: "Run the KR signal scan now, as a background job with progress",
			Description: "Evaluates every KRX stock on its latest stored bar with the signal rules (settings key `signals`: " +
				"rule `vcp` = Minervini VCP found at pivot/breakout/tightening stage + ≥ min_trend_checks of the 7 trend-template checks " +
				"+ not both foreigners and institutions selling + composite score ≥ min_score; rule `legacy` = the original's §6.1 test), " +
				"adds new OPEN signals to the ledger, then updates the ledger's exits. With `replay_days` N it instead replays the scan after each " +
				"of the last N sessions using only the data up to that day (no look-ahead) — for a fresh store or after an import. " +
				"Returns the job at once; poll /api/jobs/{id}. 409 while a scan or replay runs.",
			Body:   typeOf[ScanRequest](),
			Result: typeOf[JobResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				var req ScanRequest
				if len(in.Body) > 0 {
					if err := system.DecodeStrict(in.Body, &req); err != nil {
						return nil, err
					}
				}
				switch req.Rule {
				case "", setup.RuleVCP, setup.RuleLegacy:
				default:
					return nil, contract.BadRequest("invalid_rule", "rule %q: want vcp or legacy", req.Rule)
				}
				if req.ReplayDays != 0 && (req.ReplayDays < 1 || req.ReplayDays > 500) {
					return nil, contract.BadRequest("invalid_replay_days", "replay_days %d: want 1–500", req.ReplayDays)
				}
				p, err := s.Scan(req.Rule, req.ReplayDays)
				if errors.Is(err, jobs.ErrBusy) {
					return nil, contract.Conflict("busy", "a scan is already running (job %s)", p.ID)
				}
				if err != nil {
					return nil, err
				}
				r := &JobResult{Job: p}
				r.DataSource, r.DataAge, err = s.System.DataSource(ctx, "kr")
				return r, err
			},
		},
		{
			Name: "kr.realtimePrices", Method: "POST", Path: "/api/kr/realtime-prices", Tag: "kr",
			Summary: "Latest prices of up to 200 KRX tickers",
			Description: "`prices` is the original's {ticker: last} map (0 when unknown); `details` says where each price came from: " +
				"`live` (fetched from Yahoo now, in one batched call through the rate limiter, and stored), `quote` (the newest stored quote) " +
				"or `close` (the last daily close). In demo mode, or when Yahoo is off or rate-limited, prices come from the store. " +
				"Read-only for the user's data, so no token is needed.",
			Body:   typeOf[kr.PricesRequest](),
			Result: typeOf[kr.PricesResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				var req kr.PricesRequest
				if err := system.DecodeStrict(in.Body, &req); err != nil {
					return nil, err
				}
				var fetch kr.QuoteFetcher
				if s.Quotes != nil {
					fetch = s.Quotes()
				}
				return s.KR.RealtimePrices(ctx, req.Tickers, fetch)
			},
		},
	}
}
