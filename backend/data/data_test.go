package data

import (
	"slices"
	"strings"
	"testing"
)

func TestKRTickers(t *testing.T) {
	xs, err := KRTickers()
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 2760 {
		t.Fatalf("got %d rows, want 2760", len(xs))
	}
	count := map[string]int{}
	for _, x := range xs {
		count[x.Market]++
	}
	if count["KOSPI"] == 0 || count["KOSDAQ"] == 0 || count["KOSPI"]+count["KOSDAQ"] != len(xs) {
		t.Errorf("markets: %v", count)
	}
	if xs[0] != (KRTicker{"005930", "KOSPI", "005930.KS", "삼성전자"}) {
		t.Errorf("first row %+v", xs[0])
	}
	// A fresh slice every call.
	xs[0].Name = "x"
	ys, _ := KRTickers()
	if ys[0].Name != "삼성전자" {
		t.Error("KRTickers shares state between calls")
	}
}

func TestParseKRTickersErrors(t *testing.T) {
	const head = "ticker,market,yahoo_ticker,name\n"
	cases := []struct{ name, in, want string }{
		{"bad header", "a,b,c,d\n005930,KOSPI,005930.KS,삼성전자\n", "line 1"},
		{"short ticker", head + "005930,KOSPI,005930.KS,삼성전자\n59300,KOSPI,59300.KS,x\n", "line 3"},
		{"lower-case letter", head + "00680k,KOSPI,00680k.KS,x\n", "line 2"},
		{"bad market", head + "005930,KONEX,005930.KS,삼성전자\n", "market"},
		{"bad symbol", head + "005930,KOSPI,005930.KQX,삼성전자\n", "yahoo symbol"},
		{"empty name", head + "005930,KOSPI,005930.KS,\n", "empty name"},
		{"duplicate", head + "005930,KOSPI,005930.KS,a\n005930,KOSPI,005930.KS,b\n", "repeats line 2"},
		{"field count", head + "005930,KOSPI,005930.KS\n", "line 2"},
		{"no rows", head, "no rows"},
		{"empty", "", "header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseKRTickers(strings.NewReader(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
	ok := head + "00680K,KOSPI,00680K.KS,미래에셋증권2우B\n095340,KOSDAQ,095340.KS,ISC\n"
	xs, err := ParseKRTickers(strings.NewReader(ok))
	if err != nil || len(xs) != 2 {
		t.Fatalf("valid input: %v %v", xs, err)
	}
}

func FuzzParseKRTickers(f *testing.F) {
	f.Add("ticker,market,yahoo_ticker,name\n005930,KOSPI,005930.KS,삼성전자\n")
	f.Add("ticker,market,yahoo_ticker,name\n\"0\",KOSDAQ,x,\"a,b\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		xs, err := ParseKRTickers(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, x := range xs {
			if x.validate() != nil {
				t.Fatalf("invalid row accepted: %+v", x)
			}
		}
	})
}

func TestValidKRTicker(t *testing.T) {
	for s, want := range map[string]bool{
		"005930": true, "00680K": true, "0030R0": true, "A05930": false, "5930": false,
		"0059300": false, "00593a": false, "": false, "00593 ": false,
	} {
		if got := ValidKRTicker(s); got != want {
			t.Errorf("ValidKRTicker(%q) = %v", s, got)
		}
	}
}

