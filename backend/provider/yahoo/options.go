package yahoo

import (
	"context"
	"fmt"
	"sort"
	"time"

	finance "github.com/piquette/finance-go"
	"github.com/piquette/finance-go/datetime"
	"github.com/piquette/finance-go/options"

	"krmarket/backend/market"
)

// Options returns the option chain of symbol for expiry (its calendar date;
// zero = the nearest expiry) and all listed expiries (00:00 UTC). It runs
// finance-go's options.Client (straddle view) through this backend. A
// symbol without options, or an expiry that is not listed, gives ErrNoData.
func (c *Client) Options(ctx context.Context, symbol string, expiry time.Time) ([]market.OptionContract, []time.Time, error) {
	if err := checkSymbol(symbol); err != nil {
		return nil, nil, err
	}
	cx, slot := withErrSlot(ctx)
	p := &options.Params{Params: finance.Params{Context: &cx}, UnderlyingSymbol: symbol}
	if !expiry.IsZero() {
		d := market.DateUTC(expiry)
		p.Expiration = datetime.New(&d)
	}
	it := options.Client{B: c}.GetStraddleP(p)
	return straddleResult(it, slot, symbol, c.now())
}

// straddleResult reads finance-go's straddle iterator.
func straddleResult(it *options.StraddleIter, slot *errSlot, symbol string, now time.Time) ([]market.OptionContract, []time.Time, error) {
	if err := it.Err(); err != nil {
		if typed := slot.get(); typed != nil {
			return nil, nil, fmt.Errorf("yahoo: options %s: %w", symbol, typed)
		}
		// finance-go: "no results in option straddle response"
		return nil, nil, fmt.Errorf("yahoo: options %s: %w: %v", symbol, ErrNoData, err)
	}
	var straddles []*finance.Straddle
	for it.Next() {
		straddles = append(straddles, it.Straddle())
	}
	return toContracts(it.Meta(), straddles, symbol, now)
}

// toContracts converts finance-go's straddles.
func toContracts(meta *finance.OptionsMeta, straddles []*finance.Straddle, symbol string, now time.Time) ([]market.OptionContract, []time.Time, error) {
	if meta == nil {
		return nil, nil, fmt.Errorf("yahoo: options %s: %w", symbol, ErrNoData)
	}
	expiries := make([]time.Time, 0, len(meta.AllExpirationDates))
	for _, e := range meta.AllExpirationDates {
		if e > 0 {
			expiries = append(expiries, market.DateUTC(time.Unix(int64(e), 0).UTC()))
		}
	}
	sort.Slice(expiries, func(i, j int) bool { return expiries[i].Before(expiries[j]) })
	var out []market.OptionContract
	add := func(k *finance.Contract, typ string, strike float64) {
		if k == nil {
			return
		}
		exp := int64(k.Expiration)
		if exp <= 0 {
			exp = int64(meta.ExpirationDate)
		}
		if k.Strike != 0 {
			strike = k.Strike
		}
		out = append(out, market.OptionContract{
			Underlying:   symbol,
			Expiry:       market.DateUTC(time.Unix(exp, 0).UTC()).Unix(),
			Strike:       strike,
			Type:         typ,
			Last:         k.LastPrice,
			Bid:          k.Bid,
			Ask:          k.Ask,
			Volume:       int64(k.Volume),
			OpenInterest: int64(k.OpenInterest),
			IV:           k.ImpliedVolatility,
			AsOf:         now.Unix(),
		})
	}
	for _, s := range straddles {
		if s != nil {
			add(s.Call, "C", s.Strike)
			add(s.Put, "P", s.Strike)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Strike < out[j].Strike
	})
	return out, expiries, nil
}
