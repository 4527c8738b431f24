// Package store keeps everything the app knows in one SQLite file
// (mattn/go-sqlite3): WAL, busy timeout, foreign keys, embedded versioned
// migrations (goose), one writer connection that commits batches in single
// transactions, and a pool of readers that never block it.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// FileName is the database's file name inside the data dir.
const FileName = "krmarket.db"

// Store is the app's database.
type Store struct {
	w       *sql.DB // exactly one connection: the single writer
	r       *sql.DB // readers
	path    string
	version atomic.Int64 // bumped after every committed write

	jobs      chan *writeJob // batches waiting for the writer
	closeOnce sync.Once
	stopped   chan struct{} // closed when the writer goroutine has exited
	closed    atomic.Bool

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared on the writer connection
}

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// Open opens (creating if needed) the database at path and migrates it to
// the newest schema.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database dir: %w", err)
	}
	w, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database: %w", friendly(err))
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database readers: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	s := &Store{w: w, r: r, path: path, jobs: make(chan *writeJob, 256), stopped: make(chan struct{}), stmts: map[string]*sql.Stmt{}}
	if err := s.prepare(ctx, hotQueries()...); err != nil {
		s.r.Close()
		s.w.Close()
		return nil, err
	}
	go s.writer()
	return s, nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("_query_only", "true")
		q.Del("_txlock")
	}
	return "file:" + path + "?" + q.Encode()
}

func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate database: %w", friendly(err))
	}
	return nil
}

// Close waits for queued writes, stops the writer and closes both pools
// after checkpointing the WAL.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.closed.Store(true)
		close(s.jobs)
		<-s.stopped
	})
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = map[string]*sql.Stmt{}
	s.stmtMu.Unlock()
	_, _ = s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return errors.Join(s.r.Close(), s.w.Close())
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Version counts committed writes since Open; caches key on it.
func (s *Store) Version() int64 { return s.version.Load() }

// SchemaVersion is the newest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id),0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("database ping: %w", err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its first line.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	return res, nil
}

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("database is closed")

// Write runs fn in a transaction on the single writer connection: all of
// fn's changes commit together or not at all, and Write returns only after
// they are committed. Batches submitted concurrently are group-committed:
// the writer runs each under its own savepoint in one shared transaction,
// so a failing batch is rolled back alone and readers never see part of
// one. fn must not call Write itself.
func (s *Store) Write(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	defer func() {
		if recover() != nil { // send on the closed channel: Close won the race
			err = ErrClosed
		}
	}()
	if s.closed.Load() {
		return ErrClosed
	}
	s.jobs <- j
	return <-j.done
}

type writeJob struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
}

// maxGroup bounds how many queued batches share one commit.
const maxGroup = 64

// writer is the single goroutine that owns the writer connection.
func (s *Store) writer() {
	defer close(s.stopped)
	for j := range s.jobs {
		group := []*writeJob{j}
	drain:
		for len(group) < maxGroup {
			select {
			case k, ok := <-s.jobs:
				if !ok {
					break drain
				}
				group = append(group, k)
			default:
				break drain
			}
		}
		s.commitGroup(group)
	}
}

func (s *Store) commitGroup(group []*writeJob) {
	tx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		for _, j := range group {
			j.done <- fmt.Errorf("begin write: %w", friendly(err))
		}
		return
	}
	results := make([]error, len(group))
	ok := 0
	for i, j := range group {
		if err := j.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := tx.Exec("SAVEPOINT batch"); err != nil {
			results[i] = friendly(err)
			continue
		}
		if err := j.fn(tx); err != nil {
			results[i] = friendly(err)
			_, rerr := tx.Exec("ROLLBACK TO batch")
			_, _ = tx.Exec("RELEASE batch")
			if rerr != nil { // the transaction is unusable: fail the rest
				tx.Rollback()
				for k := i + 1; k < len(group); k++ {
					results[k] = fmt.Errorf("write aborted: %w", friendly(rerr))
				}
				s.reply(group, results)
				return
			}
			continue
		}
		if _, err := tx.Exec("RELEASE batch"); err != nil {
			results[i] = friendly(err)
			continue
		}
		ok++
	}
	if err := tx.Commit(); err != nil {
		for i := range results {
			if results[i] == nil {
				results[i] = fmt.Errorf("commit: %w", friendly(err))
			}
		}
	} else if ok > 0 {
		s.version.Add(1)
	}
	s.reply(group, results)
}

func (s *Store) reply(group []*writeJob, results []error) {
	for i, j := range group {
		j.done <- results[i]
	}
}

// prepare prepares the hot write statements once on the writer connection
// (before the writer goroutine owns it).
func (s *Store) prepare(ctx context.Context, queries ...string) error {
	for _, q := range queries {
		st, err := s.w.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		s.stmts[q] = st
	}
	return nil
}

// stmt returns query bound to tx, reusing the statement prepared at Open
// when there is one.
func (s *Store) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	st, ok := s.stmts[query]
	s.stmtMu.Unlock()
	if ok {
		return tx.StmtContext(ctx, st), nil
	}
	return tx.PrepareContext(ctx, query)
}

// BulkLoad runs fn with synchronous=OFF on the writer, for loads that are
// re-run from scratch when interrupted (the demo market). Each batch still
// commits atomically; only durability against power loss is relaxed.
func (s *Store) BulkLoad(ctx context.Context, fn func() error) error {
	for _, p := range []string{"PRAGMA synchronous=OFF", "PRAGMA wal_autocheckpoint=0"} {
		if _, err := s.w.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
	}
	err := fn()
	bg := context.WithoutCancel(ctx)
	for _, p := range []string{"PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA synchronous=NORMAL", "PRAGMA wal_autocheckpoint=1000", "PRAGMA cache_size=-2000"} {
		if _, e := s.w.ExecContext(bg, p); e != nil && err == nil {
			err = fmt.Errorf("bulk load: %w", e)
		}
	}
	return err
}

// ErrDiskFull is returned (wrapped) when SQLite reports a full disk.
var ErrDiskFull = errors.New("disk full: free some space and retry; nothing of the failed batch was kept")

// friendly maps SQLite errors a user can act on to clear ones.
func friendly(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrFull:
			return fmt.Errorf("%w (%v)", ErrDiskFull, err)
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return fmt.Errorf("database file is damaged or not a KR Market database: %w", err)
		}
	}
	return err
}
