package demo

import (
	"context"
	"testing"

	"krmarket/backend/market"
)

type recorder struct {
	Discard
	insts []market.Instrument
	bars  []market.Bar
	flows []market.Flow
}

func (r *recorder) PutInstruments(_ context.Context, xs []market.Instrument) error {
	r.insts = append(r.insts, xs...)
	return nil
}

func (r *recorder) PutBars(_ context.Context, bs []market.Bar) error {
	r.bars = append(r.bars, bs...)
	return nil
}

func (r *recorder) PutFlows(_ context.Context, fl []market.Flow) error {
	r.flows = append(r.flows, fl...)
	return nil
}

func TestFilterKeepsOnlyTheGivenSymbolsDailyBars(t *testing.T) {
	ctx := context.Background()
	r := &recorder{}
	f := Filter{Into: r, Keep: map[string]bool{"A": true}}
	_ = f.PutInstruments(ctx, []market.Instrument{{Symbol: "A"}, {Symbol: "B"}})
	_ = f.PutBars(ctx, []market.Bar{{Symbol: "A", Interval: market.Daily}, {Symbol: "A", Interval: market.H4}, {Symbol: "B", Interval: market.Daily}})
	_ = f.PutFlows(ctx, []market.Flow{{Symbol: "B"}})
	if len(r.insts) != 1 || r.insts[0].Symbol != "A" || len(r.bars) != 1 || r.bars[0].Interval != market.Daily || len(r.flows) != 0 {
		t.Fatalf("kept %+v %+v %+v", r.insts, r.bars, r.flows)
	}
}
