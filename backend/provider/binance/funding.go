package binance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// Funding returns the last funding rate of a USDⓈ-M perpetual
// (GET /fapi/v1/premiumIndex?symbol=, weight 1, field lastFundingRate) as
// a fraction per funding period: 0.0001 is 0.01 %.
func (c *Client) Funding(ctx context.Context, symbol string) (float64, error) {
	if err := checkSymbol(symbol); err != nil {
		return 0, err
	}
	body, err := c.get(ctx, c.fut, c.futURL, "/fapi/v1/premiumIndex", url.Values{"symbol": {symbol}}, weightPremiumIndex)
	if err != nil {
		return 0, err
	}
	rate, err := ParseFunding(body)
	if err != nil {
		return 0, fmt.Errorf("binance: premiumIndex %s: %w", symbol, err)
	}
	return rate, nil
}

// ParseFunding reads lastFundingRate from a premiumIndex object. A missing
// or non-numeric rate is an error wrapping ErrMalformed.
func ParseFunding(body []byte) (float64, error) {
	var p struct {
		LastFundingRate *string `json:"lastFundingRate"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if p.LastFundingRate == nil || *p.LastFundingRate == "" {
		return 0, fmt.Errorf("%w: no lastFundingRate", ErrMalformed)
	}
	v, err := num(*p.LastFundingRate)
	if err != nil {
		return 0, fmt.Errorf("%w: lastFundingRate %q: %v", ErrMalformed, short(*p.LastFundingRate), err)
	}
	return v, nil
}
