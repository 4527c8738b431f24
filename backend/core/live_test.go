package core

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"krmarket/backend/config"
	"krmarket/backend/data"
	"krmarket/backend/market"
	"krmarket/backend/provider/binance/binancetest"
	"krmarket/backend/provider/naver/navertest"
	"krmarket/backend/provider/yahoo/yahootest"
)

// liveFakes starts fake Yahoo, Naver and Binance servers with data for a
// handful of KR stocks, the KR indices, sector ETFs and USD/KRW.
func liveFakes(t *testing.T, now time.Time) (config.Sources, []string) {
	y := yahootest.NewServer(t)
	from := now.AddDate(0, 0, -400)
	stocks := []string{"005930", "000660", "035420", "035720", "051910", "068270"}
	for i, code := range stocks {
		sym := code + ".KS"
		y.SetBars(sym, yahootest.Walk(sym, from, 400, float64(20000+10000*i)))
	}
	for _, b := range data.KRBenchmarks() {
		y.SetBars(b.Symbol, yahootest.Walk(b.Symbol, from, 400, b.Level))
	}
	for _, e := range data.KRSectorETFs() {
		y.SetBars(e.Symbol, yahootest.Walk(e.Symbol, from, 400, e.Level))
	}
	nv := navertest.New()
	for _, code := range stocks {
		nv.Set(code, navertest.Series(code, 80, now))
	}
	t.Cleanup(nv.Close)
	bn := binancetest.New()
	t.Cleanup(bn.Close)
	src := config.Default().Sources
	src.YahooURL, src.NaverURL, src.BinanceURL = y.URL, nv.URL, bn.URL
	src.YahooPerHour = 100_000
	src.KRUniverse = 6
	return src, stocks
}

