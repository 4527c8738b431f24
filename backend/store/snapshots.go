package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Snapshots are analysis results kept by kind and date (replacing the
// original's history/<kind>_<date>.json files). A (kind, date) pair holds
// one JSON document; putting it again replaces it.

// PutSnapshot stores data (a JSON document) as the snapshot of kind on date.
func (s *Store) PutSnapshot(ctx context.Context, kind, date string, data []byte, now time.Time) error {
	if kind == "" || date == "" {
		return fmt.Errorf("put snapshot: kind and date are required")
	}
	if !json.Valid(data) {
		return fmt.Errorf("put snapshot %s %s: data is not valid JSON", kind, date)
	}
	err := s.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO snapshots (kind, date, data, created_at) VALUES (?, ?, ?, ?)`,
			kind, date, string(data), now.Unix())
		return err
	})
	if err != nil {
		return fmt.Errorf("put snapshot %s %s: %w", kind, date, err)
	}
	return nil
}

// Snapshot returns the snapshot of kind on date (ErrNotFound if none).
func (s *Store) Snapshot(ctx context.Context, kind, date string) ([]byte, error) {
	var data string
	err := s.r.QueryRowContext(ctx, `SELECT data FROM snapshots WHERE kind = ? AND date = ?`, kind, date).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read snapshot %s %s: %w", kind, date, err)
	}
	return []byte(data), nil
}

// SnapshotDates lists the dates that have a snapshot of kind, newest first
// (dates compare as strings, so they must share one spelling, e.g. YYYY-MM-DD).
func (s *Store) SnapshotDates(ctx context.Context, kind string) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT date FROM snapshots WHERE kind = ? ORDER BY date DESC`, kind)
	if err != nil {
		return nil, fmt.Errorf("list snapshots %s: %w", kind, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("list snapshots %s: %w", kind, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list snapshots %s: %w", kind, err)
	}
	return out, nil
}
