// Package importer stores user CSV files (Yahoo's download format or a
// plain date,open,high,low,close[,adj_close],volume file) as "imported"
// series: the whole file or nothing.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/provider/csvimport"
	"krmarket/backend/store"
)

// Request is one import.
type Request struct {
	Symbol string `json:"symbol"`
	Name   string `json:"name,omitempty"`
	Market string `json:"market,omitempty"` // KR, US, CRYPTO, MACRO; default from the symbol
	CSV    string `json:"csv"`
}

// Result is the body of POST /api/import.
type Result struct {
	contract.Meta
	Symbol  string `json:"symbol"`
	Bars    int    `json:"bars"`
	First   string `json:"first"`
	Last    string `json:"last"`
	Format  string `json:"format"`
	Skipped int    `json:"skipped"`
}

// Service imports files into the store.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns an import service.
func New(st *store.Store, now func() time.Time) *Service { return &Service{st: st, now: now} }

// Import parses r and stores it as one series. Bad input is a 400 error
// naming every bad line; nothing is stored then.
func (s *Service) Import(ctx context.Context, symbol, name, mkt string, r io.Reader) (*Result, error) {
	if err := csvimport.ValidateSymbol(symbol); err != nil {
		return nil, contract.BadRequest("invalid_symbol", "symbol %q: use 1–20 characters from A–Z a–z 0–9 . - ^ = _", symbol)
	}
	inst, err := Instrument(symbol, name, mkt)
	if err != nil {
		return nil, err
	}
	res, err := csvimport.Parse(r, symbol)
	if err != nil {
		var rows *csvimport.RowsError
		switch {
		case errors.As(err, &rows):
			return nil, contract.BadRequest("invalid_csv", "%s", strings.TrimPrefix(rows.Error(), "csvimport: "))
		case errors.Is(err, csvimport.ErrTooLarge), errors.Is(err, csvimport.ErrEmpty), errors.Is(err, csvimport.ErrNoRows), errors.Is(err, csvimport.ErrHeader):
			return nil, contract.BadRequest("invalid_csv", "%s", strings.TrimPrefix(err.Error(), "csvimport: "))
		default:
			return nil, contract.BadRequest("invalid_csv", "could not read the CSV file")
		}
	}
	if err := s.st.Ingester(contract.SourceImported, s.now).PutSeries(ctx, inst, res.Bars); err != nil {
		return nil, fmt.Errorf("store import %s: %w", symbol, err)
	}
	out := &Result{Symbol: symbol, Bars: len(res.Bars), Format: res.Format, Skipped: res.Skipped,
		First: res.Bars[0].Date(), Last: res.Bars[len(res.Bars)-1].Date()}
	out.DataSource = contract.SourceImported
	return out, nil
}

// Instrument describes an imported symbol: KR for .KS/.KQ symbols (ticker
// without the suffix), crypto for …USDT, macro for ^indices, =X and =F,
// else US; mkt overrides the market.
func Instrument(symbol, name, mkt string) (market.Instrument, error) {
	x := market.Instrument{Symbol: symbol, Ticker: symbol, Name: name, Kind: market.KindStock, Currency: "USD", Exchange: "IMPORTED"}
	upper := strings.ToUpper(symbol)
	switch {
	case strings.HasSuffix(upper, ".KS"), strings.HasSuffix(upper, ".KQ"):
		x.Market, x.Currency, x.Ticker = market.KR, "KRW", symbol[:len(symbol)-3]
		x.Exchange = map[bool]string{true: "KOSPI", false: "KOSDAQ"}[strings.HasSuffix(upper, ".KS")]
	case strings.HasSuffix(upper, "USDT") && len(upper) > 4:
		x.Market, x.Kind, x.Currency, x.Exchange = market.Crypto, market.KindCrypto, "USDT", "BINANCE"
	case strings.HasPrefix(upper, "^"), strings.HasSuffix(upper, "=X"), strings.HasSuffix(upper, "=F"):
		x.Market, x.Kind = market.Macro, market.KindIndex
	default:
		x.Market = market.US
	}
	if mkt != "" {
		switch mkt {
		case market.KR, market.US, market.Crypto, market.Macro:
			x.Market = mkt
		default:
			return x, contract.BadRequest("invalid_market", "market %q: want KR, US, CRYPTO or MACRO", mkt)
		}
	}
	if x.Name == "" {
		x.Name = symbol
	}
	return x, nil
}
