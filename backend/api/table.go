package api

import (
	"context"
	"errors"
	"strings"

	"krmarket/backend/contract"
	"krmarket/backend/importer"
	"krmarket/backend/jobs"
	"krmarket/backend/kr"
	"krmarket/backend/kr/ai"
	krbacktest "krmarket/backend/kr/backtest"
	krgate "krmarket/backend/kr/gate"
	"krmarket/backend/kr/ledger"
	"krmarket/backend/research"
	"krmarket/backend/sources"
	"krmarket/backend/system"
)

// Services are what the operations call.
type Services struct {
	System   *system.Service
	KR       *kr.Service
	Sources  *sources.Registry
	Jobs     *jobs.Manager
	Importer *importer.Service
	Research *research.Service
	KRGate   *krgate.Service
	Ledger   *ledger.Service
	AI       *ai.Service
	Backtest *krbacktest.Service
	// Update starts a live update job of "kr", "us", "crypto" or "all".
	Update func(market string) (jobs.Progress, error)
	// Scan starts a KR scan job ("" = the settings' rule), or a ledger
	// replay over the last replayDays sessions when replayDays > 0.
	Scan func(rule string, replayDays int) (jobs.Progress, error)
	// Quotes is the live quote fetcher for realtime prices (nil: store only).
	Quotes func() kr.QuoteFetcher
	// Scheduler is the background scheduler (nil: its operations answer 503).
	Scheduler SchedulerControl
}

// UpdateRequest is the body of POST /api/update.
type UpdateRequest struct {
	Market string `json:"market"` // kr, us, crypto or all
}

// SourcesResult is the body of GET /api/sources.
type SourcesResult struct {
	contract.Meta
	Mode    string           `json:"mode"`
	Sources []sources.Status `json:"sources"`
}

// JobResult is the body of job operations.
type JobResult struct {
	contract.Meta
	Job jobs.Progress `json:"job"`
}

// JobsResult is the body of GET /api/jobs.
type JobsResult struct {
	contract.Meta
	Jobs []jobs.Progress `json:"jobs"`
}

// MaxImportBytes bounds an imported CSV file; the request body may be half
// as large again, since the file travels JSON-escaped.
const MaxImportBytes = 16 << 20

// Operations is the table of every operation the API and the bindings serve.
// Each domain keeps its rows in its own file (ops_*.go); a group function
// must not touch the services outside the handlers, since the OpenAPI
// document and the frontend map are built from Operations(Services{}).
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
	ops = coreOps(s, tokenOps)
	for _, group := range []func(Services) []Operation{
		// one line per domain file
		gateOps,
		krOps,
		rulesOps,
		ledgerOps,
		aiOps,
		backtestOps,
		schedulerOps,
	} {
		ops = append(ops, group(s)...)
	}
	return ops
}

