package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"krmarket/backend/market"
)

// LatestFundamentals returns the newest stored fundamentals of a symbol
// (ErrNotFound if none). The table keeps one row per symbol, replaced by
// every update, so the stored row is the latest.
func (s *Store) LatestFundamentals(ctx context.Context, symbol string) (market.Fundamentals, error) {
	var f market.Fundamentals
	var data string
	var asOf int64
	err := s.r.QueryRowContext(ctx, `SELECT as_of, data FROM fundamentals WHERE symbol = ? ORDER BY as_of DESC LIMIT 1`, symbol).Scan(&asOf, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return f, ErrNotFound
	}
	if err != nil {
		return f, fmt.Errorf("read fundamentals %s: %w", symbol, err)
	}
	if err := json.Unmarshal([]byte(data), &f); err != nil {
		return f, fmt.Errorf("decode fundamentals %s: %w", symbol, err)
	}
	f.Symbol, f.AsOf = symbol, asOf
	return f, nil
}
