package api

import (
	"context"
	"errors"
	"krmarket/backend/analysis/exits"
	"krmarket/backend/analysis/gate"
	"krmarket/backend/config"

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

// RulesResult is the body of GET/POST /api/kr/rules: the settings the KR
// analysis runs with.
type RulesResult struct {
	contract.Meta
	Signals setup.Config `json:"signals" doc:"the signal rules used by the scan, the ledger replay and the backtest's signals"`
	Exits   exits.Rules  `json:"exits" doc:"the ledger's exit rules (trading days)"`
	Gate    gate.Config  `json:"gate" doc:"the market gate's thresholds"`
	// Defaults are the built-in values of the same three blocks (what a
	// reset posts back); they do not change with the settings.
	Defaults RulesDefaults `json:"defaults" doc:"the built-in defaults of signals, exits and gate (same shape)"`
}

// RulesDefaults are the built-in KR rules.
type RulesDefaults struct {
	Signals setup.Config `json:"signals" doc:"default signal rules"`
	Exits   exits.Rules  `json:"exits" doc:"default exit rules"`
	Gate    gate.Config  `json:"gate" doc:"default market gate thresholds"`
}

// RulesUpdate is the body of POST /api/kr/rules: any subset, merged field by
// field into the current settings.
type RulesUpdate struct {
	Signals *setup.Config `json:"signals,omitempty"`
	Exits   *exits.Rules  `json:"exits,omitempty"`
	Gate    *gate.Config  `json:"gate,omitempty"`
}

func rulesOf(ctx context.Context, s Services, c config.Config) (*RulesResult, error) {
	r := &RulesResult{Signals: c.Signals, Exits: c.Exits, Gate: c.Gate,
		Defaults: RulesDefaults{Signals: setup.DefaultConfig(), Exits: exits.DefaultRules(), Gate: gate.DefaultConfig()}}
	return r, s.appSource(ctx, &r.Meta)
}

// rulesOps read and change the KR rules.
func rulesOps(s Services) []Operation {
	return []Operation{
		{
			Name: "kr.rules", Method: "GET", Path: "/api/kr/rules", Tag: "kr",
			Summary: "The KR signal rules, composite-score weights, exit rules and gate thresholds in force",
			Description: "Every field is described in the schema; the same values live under the keys signals, exits and gate of settings.json. " +
				"`defaults` holds the built-in values of the three blocks (posting them back resets the rules).",
			Result: typeOf[RulesResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return rulesOf(ctx, s, s.System.Config())
			},
		},
		{
			Name: "kr.rulesUpdate", Method: "POST", Path: "/api/kr/rules", Tag: "kr", Token: true,
			Summary: "Change KR rules: any subset of signals, exits and gate, merged field by field",
			Description: "Validated as a whole (400 invalid_settings naming the first bad value; nothing is saved then) and saved to settings.json. " +
				"Applies to the next scan, ledger update, gate and backtest; signals already in the ledger keep the rules they were raised under.",
			Body:   typeOf[RulesUpdate](),
			Result: typeOf[RulesResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				c, err := s.System.EditConfig(func(c *config.Config) error {
					u := RulesUpdate{Signals: &c.Signals, Exits: &c.Exits, Gate: &c.Gate}
					return system.DecodeStrict(in.Body, &u)
				})
				if err != nil {
					return nil, err
				}
				return rulesOf(ctx, s, c)
			},
		},
	}
}
