package binance_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"krmarket/backend/market"
	"krmarket/backend/provider/binance"
	"krmarket/backend/provider/binance/binancetest"
)

// now is mid-candle: 4h candles open at 08:00, daily at 00:00.
var now = time.Date(2026, 11, 28, 10, 30, 0, 0, time.UTC)

func setup(t *testing.T, mod ...func(*binance.Config)) (*binancetest.Server, *binance.Client) {
	t.Helper()
	srv := binancetest.New()
	t.Cleanup(srv.Close)
	cfg := binance.Config{BaseURL: srv.URL, RetryBackoff: 5 * time.Millisecond, Now: func() time.Time { return now }}
	for _, m := range mod {
		m(&cfg)
	}
	return srv, binance.New(cfg)
}

func bars(symbol, interval string, ks []binancetest.Kline) []market.Bar {
	out := make([]market.Bar, len(ks))
	for i, k := range ks {
		out[i] = market.Bar{Symbol: symbol, Interval: interval, Time: k.OpenTime.Unix(),
			Open: k.Open, High: k.High, Low: k.Low, Close: k.Close, AdjClose: k.Close, Volume: k.Volume}
	}
	return out
}

// TestKlines: closed candles only, limit+1 requested, Time in seconds.
func TestKlines(t *testing.T) {
	srv, c := setup(t)
	h4 := binancetest.GenKlines("BTCUSDT", "4h", now, 700) // last one (08:00) is forming
	d1 := binancetest.GenKlines("BTCUSDT", "1d", now, 30)
	srv.SetKlines("BTCUSDT", "4h", h4)
	srv.SetKlines("BTCUSDT", "1d", d1)
	ctx := context.Background()

	got, err := c.Klines(ctx, "BTCUSDT", "4h", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := bars("BTCUSDT", "4h", h4[99:699]); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %d bars, want %d; last %+v want %+v", len(got), len(want), got[len(got)-1], want[len(want)-1])
	}
	if last := time.Unix(got[len(got)-1].Time, 0).UTC(); !last.Equal(time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)) {
		t.Fatalf("last bar opens %v", last)
	}
	if q := srv.Requests()[0].Query; !strings.Contains(q, "limit=601") || !strings.Contains(q, "interval=4h") {
		t.Fatalf("query %s", q)
	}

	got, err = c.Klines(ctx, "BTCUSDT", "1d", 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := bars("BTCUSDT", "1d", d1[19:29]); !reflect.DeepEqual(got, want) {
		t.Fatalf("1d: got %+v", got)
	}
	// Fewer candles than asked: all closed ones.
	if got, err = c.Klines(ctx, "BTCUSDT", "1d", 1000); err != nil || len(got) != 29 {
		t.Fatalf("1d 1000: %d bars, %v", len(got), err)
	}
	if q := srv.Requests()[2].Query; !strings.Contains(q, "limit=1000") {
		t.Fatalf("query %s", q)
	}
}

// TestKlinesBoundary: a candle opening exactly now is forming; the one
// that closed at now-1ms is complete.
func TestKlinesBoundary(t *testing.T) {
	at := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	srv, c := setup(t, func(cfg *binance.Config) { cfg.Now = func() time.Time { return at } })
	ks := binancetest.GenKlines("ETHUSDT", "4h", at, 5)
	srv.SetKlines("ETHUSDT", "4h", ks)
	got, err := c.Klines(context.Background(), "ETHUSDT", "4h", 10)
	if err != nil || !reflect.DeepEqual(got, bars("ETHUSDT", "4h", ks[:4])) {
		t.Fatalf("%d bars, %v", len(got), err)
	}
}

