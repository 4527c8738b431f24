// Package ai is the KR AI analysis (api-reference K4–K7): every open signal
// of the K2 list gets a deterministic rule verdict (Rules, always
// available) and, when configured, verdicts from an OpenAI-compatible
// model and from Gemini (backend/llm); the final recommendation is their
// majority. Results are saved as snapshots by signal date (the original's
// history files) and served from there until the ledger's newest OPEN
// signal date moves on or a refresh is asked for.
package ai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/contract"
	"krmarket/backend/kr"
	"krmarket/backend/llm"
	"krmarket/backend/market"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

// Config is the "ai" settings block (defined in backend/llm so that the
// config package can hold it without importing this one).
type Config = llm.Config

// Provider is one LLM provider's settings.
type Provider = llm.Provider

// SnapshotKind is the snapshots' kind.
const SnapshotKind = "kr_ai_analysis"

// MaxAnalysed is how many signals of the K2 list are analysed (K5: top 10).
const MaxAnalysed = 10

// Concurrency is how many signals are analysed at once (LLM calls in flight).
const Concurrency = 2

// Index symbols.
const (
	KOSPI  = "^KS11"
	KOSDAQ = "^KQ11"
)

// Provider states in api_status.
const (
	StatusNotConfigured = "not_configured" // disabled in the settings
	StatusNoKey         = "no_key"         // enabled, but its key secret is empty
	StatusActive        = "active"         // used in this run
	StatusRateLimited   = "rate_limited"   // a 429 or spent quota stopped it for the rest of the run
	StatusAuthFailed    = "auth_failed"    // the key was rejected; stopped for the run
	StatusNotFound      = "not_found"      // unknown model or URL; stopped for the run
)

// GateFunc returns the KR market gate (GREEN | YELLOW | RED) and its score.
type GateFunc func(ctx context.Context) (gate string, score float64, err error)

// NewsFunc returns recent headlines for a KRX ticker.
type NewsFunc func(ctx context.Context, ticker string) ([]NewsItem, error)

// Deps are the service's collaborators. Store, KR and Now are required.
type Deps struct {
	Store  *store.Store
	KR     *kr.Service
	Now    func() time.Time
	Source contract.SourceFunc // data source of the KR market (nil: the store's view)
	// Config returns the current "ai" settings (nil: defaults, no LLM).
	Config func() Config
	// Key returns the secret with that name ("" when unset); nil: no keys.
	Key func(name string) (string, error)
	// Redact registers secret values with the log redactor (may be nil).
	Redact func(values ...string)
	Gate   GateFunc // nil: gate unknown
	News   NewsFunc // nil: no news
	// Signals returns the signal rules used to evaluate a ticker that is
	// not an open signal (K4); nil: setup.DefaultConfig().
	Signals    func() setup.Config
	HTTPClient *http.Client // for the LLM calls (nil: a plain client)
	// Sources records each LLM call's outcome under "openai" / "gemini"
	// (ok, failing, rate-limited until), as /api/sources shows (may be nil).
	Sources *sources.Registry
	// Deadline overrides the config's deadline_seconds; LLMBackoff the
	// clients' first retry delay (tests).
	Deadline   time.Duration
	LLMBackoff time.Duration
}

// Service computes and serves the AI analysis.
type Service struct {
	d Deps

	run  sync.Mutex   // one computation at a time
	runs atomic.Int64 // computations finished

	rmu      sync.Mutex
	redacted map[string]bool
}

// New returns the service.
func New(d Deps) *Service {
	if d.Source == nil {
		st := d.Store
		d.Source = func(ctx context.Context, mkt string) (string, *int64, error) {
			src, err := st.DominantSource(ctx, mkt)
			return src, nil, err
		}
	}
	if d.Config == nil {
		d.Config = llm.DefaultConfig
	}
	if d.Signals == nil {
		d.Signals = setup.DefaultConfig
	}
	return &Service{d: d, redacted: map[string]bool{}}
}

