package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"krmarket/backend/market"
)

// Ingester writes provider data into the store, tagging series with their
// source (demo, live, imported). Every Put call is one transaction: a batch
// is stored whole or not at all. It is safe for concurrent use.
type Ingester struct {
	s      *Store
	source string
	now    func() time.Time
}

// Ingester returns an ingester for one data source.
func (s *Store) Ingester(source string, now func() time.Time) *Ingester {
	return &Ingester{s: s, source: source, now: now}
}

// PutInstruments upserts instruments.
func (in *Ingester) PutInstruments(ctx context.Context, xs []market.Instrument) error {
	now := in.now().Unix()
	return in.s.Write(ctx, func(tx *sql.Tx) error {
		return bulkInsert(ctx, tx, "INSERT OR REPLACE", "instruments",
			[]string{"symbol", "ticker", "name", "market", "exchange", "kind", "sector", "currency", "source", "updated_at"},
			len(xs), func(i int, d []any) []any {
				x := xs[i]
				return append(d, x.Symbol, x.Ticker, x.Name, x.Market, x.Exchange, x.Kind, x.Sector, x.Currency, in.source, now)
			})
	})
}

// PutSeries stores an instrument and its candles in one transaction: both
// or neither (CSV imports).
func (in *Ingester) PutSeries(ctx context.Context, x market.Instrument, bars []market.Bar) error {
	fn, err := in.barsWriter(ctx, bars)
	if err != nil {
		return err
	}
	now := in.now().Unix()
	return in.s.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO instruments (symbol, ticker, name, market, exchange, kind, sector, currency, source, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, x.Symbol, x.Ticker, x.Name, x.Market, x.Exchange, x.Kind, x.Sector, x.Currency, in.source, now)
		if err != nil {
			return fmt.Errorf("store instrument %s: %w", x.Symbol, err)
		}
		return fn(tx)
	})
}

// PutBars upserts candles and records each series' source and span.
func (in *Ingester) PutBars(ctx context.Context, bars []market.Bar) error {
	fn, err := in.barsWriter(ctx, bars)
	if err != nil {
		return err
	}
	return in.s.Write(ctx, fn)
}

// barsWriter validates bars and returns the transaction body that stores them.
func (in *Ingester) barsWriter(ctx context.Context, bars []market.Bar) (func(tx *sql.Tx) error, error) {
	type key struct{ sym, iv string }
	groups := map[key][]record{}
	var order []key
	for i := range bars {
		b := &bars[i]
		if err := validBar(*b); err != nil {
			return nil, fmt.Errorf("bar %d (%s %s): %w", i, b.Symbol, b.Date(), err)
		}
		k := key{b.Symbol, b.Interval}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		adj := b.AdjClose
		if adj == 0 {
			adj = b.Close
		}
		groups[k] = append(groups[k], record{ts: b.Time, v: [maxCols]float64{b.Open, b.High, b.Low, b.Close, adj, b.Volume}})
	}
	now := in.now().Unix()
	return func(tx *sql.Tx) error {
		for _, k := range order {
			first, last, err := in.s.upsertChunks(ctx, tx, barTable, []any{k.sym, k.iv}, groups[k])
			if err != nil {
				return fmt.Errorf("store bars %s: %w", k.sym, err)
			}
			ser, err := in.s.stmt(ctx, tx, seriesUpsertSQL)
			if err != nil {
				return err
			}
			_, err = ser.ExecContext(ctx, k.sym, k.iv, in.source, first, last, now)
			if err != nil {
				return fmt.Errorf("record series %s: %w", k.sym, err)
			}
		}
		return nil
	}, nil
}

func validBar(b market.Bar) error {
	for _, v := range []float64{b.Open, b.High, b.Low, b.Close, b.Volume} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("invalid value %v", v)
		}
	}
	if b.Symbol == "" || (b.Interval != market.Daily && b.Interval != market.H4) {
		return fmt.Errorf("missing symbol or bad interval %q", b.Interval)
	}
	if b.High < b.Low {
		return fmt.Errorf("high %v below low %v", b.High, b.Low)
	}
	return nil
}

// PutFlows upserts KR investor flows.
func (in *Ingester) PutFlows(ctx context.Context, fs []market.Flow) error {
	groups := map[string][]record{}
	var order []string
	for _, f := range fs {
		if f.Symbol == "" {
			return fmt.Errorf("flow without symbol")
		}
		if _, ok := groups[f.Symbol]; !ok {
			order = append(order, f.Symbol)
		}
		groups[f.Symbol] = append(groups[f.Symbol], record{ts: f.Time, v: [maxCols]float64{float64(f.ForeignNet), float64(f.InstNet), float64(f.RetailNet)}})
	}
	return in.s.Write(ctx, func(tx *sql.Tx) error {
		for _, sym := range order {
			if _, _, err := in.s.upsertChunks(ctx, tx, flowTable, []any{sym}, groups[sym]); err != nil {
				return fmt.Errorf("store flows %s: %w", sym, err)
			}
		}
		return nil
	})
}

// PutDividends upserts dividend payments.
func (in *Ingester) PutDividends(ctx context.Context, ds []market.Dividend) error {
	return in.s.Write(ctx, func(tx *sql.Tx) error {
		return bulkInsert(ctx, tx, "INSERT OR REPLACE", "dividends",
			[]string{"symbol", "ex_date", "pay_date", "amount", "frequency"},
			len(ds), func(i int, d []any) []any {
				x := &ds[i]
				return append(d, x.Symbol, x.ExDate, x.PayDate, x.Amount, x.Frequency)
			})
	})
}

// PutFundamentals upserts fundamentals snapshots.
func (in *Ingester) PutFundamentals(ctx context.Context, fs []market.Fundamentals) error {
	docs := make([]string, len(fs))
	for i, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			return fmt.Errorf("encode fundamentals %s: %w", f.Symbol, err)
		}
		docs[i] = string(b)
	}
	return in.s.Write(ctx, func(tx *sql.Tx) error {
		return bulkInsert(ctx, tx, "INSERT OR REPLACE", "fundamentals",
			[]string{"symbol", "as_of", "data"},
			len(fs), func(i int, d []any) []any { return append(d, fs[i].Symbol, fs[i].AsOf, docs[i]) })
	})
}

// PutOptions upserts option contracts.
func (in *Ingester) PutOptions(ctx context.Context, cs []market.OptionContract) error {
	return in.s.Write(ctx, func(tx *sql.Tx) error {
		return bulkInsert(ctx, tx, "INSERT OR REPLACE", "option_contracts",
			[]string{"underlying", "expiry", "type", "strike", "last", "bid", "ask", "volume", "open_interest", "iv", "as_of"},
			len(cs), func(i int, d []any) []any {
				c := &cs[i]
				return append(d, c.Underlying, c.Expiry, c.Type, c.Strike, c.Last, c.Bid, c.Ask, c.Volume, c.OpenInterest, c.IV, c.AsOf)
			})
	})
}

// PutQuotes upserts latest quotes.
func (in *Ingester) PutQuotes(ctx context.Context, qs []market.Quote) error {
	return in.s.Write(ctx, func(tx *sql.Tx) error {
		return bulkInsert(ctx, tx, "INSERT OR REPLACE", "quotes",
			[]string{"symbol", "price", "prev_close", "change", "change_pct", "volume", "quote_volume", "ts", "source"},
			len(qs), func(i int, d []any) []any {
				q := &qs[i]
				return append(d, q.Symbol, q.Price, q.PrevClose, q.Change, q.ChangePct, q.Volume, q.QuoteVolume, q.Time, in.source)
			})
	})
}
