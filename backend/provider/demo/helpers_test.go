package demo

import (
	"context"
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	"krmarket/backend/market"
)

// pinnedNow is a Saturday: KRX and NYSE (after the 13:00 early close on
// the day after Thanksgiving) last traded on 2026-11-27.
var pinnedNow = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)

// market is one generated data set, indexed for the tests.
type dataset struct {
	st    Stats
	sink  *memSink
	bars  map[string][]market.Bar // daily, by symbol, ascending
	h4    map[string][]market.Bar
	flows map[string][]market.Flow
	divs  map[string][]market.Dividend
	insts map[string]market.Instrument
	specs map[string]*spec
	quote map[string]market.Quote
	fund  map[string]market.Fundamentals
}

var (
	fullOnce sync.Once
	full     *dataset
	fullErr  error
)

// fullMarket generates the default configuration once per test binary.
func fullMarket(t *testing.T) *dataset {
	t.Helper()
	fullOnce.Do(func() { full, fullErr = generate(Config{Seed: 42, Now: pinnedNow}) })
	if fullErr != nil {
		t.Fatal(fullErr)
	}
	return full
}

func generate(cfg Config) (*dataset, error) {
	m := &memSink{}
	st, err := Generate(context.Background(), cfg, m)
	if err != nil {
		return nil, err
	}
	specs, err := buildUniverse(cfg.Seed)
	if err != nil {
		return nil, err
	}
	d := &dataset{st: st, sink: m, bars: map[string][]market.Bar{}, h4: map[string][]market.Bar{},
		flows: map[string][]market.Flow{}, divs: map[string][]market.Dividend{}, insts: map[string]market.Instrument{},
		specs: map[string]*spec{}, quote: map[string]market.Quote{}, fund: map[string]market.Fundamentals{}}
	for _, b := range m.bars {
		if b.Interval == market.Daily {
			d.bars[b.Symbol] = append(d.bars[b.Symbol], b)
		} else {
			d.h4[b.Symbol] = append(d.h4[b.Symbol], b)
		}
	}
	for _, s := range []map[string][]market.Bar{d.bars, d.h4} {
		for _, bs := range s {
			sort.Slice(bs, func(i, j int) bool { return bs[i].Time < bs[j].Time })
		}
	}
	for _, f := range m.flows {
		d.flows[f.Symbol] = append(d.flows[f.Symbol], f)
	}
	for _, x := range m.divs {
		d.divs[x.Symbol] = append(d.divs[x.Symbol], x)
	}
	for _, x := range m.insts {
		d.insts[x.Symbol] = x
	}
	for i := range specs {
		d.specs[specs[i].inst.Symbol] = &specs[i]
	}
	for _, q := range m.quots {
		d.quote[q.Symbol] = q
	}
	for _, f := range m.funds {
		d.fund[f.Symbol] = f
	}
	return d, nil
}

func logReturns(bars []market.Bar) []float64 {
	out := make([]float64, len(bars)-1)
	for i := 1; i < len(bars); i++ {
		out[i-1] = math.Log(bars[i].Close / bars[i-1].Close)
	}
	return out
}

func corr(a, b []float64) float64 {
	n := float64(len(a))
	var sa, sb, saa, sbb, sab float64
	for i := range a {
		sa, sb = sa+a[i], sb+b[i]
		saa, sbb, sab = saa+a[i]*a[i], sbb+b[i]*b[i], sab+a[i]*b[i]
	}
	cov := sab/n - sa/n*sb/n
	return cov / math.Sqrt((saa/n-sa/n*sa/n)*(sbb/n-sb/n*sb/n))
}

func kurtosis(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var s2, s4 float64
	for _, v := range x {
		d := (v - m) * (v - m)
		s2, s4 = s2+d, s4+d*d
	}
	n := float64(len(x))
	return (s4 / n) / ((s2 / n) * (s2 / n))
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