func TestKRTables(t *testing.T) {
	b := KRBenchmarks()
	if len(b) != 3 || b[0].Symbol != "^KS11" || b[1].Symbol != "^KQ11" || b[2].Symbol != "KRW=X" {
		t.Fatalf("benchmarks %+v", b)
	}
	checkSeries(t, b)
	etfs := KRSectorETFs()
	want := []string{"069500.KS", "091160.KS", "305720.KS", "091170.KS", "102780.KS", "102960.KS", "117680.KS", "102970.KS"}
	var got []string
	for _, e := range etfs {
		got = append(got, e.Symbol)
		if e.Symbol != e.Ticker+".KS" || !ValidKRTicker(e.Ticker) || !strings.HasPrefix(e.Name, "KODEX ") || e.Sector == "" || e.Level <= 0 {
			t.Errorf("bad ETF %+v", e)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("sector ETFs %v", got)
	}
}

func TestUSTables(t *testing.T) {
	sectors := USSectors()
	hm := USHeatmap()
	if len(sectors) != 11 || len(hm) != 110 {
		t.Fatalf("%d sectors, %d heatmap rows", len(sectors), len(hm))
	}
	per := map[string]int{}
	seen := map[string]bool{}
	for _, s := range append(hm, USExtraStocks()...) {
		if seen[s.Symbol] {
			t.Errorf("duplicate %s", s.Symbol)
		}
		seen[s.Symbol] = true
		per[s.Sector]++
		if !slices.Contains(sectors, s.Sector) || s.Name == "" || s.Price <= 0 || s.MarketCapB <= 0 || s.YieldPct < 0 ||
			(s.Exchange != "NYSE" && s.Exchange != "NASDAQ") {
			t.Errorf("bad stock %+v", s)
		}
	}
	for i, s := range sectors {
		if per[s] < 10 {
			t.Errorf("sector %s has %d stocks", s, per[s])
		}
		if hm[i*10].Sector != s {
			t.Errorf("heatmap not grouped: row %d is %s", i*10, hm[i*10].Sector)
		}
	}
	etfs := USETFs()
	if len(etfs) != 24 {
		t.Fatalf("%d ETFs", len(etfs))
	}
	for _, e := range etfs {
		if seen[e.Symbol] || !slices.Contains(ETFCategories(), e.Category) || e.Price <= 0 {
			t.Errorf("bad ETF %+v", e)
		}
		if (e.Category == "Sector") != (e.Sector != "") || (e.Sector != "" && !slices.Contains(sectors, e.Sector)) {
			t.Errorf("ETF sector %+v", e)
		}
		seen[e.Symbol] = true
	}
	wl := OptionsWatchlist()
	if len(wl) != 15 {
		t.Errorf("watchlist has %d", len(wl))
	}
	for _, s := range wl {
		if !seen[s] {
			t.Errorf("watchlist symbol %s is not a US stock or ETF", s)
		}
	}
}

func checkSeries(t *testing.T, xs []Series) {
	t.Helper()
	kinds := []string{"index", "fx", "rate", "commodity", "etf", "crypto"}
	seen := map[string]bool{}
	for _, x := range xs {
		if seen[x.Symbol] {
			t.Errorf("duplicate %s", x.Symbol)
		}
		seen[x.Symbol] = true
		if !slices.Contains(kinds, x.Kind) || x.Name == "" || !(x.Lo > 0 && x.Lo <= x.Level && x.Level <= x.Hi) {
			t.Errorf("bad series %+v", x)
		}
	}
}

func TestMacro(t *testing.T) {
	m := Macro()
	checkSeries(t, m)
	if len(m) != 31 {
		t.Errorf("%d macro series", len(m))
	}
	for _, x := range m {
		if x.Kind == "rate" && (x.Level < 0.5 || x.Level > 10) {
			t.Errorf("%s: rates are quoted in percent, got %v", x.Symbol, x.Level)
		}
	}
}

func TestDividendUniverse(t *testing.T) {
	tags := DividendTags()
	xs := DividendUniverse()
	if len(xs) < 50 {
		t.Fatalf("%d dividend assets", len(xs))
	}
	seen := map[string]bool{}
	freqs := map[string]int{}
	for _, x := range xs {
		if seen[x.Symbol] {
			t.Errorf("duplicate %s", x.Symbol)
		}
		seen[x.Symbol] = true
		freqs[x.Frequency]++
		if (x.Type != "ETF" && x.Type != "STOCK") || x.YieldPct <= 0 || x.YieldPct > 20 || x.Price <= 0 || x.SizeB <= 0 || len(x.Tags) == 0 || x.Sector == "" ||
			(x.Exchange != "NYSE" && x.Exchange != "NASDAQ" && x.Exchange != "NYSEARCA") {
			t.Errorf("bad asset %+v", x)
		}
		for _, tag := range x.Tags {
			if !slices.Contains(tags, tag) {
				t.Errorf("%s: unknown tag %q", x.Symbol, tag)
			}
		}
		if (x.Frequency == "Monthly") != slices.Contains(x.Tags, "monthly_payer") {
			t.Errorf("%s: frequency %s vs monthly_payer tag", x.Symbol, x.Frequency)
		}
		if (x.Frequency == "Quarterly") != slices.Contains(x.Tags, "quarterly") {
			t.Errorf("%s: frequency %s vs quarterly tag", x.Symbol, x.Frequency)
		}
	}
	for _, f := range []string{"Monthly", "Quarterly", "Semi-Annual", "Annual"} {
		if freqs[f] == 0 {
			t.Errorf("no %s payer", f)
		}
	}
	xs[0].Tags[0] = "mutated"
	if DividendUniverse()[0].Tags[0] == "mutated" {
		t.Error("DividendUniverse shares tag slices between calls")
	}
}

func TestCryptoPairs(t *testing.T) {
	xs := CryptoPairs()
	if len(xs) < 95 || xs[0].Symbol != "BTCUSDT" || xs[1].Symbol != "ETHUSDT" {
		t.Fatalf("%d pairs, first %v", len(xs), xs[0])
	}
	banned := []string{"USDC", "FDUSD", "TUSD", "DAI", "BUSD", "USDP", "PYUSD", "EUR", "GBP", "TRY", "BRL", "JPY"}
	seen := map[string]bool{}
	for i, x := range xs {
		if x.Rank != i+1 || x.Symbol != x.Base+"USDT" || x.Price <= 0 || seen[x.Symbol] {
			t.Errorf("bad pair %+v", x)
		}
		seen[x.Symbol] = true
		for _, b := range banned {
			if x.Base == b {
				t.Errorf("%s is a stablecoin or fiat", x.Symbol)
			}
		}
		// The original scanner drops leveraged tokens by substring
		// ("UP/", "DOWN/", …), so no base may end that way.
		for _, s := range []string{"UP", "DOWN", "BULL", "BEAR", "3L", "3S"} {
			if strings.HasSuffix(x.Base, s) {
				t.Errorf("%s would be dropped as a leveraged token", x.Symbol)
			}
		}
	}
}
