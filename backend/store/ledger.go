package store

import (
	"context"
	"database/sql"
	"fmt"

	"krmarket/backend/market"
)

// Ledger reads and updates used by the signal ledger service (backend/kr/ledger).

const ledgerCols = `id, market, ticker, symbol, signal_date, status, entry_price, foreign_5d, inst_5d,
	score, contraction_ratio, exit_price, exit_date, exit_reason, return_pct, hold_days`

// LedgerSignals lists every signal of a market, OPEN and CLOSED, newest
// signal date first (then ticker).
func (s *Store) LedgerSignals(ctx context.Context, mkt string) ([]Signal, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+ledgerCols+`
		FROM signals WHERE market = ? ORDER BY signal_date DESC, ticker`, mkt)
	if err != nil {
		return nil, fmt.Errorf("ledger signals: %w", err)
	}
	defer rows.Close()
	var out []Signal
	for rows.Next() {
		var g Signal
		if err := rows.Scan(&g.ID, &g.Market, &g.Ticker, &g.Symbol, &g.SignalDate, &g.Status, &g.EntryPrice, &g.Foreign5d, &g.Inst5d,
			&g.Score, &g.ContractionRatio, &g.ExitPrice, &g.ExitDate, &g.ExitReason, &g.ReturnPct, &g.HoldDays); err != nil {
			return nil, fmt.Errorf("ledger signals: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger signals: %w", err)
	}
	return out, nil
}

// BarsSince returns the bars of a series whose time is at or after from
// (unix seconds), oldest first. Only the yearly chunks from from's year on
// are read.
func (s *Store) BarsSince(ctx context.Context, symbol, interval string, from int64) ([]market.Bar, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT data FROM bar_chunks WHERE symbol = ? AND interval = ? AND year >= ? ORDER BY year`,
		symbol, interval, yearOf(from))
	if err != nil {
		return nil, fmt.Errorf("read bars %s since %d: %w", symbol, from, err)
	}
	defer rows.Close()
	var out []market.Bar
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("read bars %s: %w", symbol, err)
		}
		recs, err := decodeChunk(data, barTable.ncols)
		if err != nil {
			return nil, fmt.Errorf("read bars %s: %w", symbol, err)
		}
		for _, r := range recs {
			if r.ts < from {
				continue
			}
			out = append(out, market.Bar{Symbol: symbol, Interval: interval, Time: r.ts,
				Open: r.v[0], High: r.v[1], Low: r.v[2], Close: r.v[3], AdjClose: r.v[4], Volume: r.v[5]})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read bars %s: %w", symbol, err)
	}
	return out, nil
}

// SignalExit closes a signal.
type SignalExit struct {
	Price     float64 // exit price
	Date      string  // YYYY-MM-DD of the exit bar
	Reason    string  // STOP_LOSS, TAKE_PROFIT, TRAILING_STOP, TIME_EXIT
	ReturnPct float64 // (exit − entry)/entry·100
}

// SignalUpdate is one ledger change: the hold days of an OPEN signal, and
// its exit when Exit is set.
type SignalUpdate struct {
	ID       int64
	HoldDays int
	Exit     *SignalExit
}

// UpdateSignals applies ledger changes in one transaction: all or none. Only
// OPEN rows are touched (a signal closed meanwhile is left alone), and a
// hold-days update that changes nothing is not counted. It returns how many
// rows changed.
func (s *Store) UpdateSignals(ctx context.Context, ups []SignalUpdate) (int, error) {
	if len(ups) == 0 {
		return 0, nil
	}
	changed := 0
	err := s.Write(ctx, func(tx *sql.Tx) error {
		changed = 0
		closeStmt, err := tx.PrepareContext(ctx, `UPDATE signals SET status = 'CLOSED', exit_price = ?, exit_date = ?,
			exit_reason = ?, return_pct = ?, hold_days = ? WHERE id = ? AND status = 'OPEN'`)
		if err != nil {
			return fmt.Errorf("update signals: %w", err)
		}
		defer closeStmt.Close()
		holdStmt, err := tx.PrepareContext(ctx, `UPDATE signals SET hold_days = ? WHERE id = ? AND status = 'OPEN' AND hold_days != ?`)
		if err != nil {
			return fmt.Errorf("update signals: %w", err)
		}
		defer holdStmt.Close()
		for _, u := range ups {
			var res sql.Result
			if e := u.Exit; e != nil {
				res, err = closeStmt.ExecContext(ctx, e.Price, e.Date, e.Reason, e.ReturnPct, u.HoldDays, u.ID)
			} else {
				res, err = holdStmt.ExecContext(ctx, u.HoldDays, u.ID, u.HoldDays)
			}
			if err != nil {
				return fmt.Errorf("update signal %d: %w", u.ID, err)
			}
			n, _ := res.RowsAffected()
			changed += int(n)
		}
		return nil
	})
	return changed, err
}
