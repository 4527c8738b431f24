// Package kr is the Korean-market service: it composes the store and the
// analysis packages into what the API and the window show.
package kr

import (
	"context"
	"encoding/json"
	"errors"
	"krmarket/backend/analysis/exits"
	"krmarket/backend/analysis/setup"
	"sort"
	"sync"
	"time"

	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// Service answers KR questions from the store.
type Service struct {
	st     *store.Store
	now    func() time.Time
	loc    *time.Location
	source contract.SourceFunc
	// signals and rules read the current settings (nil: the defaults).
	signals func() setup.Config
	rules   func() exits.Rules
	pending func() string // id of a running ledger-history job, or ""
	// intraday fetches today's bars for the chart (nil: none).
	intraday func() IntradayFetcher

	mu    sync.Mutex
	memo  *SignalsResult
	memoK memoKey
}

// memoKey is what the signals list depends on besides the clock's date.
type memoKey struct {
	version int64  // store version
	day     string // KST date (final_score's "today" bonus)
	source  string // data source (live turns stale when a source fails)
	ageMin  int64  // data age in minutes
}

// New returns a KR service over st; now is the clock and source tells
// what the data is (nil: the store's own view, without staleness).
func New(st *store.Store, now func() time.Time, source contract.SourceFunc) *Service {
	loc, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		loc = time.FixedZone("KST", 9*3600)
	}
	if source == nil {
		source = func(ctx context.Context, mkt string) (string, *int64, error) {
			src, err := st.DominantSource(ctx, mkt)
			return src, nil, err
		}
	}
	return &Service{st: st, now: now, loc: loc, source: source}
}

// Configure makes the service read the signal rules and the exit rules
// from the settings (both are read on every use, so changes apply at once).
func (s *Service) Configure(signals func() setup.Config, rules func() exits.Rules) {
	s.signals, s.rules = signals, rules
}

// SetPending tells the service how to learn that the ledger's history is
// being rebuilt (the id of the running job, or ""): meanwhile the signals
// list is empty with a message rather than showing half-replayed days.
func (s *Service) SetPending(f func() string) { s.pending = f }

func (s *Service) signalCfg() setup.Config {
	if s.signals != nil {
		return s.signals()
	}
	return setup.DefaultConfig()
}

// SignalRow is one entry of GET /api/kr/signals (api-reference K2).
type SignalRow struct {
	Ticker           string  `json:"ticker"`
	Name             string  `json:"name"`
	Market           string  `json:"market"`
	SignalDate       string  `json:"signal_date"`
	Foreign5d        int64   `json:"foreign_5d"`
	Inst5d           int64   `json:"inst_5d"`
	Score            float64 `json:"score"`
	ContractionRatio float64 `json:"contraction_ratio"`
	EntryPrice       float64 `json:"entry_price"`
	CurrentPrice     float64 `json:"current_price"`
	ReturnPct        float64 `json:"return_pct"`
	Status           string  `json:"status"`
	FinalScore       float64 `json:"final_score"`
	SignalDetails
}

// SignalsResult is the body of GET /api/kr/signals.
type SignalsResult struct {
	contract.Meta
	Signals       []SignalRow `json:"signals"`
	Count         int         `json:"count"`
	TotalFiltered int         `json:"total_filtered"`
	Source        string      `json:"source"`
	Message       string      `json:"message,omitempty"`
	// PendingJob is the job rebuilding the ledger's history (poll
	// /api/jobs/{id}, then reload); the list is empty until it ends.
	PendingJob string `json:"pending_job,omitempty"`
}

// MaxSignals is how many signals the list keeps (K2: top 20).
const MaxSignals = 20