// coreOps are the system, data and first KR operations.
func coreOps(s Services, tokenOps func() []string) []Operation {
	return []Operation{
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
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				r := s.System.Settings(tokenOps())
				return r, s.appSource(ctx, &r.Meta)
			},
		},
		{
			Name: "settings.update", Method: "POST", Path: "/api/settings", Tag: "system", Token: true,
			Summary: "Change settings: theme, language, sources, API keys, background work, AI analysts (partial; validated as a whole)",
			Body:    typeOf[system.SettingsUpdate](),
			Result:  typeOf[system.SettingsResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				r, err := s.System.UpdateSettings(in.Body, tokenOps())
				if err != nil {
					return nil, err
				}
				return r, s.appSource(ctx, &r.Meta)
			},
		},
		{
			Name: "kr.signals", Method: "GET", Path: "/api/kr/signals", Tag: "kr",
			Summary: "Open KR breakout signals ranked by final_score",
			Description: "OPEN ledger rows passing the K2 filter (not both foreigners and institutions net sellers, score ≥ 50, and for legacy-rule " +
				"signals contraction_ratio ≤ 0.8), ranked by final_score = 0.4·score + 0.3·(1−contraction)·100 + 2·min((foreign_5d+inst_5d)/100000, 30) " +
				"+ 10 if dated today, capped to 0–100; top 20, with the latest stored price. score is the composite 0–100 (VCP pattern, supply/demand " +
				"index, trend template, relative strength vs KOSPI; weights in /api/kr/rules); the flow index alone is supply_demand_index; " +
				"contraction_ratio is the last-10-day range over the previous 10 days. Each row carries the pattern analysis (contractions, pivot, " +
				"stage, …). While the ledger's history is being rebuilt the list is empty and pending_job names the job.",
			Result: typeOf[kr.SignalsResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				return s.KR.Signals(ctx)
			},
		},
		{
			Name: "kr.stockChart", Method: "GET", Path: "/api/kr/stock-chart/{ticker}", Tag: "kr",
			Summary: "Daily candles of a KR stock or ETF with moving averages, VCP analysis, the open signal's levels, flows and fundamentals",
			Description: "Both `data` and `candles` carry the same bars (older and newer clients). Without `period`, the last 300 bars. " +
				"moving_averages: SMA 20/50/150/200 of the close from the window's first bar; vcp: the pattern as of the last bar " +
				"(contractions with their high/low dates, pivot); signal: the OPEN ledger row with stop and target from the exit rules; " +
				"flows: the last 60 days of foreign/institutional/retail net buying (shares).",
			Params: []Param{
				{Name: "ticker", In: "path", Required: true, Description: "KRX code: 6 characters, digits or capitals, starting with a digit", Pattern: `^[0-9][0-9A-Z]{5}$`, Example: "005930"},
				{Name: "period", In: "query", Description: "trading-day window", Enum: []string{"1mo", "3mo", "6mo", "1y", "2y", "5y"}, Example: "1y"},
			},
			Result: typeOf[kr.ChartResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				return s.KR.StockChart(ctx, in.Get("ticker"), in.Get("period"))
			},
		},
		{
			Name: "sources.status", Method: "GET", Path: "/api/sources", Tag: "system",
			Summary: "State of every live data source: ok, failing since, rate-limited until, off",
			Result:  typeOf[SourcesResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				r := &SourcesResult{Mode: s.System.Config().Source, Sources: s.Sources.All()}
				var err error
				r.DataSource, r.DataAge, err = s.System.DataSource(ctx, "")
				return r, err
			},
		},
		{
			Name: "update.start", Method: "POST", Path: "/api/update", Tag: "data", Token: true,
			Summary: "Start a live update (Yahoo, Naver, Binance) of one market or all, as a background job",
			Description: "Returns the job at once; poll /api/jobs/{id} for progress. 409 (busy) while an update runs. " +
				"Fetches are incremental: only the bars a series lacks.",
			Body:   typeOf[UpdateRequest](),
			Result: typeOf[JobResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				var req UpdateRequest
				if err := system.DecodeStrict(in.Body, &req); err != nil {
					return nil, err
				}
				switch req.Market {
				case "kr", "us", "crypto", "all":
				default:
					return nil, contract.BadRequest("invalid_market", "market %q: want kr, us, crypto or all", req.Market)
				}
				p, err := s.Update(req.Market)
				if errors.Is(err, jobs.ErrBusy) {
					return nil, contract.Conflict("busy", "an update is already running (job %s)", p.ID)
				}
				if err != nil {
					return nil, err
				}
				r := &JobResult{Job: p}
				r.DataSource = contract.SourceLive
				return r, nil
			},
		},
		{
			Name: "jobs.list", Method: "GET", Path: "/api/jobs", Tag: "system",
			Summary: "Background jobs (updates, imports, scans), newest first, with progress",
			Result:  typeOf[JobsResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) {
				r := &JobsResult{Jobs: s.Jobs.List()}
				return r, s.appSource(ctx, &r.Meta)
			},
		},
		{
			Name: "jobs.get", Method: "GET", Path: "/api/jobs/{id}", Tag: "system",
			Summary: "One background job's progress",
			Params:  []Param{{Name: "id", In: "path", Required: true, Description: "job id", Pattern: `^[a-z]+-[0-9]{1,9}$`, Example: "update-1"}},
			Result:  typeOf[JobResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				p, ok := s.Jobs.Get(in.Get("id"))
				if !ok {
					return nil, contract.NotFound("unknown_job", "no job %s", in.Get("id"))
				}
				r := &JobResult{Job: p}
				return r, s.appSource(ctx, &r.Meta)
			},
		},
		{
			Name: "import.csv", Method: "POST", Path: "/api/import", Tag: "data", Token: true, MaxBody: MaxImportBytes * 3 / 2,
			Summary: "Import a CSV file of daily bars (Yahoo download format or date,open,high,low,close[,adj_close],volume)",
			Description: "All or nothing: any bad row rejects the whole file with a 400 listing every bad line number and why. " +
				"The symbol's market is inferred (.KS/.KQ → KR, …USDT → CRYPTO, ^… =X =F → MACRO, else US) unless given.",
			Body:   typeOf[importer.Request](),
			Result: typeOf[importer.Result](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				var req importer.Request
				if err := system.DecodeStrict(in.Body, &req); err != nil {
					return nil, err
				}
				return s.Importer.Import(ctx, req.Symbol, req.Name, req.Market, strings.NewReader(req.CSV))
			},
		},
		{
			Name: "us.secFilings", Method: "GET", Path: "/api/us/sec-filings", Tag: "us",
			Summary: "Recent 10-K, 10-Q and 8-K filings of the largest US names from SEC EDGAR (spec U10)",
			Description: "Needs the SEC contact in the settings (SEC requires it in the User-Agent); cached 24 h. " +
				"In demo mode the list is empty with a notice: filings are never synthesised.",
			Result: typeOf[research.FilingsResult](),
			Handle: func(ctx context.Context, _ Input) (contract.Stamper, error) { return s.Research.Filings(ctx) },
		},
		{
			Name: "news.get", Method: "GET", Path: "/api/news/{ticker}", Tag: "data",
			Summary:     "Recent headlines: Yahoo Finance's feed for US symbols, a Google News search by Korean name for KRX codes",
			Description: "Cached 30 min. In demo mode the list is empty with a notice: news is never synthesised.",
			Params:      []Param{{Name: "ticker", In: "path", Required: true, Description: "KRX code (005930) or US symbol (AAPL)", Pattern: `^[0-9A-Z][0-9A-Z.\-]{0,9}$`, Example: "AAPL"}},
			Result:      typeOf[research.NewsResult](),
			Handle: func(ctx context.Context, in Input) (contract.Stamper, error) {
				return s.Research.News(ctx, in.Get("ticker"))
			},
		},
	}
}
