package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// chunkTable describes a packed-series table: its name, the key columns
// before year, and the number of value columns.
type chunkTable struct {
	name  string
	keys  []string
	ncols int
}

var (
	barTable  = chunkTable{name: "bar_chunks", keys: []string{"symbol", "interval"}, ncols: 6}
	flowTable = chunkTable{name: "flow_chunks", keys: []string{"symbol"}, ncols: 3}
)

func (t chunkTable) where() string {
	parts := make([]string, len(t.keys))
	for i, k := range t.keys {
		parts[i] = k + " = ?"
	}
	return strings.Join(parts, " AND ")
}

func (t chunkTable) selectSQL() string {
	return `SELECT data FROM ` + t.name + ` WHERE ` + t.where() + ` AND year = ?`
}

func (t chunkTable) upsertSQL() string {
	cols := append(append([]string{}, t.keys...), "year", "count", "first_ts", "last_ts", "data")
	return `INSERT OR REPLACE INTO ` + t.name + ` (` + strings.Join(cols, ",") + `) VALUES (?` + strings.Repeat(",?", len(cols)-1) + `)`
}

const seriesUpsertSQL = `INSERT INTO series (symbol, interval, source, first_ts, last_ts, updated_at)
	VALUES (?,?,?,?,?,?)
	ON CONFLICT (symbol, interval) DO UPDATE SET source=excluded.source,
	  first_ts=MIN(first_ts, excluded.first_ts), last_ts=MAX(last_ts, excluded.last_ts), updated_at=excluded.updated_at`

// hotQueries are prepared once at Open.
func hotQueries() []string {
	return []string{barTable.selectSQL(), barTable.upsertSQL(), flowTable.selectSQL(), flowTable.upsertSQL(), seriesUpsertSQL}
}

// upsertChunks merges recs into the table's yearly chunks for key inside tx
// and returns the first and last time written.
func (s *Store) upsertChunks(ctx context.Context, tx *sql.Tx, t chunkTable, key []any, recs []record) (first, last int64, err error) {
	sel, err := s.stmt(ctx, tx, t.selectSQL())
	if err != nil {
		return 0, 0, err
	}
	ups, err := s.stmt(ctx, tx, t.upsertSQL())
	if err != nil {
		return 0, 0, err
	}
	byYear := map[int][]record{}
	var years []int
	for _, r := range recs {
		y := yearOf(r.ts)
		if _, ok := byYear[y]; !ok {
			years = append(years, y)
		}
		byYear[y] = append(byYear[y], r)
	}
	for i, y := range years {
		args := append(append([]any{}, key...), y)
		var old []byte
		err := sel.QueryRowContext(ctx, args...).Scan(&old)
		var base []record
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return 0, 0, err
		default:
			if base, err = decodeChunk(old, t.ncols); err != nil {
				return 0, 0, err
			}
		}
		merged := mergeRecords(base, byYear[y])
		vals := append(args, len(merged), merged[0].ts, merged[len(merged)-1].ts, encodeChunk(merged, t.ncols))
		if _, err := ups.ExecContext(ctx, vals...); err != nil {
			return 0, 0, err
		}
		lo, hi := byYear[y][0].ts, byYear[y][0].ts
		for _, r := range byYear[y] {
			lo, hi = min(lo, r.ts), max(hi, r.ts)
		}
		if i == 0 {
			first, last = lo, hi
		}
		first, last = min(first, lo), max(last, hi)
	}
	return first, last, nil
}

// lastRecords reads the newest n records of a key (all when n ≤ 0), oldest first.
func (s *Store) lastRecords(ctx context.Context, t chunkTable, key []any, n int) ([]record, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT data FROM `+t.name+` WHERE `+t.where()+` ORDER BY year DESC`, key...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var parts [][]record
	total := 0
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		recs, err := decodeChunk(data, t.ncols)
		if err != nil {
			return nil, fmt.Errorf("%v: %w", key, err)
		}
		parts = append(parts, recs)
		total += len(recs)
		if n > 0 && total >= n {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]record, 0, total)
	for i := len(parts) - 1; i >= 0; i-- {
		out = append(out, parts[i]...)
	}
	if n > 0 && len(out) > n {
		out = out[len(out)-n:]
	}
	return out, nil
}
