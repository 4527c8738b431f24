package kr

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"time"

	"krmarket/backend/analysis/setup"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// ScanBars is how many daily bars the scan reads per stock: the trend
// template's 252-bar window plus the relative-strength lookback (253) and
// a margin for the base search.
const ScanBars = 320

// BenchSymbol is the relative-strength benchmark (KOSPI).
const BenchSymbol = "^KS11"

// ScoreParts are the composite score's components (0–100 each).
type ScoreParts struct {
	Pattern float64 `json:"pattern"`
	Flow    float64 `json:"flow"`
	Trend   float64 `json:"trend"`
	RS      float64 `json:"rs"`
}

// SignalDetails is the scan's analysis stored with a signal (the ledger's
// details column) and shown in the API.
type SignalDetails struct {
	Rule               string     `json:"rule"`                  // vcp or legacy
	SupplyDemandIndex  float64    `json:"supply_demand_index"`   // §6.3 flow index, 0–100
	FlowStage          string     `json:"flow_stage"`            // its Korean stage label
	VCPScore           float64    `json:"vcp_score"`             // pattern score 0–100 (0: no pattern)
	Contractions       []float64  `json:"contractions"`          // pullback depths in %, oldest first
	Pivot              float64    `json:"pivot"`                 // the last contraction's high
	DistanceToPivotPct float64    `json:"distance_to_pivot_pct"` // (pivot − close)/pivot·100; negative above it
	BaseDepth          float64    `json:"base_depth"`            // first pullback's depth, %
	BaseLength         int        `json:"base_length"`           // bars from the base's first high
	Stage              string     `json:"stage"`                 // breakout | pivot | tightening | building | none
	VolumeDryUp        bool       `json:"volume_dry_up"`
	TrendChecks        int        `json:"trend_checks"` // Minervini trend-template checks passed, of 7
	RSExcess           float64    `json:"rs_excess"`    // weighted excess return vs KOSPI, %-points
	ScoreParts         ScoreParts `json:"score_parts"`
}

// DetailsOf condenses an evaluation into what the ledger keeps.
func DetailsOf(ev setup.Evaluation) SignalDetails {
	d := SignalDetails{
		Rule: ev.Rule, SupplyDemandIndex: round(ev.Flow.Value, 1), FlowStage: ev.Flow.Stage,
		VCPScore: ev.VCP.Score, Contractions: []float64{}, Stage: ev.VCP.Stage,
		VolumeDryUp: ev.VCP.VolumeDryUp, TrendChecks: ev.Trend.Passed, RSExcess: round(ev.RSExcess, 2),
		ScoreParts: ScoreParts{Pattern: round(ev.PatternScore, 1), Flow: round(ev.FlowScore, 1),
			Trend: round(ev.TrendScore, 1), RS: round(ev.RSScore, 1)},
	}
	if ev.VCP.Found {
		for _, c := range ev.VCP.Depths {
			d.Contractions = append(d.Contractions, round(c, 2))
		}
		d.Pivot, d.DistanceToPivotPct = round(ev.VCP.Pivot, 2), round(ev.VCP.DistancePct, 2)
		d.BaseDepth, d.BaseLength = round(ev.VCP.BaseDepthPct, 2), ev.VCP.BaseLength
	}
	if d.Stage == "" {
		d.Stage = "none"
	}
	return d
}

// ScanResult reports one scan.
type ScanResult struct {
	Rule       string `json:"rule"`
	Scanned    int    `json:"scanned"`
	Candidates int    `json:"candidates"`
	Added      int    `json:"added"`
	SignalDate string `json:"signal_date"`
}

// Progress reports scan progress (done of total stocks); may be nil.
type Progress func(done, total int)

