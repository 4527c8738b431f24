package live

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"krmarket/backend/provider/yahoo"
	"krmarket/backend/provider/yahoo/yahootest"
	"krmarket/backend/sources"
	"krmarket/backend/store"
)

func TestBatches(t *testing.T) {
	got := batches([]string{"A", "B", "A", "", "C", "D", "E"}, 2)
	if fmt.Sprint(got) != "[[A B] [C D] [E]]" {
		t.Fatalf("batches = %v", got)
	}
	if len(batches(nil, 50)) != 0 {
		t.Fatal("no symbols, no batches")
	}
	if o := (PriceOptions{Batch: 500}).norm(); o.Batch != MaxPriceBatch || o.Workers != 4 {
		t.Fatalf("norm = %+v", o)
	}
}

func newUpdater(t *testing.T) (*Updater, *store.Store, *sources.Registry) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := logrus.New()
	log.SetOutput(io.Discard)
	reg := sources.New(time.Now, sources.Yahoo)
	return New(st, reg, time.Now, log, 0), st, reg
}

// 120 symbols (10 unknown to Yahoo) in batches of 50: one batch fails with
// a 500 (no retries), the other two are stored; unknown symbols are simply
// absent. When every batch fails the cycle fails.
func TestRefreshQuotesPartialAndTotalFailure(t *testing.T) {
	ctx := context.Background()
	fake := yahootest.NewServer(t)
	var syms []string
	from := time.Now().AddDate(0, 0, -30)
	for i := range 120 {
		s := fmt.Sprintf("S%03d", i)
		syms = append(syms, s)
		if i%12 != 0 {
			fake.SetBars(s, yahootest.Walk(s, from, 10, 100))
		}
	}
	y, err := yahoo.New(yahoo.Config{BaseURL: fake.URL, RatePerHour: 100_000, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	u, st, _ := newUpdater(t)
	if _, err := y.Quotes(ctx, []string{"S001"}); err != nil { // open the session first
		t.Fatal(err)
	}
	fake.ResetCounts()
	fake.Inject(yahootest.Fault{Failure: yahootest.Fail500, Endpoint: yahootest.EndpointQuote, Times: 1})
	var last [2]int
	rep, err := u.RefreshQuotes(ctx, y, syms, PriceOptions{Workers: 1}, func(step string, done, total int) { last = [2]int{done, total} })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Asked != 120 || rep.Batches != 3 || rep.Failed != 1 || len(rep.Errors) != 1 || last != [2]int{120, 120} {
		t.Fatalf("report %+v, last progress %v", rep, last)
	}
	// The first batch (S000–S049) failed; the other 70 lose only their 5
	// unknown symbols (S060, S072, S084, S096, S108).
	if rep.Updated != 70-5 || len(rep.Symbols) != rep.Updated || !strings.HasPrefix(rep.Symbols[0], "S05") {
		t.Fatalf("updated %d, symbols %v", rep.Updated, rep.Symbols[:3])
	}
	qs, _ := st.Quotes(ctx, syms)
	if len(qs) != rep.Updated {
		t.Fatalf("%d quotes stored, report says %d", len(qs), rep.Updated)
	}
	if n := fake.Count(yahootest.EndpointQuote); n != 3 {
		t.Fatalf("%d quote calls", n)
	}
	fake.Inject(yahootest.Fault{Failure: yahootest.Fail500, Endpoint: yahootest.EndpointQuote})
	rep, err = u.RefreshQuotes(ctx, y, syms, PriceOptions{}, nil)
	if err == nil || !strings.Contains(err.Error(), "cannot reach Yahoo Finance") || rep.Updated != 0 {
		t.Fatalf("all batches failing: %v, %+v", err, rep)
	}
}