// VCPInfo is the signal's Minervini pattern as the scan stored it.
type VCPInfo struct {
	Score              float64 `json:"vcp_score"`
	Stage              string  `json:"stage"`
	Pivot              float64 `json:"pivot"`
	DistanceToPivotPct float64 `json:"distance_to_pivot_pct"` // negative above the pivot
}

// SignalAnalysis is one entry of K5's signals.
type SignalAnalysis struct {
	Ticker           string          `json:"ticker"`
	Name             string          `json:"name"`
	Market           string          `json:"market"`
	SignalDate       string          `json:"signal_date"`
	Score            float64         `json:"score"`
	ContractionRatio float64         `json:"contraction_ratio"`
	Foreign5d        int64           `json:"foreign_5d"`
	Inst5d           int64           `json:"inst_5d"`
	EntryPrice       float64         `json:"entry_price"`
	FinalScore       float64         `json:"final_score"`
	Fundamentals     Fundamentals    `json:"fundamentals"`
	CurrentPrice     float64         `json:"current_price"`
	ReturnPct        float64         `json:"return_pct"`
	VCP              *VCPInfo        `json:"vcp"` // null for signals without a pattern
	News             []NewsItem      `json:"news"`
	GPT              *Recommendation `json:"gpt_recommendation"`    // null: OpenAI-compatible analyst not configured
	Gemini           *Recommendation `json:"gemini_recommendation"` // null: Gemini not configured
	Rule             Recommendation  `json:"rule_recommendation"`
	Final            Recommendation  `json:"final_recommendation"`
	// AnalysisSource: rules (no LLM configured), gemini, openai,
	// gemini+openai (which answered), fallback (LLMs configured, none answered).
	AnalysisSource string `json:"analysis_source"`
}

// APIStatus reports the LLM providers of the run.
type APIStatus struct {
	Gemini string `json:"gemini"`
	OpenAI string `json:"openai"`
	// Errors counts failures: per provider ("openai": 2) and per provider
	// and kind ("openai_timeout": 1); "news" and "gate" count failed lookups.
	Errors map[string]int `json:"errors"`
	// DeadlineExceeded is set when the run's deadline cut LLM calls short.
	DeadlineExceeded bool `json:"deadline_exceeded"`
}

// AnalysisResult is the body of GET /api/kr/ai-analysis and of a history entry.
type AnalysisResult struct {
	contract.Meta
	MarketIndices MarketIndices    `json:"market_indices"`
	Signals       []SignalAnalysis `json:"signals"`
	Count         int              `json:"count"`
	APIStatus     APIStatus        `json:"api_status"`
	SignalDate    string           `json:"signal_date"` // the ledger's newest OPEN signal date (the cache key)
	Gate          string           `json:"gate"`        // GREEN | YELLOW | RED | UNKNOWN
	GateScore     *float64         `json:"gate_score"`
	Message       string           `json:"message,omitempty"`
}

// errLLMRefresh is CheckRefresh's refusal.
var errLLMRefresh = &contract.Error{HTTP: http.StatusForbidden, Code: "refresh_needs_token",
	Message: "refresh=true would call the configured LLMs (your quota): use POST /api/kr/ai-analysis/refresh with the API token"}

// CheckRefresh is the policy for refresh=true on the tokenless GET: free
// (allowed) when no LLM provider is usable, else refused with 403, since
// a GET must not spend the user's LLM quota on behalf of any local caller.
func (s *Service) CheckRefresh() error {
	if s == nil {
		return nil
	}
	cfg := s.d.Config()
	for _, p := range []llm.Provider{cfg.OpenAI, cfg.Gemini} {
		if s.usable(p) {
			return errLLMRefresh
		}
	}
	return nil
}

func (s *Service) usable(p llm.Provider) bool {
	if !p.Enabled || p.BaseURL == "" || p.Model == "" {
		return false
	}
	if p.KeySecret == "" {
		return true
	}
	k, err := s.key(p.KeySecret)
	return err == nil && k != ""
}

func (s *Service) key(name string) (string, error) {
	if s.d.Key == nil {
		return "", nil
	}
	k, err := s.d.Key(name)
	if err != nil || k == "" {
		return "", err
	}
	s.rmu.Lock()
	if !s.redacted[k] && s.d.Redact != nil {
		s.d.Redact(k)
	}
	s.redacted[k] = true
	s.rmu.Unlock()
	return k, nil
}

