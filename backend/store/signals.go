package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Signal is one row of a market's signal ledger.
type Signal struct {
	ID               int64    `json:"id"`
	Market           string   `json:"market"`
	Ticker           string   `json:"ticker"`
	Symbol           string   `json:"symbol"`
	SignalDate       string   `json:"signal_date"` // YYYY-MM-DD
	Status           string   `json:"status"`      // OPEN or CLOSED
	EntryPrice       float64  `json:"entry_price"`
	Foreign5d        int64    `json:"foreign_5d"`
	Inst5d           int64    `json:"inst_5d"`
	Score            float64  `json:"score"`
	ContractionRatio float64  `json:"contraction_ratio"`
	ExitPrice        *float64 `json:"exit_price"`
	ExitDate         *string  `json:"exit_date"`
	ExitReason       *string  `json:"exit_reason"`
	ReturnPct        *float64 `json:"return_pct"`
	HoldDays         int      `json:"hold_days"`
	// Details is the scan's analysis as a JSON object (pattern, trend,
	// relative strength, score parts); "{}" or empty when none.
	Details json.RawMessage `json:"details,omitempty"`
}

func detailsOrEmpty(d json.RawMessage) string {
	if len(d) == 0 {
		return "{}"
	}
	return string(d)
}

// AddSignals appends new OPEN signals in one transaction. A signal whose
// (market, ticker, signal_date) is already logged, or whose ticker already
// has an OPEN signal, is skipped. It returns how many were added.
func (s *Store) AddSignals(ctx context.Context, sigs []Signal, now time.Time) (int, error) {
	added := 0
	err := s.Write(ctx, func(tx *sql.Tx) error {
		added = 0
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO signals
			(market, ticker, symbol, signal_date, status, entry_price, foreign_5d, inst_5d, score, contraction_ratio, details, created_at)
			SELECT ?,?,?,?,'OPEN',?,?,?,?,?,?,?
			WHERE NOT EXISTS (SELECT 1 FROM signals WHERE market = ? AND ticker = ? AND (status = 'OPEN' OR signal_date = ?))`)
		if err != nil {
			return fmt.Errorf("add signals: %w", err)
		}
		defer stmt.Close()
		for _, g := range sigs {
			res, err := stmt.ExecContext(ctx, g.Market, g.Ticker, g.Symbol, g.SignalDate, g.EntryPrice, g.Foreign5d, g.Inst5d,
				g.Score, g.ContractionRatio, detailsOrEmpty(g.Details), now.Unix(), g.Market, g.Ticker, g.SignalDate)
			if err != nil {
				return fmt.Errorf("add signal %s %s: %w", g.Ticker, g.SignalDate, err)
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		return nil
	})
	return added, err
}

// OpenSignals lists a market's OPEN signals, newest first.
func (s *Store) OpenSignals(ctx context.Context, mkt string) ([]Signal, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, market, ticker, symbol, signal_date, status, entry_price, foreign_5d, inst_5d,
		score, contraction_ratio, exit_price, exit_date, exit_reason, return_pct, hold_days, details
		FROM signals WHERE market = ? AND status = 'OPEN' ORDER BY signal_date DESC, ticker`, mkt)
	if err != nil {
		return nil, fmt.Errorf("open signals: %w", err)
	}
	defer rows.Close()
	var out []Signal
	for rows.Next() {
		var g Signal
		if err := rows.Scan(&g.ID, &g.Market, &g.Ticker, &g.Symbol, &g.SignalDate, &g.Status, &g.EntryPrice, &g.Foreign5d, &g.Inst5d,
			&g.Score, &g.ContractionRatio, &g.ExitPrice, &g.ExitDate, &g.ExitReason, &g.ReturnPct, &g.HoldDays, (*rawJSON)(&g.Details)); err != nil {
			return nil, fmt.Errorf("open signals: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// rawJSON scans a TEXT column into a json.RawMessage ("{}" → empty).
type rawJSON json.RawMessage

func (r *rawJSON) Scan(v any) error {
	var b []byte
	switch x := v.(type) {
	case nil:
	case string:
		b = []byte(x)
	case []byte:
		b = append([]byte(nil), x...)
	default:
		return fmt.Errorf("details: unexpected %T", v)
	}
	if string(b) == "{}" {
		b = nil
	}
	*r = b
	return nil
}
