package kr

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"krmarket/backend/contract"
	"krmarket/backend/market"
)

func TestRealtimePrices(t *testing.T) {
	ctx := context.Background()
	st, bars, now := chartStore(t)
	svc := New(st, func() time.Time { return now }, nil)
	last, prev := bars[len(bars)-1].Close, bars[len(bars)-2].Close

	// No fetcher: the last close, its day change; unknown tickers → 0.
	r, err := svc.RealtimePrices(ctx, []string{"123450", "123450", "999999"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Details["123450"]
	if r.Prices["123450"] != last || d.Origin != "close" || d.ChangePct != round((last/prev-1)*100, 2) {
		t.Fatalf("close fallback %+v %+v", r.Prices, d)
	}
	if r.Prices["999999"] != 0 || len(r.Missing) != 1 || r.Missing[0] != "999999" || r.Fetched != 0 {
		t.Fatalf("unknown ticker %+v", r)
	}

	// A live fetcher answers: its price wins and is counted.
	var asked []string
	fetch := func(_ context.Context, syms []string) (map[string]market.Quote, error) {
		asked = syms
		return map[string]market.Quote{"123450.KS": {Symbol: "123450.KS", Price: 93000, ChangePct: 1.59, Time: now.Unix()}}, nil
	}
	r, err = svc.RealtimePrices(ctx, []string{"123450"}, fetch)
	if err != nil || r.Prices["123450"] != 93000 || r.Details["123450"].Origin != "live" || r.Fetched != 1 || len(asked) != 1 {
		t.Fatalf("live %+v %v asked %v", r, err, asked)
	}

	// A failing fetcher: stored data, and the error is reported.
	r, err = svc.RealtimePrices(ctx, []string{"123450"}, func(context.Context, []string) (map[string]market.Quote, error) {
		return nil, errors.New("yahoo: 429")
	})
	if err != nil || r.Prices["123450"] != last || !strings.Contains(r.Error, "429") {
		t.Fatalf("fallback %+v %v", r, err)
	}

	// A stored quote newer than the last bar beats the close.
	if err := st.Ingester("demo", func() time.Time { return now }).PutQuotes(ctx, []market.Quote{{Symbol: "123450.KS", Price: 91000, Time: now.Unix()}}); err != nil {
		t.Fatal(err)
	}
	if r, _ := svc.RealtimePrices(ctx, []string{"123450"}, nil); r.Prices["123450"] != 91000 || r.Details["123450"].Origin != "quote" {
		t.Fatalf("stored quote %+v", r)
	}
}

func TestParseTickers(t *testing.T) {
	for name, in := range map[string][]string{
		"empty": {}, "bad": {"005930", "../etc"}, "lower": {"00680k"}, "long": {"0059301"},
		"too many": make([]string, MaxRealtimeTickers+1),
	} {
		_, err := ParseTickers(in)
		var ce *contract.Error
		if !errors.As(err, &ce) || ce.HTTP != 400 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got, err := ParseTickers([]string{" 005930", "005930", "00680K"}); err != nil || len(got) != 2 {
		t.Fatalf("%v %v", got, err)
	}
}
