package naver_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"krmarket/backend/market"
	"krmarket/backend/provider/naver"
	"krmarket/backend/provider/naver/navertest"
)

var kst = time.FixedZone("KST", 9*3600)

// friday is Friday 2024-05-17 in Seoul, after the close.
var friday = time.Date(2024, 5, 17, 18, 0, 0, 0, kst)

const code = "005930"

func setup(t *testing.T, n int) (*navertest.Server, []navertest.Day) {
	t.Helper()
	srv := navertest.New()
	t.Cleanup(srv.Close)
	series := navertest.Series(code, n, friday)
	srv.Set(code, series)
	return srv, series
}

func client(srv *navertest.Server, mod ...func(*naver.Config)) *naver.Client {
	cfg := naver.Config{BaseURL: srv.URL, MinInterval: -1, Now: func() time.Time { return friday }}
	for _, m := range mod {
		m(&cfg)
	}
	return naver.New(cfg)
}

func wantFlows(days []navertest.Day) []market.Flow {
	out := make([]market.Flow, len(days))
	for i, d := range days {
		out[i] = market.Flow{Symbol: code, Time: d.Date.Unix(), ForeignNet: d.ForeignNet, InstNet: d.InstNet,
			RetailNet: -(d.ForeignNet + d.InstNet)}
	}
	return out
}

// TestFlowsPages reads 45 days over three pages of 20 and returns them
// oldest first, equal to the served series.
func TestFlowsPages(t *testing.T) {
	srv, series := setup(t, 65)
	got, err := client(srv).Flows(context.Background(), code, 45)
	if err != nil {
		t.Fatal(err)
	}
	if want := wantFlows(series[20:]); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %d flows %+v\nwant %d %+v", len(got), got[:2], len(want), want[:2])
	}
	if got[len(got)-1].Time != time.Date(2024, 5, 17, 0, 0, 0, 0, time.UTC).Unix() {
		t.Fatalf("newest flow at %v", time.Unix(got[len(got)-1].Time, 0).UTC())
	}
	var pages []int
	for _, r := range srv.Requests() {
		pages = append(pages, r.Page)
	}
	if !reflect.DeepEqual(pages, []int{1, 2, 3}) {
		t.Fatalf("pages requested %v", pages)
	}
}

// TestRowsAllColumns checks the full rows against the series, and that a
// history shorter than asked stops at the last page.
func TestRowsAllColumns(t *testing.T) {
	srv, series := setup(t, 25)
	rows, err := client(srv).Rows(context.Background(), code, 60)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 25 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		s := series[i]
		want := naver.Row{Date: s.Date, Close: s.Close, Change: s.Change, ChangePct: s.ChangePct, Volume: s.Volume,
			InstNet: s.InstNet, ForeignNet: s.ForeignNet, ForeignHoldings: s.ForeignHoldings, ForeignRatio: s.ForeignRatio}
		if r != want {
			t.Fatalf("row %d: got %+v want %+v", i, r, want)
		}
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

// TestPastLastPage serves pages without navigation, repeating the last page
// past the end as Naver does: the client stops when a page brings nothing
// older.
func TestPastLastPage(t *testing.T) {
	series := navertest.Series(code, 30, friday)
	var mu sync.Mutex
	var reqs []int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		mu.Lock()
		reqs = append(reqs, p)
		mu.Unlock()
		p = min(p, 3)
		var rows []navertest.Day
		for i := len(series) - 1 - (p-1)*12; i >= 0 && i > len(series)-1-p*12; i-- {
			rows = append(rows, series[i])
		}
		w.Header().Set("Content-Type", "text/html; charset=euc-kr")
		_, _ = w.Write(navertest.EncodeEUCKR(navertest.RenderPage(code, rows, p, 0)))
	}))
	defer srv.Close()
	c := naver.New(naver.Config{BaseURL: srv.URL, MinInterval: -1, Now: func() time.Time { return friday }})
	got, err := c.Flows(context.Background(), code, 100)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, wantFlows(series)) {
		t.Fatalf("got %d flows", len(got))
	}
	if !reflect.DeepEqual(reqs, []int{1, 2, 3, 4}) {
		t.Fatalf("pages requested %v", reqs)
	}
}

// TestUnfinishedSession leaves out today's row while the session is open.
func TestUnfinishedSession(t *testing.T) {
	srv, series := setup(t, 10)
	for _, tc := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2024, 5, 17, 10, 0, 0, 0, kst), 9},   // Friday, session running
		{time.Date(2024, 5, 17, 15, 30, 0, 0, kst), 10}, // at the close
		{time.Date(2024, 5, 18, 9, 0, 0, 0, kst), 10},   // Saturday
	} {
		c := client(srv, func(cfg *naver.Config) { cfg.Now = func() time.Time { return tc.now } })
		got, err := c.Flows(context.Background(), code, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want || !reflect.DeepEqual(got, wantFlows(series)[:tc.want]) {
			t.Errorf("now %v: %d flows, want %d", tc.now, len(got), tc.want)
		}
	}
}

func TestInvalidCode(t *testing.T) {
	srv, _ := setup(t, 5)
	c := client(srv)
	for _, bad := range []string{"", "5930", "0059300", "A05930", "005930.KS", "00593a", "00 930", "../../x"} {
		if _, err := c.Flows(context.Background(), bad, 5); !errors.Is(err, naver.ErrInvalidCode) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests for invalid codes", n)
	}
	if _, err := c.Flows(context.Background(), code, 0); err == nil {
		t.Error("days 0 accepted")
	}
	// Letters after the first digit are valid (newer listings, preferreds).
	srv.Set("00680K", navertest.Series("00680K", 3, friday))
	if got, err := c.Flows(context.Background(), "00680K", 3); err != nil || len(got) != 3 || got[0].Symbol != "00680K" {
		t.Errorf("00680K: %v %v", got, err)
	}
}