// openLive opens a core on a fresh data dir reading the given sources; it
// is closed when the test ends.
func openLive(t *testing.T, src config.Sources, source string) *Core {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Source = source
	cfg.Sources = src
	cfg.LogLevel = "error"
	c, err := Open(context.Background(), cfg, Options{Console: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// The whole live path against the fakes: --source live stores nothing
// synthetic, an update fills the KR market from Yahoo and Naver, and the
// API answers with data_source "live".
func TestLiveUpdateKR(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	src, stocks := liveFakes(t, now)
	c := openLive(t, src, config.SourceAuto)
	if src, _, _ := c.System.DataSource(ctx, market.KR); src != "demo" {
		t.Fatalf("before the update: %s", src)
	}
	var steps []string
	rep, err := c.Update(ctx, []string{"kr"}, func(step string, done, total int) {
		if len(steps) == 0 || steps[len(steps)-1] != step {
			steps = append(steps, step)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Bars == 0 || rep.Flows == 0 || rep.Quotes < len(stocks) {
		t.Fatalf("report %+v", rep)
	}
	if rep.Failed[market.KR] != 0 {
		t.Fatalf("failures %+v", rep)
	}
	if got, _, _ := c.System.DataSource(ctx, market.KR); got != "live" {
		t.Fatalf("after the update: %s", got)
	}
	// The six stocks have live history and flows; demo KR data is gone.
	n, _ := c.Store.Count(ctx, "investor_flows")
	if n == 0 {
		t.Fatal("no flows stored")
	}
	insts, _ := c.Store.Instruments(ctx, market.KR, market.KindStock)
	if len(insts) != 2760 {
		t.Fatalf("%d KR instruments", len(insts))
	}
	chart, err := c.KR.StockChart(ctx, "005930", "1y")
	if err != nil || chart.DataSource != "live" || len(chart.Data) < 200 {
		t.Fatalf("chart %v %v", err, chart)
	}
	sig, err := c.KR.Signals(ctx)
	if err != nil || sig.DataSource != "live" {
		t.Fatalf("signals %v %+v", err, sig)
	}
	if st := c.Sources.Status("yahoo"); st.State != "ok" || st.Requests == 0 {
		t.Fatalf("yahoo %+v", st)
	}
	if st := c.Sources.Status("naver"); st.State != "ok" {
		t.Fatalf("naver %+v", st)
	}
	// A second update fetches only what is missing: nothing new today.
	rep2, err := c.Update(ctx, []string{"kr"}, nil)
	if err != nil || rep2.Bars != 0 {
		t.Fatalf("incremental update stored %d bars again (%v)", rep2.Bars, err)
	}
	// When Yahoo fails, stored live data is served as stale with its age.
	c.Sources.Report("yahoo", io.ErrUnexpectedEOF, "HTTP 503")
	if got, age, _ := c.System.DataSource(ctx, market.KR); got != "stale" || age == nil {
		t.Fatalf("with Yahoo failing: %s %v", got, age)
	}
	sig, _ = c.KR.Signals(ctx)
	if sig.DataSource != "stale" {
		t.Fatalf("signals while failing: %s", sig.DataSource)
	}
}

// US and crypto updates against the fakes: quotes, history, dividends,
// fundamentals (and the cached summary), option chains, Binance candles.
func TestLiveUpdateUSAndCrypto(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	src, _ := liveFakes(t, now)
	y := yahootest.NewServer(t)
	from := now.AddDate(0, 0, -400)
	for _, s := range []string{"AAPL", "MSFT", "JEPI", "SPY", "^GSPC", "^VIX"} {
		y.SetBars(s, yahootest.Walk(s, from, 400, 100))
	}
	pe := 30.0
	y.SetFundamentals("AAPL", market.Fundamentals{MarketCap: 3e12, PE: &pe, EPS: 6.5})
	y.SetDividends("JEPI", []market.Dividend{{Symbol: "JEPI", ExDate: now.AddDate(0, -1, 0).Unix(), Amount: 0.4}, {Symbol: "JEPI", ExDate: now.AddDate(0, -2, 0).Unix(), Amount: 0.38}})
	y.SetOptionExpiries("AAPL", []time.Time{now.AddDate(0, 0, 7), now.AddDate(0, 0, 35)})
	src.YahooURL = y.URL
	bn := binancetest.New()
	t.Cleanup(bn.Close)
	bn.SetTickers([]binancetest.Ticker{
		{Symbol: "BTCUSDT", LastPrice: 90000, PriceChangePercent: 1.2, Volume: 20000, QuoteVolume: 1.8e9},
		{Symbol: "ETHUSDT", LastPrice: 3000, PriceChangePercent: -0.4, Volume: 300000, QuoteVolume: 9e8},
		{Symbol: "USDCUSDT", LastPrice: 1, Volume: 1e9, QuoteVolume: 1e9}, // a stablecoin: dropped
	})
	for _, s := range []string{"BTCUSDT", "ETHUSDT"} {
		bn.SetKlines(s, "1d", binancetest.GenKlines(s, "1d", now, 600))
		bn.SetKlines(s, "4h", binancetest.GenKlines(s, "4h", now, 600))
	}
	bn.SetFunding("BTCUSDT", 0.0001)
	src.BinanceURL = bn.URL
	c := openLive(t, src, config.SourceLive)
	rep, err := c.Update(ctx, []string{"us", "crypto"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Options == 0 || rep.Bars == 0 {
		t.Fatalf("report %+v", rep)
	}
	bars, _ := c.Store.LastBars(ctx, "AAPL", market.Daily, 500)
	if len(bars) < 200 {
		t.Fatalf("AAPL %d bars", len(bars))
	}
	if b, ok, _ := c.Store.CacheGet(ctx, "yahoo_summary:AAPL", now); !ok || len(b) == 0 {
		t.Fatal("AAPL summary not cached")
	}
	if n, _ := c.Store.Count(ctx, "dividends"); n != 2 {
		t.Fatalf("%d dividends", n)
	}
	if n, _ := c.Store.Count(ctx, "option_contracts"); n == 0 {
		t.Fatal("no option contracts")
	}
	cr, _ := c.Store.Instruments(ctx, market.Crypto, "")
	if len(cr) != 2 {
		t.Fatalf("crypto universe %+v", cr)
	}
	if b, ok, _ := c.Store.CacheGet(ctx, "binance_funding:BTCUSDT", now); !ok || !strings.Contains(string(b), `"funding_rate":0.0001`) {
		t.Fatalf("funding not cached: %s", b)
	}
	h4, _ := c.Store.LastBars(ctx, "BTCUSDT", market.H4, 1000)
	d1, _ := c.Store.LastBars(ctx, "BTCUSDT", market.Daily, 1000)
	if len(h4) < 500 || len(d1) < 500 {
		t.Fatalf("BTC bars 4h %d 1d %d", len(h4), len(d1))
	}
	// Most US symbols are unknown to the fake: they fail one by one, but
	// the source itself answered, so it stays healthy.
	if rep.Failed[market.US] == 0 || c.Sources.Status("yahoo").State != "ok" || c.Sources.Status("binance").State != "ok" {
		t.Fatalf("failed %v, yahoo %+v", rep.Failed, c.Sources.Status("yahoo"))
	}
}
