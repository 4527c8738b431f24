package kr

import (
	"context"
	"fmt"

	"krmarket/backend/analysis/flow"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// ScanParams are the first, simple selection rules (api-reference §6.1):
// foreign buying and a strong supply/demand index, a tightening 20-day range
// near the high, and volume not expanding. The KR issue replaces this with
// the full Minervini detector.
type ScanParams struct {
	ForeignMin     int64   // foreign 5-day net buying, shares
	IndexMin       float64 // supply/demand index
	ContractionMax float64 // second-half range / first-half range
	NearHigh       float64 // close ≥ NearHigh × 20-day max close
}

// DefaultScanParams are §6.1's values.
func DefaultScanParams() ScanParams {
	return ScanParams{ForeignMin: 50_000, IndexMin: 60, ContractionMax: 0.8, NearHigh: 0.92}
}

// Setup is the pattern part of the selection for one stock.
type Setup struct {
	ContractionRatio float64
	NearHigh         bool
	VolumeContract   bool
}

// Contraction computes §6.1 over the last 20 bars (oldest first). ok is
// false with fewer than 20 bars or a flat first half.
func Contraction(bars []market.Bar, nearHigh float64) (Setup, bool) {
	if len(bars) < 20 {
		return Setup{}, false
	}
	b := bars[len(bars)-20:]
	r1, v1 := rangeOf(b[:10])
	r2, v2 := rangeOf(b[10:])
	if r1 <= 0 {
		return Setup{}, false
	}
	maxClose := 0.0
	for _, x := range b {
		maxClose = max(maxClose, x.Close)
	}
	return Setup{
		ContractionRatio: round(r2/r1, 3),
		NearHigh:         b[19].Close >= nearHigh*maxClose,
		VolumeContract:   v2/10 < 1.2*(v1/10),
	}, true
}

func rangeOf(bs []market.Bar) (rng, vol float64) {
	hi, lo := bs[0].High, bs[0].Low
	for _, b := range bs {
		hi, lo = max(hi, b.High), min(lo, b.Low)
		vol += b.Volume
	}
	return hi - lo, vol
}

// ScanResult reports one scan.
type ScanResult struct {
	Scanned    int    `json:"scanned"`
	Candidates int    `json:"candidates"`
	Added      int    `json:"added"`
	SignalDate string `json:"signal_date"`
}

// Scan evaluates every KR stock on its latest stored bar and adds new OPEN
// signals to the ledger (one per ticker and date; none for a ticker that
// already has an OPEN signal).
func (s *Service) Scan(ctx context.Context, p ScanParams) (ScanResult, error) {
	insts, err := s.st.Instruments(ctx, market.KR, market.KindStock)
	if err != nil {
		return ScanResult{}, err
	}
	var res ScanResult
	var sigs []store.Signal
	for _, in := range insts {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		bars, err := s.st.LastBars(ctx, in.Symbol, market.Daily, 60)
		if err != nil {
			return res, err
		}
		if len(bars) < 20 {
			continue
		}
		res.Scanned++
		flows, err := s.st.LastFlows(ctx, in.Symbol, 60)
		if err != nil {
			return res, err
		}
		if len(flows) == 0 {
			continue
		}
		ix := flow.Compute(flow.Join(flows, bars))
		if ix.Foreign5d < p.ForeignMin || ix.Value < p.IndexMin {
			continue
		}
		set, ok := Contraction(bars, p.NearHigh)
		if !ok || set.ContractionRatio > p.ContractionMax || !set.NearHigh || !set.VolumeContract {
			continue
		}
		last := bars[len(bars)-1]
		res.Candidates++
		res.SignalDate = last.Date()
		sigs = append(sigs, store.Signal{
			Market: market.KR, Ticker: in.Ticker, Symbol: in.Symbol, SignalDate: last.Date(),
			EntryPrice: last.Close, Foreign5d: ix.Foreign5d, Inst5d: ix.Inst5d,
			Score: round(ix.Value, 1), ContractionRatio: set.ContractionRatio,
		})
	}
	added, err := s.st.AddSignals(ctx, sigs, s.now())
	if err != nil {
		return res, fmt.Errorf("kr scan: %w", err)
	}
	res.Added = added
	return res, nil
}
