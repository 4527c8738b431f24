package demo

import (
	"context"
	"sync"

	"krmarket/backend/market"
)

// memSink keeps everything it is given.
type memSink struct {
	mu    sync.Mutex
	insts []market.Instrument
	bars  []market.Bar
	flows []market.Flow
	divs  []market.Dividend
	funds []market.Fundamentals
	opts  []market.OptionContract
	quots []market.Quote
	calls int
}

func (m *memSink) PutInstruments(_ context.Context, xs []market.Instrument) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.insts = append(m.insts, xs...)
	m.calls++
	return nil
}

func (m *memSink) PutBars(_ context.Context, xs []market.Bar) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bars = append(m.bars, xs...)
	m.calls++
	return nil
}

func (m *memSink) PutFlows(_ context.Context, xs []market.Flow) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.flows = append(m.flows, xs...)
	m.calls++
	return nil
}

func (m *memSink) PutDividends(_ context.Context, xs []market.Dividend) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.divs = append(m.divs, xs...)
	m.calls++
	return nil
}

func (m *memSink) PutFundamentals(_ context.Context, xs []market.Fundamentals) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.funds = append(m.funds, xs...)
	m.calls++
	return nil
}

func (m *memSink) PutOptions(_ context.Context, xs []market.OptionContract) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.opts = append(m.opts, xs...)
	m.calls++
	return nil
}

func (m *memSink) PutQuotes(_ context.Context, xs []market.Quote) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.quots = append(m.quots, xs...)
	m.calls++
	return nil
}
