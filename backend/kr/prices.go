package kr

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"krmarket/backend/contract"
	"krmarket/backend/market"
	"krmarket/backend/store"
)

// MaxRealtimeTickers bounds one realtime-prices request.
const MaxRealtimeTickers = 200

// PricesRequest is the body of POST /api/kr/realtime-prices.
type PricesRequest struct {
	Tickers []string `json:"tickers"` // KRX codes, e.g. ["005930", "000660"]
}

// PriceInfo is one ticker's latest price and where it came from.
type PriceInfo struct {
	Price     float64 `json:"price"`
	ChangePct float64 `json:"change_pct"`
	Time      int64   `json:"time"`   // unix seconds of the quote or the bar
	Origin    string  `json:"origin"` // "live" (fetched now), "quote" (stored quote) or "close" (last daily close)
}

// PricesResult is the body of POST /api/kr/realtime-prices. prices keeps
// the original's {ticker: last} map (0 for an unknown ticker).
type PricesResult struct {
	contract.Meta
	Prices  map[string]float64   `json:"prices"`
	Details map[string]PriceInfo `json:"details"`
	Missing []string             `json:"missing"`
	Fetched int                  `json:"fetched"` // how many came from the live source in this call
	Error   string               `json:"fetch_error,omitempty"`
}

// QuoteFetcher gets live quotes for Yahoo symbols and stores them; nil or
// a fetch error falls back to the store.
type QuoteFetcher func(ctx context.Context, symbols []string) (map[string]market.Quote, error)

// ParseTickers validates and de-duplicates a ticker list.
func ParseTickers(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, contract.BadRequest("no_tickers", "tickers is empty: give 1 to %d KRX codes", MaxRealtimeTickers)
	}
	if len(in) > MaxRealtimeTickers {
		return nil, contract.BadRequest("too_many_tickers", "%d tickers: at most %d per request", len(in), MaxRealtimeTickers)
	}
	seen := make(map[string]bool, len(in))
	var out []string
	for _, t := range in {
		t = strings.TrimSpace(t)
		if !ValidTicker(t) {
			return nil, contract.BadRequest("invalid_ticker", "ticker %q is not a 6-character KRX code such as 005930", truncate(t, 20))
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// RealtimePrices returns the latest price of each ticker: fetched now when
// fetch is given and answers, else the newest stored quote or daily close
// (whichever is newer).
func (s *Service) RealtimePrices(ctx context.Context, tickers []string, fetch QuoteFetcher) (*PricesResult, error) {
	tickers, err := ParseTickers(tickers)
	if err != nil {
		return nil, err
	}
	res := &PricesResult{Prices: map[string]float64{}, Details: map[string]PriceInfo{}, Missing: []string{}}
	sym := map[string]string{} // ticker → symbol
	var syms []string
	for _, t := range tickers {
		inst, err := s.st.InstrumentByTicker(ctx, market.KR, t)
		if errors.Is(err, store.ErrNotFound) {
			res.Prices[t] = 0
			res.Missing = append(res.Missing, t)
			continue
		}
		if err != nil {
			return nil, err
		}
		sym[t] = inst.Symbol
		syms = append(syms, inst.Symbol)
	}
	live := map[string]market.Quote{}
	if fetch != nil && len(syms) > 0 {
		q, err := fetch(ctx, syms)
		if err != nil {
			res.Error = err.Error()
		} else {
			live = q
		}
	}
	stored, err := s.st.Quotes(ctx, syms)
	if err != nil {
		return nil, err
	}
	for _, t := range tickers {
		sy, ok := sym[t]
		if !ok {
			continue
		}
		info, ok, err := s.priceOf(ctx, sy, live, stored)
		if err != nil {
			return nil, err
		}
		if !ok {
			res.Prices[t] = 0
			res.Missing = append(res.Missing, t)
			continue
		}
		if info.Origin == "live" {
			res.Fetched++
		}
		res.Prices[t], res.Details[t] = info.Price, info
	}
	src, age, err := s.source(ctx, market.KR)
	if err != nil {
		return nil, err
	}
	res.DataSource, res.DataAge = src, age
	return res, nil
}

func (s *Service) priceOf(ctx context.Context, sym string, live, stored map[string]market.Quote) (PriceInfo, bool, error) {
	if q, ok := live[sym]; ok && q.Price > 0 && !math.IsInf(q.Price, 0) {
		return PriceInfo{Price: q.Price, ChangePct: round(q.ChangePct, 2), Time: q.Time, Origin: "live"}, true, nil
	}
	bars, err := s.st.LastBars(ctx, sym, market.Daily, 2)
	if err != nil {
		return PriceInfo{}, false, fmt.Errorf("last close of %s: %w", sym, err)
	}
	var best PriceInfo
	if n := len(bars); n > 0 && bars[n-1].Close > 0 {
		best = PriceInfo{Price: bars[n-1].Close, Time: bars[n-1].Time, Origin: "close"}
		if n > 1 && bars[n-2].Close > 0 {
			best.ChangePct = round((bars[n-1].Close/bars[n-2].Close-1)*100, 2)
		}
	}
	if q, ok := stored[sym]; ok && q.Price > 0 && q.Time >= best.Time {
		best = PriceInfo{Price: q.Price, ChangePct: round(q.ChangePct, 2), Time: q.Time, Origin: "quote"}
	}
	return best, best.Price > 0, nil
}