var errNotWired = contract.Unavailable("ai_unavailable", "the AI analysis service is not available")

// Analysis returns the analysis of the newest OPEN signal date: the saved
// snapshot unless refresh is set, else a new run (saved as the snapshot).
func (s *Service) Analysis(ctx context.Context, refresh bool) (*AnalysisResult, error) {
	if s == nil {
		return nil, errNotWired
	}
	latest, err := s.latestSignalDate(ctx)
	if err != nil {
		return nil, err
	}
	if latest == "" {
		return s.empty(ctx)
	}
	if !refresh {
		if r, err := s.snapshot(ctx, latest); err == nil || !errors.Is(err, store.ErrNotFound) {
			return r, err
		}
	}
	seen := s.runs.Load()
	s.run.Lock()
	defer s.run.Unlock()
	// While waiting, another run may have produced what this call wants.
	if !refresh || s.runs.Load() != seen {
		if r, err := s.snapshot(ctx, latest); err == nil || !errors.Is(err, store.ErrNotFound) {
			return r, err
		}
	}
	r, err := s.compute(ctx, latest)
	if err != nil {
		return nil, err
	}
	s.runs.Add(1)
	return r, nil
}

func (s *Service) latestSignalDate(ctx context.Context) (string, error) {
	open, err := s.d.Store.OpenSignals(ctx, market.KR)
	if err != nil {
		return "", err
	}
	latest := ""
	for _, g := range open {
		latest = max(latest, g.SignalDate)
	}
	return latest, nil
}

func (s *Service) empty(ctx context.Context) (*AnalysisResult, error) {
	r := &AnalysisResult{Signals: []SignalAnalysis{}, Gate: "UNKNOWN", Message: "No open signals yet: the scan has not found any setups.",
		APIStatus: APIStatus{Errors: map[string]int{}}}
	r.APIStatus.Gemini, r.APIStatus.OpenAI = s.providerStatus()
	var err error
	if r.DataSource, r.DataAge, err = s.d.Source(ctx, market.KR); err != nil {
		return nil, err
	}
	r.Stamp(s.d.Now())
	return r, nil
}

// providerStatus is each provider's state before a run.
func (s *Service) providerStatus() (gemini, openai string) {
	cfg := s.d.Config()
	st := func(p llm.Provider) string {
		switch {
		case !p.Enabled:
			return StatusNotConfigured
		case !s.usable(p):
			return StatusNoKey
		}
		return StatusActive
	}
	return st(cfg.Gemini), st(cfg.OpenAI)
}

// snapshot loads a saved analysis (store.ErrNotFound if none).
func (s *Service) snapshot(ctx context.Context, date string) (*AnalysisResult, error) {
	b, err := s.d.Store.Snapshot(ctx, SnapshotKind, date)
	if err != nil {
		return nil, err
	}
	var r AnalysisResult
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("decode %s snapshot %s: %w", SnapshotKind, date, err)
	}
	if r.Signals == nil {
		r.Signals = []SignalAnalysis{}
	}
	if r.APIStatus.Errors == nil {
		r.APIStatus.Errors = map[string]int{}
	}
	return &r, nil
}

// provider is one LLM analyst during a run.
type provider struct {
	name   string // gemini | openai
	status string
	client llm.Client // nil when not usable

	mu       sync.Mutex
	disabled string // the fatal error kind that stopped it
}

func (p *provider) stop(kind string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.disabled == "" {
		p.disabled = kind
	}
}

func (p *provider) stoppedBy() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.disabled
}

