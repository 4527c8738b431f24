// Package binancetest is a fake Binance REST server for tests. It serves
// GET /api/v3/ticker/24hr, /api/v3/klines and /fapi/v1/premiumIndex from
// programmable data, reports X-MBX-USED-WEIGHT-1M, answers unknown
// symbols with 400 {"code":-1121,"msg":"Invalid symbol."}, and injects
// latency and failures.
package binancetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is a failure the server can inject.
type Kind int

// Failures.
const (
	TooManyRequests Kind = iota + 1 // 429, Retry-After, code -1003
	Banned                          // 418, Retry-After, "IP banned until <ms>"
	ServerError                     // 503 with Binance's "Unknown error" body
	Malformed                       // the JSON body cut in half
	WrongShape                      // klines rows of 5 fields; tickers as arrays; funding as an array
	NonNumeric                      // one number (second candle's close, second ticker's lastPrice, the funding rate) reads "abc"
	Empty                           // [] (klines, tickers) or {} (funding)
)

// Failure selects requests to fail. Empty Path (e.g. "/api/v3/klines") or
// Symbol match any; Times is how many matching requests fail (0 = all).
// RetryAfter is sent with 429 and 418 as the Retry-After header (0 = no
// header, or OmitHeader) and is the ban length in a 418's message.
type Failure struct {
	Kind       Kind
	Path       string
	Symbol     string
	Times      int
	RetryAfter time.Duration
	OmitHeader bool
}

// Request is one request the server received; At is real time (not the
// server's clock).
type Request struct {
	Path  string
	Query string
	At    time.Time
}

// weight returns the request weight Binance charges for path.
func weight(path string) int {
	switch path {
	case "/api/v3/ticker/24hr":
		return 80
	case "/api/v3/klines":
		return 2
	case "/fapi/v1/premiumIndex":
		return 1
	}
	return 1
}

// Server is a fake api.binance.com and fapi.binance.com on one listener.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	tickers  []Ticker
	klines   map[string][]Kline // symbol + "/" + interval
	funding  map[string]float64
	latency  time.Duration
	failures []*Failure
	requests []Request
	used     int       // weight used in the current minute
	minute   time.Time // the minute counted by used
	clock    func() time.Time
}

// New starts a server with no data. Close it when done.
func New() *Server {
	s := &Server{klines: map[string][]Kline{}, funding: map[string]float64{}, clock: time.Now}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// SetTickers sets the 24h tickers (the order is kept).
func (s *Server) SetTickers(ts []Ticker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickers = slices.Clone(ts)
}

// SetKlines sets the candles of symbol at interval, oldest first. A
// symbol with candles or funding is known; others get -1121.
func (s *Server) SetKlines(symbol, interval string, ks []Kline) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.klines[symbol+"/"+interval] = slices.Clone(ks)
}

// SetFunding sets the last funding rate of a perpetual.
func (s *Server) SetFunding(symbol string, rate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.funding[symbol] = rate
}

// SetLatency delays every response by d (or until the client gives up).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetUsedWeight sets the weight already used this minute (as if by other
// clients on the same IP).
func (s *Server) SetUsedWeight(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.minute, s.used = s.clock().Truncate(time.Minute), n
}

// SetClock sets the server's clock (default time.Now): it drives the
// weight windows, the Date header and the times in bodies. Give client and
// server the same running clock to test minute boundaries without waiting
// for one.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = now
}

// Inject adds a failure; the first matching one applies to a request.
func (s *Server) Inject(f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &f)
}

// Requests returns the requests received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *Server) take(path, symbol string) *Failure {
	for i, f := range s.failures {
		if (f.Path != "" && f.Path != path) || (f.Symbol != "" && f.Symbol != symbol) {
			continue
		}
		g := *f
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				s.failures = slices.Delete(s.failures, i, i+1)
			}
		}
		return &g
	}
	return nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, q := r.URL.Path, r.URL.Query()
	symbol := q.Get("symbol")

	s.mu.Lock()
	now := s.clock()
	s.requests = append(s.requests, Request{Path: path, Query: r.URL.RawQuery, At: time.Now()})
	if m := now.Truncate(time.Minute); m.After(s.minute) {
		s.minute, s.used = m, 0
	}
	s.used += weight(path)
	used := s.used
	fail := s.take(path, symbol)
	latency := s.latency
	s.mu.Unlock()

	if latency > 0 {
		t := time.NewTimer(latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("X-MBX-USED-WEIGHT-1M", strconv.Itoa(used))
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	if fail != nil {
		ra := strconv.Itoa(int(fail.RetryAfter / time.Second))
		switch fail.Kind {
		case TooManyRequests:
			if fail.RetryAfter > 0 && !fail.OmitHeader {
				w.Header().Set("Retry-After", ra)
			}
			apiError(w, http.StatusTooManyRequests, -1003, "Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.")
			return
		case Banned:
			if fail.RetryAfter > 0 && !fail.OmitHeader {
				w.Header().Set("Retry-After", ra)
			}
			until := now.Add(fail.RetryAfter).UnixMilli()
			apiError(w, http.StatusTeapot, -1003, fmt.Sprintf("Way too much request weight used; IP banned until %d. Please use WebSocket Streams for live updates to avoid bans.", until))
			return
		case ServerError:
			apiError(w, http.StatusServiceUnavailable, -1000, "Unknown error, please check your request or try again later.")
			return
		}
	}

	var body []byte
	switch path {
	case "/api/v3/ticker/24hr":
		body = s.tickerBody(fail)
	case "/api/v3/klines":
		var status int
		if body, status = s.klinesBody(q, fail); status != http.StatusOK {
			w.WriteHeader(status)
			_, _ = w.Write(body)
			return
		}
	case "/fapi/v1/premiumIndex":
		s.mu.Lock()
		rate, ok := s.funding[symbol]
		s.mu.Unlock()
		if !ok {
			apiError(w, http.StatusBadRequest, -1121, "Invalid symbol.")
			return
		}
		body = fmt.Appendf(nil, `{"symbol":%q,"markPrice":"65000.10000000","indexPrice":"65010.22000000","estimatedSettlePrice":"65005.00000000","lastFundingRate":"%.8f","interestRate":"0.00010000","nextFundingTime":%d,"time":%d}`,
			symbol, rate, now.Truncate(8*time.Hour).Add(8*time.Hour).UnixMilli(), now.UnixMilli())
		if fail != nil {
			switch fail.Kind {
			case NonNumeric:
				body = []byte(strings.Replace(string(body), fmt.Sprintf(`"lastFundingRate":"%.8f"`, rate), `"lastFundingRate":"abc"`, 1))
			case WrongShape:
				body = []byte("[" + string(body) + "]")
			case Empty:
				body = []byte("{}")
			}
		}
	default:
		http.NotFound(w, r)
		return
	}
	if fail != nil && fail.Kind == Malformed {
		body = body[:len(body)/2]
	}
	_, _ = w.Write(body)
}

func apiError(w http.ResponseWriter, status, code int, msg string) {
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"code": code, "msg": msg})
	_, _ = w.Write(b)
}

