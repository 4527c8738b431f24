package binance

import (
	"context"
	"encoding/json"
	"fmt"

	"krmarket/backend/market"
)

// Ticker24h is one symbol's rolling 24-hour statistics. Prices are in the
// quote asset; Volume is in the base asset, QuoteVolume in the quote asset.
type Ticker24h struct {
	Symbol             string  `json:"symbol"`
	LastPrice          float64 `json:"last_price"`
	PriceChange        float64 `json:"price_change"`
	PriceChangePercent float64 `json:"price_change_percent"` // percent
	WeightedAvgPrice   float64 `json:"weighted_avg_price"`
	PrevClosePrice     float64 `json:"prev_close_price"`
	OpenPrice          float64 `json:"open_price"`
	HighPrice          float64 `json:"high_price"`
	LowPrice           float64 `json:"low_price"`
	Volume             float64 `json:"volume"`
	QuoteVolume        float64 `json:"quote_volume"`
	OpenTime           int64   `json:"open_time"`  // unix ms
	CloseTime          int64   `json:"close_time"` // unix ms
	Count              int64   `json:"count"`      // trades

	// Set by Universe.
	Base      string `json:"base,omitempty"`      // base asset, "BTC" for BTCUSDT
	Liquidity string `json:"liquidity,omitempty"` // bucket "A", "B" or "C"
}

// Quote returns the ticker as a market.Quote over the rolling 24 hours:
// PrevClose is the open price 24 h ago, Time the close time in seconds.
func (t Ticker24h) Quote() market.Quote {
	return market.Quote{
		Symbol:      t.Symbol,
		Price:       t.LastPrice,
		PrevClose:   t.OpenPrice, // price 24 h ago: Change = Price − PrevClose
		Change:      t.PriceChange,
		ChangePct:   t.PriceChangePercent,
		Volume:      t.Volume,
		QuoteVolume: t.QuoteVolume,
		Time:        t.CloseTime / 1000,
	}
}

// Tickers24h returns the 24-hour statistics of every spot symbol
// (GET /api/v3/ticker/24hr, weight 80).
func (c *Client) Tickers24h(ctx context.Context) ([]Ticker24h, error) {
	body, err := c.get(ctx, c.spot, c.spotURL, "/api/v3/ticker/24hr", nil, weightTicker24hAll)
	if err != nil {
		return nil, err
	}
	ts, err := ParseTickers(body)
	if err != nil {
		return nil, fmt.Errorf("binance: /api/v3/ticker/24hr: %w", err)
	}
	return ts, nil
}

type rawTicker struct {
	Symbol             *string `json:"symbol"`
	PriceChange        string  `json:"priceChange"`
	PriceChangePercent string  `json:"priceChangePercent"`
	WeightedAvgPrice   string  `json:"weightedAvgPrice"`
	PrevClosePrice     string  `json:"prevClosePrice"`
	LastPrice          string  `json:"lastPrice"`
	OpenPrice          string  `json:"openPrice"`
	HighPrice          string  `json:"highPrice"`
	LowPrice           string  `json:"lowPrice"`
	Volume             string  `json:"volume"`
	QuoteVolume        string  `json:"quoteVolume"`
	OpenTime           int64   `json:"openTime"`
	CloseTime          int64   `json:"closeTime"`
	Count              int64   `json:"count"`
}

// ParseTickers parses the body of GET /api/v3/ticker/24hr: a JSON array
// of objects with numbers as strings. A missing numeric field reads as 0
// (Universe then drops a ticker without quote volume); a present but
// non-numeric one, a missing symbol or a body of another shape is an
// error wrapping ErrMalformed that names the entry.
func ParseTickers(body []byte) ([]Ticker24h, error) {
	var raw []rawTicker
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if raw == nil {
		return nil, fmt.Errorf("%w: null instead of an array", ErrMalformed)
	}
	out := make([]Ticker24h, len(raw))
	for i, r := range raw {
		if r.Symbol == nil || *r.Symbol == "" {
			return nil, fmt.Errorf("%w: ticker %d: no symbol", ErrMalformed, i)
		}
		t := Ticker24h{Symbol: *r.Symbol, OpenTime: r.OpenTime, CloseTime: r.CloseTime, Count: r.Count}
		for _, f := range []struct {
			name string
			s    string
			dst  *float64
		}{
			{"lastPrice", r.LastPrice, &t.LastPrice},
			{"priceChange", r.PriceChange, &t.PriceChange},
			{"priceChangePercent", r.PriceChangePercent, &t.PriceChangePercent},
			{"weightedAvgPrice", r.WeightedAvgPrice, &t.WeightedAvgPrice},
			{"prevClosePrice", r.PrevClosePrice, &t.PrevClosePrice},
			{"openPrice", r.OpenPrice, &t.OpenPrice},
			{"highPrice", r.HighPrice, &t.HighPrice},
			{"lowPrice", r.LowPrice, &t.LowPrice},
			{"volume", r.Volume, &t.Volume},
			{"quoteVolume", r.QuoteVolume, &t.QuoteVolume},
		} {
			v, err := num(f.s)
			if err != nil {
				return nil, fmt.Errorf("%w: ticker %d (%s): %s %q: %v", ErrMalformed, i, t.Symbol, f.name, short(f.s), err)
			}
			*f.dst = v
		}
		out[i] = t
	}
	return out, nil
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