func (s *Service) providers(cfg Config) (gemini, openai *provider) {
	mk := func(name string, pc llm.Provider, newClient func(llm.Options) llm.Client) *provider {
		p := &provider{name: name, status: StatusNotConfigured}
		if !pc.Enabled || pc.BaseURL == "" || pc.Model == "" {
			return p
		}
		key, err := s.key(pc.KeySecret)
		if pc.KeySecret != "" && (err != nil || key == "") {
			p.status = StatusNoKey
			return p
		}
		p.status = StatusActive
		p.client = newClient(llm.Options{BaseURL: pc.BaseURL, Model: pc.Model, Key: key, Timeout: pc.Timeout(),
			HTTPClient: s.d.HTTPClient, Backoff: s.d.LLMBackoff})
		return p
	}
	gemini = mk("gemini", cfg.Gemini, func(o llm.Options) llm.Client { return llm.NewGemini(o) })
	openai = mk("openai", cfg.OpenAI, func(o llm.Options) llm.Client { return llm.NewOpenAI(o) })
	return gemini, openai
}

// counter counts a run's failures.
type counter struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counter) add(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		c.m[k]++
	}
}

// item is one signal during a run.
type item struct {
	row    kr.SignalRow
	out    SignalAnalysis
	rule   RuleInput
	prompt PromptInput
}

// compute runs the analysis of the top signals and saves it.
//
// Store reads and the rule verdicts come first and are not cut short; news
// and LLM calls then run for up to Concurrency signals at a time under the
// run's deadline (ai.deadline_seconds, default 25 s, under the local API's
// 30 s write timeout). When the deadline passes, calls in flight are
// abandoned and the signals still waiting get their rule verdict as
// gpt/gemini_recommendation with source "fallback" and error "deadline";
// the result is still returned and saved, with api_status.deadline_exceeded.
// The run is detached from the caller's cancellation, so a client that
// hangs up does not waste the calls already paid for: the next GET gets them.
func (s *Service) compute(ctx context.Context, latest string) (*AnalysisResult, error) {
	ctx = context.WithoutCancel(ctx)
	cfg := s.d.Config()
	now := s.d.Now()
	res := &AnalysisResult{SignalDate: latest, Signals: []SignalAnalysis{}}
	var err error
	if res.DataSource, res.DataAge, err = s.d.Source(ctx, market.KR); err != nil {
		return nil, err
	}
	errs := &counter{m: map[string]int{}}
	sig, err := s.d.KR.Signals(ctx)
	if err != nil {
		return nil, err
	}
	if sig.PendingJob != "" {
		return nil, contract.Unavailable("signals_pending", "the signal history is being rebuilt (job %s); the analysis runs when it is done", sig.PendingJob)
	}
	rows := sig.Signals
	if len(rows) > MaxAnalysed {
		rows = rows[:MaxAnalysed]
	}
	if res.MarketIndices, err = s.indices(ctx); err != nil {
		return nil, err
	}
	res.Gate, res.GateScore = s.gate(ctx, errs)
	items := make([]*item, len(rows))
	for i, row := range rows {
		if items[i], err = s.prepare(ctx, row, res.MarketIndices, res.Gate); err != nil {
			return nil, err
		}
	}

	gem, oai := s.providers(cfg)
	deadline := s.d.Deadline
	if deadline <= 0 {
		deadline = time.Duration(cfg.DeadlineSeconds) * time.Second
	}
	if deadline <= 0 {
		deadline = time.Duration(llm.DefaultConfig().DeadlineSeconds) * time.Second
	}
	dctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	next := make(chan *item)
	var wg sync.WaitGroup
	for w := 0; w < Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				s.enrich(dctx, it, gem, oai, errs)
			}
		}()
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
	res.APIStatus = APIStatus{Gemini: runStatus(gem), OpenAI: runStatus(oai), Errors: errs.m,
		DeadlineExceeded: errors.Is(dctx.Err(), context.DeadlineExceeded)}
	for _, it := range items {
		res.Signals = append(res.Signals, it.out)
	}
	res.Count = len(res.Signals)
	if len(rows) == 0 {
		res.Message = "No open signal passes the K2 filter (contraction, flows, score)."
	}
	res.Stamp(now)
	b, err := json.Marshal(res)
	if err != nil {
		return nil, fmt.Errorf("encode analysis: %w", err)
	}
	if err := s.d.Store.PutSnapshot(ctx, SnapshotKind, latest, b, now); err != nil {
		return nil, err
	}
	return res, nil
}

