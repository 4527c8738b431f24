package news

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Ticker returns the Yahoo Finance headlines of ticker ("AAPL",
// "005930.KS").
func (c *Client) Ticker(ctx context.Context, ticker string) ([]Item, error) {
	t := strings.TrimSpace(ticker)
	if !validTicker(t) {
		return nil, fmt.Errorf("%w: ticker %q (1 to 20 of A-Z a-z 0-9 . - ^ = _)", ErrBadInput, ticker)
	}
	u, err := withQuery(c.yahoo, url.Values{"s": {t}, "region": {"US"}, "lang": {"en-US"}})
	if err != nil {
		return nil, err
	}
	raws, err := c.fetch(ctx, u)
	if err != nil {
		return nil, err
	}
	return normalize(raws, "Yahoo Finance", c.cfg.MaxItems), nil
}

// Search returns Google News headlines for query in lang: "ko" (Korean
// edition, the default when lang is "") or "en" (US English edition).
func (c *Client) Search(ctx context.Context, query, lang string) ([]Item, error) {
	q := strings.TrimSpace(query)
	if q == "" || !utf8.ValidString(q) || utf8.RuneCountInString(q) > maxQuery || strings.ContainsFunc(q, isControl) {
		return nil, fmt.Errorf("%w: query %q (1 to %d printable characters)", ErrBadInput, query, maxQuery)
	}
	params := url.Values{"q": {q}}
	switch strings.ToLower(strings.TrimSpace(lang)) {
	case "", "ko":
		params["hl"], params["gl"], params["ceid"] = []string{"ko"}, []string{"KR"}, []string{"KR:ko"}
	case "en":
		params["hl"], params["gl"], params["ceid"] = []string{"en-US"}, []string{"US"}, []string{"US:en"}
	default:
		return nil, fmt.Errorf("%w: language %q (want ko or en)", ErrBadInput, lang)
	}
	u, err := withQuery(c.google, params)
	if err != nil {
		return nil, err
	}
	raws, err := c.fetch(ctx, u)
	if err != nil {
		return nil, err
	}
	return normalize(raws, "Google News", c.cfg.MaxItems), nil
}

func validTicker(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(".-^=_", c) >= 0) {
			return false
		}
	}
	return true
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }
