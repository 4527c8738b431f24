package yahoo

import (
	"errors"
	"testing"
	"time"

	"krmarket/backend/provider/yahoo/yahootest"
)

func TestOptions(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 5, 15, 0, 0, 0, time.UTC)}
	h := setup(t, nil, func(c *Config) { c.Now = clock.Now })
	e1 := time.Date(2026, 1, 16, 0, 0, 0, 0, time.UTC)
	e2 := time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)
	h.srv.SetOptionExpiries("AAPL", []time.Time{e2, e1})

	cs, exps, err := h.c.Options(ctx(t), "AAPL", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(exps) != 2 || !exps[0].Equal(e1) || !exps[1].Equal(e2) {
		t.Fatalf("expiries %v", exps)
	}
	if len(cs) != 42 {
		t.Fatalf("%d contracts, want 21 strikes × C/P", len(cs))
	}
	var calls, puts, priced int
	for i, c := range cs {
		if c.Expiry != e1.Unix() || c.Underlying != "AAPL" || c.AsOf != clock.t.Unix() {
			t.Fatalf("contract %d = %+v", i, c)
		}
		if c.Bid < 0 || c.Ask < c.Bid || c.IV < 0.2 || c.IV > 1 || c.OpenInterest <= 0 || c.Volume <= 0 {
			t.Fatalf("contract %d implausible: %+v", i, c)
		}
		if c.Bid > 0 {
			priced++
		}
		switch c.Type {
		case "C":
			calls++
		case "P":
			puts++
		}
		if i > 0 && cs[i-1].Type == c.Type && cs[i-1].Strike >= c.Strike {
			t.Fatal("not sorted by type, strike")
		}
	}
	if calls != 21 || puts != 21 || priced < 20 {
		t.Fatalf("%d calls %d puts, %d with a bid", calls, puts, priced)
	}
	// A chosen expiry, given at any time of its day in any zone.
	seoul := time.FixedZone("KST", 9*3600)
	cs, _, err = h.c.Options(ctx(t), "AAPL", time.Date(2026, 2, 20, 23, 30, 0, 0, seoul))
	if err != nil || len(cs) == 0 || cs[0].Expiry != e2.Unix() {
		t.Fatalf("expiry e2: %d contracts, %v", len(cs), err)
	}
	// date=-1 from finance-go never reaches Yahoo.
	for _, r := range h.srv.Requests(yahootest.EndpointOptions) {
		if r.Query.Get("date") == "-1" || r.Path[:12] != "/v7/finance/" {
			t.Fatalf("request %s ?%s", r.Path, r.Query.Encode())
		}
	}
	// An expiry that is not listed.
	if _, _, err := h.c.Options(ctx(t), "AAPL", e1.AddDate(0, 0, 1)); !errors.Is(err, ErrNoData) {
		t.Fatalf("unlisted expiry: %v", err)
	}
	// A symbol without options.
	if _, _, err := h.c.Options(ctx(t), "005930.KS", time.Time{}); !errors.Is(err, ErrNoData) {
		t.Fatalf("no options: %v", err)
	}
}
