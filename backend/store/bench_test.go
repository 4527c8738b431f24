package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"krmarket/backend/market"
)

// BenchmarkIngest compares the packed-chunk writer with a baseline of one
// prepared single-row INSERT per bar into a row-per-bar table (the layout
// packing replaced; one transaction per symbol in both), in the same run;
// the ratio is the figure to compare.
func BenchmarkIngest(b *testing.B) {
	const symbols, perSymbol = 40, 500
	batches := make([][]market.Bar, symbols)
	for i := range batches {
		batches[i] = barsFor(fmt.Sprintf("B%03d", i), perSymbol)
	}
	ctx := context.Background()
	var fast, slow time.Duration
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		st, err := Open(ctx, filepath.Join(dir, "fast.db"))
		if err != nil {
			b.Fatal(err)
		}
		in := st.Ingester("bench", time.Now)
		t0 := time.Now()
		for _, bs := range batches {
			if err := in.PutBars(ctx, bs); err != nil {
				b.Fatal(err)
			}
		}
		fast += time.Since(t0)
		st.Close()

		st, err = Open(ctx, filepath.Join(dir, "slow.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.w.Exec(`CREATE TABLE IF NOT EXISTS bars_rows (symbol TEXT NOT NULL, interval TEXT NOT NULL, ts INTEGER NOT NULL, open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, adj_close REAL NOT NULL, volume REAL NOT NULL, PRIMARY KEY (symbol, interval, ts)) WITHOUT ROWID`); err != nil {
			b.Fatal(err)
		}
		t0 = time.Now()
		for _, bs := range batches {
			err := st.Write(ctx, func(tx *sql.Tx) error {
				stmt, err := tx.Prepare(`INSERT OR REPLACE INTO bars_rows (symbol, interval, ts, open, high, low, close, adj_close, volume) VALUES (?,?,?,?,?,?,?,?,?)`)
				if err != nil {
					return err
				}
				defer stmt.Close()
				for _, x := range bs {
					if _, err := stmt.Exec(x.Symbol, x.Interval, x.Time, x.Open, x.High, x.Low, x.Close, x.Close, x.Volume); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		slow += time.Since(t0)
		st.Close()
	}
	n := float64(symbols * perSymbol * b.N)
	b.ReportMetric(n/fast.Seconds(), "bars/s")
	b.ReportMetric(n/slow.Seconds(), "baseline-bars/s")
	b.ReportMetric(slow.Seconds()/fast.Seconds(), "x-vs-baseline")
}
