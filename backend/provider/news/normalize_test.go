package news

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"krmarket/backend/provider/news/newstest"
)

func TestCleanText(t *testing.T) {
	cases := map[string]string{
		"plain":                         "plain",
		"  a \n\t b  ":                  "a b",
		"<p>One</p><p>Two</p>":          "One Two",
		"a <b>bold</b> word":            "a bold word",
		"R&amp;D &lt;3 &#8217; &nbsp;x": "R&D <3 \u2019 x",
		"<script>alert(1)</script>Hi<style>p{}</style>!": "Hi !",
		"line<br/>break":   "line break",
		"<!-- c -->kept":   "kept",
		"bad \xff utf8":    "bad utf8",
		"ctl\x00\x07chars": "ctlchars",
		"3 < 4 and 5 > 4":  "3 < 4 and 5 > 4",
		"":                 "",
		"<a href='x'>":     "",
	}
	for in, want := range cases {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanURL(t *testing.T) {
	for in, want := range map[string]string{
		" https://a.com/x?y=1 ":  "https://a.com/x?y=1",
		"HTTP://A.com":           "HTTP://A.com",
		"javascript:alert(1)":    "",
		"/relative/path":         "",
		"data:text/html,<b>":     "",
		"https://user:pw@a.com/": "",
		"https://a.com/a b":      "",
		"ftp://a.com/x":          "",
	} {
		if got := cleanURL(in); got != want {
			t.Errorf("cleanURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDedupeKeys(t *testing.T) {
	same := []string{
		"https://www.example.com/a/?utm_source=rss&utm_medium=x",
		"https://example.com/a#top",
		"HTTPS://EXAMPLE.COM/a",
		"https://example.com/a?.tsrc=rss",
	}
	for _, u := range same[1:] {
		if urlKey(u) != urlKey(same[0]) {
			t.Errorf("%q and %q differ: %q vs %q", u, same[0], urlKey(u), urlKey(same[0]))
		}
	}
	if urlKey("https://example.com/a?id=1") == urlKey("https://example.com/a?id=2") {
		t.Error("different ids share a key")
	}
	if titleKey("Apple, Inc. rises!") != titleKey("apple inc rises") {
		t.Error("titles differing in case and punctuation should match")
	}
}

func TestComplete(t *testing.T) {
	for doc, want := range map[string]bool{
		"<rss><channel></channel></rss>":           true,
		"<rss><channel></channel></rss >\n\n":      true,
		"<feed></feed><!-- cache hit --> <!--x-->": true,
		"<rdf:RDF></rdf:RDF>":                      true,
		"<rss><channel><item><title>Ap":            false,
		"<rss><channel></channel></rss><!-- open ": false,
		"<feed></feed>--> ":                        false,
	} {
		if got := complete([]byte(doc)); got != want {
			t.Errorf("complete(%q) = %v", doc, got)
		}
	}
}

func TestNormalizeOrderAndDedupe(t *testing.T) {
	t0 := time.Date(2024, 11, 29, 0, 0, 0, 0, time.FixedZone("KST", 9*3600))
	raws := []rawItem{
		{Title: "Old", URL: "https://x.com/1", Published: t0.Add(-time.Hour)},
		{Title: "Undated", URL: "https://x.com/2"},
		{Title: "New", URL: "https://x.com/3", Published: t0},
		{Title: "new!", URL: "https://x.com/4", Published: t0.Add(-time.Minute)},         // same title as "New"
		{Title: "Other", URL: "https://www.x.com/3/", Published: t0.Add(-2 * time.Hour)}, // same link as "New"
		{Title: "  ", URL: "https://x.com/5"},                                            // no title: dropped
		{Title: "Headline - Reuters", Summary: "Headline&nbsp;&nbsp;Reuters", Source: "Reuters", Published: t0.Add(-3 * time.Hour)},
	}
	got := normalize(raws, "Default", 10)
	var titles []string
	for _, it := range got {
		titles = append(titles, it.Title)
	}
	if strings.Join(titles, "|") != "New|Old|Headline|Undated" {
		t.Fatalf("titles %v", titles)
	}
	if got[0].Published.Location() != time.UTC || got[0].Source != "Default" {
		t.Errorf("item 0 %+v", got[0])
	}
	if got[2].Source != "Reuters" || got[2].Summary != "" {
		t.Errorf("google-style item %+v", got[2])
	}
	if n := len(normalize(raws, "", 1)); n != 1 {
		t.Errorf("limit 1 gave %d", n)
	}
	long := normalize([]rawItem{{Title: "t", Summary: strings.Repeat("가", 3000)}}, "", 5)
	if utf8.RuneCountInString(long[0].Summary) != maxSummary || !strings.HasSuffix(long[0].Summary, "…") {
		t.Errorf("summary not cut: %d runes", utf8.RuneCountInString(long[0].Summary))
	}
}

func TestFixEncodingWithContentType(t *testing.T) {
	// No declaration, EUC-KR body, charset in Content-Type.
	body := []byte("<rss><channel><title>\xc7\xd1\xb1\xb9</title></channel></rss>") // 한국
	out, err := fixEncoding(body, "text/xml; charset=euc-kr")
	if err != nil || !strings.Contains(string(out), "한국") {
		t.Fatalf("%v %q", err, out)
	}
	// Without any hint invalid bytes are replaced, not fatal.
	out, err = fixEncoding(body, "text/xml")
	if err != nil || !utf8.Valid(out) {
		t.Fatalf("%v %q", err, out)
	}
}

// FuzzNormalize checks the normaliser's guarantees on arbitrary entries:
// no panic; titles and summaries are single-line valid UTF-8 text without
// control characters or surrounding spaces; links are empty or http(s); no
// two items share a link key or a title key; dated items come newest first
// and before undated ones; at most limit items.
func FuzzNormalize(f *testing.F) {
	f.Add("<b>Title</b> - Src", "<p>Sum&amp;mary</p>", "https://a.com/x?utm_source=1", "Src", int64(1732850000), "title", "", "javascript:x", "", int64(0), 3)
	f.Add("같은 제목", "요약", "https://a.com/1", "", int64(5), "같은 제목!", "<script>x</script>", "https://a.com/2", "연합뉴스", int64(6), 1)
	f.Add("a\x00b", "\xff\xfe", "http://[::1", "", int64(-1), "", "&#0;&#xD800;", "HTTPS://A.COM/1#f", "", int64(1<<40), 0)
	f.Fuzz(func(t *testing.T, t1, s1, u1, src1 string, p1 int64, t2, s2, u2, src2 string, p2 int64, limit int) {
		limit = limit%25 + 1
		if limit <= 0 {
			limit += 25
		}
		raws := []rawItem{
			{Title: t1, Summary: s1, URL: u1, Source: src1, Published: unix(p1)},
			{Title: t2, Summary: s2, URL: u2, Source: src2, Published: unix(p2)},
			{Title: t1 + t2, Summary: s2 + s1, URL: u2, Source: src1, Published: unix(p1 - p2)},
			{Title: t2, Summary: s1, URL: u1, Published: unix(p2)},
		}
		items := normalize(raws, "Default", limit)
		if len(items) > limit {
			t.Fatalf("%d items > limit %d", len(items), limit)
		}
		urls, titles := map[string]bool{}, map[string]bool{}
		for i, it := range items {
			for _, s := range []string{it.Title, it.Summary, it.Source} {
				if !utf8.ValidString(s) || s != strings.TrimSpace(s) || strings.Contains(s, "  ") ||
					strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || (unicode.IsSpace(r) && r != ' ') }) {
					t.Fatalf("item %d bad text %q", i, s)
				}
			}
			if it.Title == "" {
				t.Fatalf("item %d has no title", i)
			}
			if it.URL != "" && cleanURL(it.URL) != it.URL {
				t.Fatalf("item %d bad url %q", i, it.URL)
			}
			if k := urlKey(it.URL); k != "" {
				if urls[k] {
					t.Fatalf("duplicate url %q", it.URL)
				}
				urls[k] = true
			}
			if k := titleKey(it.Title); titles[k] {
				t.Fatalf("duplicate title %q", it.Title)
			} else {
				titles[k] = true
			}
			if i > 0 {
				prev := items[i-1].Published
				if prev.IsZero() && !it.Published.IsZero() || !prev.IsZero() && !it.Published.IsZero() && it.Published.After(prev) {
					t.Fatalf("item %d out of order: %v after %v", i, it.Published, prev)
				}
			}
		}
	})
}

func unix(s int64) time.Time {
	if s%7 == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0)
}

// FuzzParseFeed checks that any body either parses or fails with ErrNotFeed,
// without panicking.
func FuzzParseFeed(f *testing.F) {
	for _, name := range []string{"yahoo_aapl.xml", "google_ko.xml", "atom_ko.xml", "atom_en.xml"} {
		f.Add(newstest.Fixture(name), "text/xml")
	}
	f.Add([]byte(`<?xml version="1.0" encoding="euc-kr"?><rss><channel><item><title>\xc7\xd1</title></item></channel></rss>`), "")
	f.Add([]byte("<html><body>x</body></html>"), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		items, err := parseFeed(body, ctype)
		if err != nil {
			if !errors.Is(err, ErrNotFeed) {
				t.Fatalf("error not ErrNotFeed: %v", err)
			}
			return
		}
		_ = normalize(items, "x", 20)
	})
}
