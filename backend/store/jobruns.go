package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// JobRun is one row of job_runs: a background job's run (or a due time it
// skipped). Times are stored as Unix milliseconds; a run still going, or
// cut short by a crash, has no end.
type JobRun struct {
	ID      int64
	Job     string
	Started time.Time
	Ended   *time.Time
	Result  string // ok, error, cancelled, skipped, interrupted or a note
	Items   int
	Error   string
}

// ResultInterrupted marks runs that were going when the process died.
const ResultInterrupted = "interrupted"

func ms(t time.Time) int64 { return t.UnixMilli() }

// StartJobRun records that a run of job started at started and returns its id.
func (s *Store) StartJobRun(ctx context.Context, job string, started time.Time) (int64, error) {
	var id int64
	err := s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO job_runs (job, started_at) VALUES (?, ?)`, job, ms(started))
		if err != nil {
			return fmt.Errorf("record job start %s: %w", job, err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// FinishJobRun records the end of a run started with StartJobRun.
func (s *Store) FinishJobRun(ctx context.Context, id int64, ended time.Time, result string, items int, errMsg string) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_runs SET ended_at = ?, result = ?, items = ?, error = ? WHERE id = ?`,
			ms(ended), result, items, nullIfEmpty(errMsg), id)
		if err != nil {
			return fmt.Errorf("record job end %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("record job end %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// AddJobRun records a finished run (or a skipped due time) in one go.
func (s *Store) AddJobRun(ctx context.Context, r JobRun) (int64, error) {
	var id int64
	err := s.Write(ctx, func(tx *sql.Tx) error {
		var end any
		if r.Ended != nil {
			end = ms(*r.Ended)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO job_runs (job, started_at, ended_at, result, items, error) VALUES (?, ?, ?, ?, ?, ?)`,
			r.Job, ms(r.Started), end, r.Result, r.Items, nullIfEmpty(r.Error))
		if err != nil {
			return fmt.Errorf("record job run %s: %w", r.Job, err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// CloseInterruptedJobRuns ends every run without an end (the process died
// during it) as "interrupted" at now, and returns how many there were.
func (s *Store) CloseInterruptedJobRuns(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE job_runs SET ended_at = ?, result = ?, error = 'the app stopped during the run'
			WHERE ended_at IS NULL`, ms(now), ResultInterrupted)
		if err != nil {
			return fmt.Errorf("close interrupted job runs: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// PruneJobRuns deletes runs that started before cutoff and returns how many.
func (s *Store) PruneJobRuns(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM job_runs WHERE started_at < ?`, ms(cutoff))
		if err != nil {
			return fmt.Errorf("prune job runs: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

const jobRunCols = `id, job, started_at, ended_at, COALESCE(result, ''), items, COALESCE(error, '')`

func scanJobRun(sc interface{ Scan(...any) error }) (JobRun, error) {
	var r JobRun
	var start int64
	var end sql.NullInt64
	if err := sc.Scan(&r.ID, &r.Job, &start, &end, &r.Result, &r.Items, &r.Error); err != nil {
		return r, err
	}
	r.Started = time.UnixMilli(start).UTC()
	if end.Valid {
		e := time.UnixMilli(end.Int64).UTC()
		r.Ended = &e
	}
	return r, nil
}

// LastJobRuns returns each job's newest run, by job name.
func (s *Store) LastJobRuns(ctx context.Context) (map[string]JobRun, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+jobRunCols+` FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs GROUP BY job)`)
	if err != nil {
		return nil, fmt.Errorf("last job runs: %w", err)
	}
	defer rows.Close()
	out := map[string]JobRun{}
	for rows.Next() {
		r, err := scanJobRun(rows)
		if err != nil {
			return nil, fmt.Errorf("last job runs: %w", err)
		}
		out[r.Job] = r
	}
	return out, rows.Err()
}

// JobRuns returns up to limit runs of job ("" = every job), newest first.
func (s *Store) JobRuns(ctx context.Context, job string, limit int) ([]JobRun, error) {
	if limit <= 0 {
		return nil, errors.New("job runs: limit must be positive")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+jobRunCols+` FROM job_runs WHERE ? = '' OR job = ? ORDER BY id DESC LIMIT ?`, job, job, limit)
	if err != nil {
		return nil, fmt.Errorf("job runs: %w", err)
	}
	defer rows.Close()
	var out []JobRun
	for rows.Next() {
		r, err := scanJobRun(rows)
		if err != nil {
			return nil, fmt.Errorf("job runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