func runStatus(p *provider) string {
	switch p.stoppedBy() {
	case "":
		return p.status
	case llm.KindRateLimited, llm.KindQuota:
		return StatusRateLimited
	case llm.KindAuth:
		return StatusAuthFailed
	default:
		return StatusNotFound
	}
}

// indices reads KOSPI's and KOSDAQ's last two closes.
func (s *Service) indices(ctx context.Context) (MarketIndices, error) {
	var mi MarketIndices
	for sym, dst := range map[string]**IndexQuote{KOSPI: &mi.KOSPI, KOSDAQ: &mi.KOSDAQ} {
		bars, err := s.d.Store.LastBars(ctx, sym, market.Daily, 2)
		if err != nil {
			return mi, err
		}
		*dst = indexQuote(bars)
	}
	return mi, nil
}

// gate asks the market gate; unknown on error (counted) or when not wired.
func (s *Service) gate(ctx context.Context, errs *counter) (string, *float64) {
	if s.d.Gate == nil {
		return "UNKNOWN", nil
	}
	g, score, err := s.d.Gate(ctx)
	if err != nil || g == "" {
		errs.add("gate")
		return "UNKNOWN", nil
	}
	return g, &score
}

// prepare reads one signal's stored figures and computes its rule verdict.
func (s *Service) prepare(ctx context.Context, row kr.SignalRow, mi MarketIndices, gate string) (*item, error) {
	it := &item{row: row}
	fund, err := s.fundamentals(ctx, row.Ticker)
	if err != nil {
		return nil, err
	}
	vcpIn, vcpInfo := vcpOf(row.SignalDetails)
	it.rule = RuleInput{Score: row.Score, ContractionRatio: row.ContractionRatio, Foreign5d: row.Foreign5d, Inst5d: row.Inst5d,
		VCP: vcpIn, Gate: gate, Fund: fund, HasEntry: row.EntryPrice > 0, ReturnPct: row.ReturnPct}
	it.out = SignalAnalysis{
		Ticker: row.Ticker, Name: row.Name, Market: row.Market, SignalDate: row.SignalDate, Score: row.Score,
		ContractionRatio: row.ContractionRatio, Foreign5d: row.Foreign5d, Inst5d: row.Inst5d, EntryPrice: row.EntryPrice,
		FinalScore: row.FinalScore, Fundamentals: FormatFundamentals(fund), CurrentPrice: row.CurrentPrice, ReturnPct: row.ReturnPct,
		VCP: vcpInfo, News: []NewsItem{}, Rule: Rules(it.rule),
	}
	it.prompt = PromptInput{Ticker: row.Ticker, Name: row.Name, Market: row.Market, SignalDate: row.SignalDate, Score: row.Score,
		ContractionRatio: row.ContractionRatio, FinalScore: row.FinalScore, Foreign5d: row.Foreign5d, Inst5d: row.Inst5d,
		EntryPrice: row.EntryPrice, CurrentPrice: row.CurrentPrice, ReturnPct: row.ReturnPct, VCP: vcpIn,
		Fund: it.out.Fundamentals, Indices: mi, Gate: gate}
	return it, nil
}

// vcpOf reads the pattern the scan stored with a signal (none for legacy
// signals and signals without a found pattern).
func vcpOf(d kr.SignalDetails) (*VCPInput, *VCPInfo) {
	if d.Rule != setup.RuleVCP || d.Stage == "" || d.Stage == "none" || d.Pivot <= 0 {
		return nil, nil
	}
	return &VCPInput{Score: d.VCPScore, Stage: d.Stage, DistanceToPivotPct: d.DistanceToPivotPct},
		&VCPInfo{Score: d.VCPScore, Stage: d.Stage, Pivot: d.Pivot, DistanceToPivotPct: d.DistanceToPivotPct}
}

