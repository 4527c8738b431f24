package edgar

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// flexInt decodes a JSON number or a string of digits (SEC's "cik_str" is a
// number despite its name; "cik" in submissions is a string).
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("not a CIK: %s", b)
	}
	*f = flexInt(n)
	return nil
}

// parseTickers decodes company_tickers.json into ticker → CIK. Keys are
// upper-case; when a ticker repeats, the entry with the lowest index wins.
func parseTickers(body []byte) (map[string]CIK, error) {
	var raw map[string]struct {
		CIK    flexInt `json:"cik_str"`
		Ticker string  `json:"ticker"`
		Title  string  `json:"title"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("%w: company_tickers.json: %w", ErrMalformed, err)
	}
	type entry struct {
		idx    int
		ticker string
		cik    CIK
	}
	es := make([]entry, 0, len(raw))
	for k, v := range raw {
		idx, err := strconv.Atoi(k)
		if err != nil {
			idx = len(raw) // unexpected key: after the numbered ones
		}
		t := strings.ToUpper(strings.TrimSpace(v.Ticker))
		if t == "" || v.CIK <= 0 {
			continue
		}
		es = append(es, entry{idx, t, CIK(v.CIK)})
	}
	if len(es) == 0 {
		return nil, fmt.Errorf("%w: company_tickers.json has no entries", ErrMalformed)
	}
	slices.SortFunc(es, func(a, b entry) int {
		if a.idx != b.idx {
			return a.idx - b.idx
		}
		return strings.Compare(a.ticker, b.ticker)
	})
	m := make(map[string]CIK, len(es))
	for _, e := range es {
		if _, dup := m[e.ticker]; !dup {
			m[e.ticker] = e.cik
		}
	}
	return m, nil
}

// loadCIKs returns the cached ticker map, fetching it on first use. A failed
// fetch is not cached.
func (c *Client) loadCIKs(ctx context.Context) (map[string]CIK, error) {
	c.ciksMu.Lock()
	defer c.ciksMu.Unlock()
	if c.ciks != nil {
		return c.ciks, nil
	}
	body, err := c.get(ctx, c.www+"/files/company_tickers.json")
	if err != nil {
		return nil, err
	}
	m, err := parseTickers(body)
	if err != nil {
		return nil, err
	}
	c.ciks = m
	return m, nil
}

// CIKs returns SEC's ticker → CIK map (upper-case tickers, e.g. "BRK-B"). It
// is fetched once and kept in memory for the client's life; the returned
// map is the caller's copy.
func (c *Client) CIKs(ctx context.Context) (map[string]CIK, error) {
	m, err := c.loadCIKs(ctx)
	if err != nil {
		return nil, err
	}
	return maps.Clone(m), nil
}

// LookupCIK returns the CIK of ticker (case-insensitive; "BRK.B" also finds
// SEC's "BRK-B"), or an error wrapping ErrUnknownTicker.
func (c *Client) LookupCIK(ctx context.Context, ticker string) (CIK, error) {
	m, err := c.loadCIKs(ctx)
	if err != nil {
		return 0, err
	}
	t := strings.ToUpper(strings.TrimSpace(ticker))
	if cik, ok := m[t]; ok {
		return cik, nil
	}
	if cik, ok := m[strings.ReplaceAll(t, ".", "-")]; ok && t != "" {
		return cik, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownTicker, ticker)
}
