package yahoo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/quote"

	"krmarket/backend/market"
)

// Quotes returns the latest quotes of symbols, QuoteBatch symbols per v7
// call and at most Parallel calls at once. Symbols Yahoo does not know are
// absent from the map, which is keyed by the symbols as given. If a batch
// fails the error is returned with the quotes of the batches that worked.
func (c *Client) Quotes(ctx context.Context, symbols []string) (map[string]market.Quote, error) {
	asked := make(map[string]string, len(symbols)) // upper case -> as given
	var list []string
	for _, s := range symbols {
		s = strings.TrimSpace(s)
		if checkSymbol(s) != nil {
			continue
		}
		if _, dup := asked[strings.ToUpper(s)]; !dup {
			asked[strings.ToUpper(s)] = s
			list = append(list, s)
		}
	}
	out := make(map[string]market.Quote, len(list))
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	sem := make(chan struct{}, c.parallel)
	for i := 0; i < len(list); i += c.batch {
		batch := list[i:min(i+c.batch, len(list))]
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if err := ctx.Err(); err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			qs, err := c.quoteBatch(ctx, batch)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			for _, fq := range qs {
				q, ok := toQuote(fq)
				if !ok {
					continue
				}
				if as, ok := asked[strings.ToUpper(q.Symbol)]; ok {
					q.Symbol = as
				}
				out[q.Symbol] = q
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return out, fmt.Errorf("yahoo: quotes: %w", errors.Join(errs...))
	}
	return out, nil
}

// quoteBatch runs finance-go's quote.Client through this backend.
func (c *Client) quoteBatch(ctx context.Context, batch []string) ([]*finance.Quote, error) {
	cx, slot := withErrSlot(ctx)
	it := quote.Client{B: c}.ListP(&quote.Params{Params: finance.Params{Context: &cx}, Symbols: batch})
	return quoteResult(it, slot)
}

// quoteResult reads finance-go's quote iterator.
func quoteResult(it *quote.Iter, slot *errSlot) ([]*finance.Quote, error) {
	var qs []*finance.Quote
	for it.Next() {
		qs = append(qs, it.Quote())
	}
	if err := it.Err(); err != nil {
		if typed := slot.get(); typed != nil {
			return nil, typed
		}
		return nil, fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	return qs, nil
}

// toQuote converts a v7 quote; ok is false for an entry without a price.
func toQuote(fq *finance.Quote) (market.Quote, bool) {
	if fq == nil || fq.Symbol == "" || (fq.RegularMarketPrice <= 0 && fq.RegularMarketTime == 0) {
		return market.Quote{}, false
	}
	q := market.Quote{
		Symbol:    fq.Symbol,
		Price:     fq.RegularMarketPrice,
		PrevClose: fq.RegularMarketPreviousClose,
		Change:    fq.RegularMarketChange,
		ChangePct: fq.RegularMarketChangePercent,
		Volume:    float64(fq.RegularMarketVolume),
		Time:      int64(fq.RegularMarketTime),
	}
	if q.Change == 0 && q.PrevClose > 0 {
		q.Change = q.Price - q.PrevClose
	}
	if q.ChangePct == 0 && q.PrevClose > 0 {
		q.ChangePct = (q.Price/q.PrevClose - 1) * 100
	}
	return q, true
}