func (s *Service) fundamentals(ctx context.Context, ticker string) (*market.Fundamentals, error) {
	inst, err := s.d.Store.InstrumentByTicker(ctx, market.KR, ticker)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := s.d.Store.LatestFundamentals(ctx, inst.Symbol)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// enrich adds news and the LLM verdicts to one prepared signal.
func (s *Service) enrich(ctx context.Context, it *item, gem, oai *provider, errs *counter) {
	if s.d.News != nil && ctx.Err() == nil {
		news, err := s.d.News(ctx, it.row.Ticker)
		if err != nil {
			errs.add("news")
		}
		for _, n := range news {
			if len(it.out.News) == 5 {
				break
			}
			it.out.News = append(it.out.News, NewsItem{Title: clip(n.Title, 200), Summary: clip(n.Summary, 400), URL: n.URL})
		}
	}
	it.prompt.News = it.out.News
	req := Prompt(it.prompt)
	verdicts := []Recommendation{it.out.Rule}
	var answered []string
	for _, p := range []*provider{gem, oai} {
		if p.client == nil {
			continue
		}
		rec := s.ask(ctx, p, req, it.out.Rule, errs)
		if rec.Source == p.name {
			verdicts = append(verdicts, rec)
			answered = append(answered, p.name)
		}
		if p.name == "gemini" {
			it.out.Gemini = &rec
		} else {
			it.out.GPT = &rec
		}
	}
	it.out.Final = Consensus(verdicts)
	switch {
	case len(answered) > 0:
		it.out.AnalysisSource = strings.Join(answered, "+")
	case gem.client != nil || oai.client != nil:
		it.out.AnalysisSource = SourceFallback
	default:
		it.out.AnalysisSource = SourceRules
	}
}

// ask gets one provider's verdict, or the rule verdict as a fallback.
func (s *Service) ask(ctx context.Context, p *provider, req llm.Request, rule Recommendation, errs *counter) Recommendation {
	fallback := func(kind string) Recommendation {
		r := rule
		r.Source, r.Error = SourceFallback, kind
		return r
	}
	if kind := p.stoppedBy(); kind != "" {
		return fallback("provider_disabled")
	}
	raw, err := p.client.Complete(ctx, req)
	if s.d.Sources != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		msg := ""
		if err != nil {
			msg = err.Error() // *llm.Error: the key is scrubbed
		}
		s.d.Sources.Report(p.name, err, msg)
	}
	if err != nil {
		kind := llm.KindOf(err)
		errs.add(p.name, p.name+"_"+kind)
		if llm.IsFatal(err) {
			p.stop(kind)
		}
		return fallback(kind)
	}
	rec, err := ParseVerdict(raw, p.name)
	if err != nil {
		errs.add(p.name, p.name+"_"+llm.KindInvalid)
		return fallback(llm.KindInvalid)
	}
	return rec
}

// SummaryResult is the body of GET /api/kr/ai-summary/{ticker} (K4).
type SummaryResult struct {
	contract.Meta
	Ticker         string          `json:"ticker"`
	Name           string          `json:"name"`
	Summary        string          `json:"summary"`    // the verdicts' Korean reasons, one per line
	SummaryEN      string          `json:"summary_en"` // the same in English
	GPT            *Recommendation `json:"gpt_recommendation"`
	Gemini         *Recommendation `json:"gemini_recommendation"`
	Rule           Recommendation  `json:"rule_recommendation"`
	Final          Recommendation  `json:"final_recommendation"`
	News           []NewsItem      `json:"news"`
	Fundamentals   Fundamentals    `json:"fundamentals"`
	Score          float64         `json:"score"`
	Grade          *string         `json:"grade"` // always null: the original never computed one
	AnalysisSource string          `json:"analysis_source"`
	SignalDate     string          `json:"signal_date"` // of the analysis or signal; "" for a stock that is not a signal
	InAnalysis     bool            `json:"in_analysis"` // taken from the saved K5 analysis
}