// Scan evaluates every KR stock on its latest stored bar with the signal
// rules and adds new OPEN signals to the ledger (one per ticker and date;
// none for a ticker that already has an OPEN signal). The flows of every
// stock are read in one query, then the bars are streamed in one query
// (store.EachSeries) to a pool of GOMAXPROCS workers.
func (s *Service) Scan(ctx context.Context, cfg setup.Config, progress Progress) (ScanResult, error) {
	if err := cfg.Validate(); err != nil {
		return ScanResult{}, err
	}
	insts, bySym, want, err := s.stocks(ctx)
	if err != nil {
		return ScanResult{}, err
	}
	bench, err := s.st.LastBars(ctx, BenchSymbol, market.Daily, ScanBars+10)
	if err != nil {
		return ScanResult{}, err
	}
	from := fromYear(bench, s.now(), ScanBars)
	flows := make(map[string][]market.Flow, len(insts))
	if err := s.st.EachFlows(ctx, from, 60, want, func(sym string, f []market.Flow) error {
		flows[sym] = f
		return nil
	}); err != nil {
		return ScanResult{}, fmt.Errorf("kr scan: %w", err)
	}

	type item struct {
		inst market.Instrument
		bars []market.Bar
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		done     int
		res      = ScanResult{Rule: cfg.Rule}
		sigs     []store.Signal
	)
	next := make(chan item, 64)
	for w := 0; w < max(1, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				var g store.Signal
				var err error
				ev := setup.Evaluate(setup.Input{Bars: it.bars, Flows: flows[it.inst.Symbol], Bench: bench, Screen: true}, cfg)
				if ev.Pass {
					g, err = SignalOf(it.inst, it.bars[len(it.bars)-1], ev)
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				res.Scanned++
				if g.Ticker != "" {
					sigs = append(sigs, g)
					res.Candidates++
					res.SignalDate = max(res.SignalDate, g.SignalDate)
				}
				done++
				d := done
				mu.Unlock()
				if progress != nil && (d%100 == 0 || d == len(insts)) {
					progress(d, len(insts))
				}
			}
		}()
	}
	walkErr := s.st.EachSeries(ctx, market.Daily, from, ScanBars, want, func(sym string, bars []market.Bar) error {
		if len(bars) < 20 {
			return nil
		}
		select {
		case next <- item{inst: bySym[sym], bars: bars}:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(next)
	wg.Wait()
	switch {
	case firstErr != nil:
		return ScanResult{}, fmt.Errorf("kr scan: %w", firstErr)
	case walkErr != nil:
		return ScanResult{}, fmt.Errorf("kr scan: %w", walkErr)
	}
	if progress != nil {
		progress(len(insts), len(insts))
	}
	sort.Slice(sigs, func(i, j int) bool { return sigs[i].Ticker < sigs[j].Ticker })
	added, err := s.st.AddSignals(ctx, sigs, s.now())
	if err != nil {
		return res, fmt.Errorf("kr scan: %w", err)
	}
	res.Added = added
	return res, nil
}

// stocks are the KR stocks, by symbol, and the set of their symbols (for
// the store's bulk reads).
func (s *Service) stocks(ctx context.Context) ([]market.Instrument, map[string]market.Instrument, map[string]bool, error) {
	insts, err := s.st.Instruments(ctx, market.KR, market.KindStock)
	if err != nil {
		return nil, nil, nil, err
	}
	bySym := make(map[string]market.Instrument, len(insts))
	want := make(map[string]bool, len(insts))
	for _, in := range insts {
		bySym[in.Symbol], want[in.Symbol] = in, true
	}
	return insts, bySym, want, nil
}

// fromYear is the first calendar year to read for the last `bars` daily
// bars of every stock: the current year plus bars/200+1 full years before it
// (a year holds about 245 KRX sessions), counted from KOSPI's last bar (else
// from now). For ScanBars that is three calendar years.
func fromYear(bench []market.Bar, now time.Time, bars int) int {
	y := now.UTC().Year()
	if n := len(bench); n > 0 {
		y = time.Unix(bench[n-1].Time, 0).UTC().Year()
	}
	return y - 1 - bars/200
}

// SignalOf builds the ledger row of a passing evaluation on bar last.
// score is the composite score; entry is the close rounded to the won.
func SignalOf(in market.Instrument, last market.Bar, ev setup.Evaluation) (store.Signal, error) {
	det, err := json.Marshal(DetailsOf(ev))
	if err != nil {
		return store.Signal{}, err
	}
	return store.Signal{
		Market: market.KR, Ticker: in.Ticker, Symbol: in.Symbol, SignalDate: last.Date(),
		EntryPrice: math.Round(last.Close), Foreign5d: ev.Flow.Foreign5d, Inst5d: ev.Flow.Inst5d,
		Score: ev.Score, ContractionRatio: ev.Legacy.ContractionRatio, Details: det,
	}, nil
}
