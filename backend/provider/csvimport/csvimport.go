// Package csvimport reads daily OHLCV bars from CSV files a user supplies.
//
// Two layouts are accepted, recognised from the header row (required,
// matched case-insensitively, columns in exactly this order):
//
//   - Yahoo's download format: Date,Open,High,Low,Close,Adj Close,Volume.
//     Rows whose every value is "null" (Yahoo's holidays) are skipped and
//     counted in Result.Skipped (in either format).
//   - A plain format: date,open,high,low,close[,adj_close],volume. Without
//     adj_close the bar's AdjClose is its Close.
//
// Fields may be separated by "," or ";" (decided from the header line), the
// file may start with a UTF-8 byte-order mark, and dates are YYYY-MM-DD,
// YYYY/MM/DD or YYYYMMDD.
//
// Parsing is all or nothing: if any row is bad, Parse returns a *RowsError
// that lists every bad line (1-based physical line numbers, the header being
// line 1) and no bars.
package csvimport

import (
	"errors"
	"fmt"
	"strings"
)

// Format names reported in Result.Format.
const (
	FormatYahoo = "yahoo"
	FormatPlain = "plain"
)

// Limits on the input.
const (
	MaxBytes     = 50 << 20 // 50 MiB
	MaxRows      = 200_000  // data rows, null rows included
	maxListLines = 50       // bad lines listed by RowsError.Error
)

// Errors for whole-file problems; row problems are reported as *RowsError.
var (
	ErrEmpty    = errors.New("csvimport: empty file")
	ErrNoRows   = errors.New("csvimport: no data rows")
	ErrHeader   = errors.New("csvimport: unrecognised header")
	ErrTooLarge = errors.New("csvimport: file too large")
	ErrSymbol   = errors.New("csvimport: invalid symbol")
)

// LineError is one bad row: its line number and why it was rejected (one or
// more reasons joined by "; ").
type LineError struct {
	Line   int
	Reason string
}

// RowsError reports the bad rows of a file. Lines holds the first 50 in file
// order; Total counts all of them.
type RowsError struct {
	Lines []LineError
	Total int
}

func (e *RowsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "csvimport: %d bad row(s):", e.Total)
	for _, l := range e.Lines {
		fmt.Fprintf(&b, "\n  line %d: %s", l.Line, l.Reason)
	}
	if more := e.Total - len(e.Lines); more > 0 {
		fmt.Fprintf(&b, "\n  and %d more", more)
	}
	return b.String()
}

func (e *RowsError) add(line int, reasons []string) {
	e.Total++
	if len(e.Lines) < maxListLines {
		e.Lines = append(e.Lines, LineError{Line: line, Reason: strings.Join(reasons, "; ")})
	}
}

// ValidateSymbol checks that s is usable as a symbol (and so as part of a
// file name): 1 to 20 characters from A-Z a-z 0-9 . - ^ = _, and not made of
// dots only.
func ValidateSymbol(s string) error {
	if len(s) == 0 || len(s) > 20 {
		return fmt.Errorf("%w %q: must be 1 to 20 characters", ErrSymbol, s)
	}
	dots := 0
	for _, c := range []byte(s) {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' || c == '^' || c == '=' || c == '_':
		case c == '.':
			dots++
		default:
			return fmt.Errorf("%w %q: character %q not allowed (use A-Z a-z 0-9 . - ^ = _)", ErrSymbol, s, c)
		}
	}
	if dots == len(s) {
		return fmt.Errorf("%w %q: not a symbol", ErrSymbol, s)
	}
	return nil
}
