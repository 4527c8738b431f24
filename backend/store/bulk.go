package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// chunkRows is how many rows one multi-row INSERT carries.
const chunkRows = 256

// bulkInsert inserts n rows into table with one prepared multi-row statement
// per full chunk. args appends row i's column values to dst.
func bulkInsert(ctx context.Context, tx *sql.Tx, verb, table string, cols []string, n int, args func(i int, dst []any) []any) error {
	if n == 0 {
		return nil
	}
	full := n / chunkRows
	buf := make([]any, 0, chunkRows*len(cols))
	if full > 0 {
		stmt, err := tx.PrepareContext(ctx, insertSQL(verb, table, cols, chunkRows))
		if err != nil {
			return fmt.Errorf("prepare %s insert: %w", table, err)
		}
		defer stmt.Close()
		for c := 0; c < full; c++ {
			buf = buf[:0]
			for i := c * chunkRows; i < (c+1)*chunkRows; i++ {
				buf = args(i, buf)
			}
			if _, err := stmt.ExecContext(ctx, buf...); err != nil {
				return fmt.Errorf("insert %s: %w", table, err)
			}
		}
	}
	if rest := n - full*chunkRows; rest > 0 {
		buf = buf[:0]
		for i := full * chunkRows; i < n; i++ {
			buf = args(i, buf)
		}
		if _, err := tx.ExecContext(ctx, insertSQL(verb, table, cols, rest), buf...); err != nil {
			return fmt.Errorf("insert %s: %w", table, err)
		}
	}
	return nil
}

func insertSQL(verb, table string, cols []string, rows int) string {
	var b strings.Builder
	b.Grow(64 + rows*(len(cols)*2+3))
	b.WriteString(verb)
	b.WriteString(" INTO ")
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ","))
	b.WriteString(") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}
