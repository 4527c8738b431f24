package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"krmarket/backend/market"
)

// Meta returns a value from the meta table ("" and ErrNotFound if absent).
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("read meta %s: %w", key, err)
	}
	return v, nil
}

// SetMeta stores a value in the meta table.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, key, value)
		return err
	})
}

const instrumentCols = `symbol, ticker, name, market, exchange, kind, sector, currency`

func scanInstrument(sc interface{ Scan(...any) error }) (market.Instrument, error) {
	var x market.Instrument
	err := sc.Scan(&x.Symbol, &x.Ticker, &x.Name, &x.Market, &x.Exchange, &x.Kind, &x.Sector, &x.Currency)
	return x, err
}

// InstrumentByTicker finds an instrument by market and exchange ticker.
func (s *Store) InstrumentByTicker(ctx context.Context, mkt, ticker string) (market.Instrument, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+instrumentCols+` FROM instruments WHERE market = ? AND ticker = ? AND kind IN ('stock','etf') LIMIT 1`, mkt, ticker)
	x, err := scanInstrument(row)
	if errors.Is(err, sql.ErrNoRows) {
		return x, ErrNotFound
	}
	if err != nil {
		return x, fmt.Errorf("find %s %s: %w", mkt, ticker, err)
	}
	return x, nil
}

// Instruments lists a market's instruments of the given kind ("" = all).
func (s *Store) Instruments(ctx context.Context, mkt, kind string) ([]market.Instrument, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+instrumentCols+` FROM instruments
		WHERE market = ? AND (? = '' OR kind = ?) ORDER BY symbol`, mkt, kind, kind)
	if err != nil {
		return nil, fmt.Errorf("list instruments: %w", err)
	}
	defer rows.Close()
	var out []market.Instrument
	for rows.Next() {
		x, err := scanInstrument(rows)
		if err != nil {
			return nil, fmt.Errorf("list instruments: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// LastBars returns up to n most recent bars of a series, oldest first.
func (s *Store) LastBars(ctx context.Context, symbol, interval string, n int) ([]market.Bar, error) {
	recs, err := s.lastRecords(ctx, barTable, []any{symbol, interval}, n)
	if err != nil {
		return nil, fmt.Errorf("read bars %s: %w", symbol, err)
	}
	out := make([]market.Bar, len(recs))
	for i, r := range recs {
		out[i] = market.Bar{Symbol: symbol, Interval: interval, Time: r.ts,
			Open: r.v[0], High: r.v[1], Low: r.v[2], Close: r.v[3], AdjClose: r.v[4], Volume: r.v[5]}
	}
	return out, nil
}

// LastFlows returns up to n most recent investor-flow days, oldest first.
func (s *Store) LastFlows(ctx context.Context, symbol string, n int) ([]market.Flow, error) {
	recs, err := s.lastRecords(ctx, flowTable, []any{symbol}, n)
	if err != nil {
		return nil, fmt.Errorf("read flows %s: %w", symbol, err)
	}
	out := make([]market.Flow, len(recs))
	for i, r := range recs {
		out[i] = market.Flow{Symbol: symbol, Time: r.ts, ForeignNet: int64(r.v[0]), InstNet: int64(r.v[1]), RetailNet: int64(r.v[2])}
	}
	return out, nil
}

// Quotes returns the stored quotes of the given symbols (missing ones are absent).
func (s *Store) Quotes(ctx context.Context, symbols []string) (map[string]market.Quote, error) {
	out := make(map[string]market.Quote, len(symbols))
	if len(symbols) == 0 {
		return out, nil
	}
	args := make([]any, len(symbols))
	ph := make([]byte, 0, 2*len(symbols))
	for i, s := range symbols {
		args[i] = s
		if i > 0 {
			ph = append(ph, ',')
		}
		ph = append(ph, '?')
	}
	rows, err := s.r.QueryContext(ctx, `SELECT symbol, price, prev_close, change, change_pct, volume, quote_volume, ts
		FROM quotes WHERE symbol IN (`+string(ph)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read quotes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q market.Quote
		if err := rows.Scan(&q.Symbol, &q.Price, &q.PrevClose, &q.Change, &q.ChangePct, &q.Volume, &q.QuoteVolume, &q.Time); err != nil {
			return nil, fmt.Errorf("read quotes: %w", err)
		}
		out[q.Symbol] = q
	}
	return out, rows.Err()
}

// SourceSummary counts stored series per data source.
func (s *Store) SourceSummary(ctx context.Context) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT source, COUNT(*) FROM series GROUP BY source`)
	if err != nil {
		return nil, fmt.Errorf("source summary: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var src string
		var n int
		if err := rows.Scan(&src, &n); err != nil {
			return nil, fmt.Errorf("source summary: %w", err)
		}
		out[src] = n
	}
	return out, rows.Err()
}

// Count returns the number of rows of a table known to the schema; for
// "bars" and "investor_flows" it counts the packed records.
func (s *Store) Count(ctx context.Context, table string) (int64, error) {
	q := ""
	switch table {
	case "bars":
		q = `SELECT COALESCE(SUM(count),0) FROM bar_chunks`
	case "investor_flows":
		q = `SELECT COALESCE(SUM(count),0) FROM flow_chunks`
	case "instruments", "series", "quotes", "dividends", "fundamentals", "option_contracts", "signals", "snapshots":
		q = `SELECT COUNT(*) FROM ` + table
	default:
		return 0, fmt.Errorf("count: unknown table %q", table)
	}
	var n int64
	if err := s.r.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// SeriesSource is the data source of one stored series.
func (s *Store) SeriesSource(ctx context.Context, symbol, interval string) (string, error) {
	var src string
	err := s.r.QueryRowContext(ctx, `SELECT source FROM series WHERE symbol = ? AND interval = ?`, symbol, interval).Scan(&src)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("series source %s: %w", symbol, err)
	}
	return src, nil
}

// MarketSource tells what a market's stored data is ("" = every market),
// as DominantSource does, and when its newest series was updated.
func (s *Store) MarketSource(ctx context.Context, mkt string) (string, time.Time, error) {
	var newest int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(s.updated_at), 0) FROM series s JOIN instruments i ON i.symbol = s.symbol
		WHERE (? = '' OR i.market = ?) AND s.source = 'live'`, mkt, mkt).Scan(&newest)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("market source: %w", err)
	}
	src, err := s.DominantSource(ctx, mkt)
	return src, time.Unix(newest, 0), err
}

