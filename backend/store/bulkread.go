package store

import (
	"context"
	"fmt"

	"krmarket/backend/market"
)

// EachSeries calls fn with the last n bars (oldest first) of every symbol in
// want that has bars of the interval dated in fromYear or later, reading
// all of them in one query: a whole-market scan costs one pass over the
// chunk table instead of a query per symbol. Bars before fromYear are not
// read, so pick fromYear to cover n bars (three calendar years hold about
// 490 KRX sessions). A damaged chunk stops the walk with an error.
func (s *Store) EachSeries(ctx context.Context, interval string, fromYear, n int, want map[string]bool,
	fn func(symbol string, bars []market.Bar) error) error {
	return s.eachLast(ctx, `SELECT symbol, data FROM bar_chunks WHERE interval = ? AND year >= ? ORDER BY symbol, year DESC`,
		[]any{interval, fromYear}, barTable.ncols, n, want, func(sym string, recs []record) error {
			out := make([]market.Bar, len(recs))
			for i, r := range recs {
				out[i] = market.Bar{Symbol: sym, Interval: interval, Time: r.ts,
					Open: r.v[0], High: r.v[1], Low: r.v[2], Close: r.v[3], AdjClose: r.v[4], Volume: r.v[5]}
			}
			return fn(sym, out)
		})
}

// EachFlows is EachSeries for investor flows.
func (s *Store) EachFlows(ctx context.Context, fromYear, n int, want map[string]bool,
	fn func(symbol string, flows []market.Flow) error) error {
	return s.eachLast(ctx, `SELECT symbol, data FROM flow_chunks WHERE year >= ? ORDER BY symbol, year DESC`,
		[]any{fromYear}, flowTable.ncols, n, want, func(sym string, recs []record) error {
			out := make([]market.Flow, len(recs))
			for i, r := range recs {
				out[i] = market.Flow{Symbol: sym, Time: r.ts, ForeignNet: int64(r.v[0]), InstNet: int64(r.v[1]), RetailNet: int64(r.v[2])}
			}
			return fn(sym, out)
		})
}

func (s *Store) eachLast(ctx context.Context, query string, args []any, ncols, n int, want map[string]bool,
	fn func(symbol string, recs []record) error) error {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("bulk read: %w", err)
	}
	defer rows.Close()
	// Rows come newest year first per symbol: once n records are decoded,
	// the symbol's older chunks are skipped undecoded.
	var cur string
	var parts [][]record
	total := 0
	flush := func() error {
		if cur == "" || total == 0 {
			return nil
		}
		recs := make([]record, 0, total)
		for i := len(parts) - 1; i >= 0; i-- {
			recs = append(recs, parts[i]...)
		}
		if n > 0 && len(recs) > n {
			recs = recs[len(recs)-n:]
		}
		return fn(cur, recs)
	}
	for rows.Next() {
		var sym string
		var data []byte
		if err := rows.Scan(&sym, &data); err != nil {
			return fmt.Errorf("bulk read: %w", err)
		}
		if want != nil && !want[sym] {
			continue
		}
		if sym != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, parts, total = sym, nil, 0
		}
		if n > 0 && total >= n {
			continue
		}
		part, err := decodeChunk(data, ncols)
		if err != nil {
			return fmt.Errorf("bulk read %s: %w", sym, err)
		}
		parts = append(parts, part)
		total += len(part)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("bulk read: %w", err)
	}
	return flush()
}
