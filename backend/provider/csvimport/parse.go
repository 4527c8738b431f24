package csvimport

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"krmarket/backend/market"
)

// Result is a parsed file.
type Result struct {
	// Bars are daily bars (Interval "1d", Time = date 00:00 UTC) in strictly
	// ascending date order.
	Bars []market.Bar
	// Format is FormatYahoo or FormatPlain.
	Format string
	// Skipped counts rows whose values were all "null" (Yahoo's holidays).
	Skipped int
}

// layout describes a recognised header.
type layout struct {
	format string
	hasAdj bool
	names  []string // column names for messages, in file order
}

func (l layout) cols() int { return len(l.names) }

// detectLayout matches a header row (already trimmed) against the accepted
// layouts.
func detectLayout(h []string) (layout, bool) {
	low := make([]string, len(h))
	for i, s := range h {
		low[i] = strings.ToLower(strings.TrimSpace(s))
	}
	eq := func(want ...string) bool {
		if len(low) != len(want) {
			return false
		}
		for i := range want {
			if low[i] != want[i] {
				return false
			}
		}
		return true
	}
	switch {
	case eq("date", "open", "high", "low", "close", "adj close", "volume"):
		return layout{FormatYahoo, true, []string{"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"}}, true
	case eq("date", "open", "high", "low", "close", "adj_close", "volume"):
		return layout{FormatPlain, true, []string{"date", "open", "high", "low", "close", "adj_close", "volume"}}, true
	case eq("date", "open", "high", "low", "close", "volume"):
		return layout{FormatPlain, false, []string{"date", "open", "high", "low", "close", "volume"}}, true
	}
	return layout{}, false
}

// limitReader fails with ErrTooLarge once more than max bytes were read.
type limitReader struct {
	r      io.Reader
	n, max int64 // n = bytes still allowed
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, l.err()
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	if l.n < 0 {
		return 0, l.err()
	}
	return k, err
}

func (l *limitReader) err() error {
	if l.max >= 1<<20 {
		return fmt.Errorf("%w: larger than %d MB", ErrTooLarge, l.max>>20)
	}
	return fmt.Errorf("%w: larger than %d bytes", ErrTooLarge, l.max)
}

// limits bounds the input; Parse uses MaxBytes and MaxRows.
type limits struct {
	bytes int64
	rows  int
}

// Parse reads a whole CSV file of daily bars for symbol. It returns either
// all the file's bars or an error and no bars: a *RowsError listing the bad
// lines, or a wrapped ErrEmpty, ErrNoRows, ErrHeader, ErrTooLarge or
// ErrSymbol. Blank lines (and rows whose fields are all empty) are ignored.
func Parse(r io.Reader, symbol string) (Result, error) {
	return parse(r, symbol, limits{bytes: MaxBytes, rows: MaxRows})
}

func parse(r io.Reader, symbol string, lim limits) (Result, error) {
	if err := ValidateSymbol(symbol); err != nil {
		return Result{}, err
	}
	br := bufio.NewReaderSize(&limitReader{r: r, n: lim.bytes, max: lim.bytes}, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	peek, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return Result{}, fmt.Errorf("csvimport: reading header: %w", err)
	}
	first := firstLine(peek)
	if first == "" && len(peek) < 64<<10 {
		return Result{}, ErrEmpty
	}
	sep := ','
	if strings.Count(first, ";") > strings.Count(first, ",") {
		sep = ';'
	}
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	head, err := cr.Read()
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrHeader, err)
	}
	lay, ok := detectLayout(head)
	if !ok {
		return Result{}, fmt.Errorf("%w %q: want Date,Open,High,Low,Close,Adj Close,Volume or date,open,high,low,close[,adj_close],volume", ErrHeader, strings.Join(head, string(sep)))
	}

	p := rowParser{lay: lay, symbol: symbol, seen: map[int64]bool{}}
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Result{}, fmt.Errorf("csvimport: %w", err)
		}
		if allEmpty(rec) {
			continue
		}
		if rows++; rows > lim.rows {
			return Result{}, fmt.Errorf("%w: more than %d rows", ErrTooLarge, lim.rows)
		}
		line, _ := cr.FieldPos(0)
		p.row(line, rec)
	}
	if p.bad.Total > 0 {
		return Result{}, &p.bad
	}
	if len(p.bars) == 0 {
		if p.skipped > 0 {
			return Result{}, fmt.Errorf("%w: all %d rows are null", ErrNoRows, p.skipped)
		}
		return Result{}, fmt.Errorf("%w: the file has only a header", ErrNoRows)
	}
	return Result{Bars: p.bars, Format: lay.format, Skipped: p.skipped}, nil
}