func TestStatus500(t *testing.T) {
	srv, _ := setup(t, 30)
	srv.Inject(navertest.Failure{Kind: navertest.Status500, Page: 2})
	_, err := client(srv).Flows(context.Background(), code, 30)
	var se *naver.StatusError
	if !errors.As(err, &se) || se.StatusCode != 500 || !strings.Contains(err.Error(), "page 2") {
		t.Fatalf("got %v", err)
	}
}

// TestWrongEncoding: a page whose bytes contradict its label still parses.
func TestWrongEncoding(t *testing.T) {
	for _, k := range []navertest.Kind{navertest.UTF8LabelledEUCKR, navertest.EUCKRLabelledUTF8} {
		srv, series := setup(t, 30)
		srv.Inject(navertest.Failure{Kind: k})
		got, err := client(srv).Flows(context.Background(), code, 30)
		if err != nil || !reflect.DeepEqual(got, wantFlows(series)) {
			t.Errorf("kind %d: %d flows, %v", k, len(got), err)
		}
	}
}

func TestNoData(t *testing.T) {
	srv, _ := setup(t, 30)
	c := client(srv)
	if _, err := c.Flows(context.Background(), "999990", 10); !errors.Is(err, naver.ErrNoData) {
		t.Errorf("unknown code: %v", err)
	}
	srv.Inject(navertest.Failure{Kind: navertest.EmptyTable, Times: 1})
	if _, err := c.Flows(context.Background(), code, 10); !errors.Is(err, naver.ErrNoData) {
		t.Errorf("empty table: %v", err)
	}
	// An empty page after the first ends the walk without an error.
	srv.Inject(navertest.Failure{Kind: navertest.EmptyTable, Page: 2, Times: 1})
	if got, err := c.Flows(context.Background(), code, 30); err != nil || len(got) != 20 {
		t.Errorf("empty page 2: %d flows, %v", len(got), err)
	}
}

func TestTruncated(t *testing.T) {
	srv, _ := setup(t, 30)
	c := client(srv)
	srv.Inject(navertest.Failure{Kind: navertest.Truncated, Times: 1})
	if _, err := c.Flows(context.Background(), code, 10); !errors.Is(err, naver.ErrTruncated) {
		t.Errorf("truncated: %v", err)
	}
	srv.Inject(navertest.Failure{Kind: navertest.ShortBody, Times: 1})
	if _, err := c.Flows(context.Background(), code, 10); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short body: %v", err)
	}
}

func TestLoginWall(t *testing.T) {
	srv, _ := setup(t, 30)
	c := client(srv)
	srv.Inject(navertest.Failure{Kind: navertest.Login, Times: 1})
	if _, err := c.Flows(context.Background(), code, 10); !errors.Is(err, naver.ErrUnexpectedPage) || !strings.Contains(err.Error(), "로그인") {
		t.Errorf("login page: %v", err)
	}
	srv.Inject(navertest.Failure{Kind: navertest.Redirect, Times: 1})
	_, err := c.Flows(context.Background(), code, 10)
	var se *naver.StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusFound || !strings.HasPrefix(se.Location, "https://nid.naver.com/") {
		t.Errorf("redirect: %v", err)
	}
}

func TestBadNumber(t *testing.T) {
	srv, series := setup(t, 30)
	srv.Inject(navertest.Failure{Kind: navertest.BadNumber})
	_, err := client(srv).Flows(context.Background(), code, 10)
	var pe *naver.ParseError
	if !errors.As(err, &pe) || pe.Row != 2 || pe.Column != "외국인 순매매량" || pe.Value != "1,2x4" ||
		pe.Date != series[len(series)-2].Date.Format("2006.01.02") {
		t.Fatalf("got %v (%+v)", err, pe)
	}
}

// TestRateLimitShared: requests from several goroutines sharing a Client
// are spaced MinInterval apart: the k-th request cannot arrive before
// start + k·MinInterval (load can only delay requests, so the bound is
// exact).
func TestRateLimitShared(t *testing.T) {
	srv, _ := setup(t, 40)
	const gap = 40 * time.Millisecond
	c := client(srv, func(cfg *naver.Config) { cfg.MinInterval = gap })
	start := time.Now()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := c.Flows(context.Background(), code, 40); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	reqs := srv.Requests()
	if len(reqs) != 8 {
		t.Fatalf("%d requests", len(reqs))
	}
	for k, r := range reqs {
		if at := r.At.Sub(start); at < time.Duration(k)*gap-time.Millisecond {
			t.Errorf("request %d at %v, want ≥ %v", k, at, time.Duration(k)*gap)
		}
	}
}

func TestTimeouts(t *testing.T) {
	srv, _ := setup(t, 30)
	srv.SetLatency(2 * time.Second)
	start := time.Now()
	c := client(srv, func(cfg *naver.Config) { cfg.Timeout = 100 * time.Millisecond })
	if _, err := c.Flows(context.Background(), code, 10); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("config timeout: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := client(srv).Flows(ctx, code, 10); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("context deadline: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

// TestRateLimitWaitHonoursContext: a caller queued behind the rate limit
// gives up when its context ends rather than waiting its turn.
func TestRateLimitWaitHonoursContext(t *testing.T) {
	srv, _ := setup(t, 10)
	c := client(srv, func(cfg *naver.Config) { cfg.MinInterval = time.Hour })
	if _, err := c.Flows(context.Background(), code, 5); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.Flows(ctx, code, 5); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := c.Flows(cancelled, code, 5); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