// DominantSource tells which source a market's data comes from ("" = all
// markets): live if any series is live (a live update replaces a market's
// demo data whole), else whichever of demo and imported has more series,
// so one imported file does not relabel a demo market; "demo" when empty.
func (s *Store) DominantSource(ctx context.Context, mkt string) (string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.source, COUNT(*) FROM series s JOIN instruments i ON i.symbol = s.symbol
		WHERE ? = '' OR i.market = ? GROUP BY s.source`, mkt, mkt)
	if err != nil {
		return "", fmt.Errorf("market source: %w", err)
	}
	defer rows.Close()
	n := map[string]int{}
	for rows.Next() {
		var src string
		var c int
		if err := rows.Scan(&src, &c); err != nil {
			return "", fmt.Errorf("market source: %w", err)
		}
		n[src] = c
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("market source: %w", err)
	}
	switch {
	case n["live"] > 0:
		return "live", nil
	case n["imported"] > n["demo"]:
		return "imported", nil
	}
	return "demo", nil
}

// ResetMarketData deletes all market data and the signal ledger, and the
// demo markers, in one transaction (used before regenerating the demo).
func (s *Store) ResetMarketData(ctx context.Context) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		for _, t := range []string{"bar_chunks", "series", "quotes", "flow_chunks", "dividends", "fundamentals", "option_contracts", "instruments", "signals", "snapshots"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("reset %s: %w", t, err)
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key LIKE 'demo_%'`)
		return err
	})
}

// Span is a stored series' source and time range.
type Span struct {
	Source      string
	First, Last int64
}

// SeriesSpan returns a series' source and first/last bar times.
func (s *Store) SeriesSpan(ctx context.Context, symbol, interval string) (Span, error) {
	var sp Span
	err := s.r.QueryRowContext(ctx, `SELECT source, first_ts, last_ts FROM series WHERE symbol = ? AND interval = ?`, symbol, interval).
		Scan(&sp.Source, &sp.First, &sp.Last)
	if errors.Is(err, sql.ErrNoRows) {
		return sp, ErrNotFound
	}
	if err != nil {
		return sp, fmt.Errorf("series span %s: %w", symbol, err)
	}
	return sp, nil
}

// DeleteMarketSource deletes, in one transaction, every instrument of a
// market that came from source, with all its data and signals (live
// updates drop the demo market this way, so live and synthetic series
// never mix).
func (s *Store) DeleteMarketSource(ctx context.Context, mkt, source string) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		const sel = `SELECT symbol FROM instruments WHERE market = ? AND source = ?`
		for _, q := range []string{
			`DELETE FROM bar_chunks WHERE symbol IN (` + sel + `)`,
			`DELETE FROM flow_chunks WHERE symbol IN (` + sel + `)`,
			`DELETE FROM series WHERE symbol IN (` + sel + `)`,
			`DELETE FROM quotes WHERE symbol IN (` + sel + `)`,
			`DELETE FROM dividends WHERE symbol IN (` + sel + `)`,
			`DELETE FROM fundamentals WHERE symbol IN (` + sel + `)`,
			`DELETE FROM option_contracts WHERE underlying IN (` + sel + `)`,
			`DELETE FROM signals WHERE symbol IN (` + sel + `)`,
			`DELETE FROM instruments WHERE market = ? AND source = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, mkt, source); err != nil {
				return fmt.Errorf("delete %s %s data: %w", mkt, source, err)
			}
		}
		if source == "demo" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key LIKE 'demo_%'`); err != nil {
				return err
			}
		}
		return nil
	})
}

// CacheGet returns a cached value that has not expired at now.
func (s *Store) CacheGet(ctx context.Context, key string, now time.Time) ([]byte, bool, error) {
	var v []byte
	err := s.r.QueryRowContext(ctx, `SELECT value FROM cache WHERE key = ? AND expires_at > ?`, key, now.Unix()).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read cache %s: %w", key, err)
	}
	return v, true, nil
}

// CachePut stores a value until expires (and drops expired entries).
func (s *Store) CachePut(ctx context.Context, key string, value []byte, now, expires time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cache WHERE expires_at <= ?`, now.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO cache (key, value, expires_at) VALUES (?, ?, ?)`, key, value, expires.Unix())
		return err
	})
}