// firstLine returns the first line of b that is not blank ("" if none).
func firstLine(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

func allEmpty(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// rowParser validates rows one by one, collecting bars or bad lines.
type rowParser struct {
	lay     layout
	symbol  string
	bars    []market.Bar
	bad     RowsError
	skipped int
	seen    map[int64]bool
	maxDate int64
	anyDate bool
}

func (p *rowParser) row(line int, rec []string) {
	var why []string
	n := p.lay.cols()
	switch {
	case len(rec) < n:
		why = append(why, fmt.Sprintf("missing column(s): %d of %d fields", len(rec), n))
	case len(rec) > n:
		why = append(why, fmt.Sprintf("too many columns: %d fields, want %d", len(rec), n))
	}

	t, err := parseDate(strings.TrimSpace(rec[0]))
	if err != nil {
		why = append(why, err.Error())
	} else {
		switch {
		case p.seen[t]:
			why = append(why, "duplicate date "+fmtDate(t))
		case p.anyDate && t < p.maxDate:
			why = append(why, fmt.Sprintf("date %s out of order (after %s)", fmtDate(t), fmtDate(p.maxDate)))
		}
		p.seen[t] = true
		if !p.anyDate || t > p.maxDate {
			p.maxDate, p.anyDate = t, true
		}
	}
	if len(rec) < n {
		p.bad.add(line, why)
		return
	}

	vals := rec[1:n]
	if allNull(vals) {
		if len(why) > 0 {
			p.bad.add(line, why)
		} else {
			p.skipped++
		}
		return
	}
	nums := make([]float64, len(vals))
	for i, s := range vals {
		v, reason := parseNum(strings.TrimSpace(s))
		if reason != "" {
			why = append(why, p.lay.names[i+1]+" "+reason)
		}
		nums[i] = v
	}
	if len(why) > 0 {
		p.bad.add(line, why)
		return
	}

	b := market.Bar{Symbol: p.symbol, Interval: market.Daily, Time: t,
		Open: nums[0], High: nums[1], Low: nums[2], Close: nums[3]}
	if p.lay.hasAdj {
		b.AdjClose, b.Volume = nums[4], nums[5]
	} else {
		b.AdjClose, b.Volume = b.Close, nums[4]
	}
	if b.High < b.Low {
		why = append(why, fmt.Sprintf("high %v < low %v", b.High, b.Low))
	} else {
		if b.Open < b.Low || b.Open > b.High {
			why = append(why, fmt.Sprintf("open %v outside [low %v, high %v]", b.Open, b.Low, b.High))
		}
		if b.Close < b.Low || b.Close > b.High {
			why = append(why, fmt.Sprintf("close %v outside [low %v, high %v]", b.Close, b.Low, b.High))
		}
	}
	if len(why) > 0 {
		p.bad.add(line, why)
		return
	}
	if p.bad.Total == 0 { // bars are useless once a row is bad
		p.bars = append(p.bars, b)
	}
}

func allNull(vals []string) bool {
	for _, s := range vals {
		if !strings.EqualFold(strings.TrimSpace(s), "null") {
			return false
		}
	}
	return true
}

// parseNum parses a plain decimal number (digits, sign, point, exponent).
// It returns a non-empty reason for empty, "null", non-numeric, non-finite
// or negative values.
func parseNum(s string) (float64, string) {
	switch {
	case s == "":
		return 0, "is empty"
	case strings.EqualFold(s, "null"):
		return 0, "is null"
	}
	for _, c := range []byte(s) {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, fmt.Sprintf("is not a number: %q", s)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && math.IsInf(v, 0):
		return 0, fmt.Sprintf("is not finite: %q", s)
	case err != nil:
		return 0, fmt.Sprintf("is not a number: %q", s)
	case v < 0:
		return 0, fmt.Sprintf("is negative: %s", s)
	}
	return v, ""
}

// parseDate accepts YYYY-MM-DD, YYYY/MM/DD and YYYYMMDD and returns 00:00
// UTC of that date in unix seconds.
func parseDate(s string) (int64, error) {
	var layout string
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		layout = "2006-01-02"
	case len(s) == 10 && s[4] == '/' && s[7] == '/':
		layout = "2006/01/02"
	case len(s) == 8:
		layout = "20060102"
	default:
		return 0, fmt.Errorf("bad date %q (want YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)", s)
	}
	for i := range len(s) {
		if c := s[i]; (c < '0' || c > '9') && c != layout[i] {
			return 0, fmt.Errorf("bad date %q (want YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)", s)
		}
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return 0, fmt.Errorf("bad date %q: no such day", s)
	}
	return t.Unix(), nil
}

func fmtDate(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02") }
