package data

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

//go:embed kr_tickers.csv
var krTickersCSV []byte

// KRTicker is one row of the KRX listing.
type KRTicker struct {
	Ticker string // KRX short code: 6 characters, digits or capital letters ("005930", "00680K")
	Market string // KOSPI or KOSDAQ
	Symbol string // Yahoo symbol ("005930.KS", "247540.KQ")
	Name   string // Korean name
}

// KRTickers returns the embedded KRX listing (2,760 rows, in file order:
// KOSPI first, each market roughly by market capitalisation).
func KRTickers() ([]KRTicker, error) {
	return ParseKRTickers(bytes.NewReader(krTickersCSV))
}

// ParseKRTickers reads a listing in the kr_tickers.csv format
// (header "ticker,market,yahoo_ticker,name") and validates every row.
// Errors name the 1-based line number.
func ParseKRTickers(r io.Reader) ([]KRTicker, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("kr tickers: header: %w", err)
	}
	want := []string{"ticker", "market", "yahoo_ticker", "name"}
	for i, h := range head {
		if strings.TrimPrefix(strings.TrimSpace(h), "\ufeff") != want[i] {
			return nil, fmt.Errorf("kr tickers: line 1: header %q, want %q", strings.Join(head, ","), strings.Join(want, ","))
		}
	}
	out := make([]KRTicker, 0, 2800)
	seen := make(map[string]int, 2800)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("kr tickers: %w", err)
		}
		line, _ := cr.FieldPos(0) // only valid after a successful Read
		t := KRTicker{
			Ticker: strings.TrimSpace(rec[0]),
			Market: strings.TrimSpace(rec[1]),
			Symbol: strings.TrimSpace(rec[2]),
			Name:   strings.TrimSpace(rec[3]),
		}
		if err := t.validate(); err != nil {
			return nil, fmt.Errorf("kr tickers: line %d: %w", line, err)
		}
		if prev, dup := seen[t.Ticker]; dup {
			return nil, fmt.Errorf("kr tickers: line %d: ticker %s repeats line %d", line, t.Ticker, prev)
		}
		seen[t.Ticker] = line
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, errors.New("kr tickers: no rows")
	}
	return out, nil
}

// ValidKRTicker reports whether s looks like a KRX short code: six
// characters, digits or capital letters, starting with a digit. Most codes
// are six digits; newer listings and preferred shares use letters
// ("00680K", "0030R0").
func ValidKRTicker(s string) bool {
	if len(s) != 6 || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 1; i < 6; i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

func (t KRTicker) validate() error {
	if !ValidKRTicker(t.Ticker) {
		return fmt.Errorf("ticker %q: want 6 digits or capital letters", t.Ticker)
	}
	if t.Market != "KOSPI" && t.Market != "KOSDAQ" {
		return fmt.Errorf("ticker %s: market %q: want KOSPI or KOSDAQ", t.Ticker, t.Market)
	}
	// The suffix is not tied to the market: a few KOSDAQ names trade on
	// Yahoo under .KS (e.g. 095340.KS), so either suffix is accepted.
	if t.Symbol != t.Ticker+".KS" && t.Symbol != t.Ticker+".KQ" {
		return fmt.Errorf("ticker %s: yahoo symbol %q: want %s.KS or %s.KQ", t.Ticker, t.Symbol, t.Ticker, t.Ticker)
	}
	if t.Name == "" {
		return fmt.Errorf("ticker %s: empty name", t.Ticker)
	}
	return nil
}
