package demo

import (
	"context"

	"krmarket/backend/market"
)

// Filter is a Sink that passes to Into only the instruments, daily bars,
// flows, quotes and fundamentals of the symbols in Keep (4-hour bars,
// dividends and option chains are dropped): a test or a tool that needs a
// few demo series loads them without storing the whole market.
type Filter struct {
	Into Sink
	Keep map[string]bool
}

func keep[T any](xs []T, symbol func(T) string, ok map[string]bool) []T {
	var out []T
	for _, x := range xs {
		if ok[symbol(x)] {
			out = append(out, x)
		}
	}
	return out
}

// PutInstruments passes the kept instruments.
func (f Filter) PutInstruments(ctx context.Context, xs []market.Instrument) error {
	return f.Into.PutInstruments(ctx, keep(xs, func(x market.Instrument) string { return x.Symbol }, f.Keep))
}

// PutBars passes kept daily bars.
func (f Filter) PutBars(ctx context.Context, bars []market.Bar) error {
	bars = keep(bars, func(b market.Bar) string { return b.Symbol }, f.Keep)
	bars = keep(bars, func(b market.Bar) string { return b.Interval }, map[string]bool{market.Daily: true})
	if len(bars) == 0 {
		return nil
	}
	return f.Into.PutBars(ctx, bars)
}

// PutFlows passes kept flows.
func (f Filter) PutFlows(ctx context.Context, fl []market.Flow) error {
	if fl = keep(fl, func(x market.Flow) string { return x.Symbol }, f.Keep); len(fl) == 0 {
		return nil
	}
	return f.Into.PutFlows(ctx, fl)
}

// PutQuotes passes kept quotes.
func (f Filter) PutQuotes(ctx context.Context, qs []market.Quote) error {
	if qs = keep(qs, func(q market.Quote) string { return q.Symbol }, f.Keep); len(qs) == 0 {
		return nil
	}
	return f.Into.PutQuotes(ctx, qs)
}

// PutFundamentals passes kept fundamentals.
func (f Filter) PutFundamentals(ctx context.Context, fs []market.Fundamentals) error {
	if fs = keep(fs, func(x market.Fundamentals) string { return x.Symbol }, f.Keep); len(fs) == 0 {
		return nil
	}
	return f.Into.PutFundamentals(ctx, fs)
}

// PutDividends drops dividends.
func (Filter) PutDividends(context.Context, []market.Dividend) error { return nil }

// PutOptions drops option chains.
func (Filter) PutOptions(context.Context, []market.OptionContract) error { return nil }