func f8(v float64) string { return strconv.FormatFloat(v, 'f', 8, 64) }

func (s *Server) tickerBody(fail *Failure) []byte {
	s.mu.Lock()
	ts := slices.Clone(s.tickers)
	s.mu.Unlock()
	kind := Kind(0)
	if fail != nil {
		kind = fail.Kind
	}
	if kind == Empty {
		return []byte("[]")
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(',')
		}
		open := t.LastPrice / (1 + t.PriceChangePercent/100)
		last := f8(t.LastPrice)
		if kind == NonNumeric && i == 1 {
			last = "abc"
		}
		if kind == WrongShape {
			fmt.Fprintf(&b, `[%q,%q,%q]`, t.Symbol, last, f8(t.QuoteVolume))
			continue
		}
		fmt.Fprintf(&b, `{"symbol":%q,"priceChange":%q,"priceChangePercent":"%.3f","weightedAvgPrice":%q,"prevClosePrice":%q,"lastPrice":%q,"lastQty":"1.00000000","bidPrice":%q,"bidQty":"2.00000000","askPrice":%q,"askQty":"3.00000000","openPrice":%q,"highPrice":%q,"lowPrice":%q,"volume":%q,"quoteVolume":%q,"openTime":%d,"closeTime":%d,"firstId":1000,"lastId":%d,"count":%d}`,
			t.Symbol, f8(t.LastPrice-open), t.PriceChangePercent, f8((t.LastPrice+open)/2), f8(open), last,
			f8(t.LastPrice), f8(t.LastPrice), f8(open), f8(max(open, t.LastPrice)*1.01), f8(min(open, t.LastPrice)*0.99),
			f8(t.Volume), f8(t.QuoteVolume), t.OpenTime.UnixMilli(), t.CloseTime.UnixMilli(), 1000+i*7, i*7+1)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

func (s *Server) klinesBody(q map[string][]string, fail *Failure) ([]byte, int) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	symbol, iv := get("symbol"), get("interval")
	step := interval(iv)
	if step == 0 {
		return []byte(`{"code":-1120,"msg":"Invalid interval."}`), http.StatusBadRequest
	}
	limit := 500
	if l := get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			return []byte(`{"code":-1130,"msg":"Data sent for parameter 'limit' is not valid."}`), http.StatusBadRequest
		}
		limit = n
	}
	s.mu.Lock()
	ks, known := s.klines[symbol+"/"+iv]
	if !known {
		for k := range s.klines {
			known = known || strings.HasPrefix(k, symbol+"/")
		}
		_, f := s.funding[symbol]
		known = known || f
	}
	s.mu.Unlock()
	if !known {
		return []byte(`{"code":-1121,"msg":"Invalid symbol."}`), http.StatusBadRequest
	}
	ks = ks[max(0, len(ks)-limit):]
	kind := Kind(0)
	if fail != nil {
		kind = fail.Kind
	}
	if kind == Empty {
		return []byte("[]"), http.StatusOK
	}
	var b strings.Builder
	b.WriteByte('[')
	for i, k := range ks {
		if i > 0 {
			b.WriteByte(',')
		}
		cl := f8(k.Close)
		if kind == NonNumeric && i == 1 {
			cl = "abc"
		}
		if kind == WrongShape {
			fmt.Fprintf(&b, `[%d,%q,%q,%q,%q]`, k.OpenTime.UnixMilli(), f8(k.Open), f8(k.High), f8(k.Low), cl)
			continue
		}
		fmt.Fprintf(&b, `[%d,%q,%q,%q,%q,%q,%d,%q,%d,%q,%q,"0"]`,
			k.OpenTime.UnixMilli(), f8(k.Open), f8(k.High), f8(k.Low), cl, f8(k.Volume),
			k.OpenTime.Add(step).UnixMilli()-1, f8(k.Volume*k.Close), 100+i, f8(k.Volume/2), f8(k.Volume*k.Close/2))
	}
	b.WriteByte(']')
	return []byte(b.String()), http.StatusOK
}