// Summary returns one ticker's verdict: its entry of the saved analysis of
// the newest signal date when it has one; otherwise the rule analyst's
// verdict from the store (the ledger's numbers for an open signal, or the
// signal rules evaluated on its stored bars and flows), so every listed
// stock with prices gets an answer. No LLM is called here.
func (s *Service) Summary(ctx context.Context, ticker string) (*SummaryResult, error) {
	if s == nil {
		return nil, errNotWired
	}
	if !kr.ValidTicker(ticker) {
		return nil, contract.BadRequest("invalid_ticker", "ticker must be a 6-character KRX code such as 005930")
	}
	latest, err := s.latestSignalDate(ctx)
	if err != nil {
		return nil, err
	}
	if latest != "" {
		r, err := s.snapshot(ctx, latest)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if r != nil {
			for _, sg := range r.Signals {
				if sg.Ticker == ticker {
					return condensed(r, sg), nil
				}
			}
		}
	}
	return s.ruleSummary(ctx, ticker)
}

func condensed(r *AnalysisResult, sg SignalAnalysis) *SummaryResult {
	out := &SummaryResult{Meta: r.Meta, Ticker: sg.Ticker, Name: sg.Name, GPT: sg.GPT, Gemini: sg.Gemini, Rule: sg.Rule, Final: sg.Final,
		News: sg.News, Fundamentals: sg.Fundamentals, Score: sg.Score, AnalysisSource: sg.AnalysisSource, SignalDate: r.SignalDate, InAnalysis: true}
	if out.News == nil {
		out.News = []NewsItem{}
	}
	out.Summary, out.SummaryEN = joinReasons(sg.Gemini, sg.GPT, sg.Rule)
	return out
}

// joinReasons lists the reasons of the LLM verdicts that answered, then
// the rule verdict's.
func joinReasons(gemini, gpt *Recommendation, rule Recommendation) (ko, en string) {
	var k, e []string
	if gemini != nil && gemini.Source == SourceGemini {
		k, e = append(k, "[Gemini] "+gemini.Reason), append(e, "[Gemini] "+gemini.ReasonEN)
	}
	if gpt != nil && gpt.Source == SourceOpenAI {
		k, e = append(k, "[GPT] "+gpt.Reason), append(e, "[GPT] "+gpt.ReasonEN)
	}
	k, e = append(k, "[규칙] "+rule.Reason), append(e, "[Rules] "+rule.ReasonEN)
	return strings.Join(k, "\n"), strings.Join(e, "\n")
}

