package binance

import (
	"errors"
	"math"
	"strings"
	"testing"
)

const klinesSeed = `[[1764316800000,"91000.01000000","91500.00000000","90800.50000000","91234.56000000","1234.56700000",1764331199999,"112633418.12345678",98765,"600.12300000","54750000.12345678","0"],` +
	`[1764331200000,"91234.56000000","92000.00000000","91000.00000000","91800.00000000","999.00000000",1764345599999,"91708200.00000000",87654,"500.00000000","45900000.00000000","0"]]`

const tickersSeed = `[{"symbol":"BTCUSDT","priceChange":"-94.99000000","priceChangePercent":"-0.104","weightedAvgPrice":"91200.00000000","prevClosePrice":"91329.55000000","lastPrice":"91234.56000000","lastQty":"0.01000000","bidPrice":"91234.55000000","bidQty":"1.00000000","askPrice":"91234.56000000","askQty":"2.00000000","openPrice":"91329.55000000","highPrice":"92000.00000000","lowPrice":"90000.00000000","volume":"15000.12300000","quoteVolume":"1368011234.12000000","openTime":1764248400000,"closeTime":1764334799999,"firstId":5000000000,"lastId":5001000000,"count":1000001},` +
	`{"symbol":"JUPUSDT","priceChange":"0.01000000","priceChangePercent":"1.500","weightedAvgPrice":"0.67","prevClosePrice":"0.66","lastPrice":"0.67","openPrice":"0.66","highPrice":"0.70","lowPrice":"0.65","volume":"30000000","quoteVolume":"20100000","openTime":1764248400000,"closeTime":1764334799999,"count":12345}]`

// FuzzParseKlines: never panics; a parsed series is strictly ascending
// with finite non-negative values and low <= open, close <= high; an error
// wraps ErrMalformed and comes with no candles.
func FuzzParseKlines(f *testing.F) {
	f.Add([]byte(klinesSeed))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[[1,"1","1","1","1","1",2,"1",1,"1","1"]]`))
	f.Add([]byte(`[[1,"1","1","1","abc","1",2,"1",1,"1","1","0"]]`))
	f.Add([]byte(`[[1,"1","1","1","1"]]`))
	f.Add([]byte(`[[1e3,"NaN","Inf","0x1p3","1_0","-1",2,"1",1,"1","1","0"]]`))
	f.Add([]byte(klinesSeed[:len(klinesSeed)/2]))
	f.Fuzz(func(t *testing.T, body []byte) {
		ks, err := ParseKlines(body)
		if err != nil {
			if ks != nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("%v with %d candles", err, len(ks))
			}
			return
		}
		for i, k := range ks {
			for _, v := range []float64{k.Open, k.High, k.Low, k.Close, k.Volume, k.QuoteVolume, k.TakerBuyBase, k.TakerBuyQuote} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Fatalf("candle %d value %v", i, v)
				}
			}
			if !(k.Low <= k.Open && k.Open <= k.High && k.Low <= k.Close && k.Close <= k.High) || k.CloseTime <= k.OpenTime {
				t.Fatalf("candle %d %+v", i, k)
			}
			if i > 0 && k.OpenTime <= ks[i-1].OpenTime {
				t.Fatalf("candle %d not ascending", i)
			}
		}
	})
}

// FuzzParseTickers: never panics; parsed tickers have a symbol and finite
// numbers; an error wraps ErrMalformed. Universe on the result holds its
// invariants: USDT pairs, sorted by quote volume, within TopN, bucketed.
func FuzzParseTickers(f *testing.F) {
	f.Add([]byte(tickersSeed))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"symbol":"X","lastPrice":"abc"}]`))
	f.Add([]byte(`[{"lastPrice":"1"}]`))
	f.Add([]byte(`[["BTCUSDT","1","2"]]`))
	f.Add([]byte(`[{"symbol":"BTCUPUSDT","quoteVolume":"9e7"},{"symbol":"BTCUSDT","quoteVolume":"1e7"},{"symbol":"USDCUSDT","quoteVolume":"1e9"}]`))
	f.Add([]byte(tickersSeed[:len(tickersSeed)/3]))
	f.Fuzz(func(t *testing.T, body []byte) {
		ts, err := ParseTickers(body)
		if err != nil {
			if ts != nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("%v with %d tickers", err, len(ts))
			}
			return
		}
		for i, tk := range ts {
			if tk.Symbol == "" {
				t.Fatalf("ticker %d without symbol", i)
			}
			for _, v := range []float64{tk.LastPrice, tk.PriceChange, tk.PriceChangePercent, tk.Volume, tk.QuoteVolume, tk.OpenPrice} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("ticker %d value %v", i, v)
				}
			}
		}
		u := Universe(ts, Filter{TopN: 3, MinQuoteVolume: -1})
		if len(u) > 3 {
			t.Fatalf("%d > TopN", len(u))
		}
		for i, tk := range u {
			if !strings.HasSuffix(tk.Symbol, "USDT") || tk.Base+"USDT" != tk.Symbol || tk.Liquidity != Liquidity(tk.QuoteVolume) || !(tk.QuoteVolume > 0) {
				t.Fatalf("universe %d %+v", i, tk)
			}
			if i > 0 && tk.QuoteVolume > u[i-1].QuoteVolume {
				t.Fatalf("universe not sorted at %d", i)
			}
		}
	})
}

func FuzzParseFunding(f *testing.F) {
	f.Add([]byte(`{"symbol":"BTCUSDT","markPrice":"91234.5","lastFundingRate":"0.00010000","nextFundingTime":1764345600000,"time":1764334799999}`))
	f.Add([]byte(`{"lastFundingRate":"abc"}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[{"lastFundingRate":"0.0001"}]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := ParseFunding(body)
		if err != nil {
			if v != 0 || !errors.Is(err, ErrMalformed) {
				t.Fatalf("%v with %v", err, v)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("rate %v", v)
		}
	})
}