// Signals returns the OPEN signals that pass the K2 filter, ranked by
// final_score, with the latest stored price. The result is computed once
// per store version and KST date, stamped with that time (generated_at),
// and the same value is returned until then: callers must not modify it.
func (s *Service) Signals(ctx context.Context) (*SignalsResult, error) {
	now := s.now()
	today := now.In(s.loc).Format("2006-01-02")
	src, age, err := s.source(ctx, market.KR)
	if err != nil {
		return nil, err
	}
	if s.pending != nil {
		if id := s.pending(); id != "" {
			res := &SignalsResult{Source: "ledger", Signals: []SignalRow{}, PendingJob: id,
				Message: "Building the signal history from the stored sessions; the list appears when it is done."}
			res.DataSource, res.DataAge = src, age
			res.Stamp(now)
			return res, nil
		}
	}
	key := memoKey{version: s.st.Version(), day: today, source: src}
	if age != nil {
		key.ageMin = *age / 60
	}
	s.mu.Lock()
	if s.memo != nil && s.memoK == key {
		r := s.memo
		s.mu.Unlock()
		return r, nil
	}
	s.mu.Unlock()

	open, err := s.st.OpenSignals(ctx, market.KR)
	if err != nil {
		return nil, err
	}
	res := &SignalsResult{Source: "ledger", Signals: []SignalRow{}}
	res.DataSource, res.DataAge = src, age
	if len(open) == 0 {
		res.Message = "No open signals yet: the scan has not found any setups."
		res.Stamp(now)
		return res, nil
	}
	rows := make([]SignalRow, 0, len(open))
	for _, g := range open {
		det := ParseDetails(g)
		if !passes(g, det) {
			continue
		}
		rows = append(rows, SignalRow{
			Ticker: g.Ticker, SignalDate: g.SignalDate, Foreign5d: g.Foreign5d, Inst5d: g.Inst5d,
			Score: round(g.Score, 1), ContractionRatio: round(g.ContractionRatio, 2), EntryPrice: round(g.EntryPrice, 0),
			Status: g.Status, FinalScore: round(FinalScore(g, today), 1), SignalDetails: det,
		})
	}
	res.TotalFiltered = len(rows)
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].FinalScore != rows[j].FinalScore {
			return rows[i].FinalScore > rows[j].FinalScore
		}
		return rows[i].Ticker < rows[j].Ticker
	})
	if len(rows) > MaxSignals {
		rows = rows[:MaxSignals]
	}
	if err := s.fillPrices(ctx, rows); err != nil {
		return nil, err
	}
	res.Signals = rows
	res.Count = len(rows)
	res.Stamp(now)

	s.mu.Lock()
	s.memo, s.memoK = res, key
	s.mu.Unlock()
	return res, nil
}

// fillPrices adds names, markets, current prices and returns.
func (s *Service) fillPrices(ctx context.Context, rows []SignalRow) error {
	syms := make([]string, len(rows))
	for i := range rows {
		inst, err := s.st.InstrumentByTicker(ctx, market.KR, rows[i].Ticker)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		rows[i].Name, rows[i].Market, syms[i] = inst.Name, inst.Exchange, inst.Symbol
	}
	quotes, err := s.st.Quotes(ctx, syms)
	if err != nil {
		return err
	}
	for i := range rows {
		cur := rows[i].EntryPrice
		if q, ok := quotes[syms[i]]; ok && q.Price > 0 {
			cur = q.Price
		}
		rows[i].CurrentPrice = round(cur, 0)
		if rows[i].EntryPrice > 0 {
			rows[i].ReturnPct = round((cur-rows[i].EntryPrice)/rows[i].EntryPrice*100, 2)
		}
	}
	return nil
}

// ParseDetails decodes a signal's stored analysis; signals logged without
// one (legacy rows) get rule "legacy", stage "none" and empty lists.
func ParseDetails(g store.Signal) SignalDetails {
	d := SignalDetails{}
	if len(g.Details) > 0 {
		_ = json.Unmarshal(g.Details, &d) // written by SignalOf; a damaged row shows as legacy
	}
	if d.Rule == "" {
		d.Rule = setup.RuleLegacy
		d.SupplyDemandIndex = g.Score
	}
	if d.Stage == "" {
		d.Stage = "none"
	}
	if d.Contractions == nil {
		d.Contractions = []float64{}
	}
	return d
}

// PassesFilter is the K2 filter: drop names both foreigners and
// institutions are selling and scores below 50, and, for signals of the
// legacy rule, loose bases (contraction > 0.8). A VCP-rule signal is not
// dropped for its 20-bar range ratio: a breakout day widens the range by
// nature, and the pattern itself already tested the contractions.
func PassesFilter(g store.Signal) bool { return passes(g, ParseDetails(g)) }

// passes is PassesFilter with the signal's analysis already decoded.
func passes(g store.Signal, det SignalDetails) bool {
	if g.ContractionRatio > 0.8 && det.Rule == setup.RuleLegacy {
		return false
	}
	if g.Foreign5d < 0 && g.Inst5d < 0 {
		return false
	}
	return g.Score >= 50
}

// FinalScore is K2's final_score, capped to 0–100:
// 0.4·score + 0.3·(1 − contraction)·100 + 2·min((foreign_5d+inst_5d)/100,000, 30) + 10 if dated today.
func FinalScore(g store.Signal, today string) float64 {
	v := 0.4*g.Score + 0.3*(1-g.ContractionRatio)*100 + 2*min(float64(g.Foreign5d+g.Inst5d)/100_000, 30)
	if g.SignalDate == today {
		v += 10
	}
	return max(0, min(100, v))
}

func round(v float64, dp int) float64 {
	p := 1.0
	for i := 0; i < dp; i++ {
		p *= 10
	}
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}