func (s *Service) ruleSummary(ctx context.Context, ticker string) (*SummaryResult, error) {
	inst, err := s.d.Store.InstrumentByTicker(ctx, market.KR, ticker)
	if errors.Is(err, store.ErrNotFound) {
		return nil, contract.NotFound("unknown_ticker", "ticker %s is not a listed KRX stock", ticker)
	}
	if err != nil {
		return nil, err
	}
	bars, err := s.d.Store.LastBars(ctx, inst.Symbol, market.Daily, kr.ScanBars)
	if err != nil {
		return nil, err
	}
	if len(bars) == 0 {
		return nil, contract.Unavailable("no_price_data", "no price data stored for %s yet", ticker)
	}
	out := &SummaryResult{Ticker: ticker, Name: inst.Name, AnalysisSource: SourceRules, News: []NewsItem{}}
	if out.DataSource, out.DataAge, err = s.d.Source(ctx, market.KR); err != nil {
		return nil, err
	}
	fund, err := s.fundamentals(ctx, ticker)
	if err != nil {
		return nil, err
	}
	errs := &counter{m: map[string]int{}}
	gate, _ := s.gate(ctx, errs)
	in := RuleInput{Gate: gate, Fund: fund}
	open, err := s.d.Store.OpenSignals(ctx, market.KR)
	if err != nil {
		return nil, err
	}
	var sig *store.Signal
	for i := range open {
		if open[i].Ticker == ticker {
			sig = &open[i]
		}
	}
	if sig != nil {
		cur := bars[len(bars)-1].Close
		if q, err := s.d.Store.Quotes(ctx, []string{inst.Symbol}); err == nil && q[inst.Symbol].Price > 0 {
			cur = q[inst.Symbol].Price
		} else if err != nil {
			return nil, err
		}
		in.Score, in.ContractionRatio, in.Foreign5d, in.Inst5d = sig.Score, sig.ContractionRatio, sig.Foreign5d, sig.Inst5d
		in.VCP, _ = vcpOf(kr.ParseDetails(*sig))
		if sig.EntryPrice > 0 {
			in.HasEntry, in.ReturnPct = true, round((cur-sig.EntryPrice)/sig.EntryPrice*100, 2)
		}
		out.SignalDate = sig.SignalDate
	} else {
		flows, err := s.d.Store.LastFlows(ctx, inst.Symbol, 60)
		if err != nil {
			return nil, err
		}
		bench, err := s.d.Store.LastBars(ctx, kr.BenchSymbol, market.Daily, kr.ScanBars+10)
		if err != nil {
			return nil, err
		}
		ev := setup.Evaluate(setup.Input{Bars: bars, Flows: flows, Bench: bench}, s.d.Signals())
		in.Score, in.ContractionRatio = ev.Score, ev.Legacy.ContractionRatio
		in.Foreign5d, in.Inst5d = ev.Flow.Foreign5d, ev.Flow.Inst5d
		if ev.VCP.Found {
			in.VCP = &VCPInput{Score: ev.VCP.Score, Stage: ev.VCP.Stage, DistanceToPivotPct: ev.VCP.DistancePct}
		}
	}
	out.Score = round(in.Score, 1)
	out.Rule = Rules(in)
	out.Final = Consensus([]Recommendation{out.Rule})
	out.Fundamentals = FormatFundamentals(fund)
	if s.d.News != nil {
		if news, err := s.d.News(ctx, ticker); err == nil {
			for _, n := range news {
				if len(out.News) == 5 {
					break
				}
				out.News = append(out.News, NewsItem{Title: clip(n.Title, 200), Summary: clip(n.Summary, 400), URL: n.URL})
			}
		}
	}
	out.Summary, out.SummaryEN = joinReasons(nil, nil, out.Rule)
	out.Stamp(s.d.Now())
	return out, nil
}

// HistoryDatesResult is the body of GET /api/kr/ai-history-dates (K6).
type HistoryDatesResult struct {
	contract.Meta
	Dates []string `json:"dates"` // YYYY-MM-DD, newest first
	Count int      `json:"count"`
}

// HistoryDates lists the dates with a saved analysis.
func (s *Service) HistoryDates(ctx context.Context) (*HistoryDatesResult, error) {
	if s == nil {
		return nil, errNotWired
	}
	dates, err := s.d.Store.SnapshotDates(ctx, SnapshotKind)
	if err != nil {
		return nil, err
	}
	sort.Sort(sort.Reverse(sort.StringSlice(dates)))
	r := &HistoryDatesResult{Dates: dates, Count: len(dates)}
	if r.DataSource, r.DataAge, err = s.d.Source(ctx, market.KR); err != nil {
		return nil, err
	}
	return r, nil
}

// History returns the saved analysis of a date, given as YYYY-MM-DD,
// YYYYMMDD, or a history file stem (kr_ai_analysis_YYYYMMDD /
// kr_ai_analysis_YYYY-MM-DD), exactly as it was saved.
func (s *Service) History(ctx context.Context, date string) (*AnalysisResult, error) {
	if s == nil {
		return nil, errNotWired
	}
	d, err := ParseHistoryDate(date)
	if err != nil {
		return nil, err
	}
	r, err := s.snapshot(ctx, d)
	if errors.Is(err, store.ErrNotFound) {
		return nil, contract.NotFound("no_analysis", "No analysis found for %s", d)
	}
	return r, err
}

// ParseHistoryDate normalises the accepted date spellings to YYYY-MM-DD.
func ParseHistoryDate(s string) (string, error) {
	d := strings.TrimPrefix(s, SnapshotKind+"_")
	for _, layout := range []string{"2006-01-02", "20060102"} {
		if len(d) != len(layout) {
			continue
		}
		if t, err := time.Parse(layout, d); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	return "", contract.BadRequest("invalid_date", "date %q: want YYYY-MM-DD, YYYYMMDD or kr_ai_analysis_YYYYMMDD", clip(s, 40))
}
