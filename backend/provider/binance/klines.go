package binance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"krmarket/backend/market"
)

// Kline is one candle as Binance sends it. Times are unix milliseconds;
// CloseTime is the last millisecond of the candle (open + interval − 1).
type Kline struct {
	OpenTime      int64
	Open          float64
	High          float64
	Low           float64
	Close         float64
	Volume        float64 // base asset
	CloseTime     int64
	QuoteVolume   float64
	Trades        int64
	TakerBuyBase  float64
	TakerBuyQuote float64
}

// Bar returns the candle as a market.Bar (Time = open time in seconds,
// AdjClose = Close, Volume in the base asset).
func (k Kline) Bar(symbol, interval string) market.Bar {
	return market.Bar{Symbol: symbol, Interval: interval, Time: k.OpenTime / 1000,
		Open: k.Open, High: k.High, Low: k.Low, Close: k.Close, AdjClose: k.Close, Volume: k.Volume}
}

// Kline limits.
const (
	DefaultKlineLimit = 600
	MaxKlineLimit     = 1000
)

// intervalMs returns the length of a supported interval in ms, else 0.
func intervalMs(interval string) int64 {
	switch interval {
	case market.H4:
		return 4 * 3600_000
	case market.Daily:
		return 86400_000
	}
	return 0
}

// Klines returns up to limit closed candles of symbol, oldest first
// (GET /api/v3/klines, weight 2). interval is "4h" or "1d"; limit is 1 to
// 1000, 0 meaning DefaultKlineLimit.
//
// The candle still forming at Config.Now (close time not yet passed) is
// dropped; to still return limit closed candles one more is requested
// (so limit 1000 may give 999). Each candle must span exactly interval.
func (c *Client) Klines(ctx context.Context, symbol, interval string, limit int) ([]market.Bar, error) {
	if err := checkSymbol(symbol); err != nil {
		return nil, err
	}
	span := intervalMs(interval)
	if span == 0 {
		return nil, fmt.Errorf("binance: interval %q: want 4h or 1d", interval)
	}
	if limit == 0 {
		limit = DefaultKlineLimit
	}
	if limit < 1 || limit > MaxKlineLimit {
		return nil, fmt.Errorf("binance: limit %d: want 1 to %d", limit, MaxKlineLimit)
	}
	q := url.Values{"symbol": {symbol}, "interval": {interval}, "limit": {strconv.Itoa(min(limit+1, MaxKlineLimit))}}
	body, err := c.get(ctx, c.spot, c.spotURL, "/api/v3/klines", q, weightKlines)
	if err != nil {
		return nil, err
	}
	ks, err := ParseKlines(body)
	if err != nil {
		return nil, fmt.Errorf("binance: klines %s %s: %w", symbol, interval, err)
	}
	now := c.now().UnixMilli()
	bars := make([]market.Bar, 0, len(ks))
	for i, k := range ks {
		if k.CloseTime-k.OpenTime+1 != span {
			return nil, fmt.Errorf("binance: klines %s %s: %w: candle %d spans %d ms, want %d",
				symbol, interval, ErrMalformed, i, k.CloseTime-k.OpenTime+1, span)
		}
		if k.CloseTime >= now {
			break // forming (and anything after it)
		}
		bars = append(bars, k.Bar(symbol, interval))
	}
	return bars[max(0, len(bars)-limit):], nil
}

// ParseKlines parses the body of GET /api/v3/klines: an array of arrays
// [openTime, "open", "high", "low", "close", "volume", closeTime,
// "quoteVolume", trades, "takerBuyBase", "takerBuyQuote", "ignore"].
// At least 11 elements are required (the 12th is ignored). Prices and
// volumes must be finite and non-negative with low ≤ open, close ≤ high;
// open times strictly ascending with close time after open time. Errors
// wrap ErrMalformed and name the candle.
func ParseKlines(body []byte) ([]Kline, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if raw == nil {
		return nil, fmt.Errorf("%w: null instead of an array", ErrMalformed)
	}
	out := make([]Kline, len(raw))
	for i, r := range raw {
		k, err := parseKline(r)
		if err != nil {
			return nil, fmt.Errorf("%w: candle %d: %v", ErrMalformed, i, err)
		}
		if i > 0 && k.OpenTime <= out[i-1].OpenTime {
			return nil, fmt.Errorf("%w: candle %d: open time %d not after %d", ErrMalformed, i, k.OpenTime, out[i-1].OpenTime)
		}
		out[i] = k
	}
	return out, nil
}

func parseKline(r json.RawMessage) (Kline, error) {
	var f []json.RawMessage
	if err := json.Unmarshal(r, &f); err != nil {
		return Kline{}, errors.New("not an array")
	}
	if len(f) < 11 {
		return Kline{}, fmt.Errorf("%d fields, want 12", len(f))
	}
	var k Kline
	ints := []struct {
		i   int
		dst *int64
	}{{0, &k.OpenTime}, {6, &k.CloseTime}, {8, &k.Trades}}
	for _, x := range ints {
		v, err := strconv.ParseInt(string(bytes.TrimSpace(f[x.i])), 10, 64)
		if err != nil || v < 0 {
			return Kline{}, fmt.Errorf("field %d %s: want a non-negative integer", x.i, short(string(f[x.i])))
		}
		*x.dst = v
	}
	floats := []struct {
		i   int
		dst *float64
	}{{1, &k.Open}, {2, &k.High}, {3, &k.Low}, {4, &k.Close}, {5, &k.Volume}, {7, &k.QuoteVolume}, {9, &k.TakerBuyBase}, {10, &k.TakerBuyQuote}}
	for _, x := range floats {
		var s string
		if err := json.Unmarshal(f[x.i], &s); err != nil || s == "" {
			return Kline{}, fmt.Errorf("field %d %s: want a number in a string", x.i, short(string(f[x.i])))
		}
		v, err := num(s)
		if err != nil || v < 0 {
			return Kline{}, fmt.Errorf("field %d %q: want a non-negative decimal", x.i, short(s))
		}
		*x.dst = v
	}
	if !(k.Low <= k.Open && k.Low <= k.Close && k.Open <= k.High && k.Close <= k.High) {
		return Kline{}, fmt.Errorf("prices out of range: O %g H %g L %g C %g", k.Open, k.High, k.Low, k.Close)
	}
	if k.CloseTime <= k.OpenTime {
		return Kline{}, fmt.Errorf("close time %d not after open time %d", k.CloseTime, k.OpenTime)
	}
	return k, nil
}
