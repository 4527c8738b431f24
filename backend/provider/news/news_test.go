package news_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"krmarket/backend/provider/news"
	"krmarket/backend/provider/news/newstest"
)

func newPair(t *testing.T, cfg news.Config) (*news.Client, *newstest.Server) {
	t.Helper()
	s := newstest.New()
	t.Cleanup(s.Close)
	cfg.BaseURL = s.URL
	return news.New(cfg), s
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTickerYahooRSS(t *testing.T) {
	c, s := newPair(t, news.Config{})
	items, err := c.Ticker(context.Background(), newstest.KeyYahooEnglish)
	if err != nil {
		t.Fatal(err)
	}
	want := []news.Item{
		{Title: "Apple shares rise as China iPhone demand recovers",
			Summary:   "Apple Inc. (NASDAQ:AAPL) shares rose 1.2% on Friday after the company said holiday-quarter iPhone demand in China recovered faster than expected.",
			URL:       "https://finance.yahoo.com/news/apple-shares-rise-china-iphone-140523456.html?.tsrc=rss",
			Source:    "Yahoo Finance",
			Published: ts("2024-11-29T14:05:23Z")},
		{Title: "Morgan Stanley keeps Apple at Overweight",
			Summary:   "Analysts at Morgan Stanley keep Apple at Overweight with a $273 price target ahead of the WWDC keynote.",
			URL:       "https://finance.yahoo.com/news/morgan-stanley-apple-overweight-093000789.html?.tsrc=rss",
			Source:    "Yahoo Finance",
			Published: ts("2024-11-29T09:30:00Z")},
		{Title: "Berkshire trims Apple stake & adds to cash pile",
			Summary:   "Warren Buffett\u2019s Berkshire Hathaway trimmed its Apple stake again, according to a 13F filing.",
			URL:       "https://finance.yahoo.com/news/berkshire-trims-apple-stake-120000123.html?.tsrc=rss",
			Source:    "Yahoo Finance",
			Published: ts("2024-11-28T12:00:00Z")},
		{Title: "Apple services hit a record share of revenue",
			Summary:   "Apple's services segment now accounts for more than a quarter of revenue.",
			URL:       "", // javascript: link dropped
			Source:    "Yahoo Finance",
			Published: ts("2024-11-27T21:15:00Z")},
		{Title: "Apple said to be working on a foldable iPad",
			Summary: "Apple is reportedly working on a foldable iPad.",
			URL:     "https://finance.yahoo.com/news/apple-foldable-ipad-report-110000321.html?.tsrc=rss",
			Source:  "Yahoo Finance"}, // undated: last
	}
	checkItems(t, items, want)
	r := s.Requests()
	if len(r) != 1 || r[0].Path != "/yahoo/rss" || r[0].RawQuery != "lang=en-US&region=US&s=AAPL" {
		t.Errorf("requests %+v", r)
	}
	if r[0].UserAgent != news.DefaultUserAgent {
		t.Errorf("user agent %q", r[0].UserAgent)
	}
}

func TestSearchGoogleKorean(t *testing.T) {
	c, s := newPair(t, news.Config{})
	items, err := c.Search(context.Background(), newstest.KeyGoogleKorean, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []news.Item{
		{Title: "외국인, 삼성전자 5거래일 연속 순매수…주가 5만원선 회복", URL: "https://news.google.com/rss/articles/CBMiU0FVX3lxTFBxR2ZrVjJ3bXhYb0R2?oc=5",
			Source: "연합뉴스", Published: ts("2024-11-29T06:02:00Z")},
		{Title: "삼성전자, HBM3E 엔비디아 공급 임박", URL: "https://news.google.com/rss/articles/CBMiWkFVX3lxTE1hYzR0c2R5OXNfQm5tZk5Rbnl3?oc=5",
			Source: "한국경제", Published: ts("2024-11-29T04:31:00Z")},
		// 매일경제's copy of the same headline is dropped as a duplicate.
		{Title: `삼성전자 "파운드리 2나노 수율 개선"…고객사 확보 속도`, URL: "https://news.google.com/rss/articles/CBMiQ0FVX3lxTE9ZQ3hKbG1xYk5p?oc=5",
			Source: "조선비즈", Published: ts("2024-11-28T23:45:00Z")},
	}
	checkItems(t, items, want)
	r := s.Requests()
	if len(r) != 1 || r[0].Path != "/google/rss" ||
		r[0].RawQuery != "ceid=KR%3Ako&gl=KR&hl=ko&q=%EC%82%BC%EC%84%B1%EC%A0%84%EC%9E%90" {
		t.Errorf("requests %+v", r)
	}
}

func TestAtomFeeds(t *testing.T) {
	c, _ := newPair(t, news.Config{})
	ctx := context.Background()
	items, err := c.Ticker(ctx, newstest.KeyAtomKorean)
	if err != nil {
		t.Fatal(err)
	}
	checkItems(t, items, []news.Item{
		{Title: "[마감시황] 코스피, 외국인 매수에 2,450선 회복", Summary: "코스피가 외국인 순매수에 힘입어 2,450선을 회복했다. 삼성전자는 1.8% 올랐다.",
			URL: "https://news.einfomax.co.kr/news/articleView.html?idxno=4330001", Source: "Yahoo Finance", Published: ts("2024-11-29T06:35:00Z")},
		{Title: "삼성전자 자사주 소각 결정", Summary: "삼성전자가 3조원 규모 자사주를 소각한다고 공시했다.",
			URL: "https://news.einfomax.co.kr/news/articleView.html?idxno=4329876", Source: "전자공시(DART)", Published: ts("2024-11-28T00:12:00Z")},
	})

	items, err = c.Search(ctx, newstest.KeyAtomEnglish, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Title != "NVIDIA Announces Financial Results for Third Quarter Fiscal 2025" ||
		items[0].Summary != "Record quarterly revenue of $35.1 billion, up 17% from Q2 and up 94% from a year ago." ||
		!items[1].Published.Equal(ts("2024-10-30T20:05:00Z")) || items[1].Source != "Google News" {
		t.Errorf("items %+v", items)
	}
}

func checkItems(t *testing.T, got, want []news.Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d items, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Title != w.Title || g.Summary != w.Summary || g.URL != w.URL || g.Source != w.Source || !g.Published.Equal(w.Published) {
			t.Errorf("item %d\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestEncodings(t *testing.T) {
	c, _ := newPair(t, news.Config{})
	for _, key := range []string{newstest.KeyLatin1Decl, newstest.KeyEUCKR, newstest.KeyBogusUTF8} {
		t.Run(key, func(t *testing.T) {
			items, err := c.Ticker(context.Background(), key)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || items[0].Title != "코스닥, 개인 매도에 1% 하락" || items[0].Summary != "코스닥 지수가 개인 매도에 밀렸다." {
				t.Errorf("items %+v", items)
			}
		})
	}
}

func TestFailures(t *testing.T) {
	c, _ := newPair(t, news.Config{})
	cases := []struct {
		key, msg string
	}{
		{newstest.KeyHTML, `got text/html body starting "<!DOCTYPE html>`},
		{newstest.KeyTruncated, "truncated document"},
		{newstest.KeyBogusBinary, `unsupported encoding "x-klingon"`},
		{newstest.KeyEmptyBody, "empty body"},
		{newstest.KeyJSON, "got application/json"},
	}
	for _, cs := range cases {
		t.Run(cs.key, func(t *testing.T) {
			items, err := c.Ticker(context.Background(), cs.key)
			if !errors.Is(err, news.ErrNotFeed) || !strings.Contains(err.Error(), cs.msg) {
				t.Fatalf("err = %v, want ErrNotFeed with %q", err, cs.msg)
			}
			if items != nil {
				t.Error("items with an error")
			}
		})
	}
	t.Run("500", func(t *testing.T) {
		_, err := c.Search(context.Background(), newstest.Key500, "en")
		var se *news.StatusError
		if !errors.As(err, &se) || se.StatusCode != 500 || !strings.Contains(err.Error(), "HTTP 500") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestEmptyFeed(t *testing.T) {
	c, _ := newPair(t, news.Config{})
	for _, key := range []string{newstest.KeyEmptyFeed, "ZZZZ"} {
		items, err := c.Ticker(context.Background(), key)
		if err != nil || items == nil || len(items) != 0 {
			t.Errorf("%s: %v %#v", key, err, items)
		}
	}
}

func TestMaxItems(t *testing.T) {
	c, _ := newPair(t, news.Config{MaxItems: 2})
	items, err := c.Ticker(context.Background(), newstest.KeyYahooEnglish)
	if err != nil || len(items) != 2 || items[1].Title != "Morgan Stanley keeps Apple at Overweight" {
		t.Fatalf("%v %+v", err, items)
	}
}

func TestBadInput(t *testing.T) {
	c, s := newPair(t, news.Config{})
	ctx := context.Background()
	for _, tk := range []string{"", "AAPL&s=MSFT", "a/b", strings.Repeat("A", 21)} {
		if _, err := c.Ticker(ctx, tk); !errors.Is(err, news.ErrBadInput) {
			t.Errorf("ticker %q: %v", tk, err)
		}
	}
	if _, err := c.Search(ctx, "  ", "ko"); !errors.Is(err, news.ErrBadInput) {
		t.Errorf("blank query: %v", err)
	}
	if _, err := c.Search(ctx, "a\nb", "ko"); !errors.Is(err, news.ErrBadInput) {
		t.Errorf("control char: %v", err)
	}
	if _, err := c.Search(ctx, "삼성", "ja"); !errors.Is(err, news.ErrBadInput) {
		t.Errorf("language: %v", err)
	}
	if len(s.Requests()) != 0 {
		t.Error("requests sent for bad input")
	}
	bad := news.New(news.Config{YahooURL: "ftp://example.com/x"})
	if _, err := bad.Ticker(ctx, "AAPL"); !errors.Is(err, news.ErrBadInput) {
		t.Errorf("ftp endpoint: %v", err)
	}
}

// recorder answers every request with a feed and records the URLs, to check
// the real endpoints without a network.
type recorder struct{ urls []string }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.urls = append(r.urls, req.URL.String())
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/xml"}},
		Body: io.NopCloser(strings.NewReader(string(newstest.Fixture("yahoo_aapl.xml")))), Request: req}, nil
}

func TestURLMapping(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	c := news.New(news.Config{HTTPClient: &http.Client{Transport: rec}})
	_, _ = c.Ticker(ctx, "005930.KS")
	_, _ = c.Search(ctx, "삼성전자 실적", "ko")
	_, _ = c.Search(ctx, "Apple earnings", "EN")
	want := []string{
		"https://feeds.finance.yahoo.com/rss/2.0/headline?lang=en-US&region=US&s=005930.KS",
		"https://news.google.com/rss/search?ceid=KR%3Ako&gl=KR&hl=ko&q=%EC%82%BC%EC%84%B1%EC%A0%84%EC%9E%90+%EC%8B%A4%EC%A0%81",
		"https://news.google.com/rss/search?ceid=US%3Aen&gl=US&hl=en-US&q=Apple+earnings",
	}
	if strings.Join(rec.urls, "\n") != strings.Join(want, "\n") {
		t.Errorf("default URLs\n%s\nwant\n%s", strings.Join(rec.urls, "\n"), strings.Join(want, "\n"))
	}

	// Explicit endpoints win over BaseURL and keep their own query.
	rec.urls = nil
	c = news.New(news.Config{HTTPClient: &http.Client{Transport: rec}, BaseURL: "http://127.0.0.1:1",
		YahooURL: "http://127.0.0.1:2/feed?region=KR&x=1"})
	_, _ = c.Ticker(ctx, "AAPL")
	_, _ = c.Search(ctx, "AAPL", "en")
	want = []string{
		"http://127.0.0.1:2/feed?lang=en-US&region=US&s=AAPL&x=1",
		"http://127.0.0.1:1/google/rss?ceid=US%3Aen&gl=US&hl=en-US&q=AAPL",
	}
	if strings.Join(rec.urls, "\n") != strings.Join(want, "\n") {
		t.Errorf("mapped URLs\n%s\nwant\n%s", strings.Join(rec.urls, "\n"), strings.Join(want, "\n"))
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	c := news.New(news.Config{BaseURL: srv.URL, Timeout: 50 * time.Millisecond})
	if _, err := c.Ticker(context.Background(), "AAPL"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Search(ctx, "x", "en"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: %v", err)
	}
}
