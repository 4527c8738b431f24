// Package research serves the text sources: SEC filings (EDGAR) and news
// (RSS). Text cannot honestly be synthesised, so in demo mode both answer
// empty with a notice instead of invented items. Live answers are cached in
// the store (filings 24 h, news 30 min).
package research

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/contract"
	"krmarket/backend/data"
	"krmarket/backend/provider/edgar"
	"krmarket/backend/provider/news"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

// Service answers filings and news requests.
type Service struct {
	st  *store.Store
	reg *sources.Registry
	now func() time.Time
	cfg func() config.Config
}

// New returns the research service; cfg reads the current settings.
func New(st *store.Store, reg *sources.Registry, now func() time.Time, cfg func() config.Config) *Service {
	return &Service{st: st, reg: reg, now: now, cfg: cfg}
}

// Filings tickers: the largest US names of the heatmap (U10 uses the top
// smart-money picks; those arrive with the US issue).
func filingTickers() []string {
	var out []string
	for _, s := range data.USHeatmap() {
		out = append(out, s.Symbol)
	}
	if len(out) > 20 {
		out = out[:20]
	}
	return out
}

// FilingsMeta is U10's metadata block.
type FilingsMeta struct {
	AsOfDate    string `json:"as_of_date"`
	FetchTime   string `json:"fetch_time"`
	Source      string `json:"source"`
	TickerCount int    `json:"ticker_count"`
}

// TickerFilings is one ticker's company and recent filings.
type TickerFilings struct {
	Ticker    string         `json:"ticker"`
	Company   edgar.Company  `json:"company"`
	Filings   []edgar.Filing `json:"filings"`
	FetchTime string         `json:"fetch_time"`
	Error     string         `json:"error,omitempty"`
}

// FilingsResult is the body of GET /api/us/sec-filings (spec U10).
type FilingsResult struct {
	contract.Meta
	Metadata FilingsMeta              `json:"metadata"`
	Filings  map[string]TickerFilings `json:"filings"`
	Notice   string                   `json:"notice,omitempty"`
}

const demoNotice = "Demo mode: SEC filings and news are real text and are never synthesised; switch to --source auto or live to fetch them."

// Filings returns recent 10-K/10-Q/8-K filings of the top US names.
func (s *Service) Filings(ctx context.Context) (*FilingsResult, error) {
	cfg := s.cfg()
	now := s.now().UTC()
	res := &FilingsResult{Filings: map[string]TickerFilings{}, Metadata: FilingsMeta{AsOfDate: now.Format("2006-01-02"), FetchTime: now.Format(time.RFC3339), Source: "sec_edgar_api"}}
	if cfg.Source == config.SourceDemo {
		res.DataSource, res.Notice = contract.SourceDemo, demoNotice
		return res, nil
	}
	if cfg.Sources.SECContact == "" {
		return nil, contract.Unavailable("sec_contact_missing", "SEC EDGAR needs a contact (name and e-mail) in the User-Agent: set it in Settings → Source settings")
	}
	const key = "sec_filings"
	if b, ok, err := s.st.CacheGet(ctx, key, now); err == nil && ok {
		if err := json.Unmarshal(b, res); err == nil {
			res.DataSource = contract.SourceLive
			return res, nil
		}
	}
	cl := edgar.New(edgar.Config{BaseURL: cfg.Sources.EdgarURL, Contact: cfg.Sources.SECContact, HTTPClient: cfg.Sources.HTTPClient()})
	ok := 0
	for _, t := range filingTickers() {
		co, fs, err := cl.Recent(ctx, t, nil, 5, 50)
		s.reg.Report(sources.Edgar, err, errText(err))
		tf := TickerFilings{Ticker: t, Company: co, Filings: fs, FetchTime: s.now().UTC().Format(time.RFC3339)}
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil, err
			}
			tf.Error = errText(err)
		} else {
			ok++
		}
		res.Filings[t] = tf
	}
	res.Metadata.TickerCount = len(res.Filings)
	if ok == 0 {
		return nil, contract.Unavailable("sec_unreachable", "SEC EDGAR did not answer: %s", s.reg.Status(sources.Edgar).LastError)
	}
	res.DataSource = contract.SourceLive
	if b, err := json.Marshal(res); err == nil {
		_ = s.st.CachePut(ctx, key, b, now, now.Add(24*time.Hour))
	}
	return res, nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	var se *edgar.StatusError
	if errors.As(err, &se) {
		return fmt.Sprintf("HTTP %d", se.StatusCode)
	}
	var ne *news.StatusError
	if errors.As(err, &ne) {
		return fmt.Sprintf("HTTP %d", ne.StatusCode)
	}
	msg := err.Error()
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return msg
}

// NewsResult is the body of GET /api/news/{ticker}.
type NewsResult struct {
	contract.Meta
	Ticker string      `json:"ticker"`
	Query  string      `json:"query"`
	Items  []news.Item `json:"items"`
	Notice string      `json:"notice,omitempty"`
}

// News returns recent headlines for a ticker: Yahoo Finance's feed for US
// symbols, a Google News search by Korean name for KR codes.
func (s *Service) News(ctx context.Context, ticker string) (*NewsResult, error) {
	cfg := s.cfg()
	res := &NewsResult{Ticker: ticker, Items: []news.Item{}}
	kr, isKR, err := krName(ticker)
	if err != nil {
		return nil, err
	}
	if !isKR && !validUS(ticker) {
		return nil, contract.BadRequest("invalid_ticker", "ticker must be a KRX code (005930) or a US symbol (AAPL, BRK-B)")
	}
	if cfg.Source == config.SourceDemo {
		res.DataSource, res.Notice = contract.SourceDemo, demoNotice
		return res, nil
	}
	now := s.now()
	key := "news:" + ticker
	if b, ok, err := s.st.CacheGet(ctx, key, now); err == nil && ok && json.Unmarshal(b, res) == nil {
		res.DataSource = contract.SourceLive
		return res, nil
	}
	cl := news.New(news.Config{BaseURL: cfg.Sources.NewsURL, MaxItems: 20, HTTPClient: cfg.Sources.HTTPClient()})
	var items []news.Item
	if isKR {
		res.Query = kr + " 주가"
		items, err = cl.Search(ctx, res.Query, "ko")
	} else {
		res.Query = ticker
		items, err = cl.Ticker(ctx, ticker)
	}
	s.reg.Report(sources.News, err, errText(err))
	if err != nil {
		return nil, contract.Unavailable("news_unreachable", "the news feed did not answer: %s", errText(err))
	}
	res.Items = items
	res.DataSource = contract.SourceLive
	if b, err := json.Marshal(res); err == nil {
		_ = s.st.CachePut(ctx, key, b, now, now.Add(30*time.Minute))
	}
	return res, nil
}

// krName looks a KRX code up in the ticker table.
func krName(t string) (string, bool, error) {
	if !data.ValidKRTicker(t) {
		return "", false, nil
	}
	ts, err := data.KRTickers()
	if err != nil {
		return "", false, err
	}
	for _, x := range ts {
		if x.Ticker == t {
			return x.Name, true, nil
		}
	}
	return "", false, contract.NotFound("unknown_ticker", "ticker %s is not a listed KRX stock", t)
}

func validUS(t string) bool {
	if len(t) == 0 || len(t) > 10 {
		return false
	}
	for _, r := range t {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