func TestKlinesArguments(t *testing.T) {
	srv, c := setup(t)
	srv.SetKlines("BTCUSDT", "1h", binancetest.GenKlines("BTCUSDT", "1h", now, 5))
	ctx := context.Background()
	for _, tc := range []struct {
		symbol, interval string
		limit            int
	}{
		{"BTCUSDT", "1h", 10}, {"BTCUSDT", "", 10}, {"BTCUSDT", "4h", 1001}, {"BTCUSDT", "4h", -1},
	} {
		if _, err := c.Klines(ctx, tc.symbol, tc.interval, tc.limit); err == nil {
			t.Errorf("%+v accepted", tc)
		}
	}
	for _, s := range []string{"", "btcusdt", "BTC/USDT", "BTCUSDT&x=1", strings.Repeat("A", 21)} {
		if _, err := c.Klines(ctx, s, "4h", 10); !errors.Is(err, binance.ErrInvalidSymbol) {
			t.Errorf("symbol %q: %v", s, err)
		}
		if _, err := c.Funding(ctx, s); !errors.Is(err, binance.ErrInvalidSymbol) {
			t.Errorf("funding symbol %q: %v", s, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests for bad arguments", n)
	}
}

// TestUnknownSymbol: 400 -1121 is an *APIError matching ErrInvalidSymbol,
// not retried.
func TestUnknownSymbol(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()
	_, err := c.Klines(ctx, "NOPEUSDT", "4h", 10)
	var api *binance.APIError
	if !errors.Is(err, binance.ErrInvalidSymbol) || !errors.As(err, &api) || api.StatusCode != 400 || api.Code != -1121 || api.Msg != "Invalid symbol." {
		t.Fatalf("klines: %v", err)
	}
	if _, err := c.Funding(ctx, "NOPEUSDT"); !errors.Is(err, binance.ErrInvalidSymbol) {
		t.Fatalf("funding: %v", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("%d requests", n)
	}
}

func tickers() []binancetest.Ticker {
	open, close := now.Add(-24*time.Hour), now
	tk := func(sym string, qv float64) binancetest.Ticker {
		return binancetest.Ticker{Symbol: sym, LastPrice: 2, PriceChangePercent: 1.5, Volume: qv / 2, QuoteVolume: qv, OpenTime: open, CloseTime: close}
	}
	return []binancetest.Ticker{
		tk("ETHUSDT", 5e8), tk("BTCUSDT", 1e9), tk("JUPUSDT", 2e7), tk("SUPERUSDT", 6e6), tk("SMALLUSDT", 4.9e6),
		tk("ZEROUSDT", 0), tk("BNBUSDT", 6e7), tk("XRPUSDT", 1e7),
		// leveraged tokens
		tk("BTCUPUSDT", 9e7), tk("ETHDOWNUSDT", 9e7), tk("BNBBULLUSDT", 9e7), tk("BULLUSDT", 9e7), tk("XRP3LUSDT", 9e7),
		// fiat and stablecoin bases
		tk("USDCUSDT", 2e9), tk("FDUSDUSDT", 2e9), tk("DAIUSDT", 9e7), tk("EURUSDT", 9e7), tk("EURIUSDT", 9e7),
		tk("USD1USDT", 9e7), tk("RLUSDUSDT", 9e7), tk("USDEUSDT", 9e7), tk("TRYUSDT", 9e7), tk("BIDRUSDT", 9e7),
		// other quotes
		tk("USDTTRY", 9e9), tk("BTCFDUSD", 9e9), tk("ETHBTC", 9e9), tk("USDT", 9e9),
	}
}

func TestTickers24hAndUniverse(t *testing.T) {
	srv, c := setup(t)
	srv.SetTickers(tickers())
	ts, err := c.Tickers24h(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != len(tickers()) {
		t.Fatalf("%d tickers", len(ts))
	}
	b := ts[1]
	if b.Symbol != "BTCUSDT" || b.LastPrice != 2 || b.PriceChangePercent != 1.5 || b.QuoteVolume != 1e9 || b.Volume != 5e8 ||
		b.OpenTime != now.Add(-24*time.Hour).UnixMilli() || b.CloseTime != now.UnixMilli() || b.Count != 8 {
		t.Fatalf("BTCUSDT %+v", b)
	}
	if q := b.Quote(); q.Symbol != "BTCUSDT" || q.Price != 2 || q.Time != now.Unix() || q.QuoteVolume != 1e9 ||
		abs(q.Price-q.PrevClose-q.Change) > 1e-7 || abs(q.ChangePct-1.5) > 1e-9 {
		t.Fatalf("quote %+v", q)
	}
	if r := srv.Requests()[0]; r.Path != "/api/v3/ticker/24hr" || r.Query != "" {
		t.Fatalf("request %+v", r)
	}

	type sb struct{ sym, bucket string }
	pick := func(u []binance.Ticker24h) []sb {
		var out []sb
		for _, t := range u {
			out = append(out, sb{t.Symbol, t.Liquidity})
			if !strings.HasPrefix(t.Symbol, t.Base) || t.Base+"USDT" != t.Symbol {
				panic(t.Base)
			}
		}
		return out
	}
	all := []sb{{"BTCUSDT", "A"}, {"ETHUSDT", "A"}, {"BNBUSDT", "A"}, {"JUPUSDT", "B"}, {"XRPUSDT", "B"}, {"SUPERUSDT", "C"}}
	if got := pick(binance.Universe(ts, binance.DefaultFilter())); !reflect.DeepEqual(got, all) {
		t.Fatalf("default universe %v", got)
	}
	if got := pick(binance.Universe(ts, binance.Filter{})); !reflect.DeepEqual(got, all) {
		t.Fatalf("zero filter %v", got)
	}
	if got := pick(binance.Universe(ts, binance.Filter{TopN: 2})); !reflect.DeepEqual(got, all[:2]) {
		t.Fatalf("top 2 %v", got)
	}
	if got := pick(binance.Universe(ts, binance.Filter{MinQuoteVolume: -1, ExcludeBases: []string{"ETH"}})); !reflect.DeepEqual(got,
		[]sb{{"BTCUSDT", "A"}, {"BNBUSDT", "A"}, {"JUPUSDT", "B"}, {"XRPUSDT", "B"}, {"SUPERUSDT", "C"}, {"SMALLUSDT", "C"}}) {
		t.Fatalf("no minimum, no ETH %v", got)
	}
	// Without BTCUSDT in the input, BTCUP cannot be told from a token
	// named like it and is kept.
	if got := pick(binance.Universe(ts[2:3:3], binance.Filter{})); len(got) != 1 || got[0].sym != "JUPUSDT" {
		t.Fatalf("JUP alone %v", got)
	}
	if ts[1].Liquidity != "" {
		t.Fatal("Universe modified its input")
	}
}

func abs(v float64) float64 { return max(v, -v) }

func TestLiquidity(t *testing.T) {
	for qv, want := range map[float64]string{50e6: "A", 49_999_999: "B", 10e6: "B", 9_999_999: "C", 0: "C"} {
		if got := binance.Liquidity(qv); got != want {
			t.Errorf("%g: %s, want %s", qv, got, want)
		}
	}
	if b, ok := binance.Base("JUPUSDT"); !ok || b != "JUP" {
		t.Error(b, ok)
	}
	if _, ok := binance.Base("USDT"); ok {
		t.Error("USDT has a base")
	}
}

// TestFunding reads the futures API: FuturesURL when set, else BaseURL.
func TestFunding(t *testing.T) {
	spot, c := setup(t)
	spot.SetFunding("BTCUSDT", 0.0001)
	if r, err := c.Funding(context.Background(), "BTCUSDT"); err != nil || r != 0.0001 {
		t.Fatalf("same server: %v %v", r, err)
	}
	fut := binancetest.New()
	defer fut.Close()
	fut.SetFunding("ETHUSDT", -0.00025)
	c = binance.New(binance.Config{BaseURL: spot.URL, FuturesURL: fut.URL})
	if r, err := c.Funding(context.Background(), "ETHUSDT"); err != nil || r != -0.00025 {
		t.Fatalf("futures server: %v %v", r, err)
	}
	if r := fut.Requests()[0]; r.Path != "/fapi/v1/premiumIndex" || r.Query != "symbol=ETHUSDT" {
		t.Fatalf("request %+v", r)
	}
}

// TestTooManyRequests: a short Retry-After is waited out by this and every
// other caller of the API; a long one fails fast and keeps failing without
// requests until it passes.
func TestTooManyRequests(t *testing.T) {
	srv, c := setup(t, func(cfg *binance.Config) { cfg.Now = time.Now })
	srv.SetKlines("BTCUSDT", "4h", binancetest.GenKlines("BTCUSDT", "4h", time.Now(), 10))
	srv.Inject(binancetest.Failure{Kind: binancetest.TooManyRequests, Times: 1, RetryAfter: time.Second})
	start := time.Now()
	if _, err := c.Klines(context.Background(), "BTCUSDT", "4h", 5); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Fatalf("retried after %v", d)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("%d requests", n)
	}

	srv.Inject(binancetest.Failure{Kind: binancetest.TooManyRequests, Times: 1, RetryAfter: 120 * time.Second})
	start = time.Now()
	_, err := c.Klines(context.Background(), "BTCUSDT", "4h", 5)
	var rl *binance.RateLimitError
	if !errors.As(err, &rl) || rl.StatusCode != 429 || rl.RetryAfter < 119*time.Second || !strings.Contains(rl.Msg, "request weight") {
		t.Fatalf("long retry-after: %v", err)
	}
	if _, err := c.Tickers24h(context.Background()); !errors.As(err, &rl) || rl.StatusCode != 429 {
		t.Fatalf("while blocked: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v", d)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d requests", n)
	}
}

// TestBanned: a 418 is never retried or waited out; it blocks the spot API
// only. Without Retry-After the ban end comes from the message.
func TestBanned(t *testing.T) {
	for _, ra := range []time.Duration{300 * time.Second, 0} {
		srv, c := setup(t, func(cfg *binance.Config) { cfg.Now = time.Now })
		srv.SetKlines("BTCUSDT", "4h", binancetest.GenKlines("BTCUSDT", "4h", time.Now(), 10))
		srv.SetFunding("BTCUSDT", 0.0001)
		srv.Inject(binancetest.Failure{Kind: binancetest.Banned, Path: "/api/v3/klines", RetryAfter: max(ra, 200*time.Second), OmitHeader: ra == 0})
		_, err := c.Klines(context.Background(), "BTCUSDT", "4h", 5)
		var rl *binance.RateLimitError
		if !errors.As(err, &rl) || rl.StatusCode != 418 || rl.RetryAfter < 190*time.Second || !strings.Contains(err.Error(), "banned") {
			t.Fatalf("retry-after %v: %v", ra, err)
		}
		if _, err := c.Tickers24h(context.Background()); !errors.As(err, &rl) || rl.StatusCode != 418 {
			t.Fatalf("spot while banned: %v", err)
		}
		if _, err := c.Funding(context.Background(), "BTCUSDT"); err != nil {
			t.Fatalf("futures while spot banned: %v", err)
		}
		if n := len(srv.Requests()); n != 2 {
			t.Fatalf("%d requests", n)
		}
	}
}

// TestServerErrors: 5xx answers are retried with back-off, MaxRetries
// times, then reported as *APIError.
func TestServerErrors(t *testing.T) {
	srv, c := setup(t)
	srv.SetKlines("BTCUSDT", "4h", binancetest.GenKlines("BTCUSDT", "4h", now, 10))
	srv.Inject(binancetest.Failure{Kind: binancetest.ServerError, Times: 2})
	if _, err := c.Klines(context.Background(), "BTCUSDT", "4h", 5); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d requests", n)
	}
	srv.Inject(binancetest.Failure{Kind: binancetest.ServerError})
	_, err := c.Klines(context.Background(), "BTCUSDT", "4h", 5)
	var api *binance.APIError
	if !errors.As(err, &api) || api.StatusCode != 503 || api.Code != -1000 || !strings.Contains(err.Error(), "3 attempts") {
		t.Fatalf("got %v", err)
	}
	if n := len(srv.Requests()); n != 6 {
		t.Fatalf("%d requests", n)
	}
	srv, c = setup(t, func(cfg *binance.Config) { cfg.MaxRetries = -1 })
	srv.Inject(binancetest.Failure{Kind: binancetest.ServerError})
	if _, err := c.Tickers24h(context.Background()); !errors.As(err, &api) || len(srv.Requests()) != 1 {
		t.Fatalf("no retries: %v, %d requests", err, len(srv.Requests()))
	}
}

// TestMalformed: bodies of the wrong shape, cut short or with non-numeric
// numbers are ErrMalformed, and not retried; empty arrays are no data.
func TestMalformed(t *testing.T) {
	srv, c := setup(t)
	srv.SetKlines("BTCUSDT", "4h", binancetest.GenKlines("BTCUSDT", "4h", now, 10))
	srv.SetTickers(tickers())
	srv.SetFunding("BTCUSDT", 0.0001)
	ctx := context.Background()
	calls := map[string]func() error{
		"klines":  func() error { _, err := c.Klines(ctx, "BTCUSDT", "4h", 5); return err },
		"tickers": func() error { _, err := c.Tickers24h(ctx); return err },
		"funding": func() error { _, err := c.Funding(ctx, "BTCUSDT"); return err },
	}
	for _, kind := range []binancetest.Kind{binancetest.Malformed, binancetest.WrongShape, binancetest.NonNumeric} {
		for name, call := range calls {
			before := len(srv.Requests())
			srv.Inject(binancetest.Failure{Kind: kind, Times: 1})
			err := call()
			if !errors.Is(err, binance.ErrMalformed) {
				t.Errorf("kind %d %s: %v", kind, name, err)
			}
			if n := len(srv.Requests()) - before; n != 1 {
				t.Errorf("kind %d %s: %d requests", kind, name, n)
			}
			if kind == binancetest.NonNumeric && !strings.Contains(err.Error(), "abc") {
				t.Errorf("%s: message %q does not show the value", name, err)
			}
		}
	}
	srv.Inject(binancetest.Failure{Kind: binancetest.Empty, Times: 3})
	if got, err := c.Klines(ctx, "BTCUSDT", "4h", 5); err != nil || len(got) != 0 {
		t.Errorf("empty klines: %v %v", got, err)
	}
	if got, err := c.Tickers24h(ctx); err != nil || len(got) != 0 {
		t.Errorf("empty tickers: %v %v", got, err)
	}
	if _, err := c.Funding(ctx, "BTCUSDT"); !errors.Is(err, binance.ErrMalformed) {
		t.Errorf("empty funding: %v", err)
	}
}

// clockBeforeMinute returns a running clock that reads 700 ms before a
// minute boundary now, and that boundary in real time.
func clockBeforeMinute() (func() time.Time, time.Time) {
	const lead = 700 * time.Millisecond
	real := time.Now()
	shifted := real.Truncate(time.Minute).Add(time.Minute - lead)
	off := shifted.Sub(real)
	return func() time.Time { return time.Now().Add(off) }, real.Add(lead)
}

// TestWeightHeader: when the server reports the budget spent, the next
// request waits for the next minute.
func TestWeightHeader(t *testing.T) {
	clock, boundary := clockBeforeMinute()
	srv, c := setup(t, func(cfg *binance.Config) { cfg.Now = clock; cfg.WeightBudget = 4800 })
	srv.SetClock(clock)
	srv.SetKlines("BTCUSDT", "4h", binancetest.GenKlines("BTCUSDT", "4h", now, 10))
	srv.SetUsedWeight(4799)
	ctx := context.Background()
	for range 2 {
		if _, err := c.Klines(ctx, "BTCUSDT", "4h", 5); err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.Requests()
	if reqs[0].At.After(boundary) || reqs[1].At.Before(boundary) {
		t.Fatalf("requests at %v and %v, boundary %v", reqs[0].At, reqs[1].At, boundary)
	}
}

// TestWeightBudgetShared: concurrent callers reserve weight before
// sending, so no more than the budget goes out in one window.
func TestWeightBudgetShared(t *testing.T) {
	clock, boundary := clockBeforeMinute()
	srv, c := setup(t, func(cfg *binance.Config) { cfg.Now = clock; cfg.WeightBudget = 10 })
	srv.SetClock(clock)
	srv.SetKlines("BTCUSDT", "4h", binancetest.GenKlines("BTCUSDT", "4h", now, 10))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := c.Klines(context.Background(), "BTCUSDT", "4h", 5); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	before := 0
	for _, r := range srv.Requests() {
		if r.At.Before(boundary) {
			before++
		}
	}
	if before != 5 || len(srv.Requests()) != 8 {
		t.Fatalf("%d of %d requests before the boundary, want 5 of 8", before, len(srv.Requests()))
	}
}

func TestTimeouts(t *testing.T) {
	srv, c := setup(t, func(cfg *binance.Config) { cfg.Timeout = 50 * time.Millisecond; cfg.MaxRetries = 1 })
	srv.SetFunding("BTCUSDT", 0.0001)
	srv.SetLatency(2 * time.Second)
	start := time.Now()
	if _, err := c.Funding(context.Background(), "BTCUSDT"); !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "2 attempts") {
		t.Errorf("per-attempt timeout: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c = binance.New(binance.Config{BaseURL: srv.URL}) // default retries: none after the context ends
	if _, err := c.Funding(ctx, "BTCUSDT"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("context deadline: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

// TestConcurrent runs many requests at once (for the race detector).
func TestConcurrent(t *testing.T) {
	srv, c := setup(t)
	srv.SetFunding("BTCUSDT", 0.0001)
	srv.SetTickers(tickers())
	for _, s := range []string{"BTCUSDT", "ETHUSDT", "BNBUSDT"} {
		srv.SetKlines(s, "1d", binancetest.GenKlines(s, "1d", now, 50))
	}
	var wg sync.WaitGroup
	for i := range 24 {
		wg.Go(func() {
			var err error
			switch i % 5 {
			case 0:
				_, err = c.Tickers24h(context.Background())
			case 1:
				_, err = c.Funding(context.Background(), "BTCUSDT")
			default:
				_, err = c.Klines(context.Background(), []string{"BTCUSDT", "ETHUSDT", "BNBUSDT"}[i%3], "1d", 40)
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
