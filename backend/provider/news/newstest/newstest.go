// Package newstest is a fake news feed server for tests. It answers
// /yahoo/rss?s=KEY and /google/rss?q=KEY (the paths news.Config.BaseURL
// maps to) with the scenario registered under KEY: real-shaped RSS 2.0 and
// Atom fixtures in English and Korean, and failures (HTTP 500, an HTML page,
// truncated XML, wrong or unknown encoding declarations, an empty feed, an
// empty body). Unknown keys get a valid feed with no items, as Yahoo gives
// for unknown tickers.
package newstest

import (
	"bytes"
	"embed"
	"html"
	"net/http"
	"net/http/httptest"
	"sync"

	"golang.org/x/text/encoding/korean"
)

//go:embed fixtures/*.xml
var fixtures embed.FS

// Fixture returns an embedded fixture by file name.
func Fixture(name string) []byte {
	b, err := fixtures.ReadFile("fixtures/" + name)
	if err != nil {
		panic("newstest: no fixture " + name)
	}
	return b
}

// Scenario keys, usable as a ticker (Yahoo) or a query (Google).
const (
	KeyYahooEnglish = "AAPL"            // Yahoo RSS 2.0, English (duplicates, HTML, undated and javascript: items)
	KeyAtomKorean   = "005930.KS"       // Atom, Korean (a duplicate by title, entry <source>)
	KeyGoogleKorean = "삼성전자"            // Google News RSS, Korean (<source>, " - publisher" titles)
	KeyAtomEnglish  = "NVIDIA earnings" // Atom, English, xhtml summary, trailing comment
	Key500          = "FAIL500"         // HTTP 500
	KeyHTML         = "HTMLPAGE"        // 200 text/html consent page
	KeyTruncated    = "TRUNCATED"       // the Yahoo fixture cut mid-item
	KeyLatin1Decl   = "LATIN1DECL"      // declares ISO-8859-1, body is UTF-8 Korean
	KeyEUCKR        = "EUCKR"           // declares and really is EUC-KR
	KeyBogusUTF8    = "BOGUSDECL"       // declares an unknown encoding, body is UTF-8
	KeyBogusBinary  = "BOGUSBIN"        // declares an unknown encoding, body is EUC-KR
	KeyEmptyFeed    = "EMPTYFEED"       // a valid channel with no items
	KeyEmptyBody    = "EMPTYBODY"       // 200 with no body
	KeyJSON         = "JSONBODY"        // 200 application/json error object
)

// Response is what the server sends for a key.
type Response struct {
	Status      int // 0 = 200
	ContentType string
	Body        []byte
}

// Request is one request received.
type Request struct {
	Path, Key, RawQuery, UserAgent string
}

// Server is the fake. Create it with New and Close it when done.
type Server struct {
	*httptest.Server

	mu        sync.Mutex
	scenarios map[string]Response
	reqs      []Request
}

const rssType = "application/rss+xml; charset=utf-8"

// koreanRSS is a small Korean RSS body with the given XML declaration.
func koreanRSS(decl string) []byte {
	return []byte(decl + `<rss version="2.0"><channel><title>한경 증권</title>` +
		`<item><title>코스닥, 개인 매도에 1% 하락</title><link>https://www.hankyung.com/article/2024112912345</link>` +
		`<pubDate>Fri, 29 Nov 2024 15:40:00 +0900</pubDate><description>코스닥 지수가 개인 매도에 밀렸다.</description></item>` +
		`</channel></rss>`)
}

// New starts the fake with the default scenarios.
func New() *Server {
	yahoo := Fixture("yahoo_aapl.xml")
	euckr, err := korean.EUCKR.NewEncoder().Bytes(koreanRSS(`<?xml version="1.0" encoding="EUC-KR"?>`))
	if err != nil {
		panic(err)
	}
	bogusBin := bytes.Replace(euckr, []byte("EUC-KR"), []byte("x-klingon"), 1)
	s := &Server{scenarios: map[string]Response{
		KeyYahooEnglish: {ContentType: "text/xml;charset=utf-8", Body: yahoo},
		KeyAtomKorean:   {ContentType: "application/atom+xml", Body: Fixture("atom_ko.xml")},
		KeyGoogleKorean: {ContentType: "application/xml; charset=utf-8", Body: Fixture("google_ko.xml")},
		KeyAtomEnglish:  {ContentType: "application/atom+xml; charset=utf-8", Body: Fixture("atom_en.xml")},
		Key500:          {Status: 500, ContentType: "text/html", Body: []byte("<html><body>Internal Server Error</body></html>")},
		KeyHTML: {ContentType: "text/html; charset=utf-8", Body: []byte(`<!DOCTYPE html><html lang="en"><head><title>Before you continue</title></head>` +
			`<body><form action="https://consent.yahoo.com/v2/collectConsent"><button>Accept all</button></form></body></html>`)},
		KeyTruncated:   {ContentType: rssType, Body: yahoo[:bytes.Index(yahoo, []byte("Morgan Stanley keeps"))]},
		KeyLatin1Decl:  {ContentType: "text/xml", Body: koreanRSS(`<?xml version="1.0" encoding="ISO-8859-1"?>`)},
		KeyEUCKR:       {ContentType: "text/xml", Body: euckr},
		KeyBogusUTF8:   {ContentType: "text/xml", Body: koreanRSS(`<?xml version="1.0" encoding="x-klingon"?>`)},
		KeyBogusBinary: {ContentType: "text/xml", Body: bogusBin},
		KeyEmptyFeed: {ContentType: rssType, Body: []byte(`<?xml version="1.0" encoding="UTF-8"?>` +
			`<rss version="2.0"><channel><title>Yahoo! Finance: ZZZZ News</title><description>Latest Financial News for ZZZZ</description></channel></rss>`)},
		KeyEmptyBody: {ContentType: rssType},
		KeyJSON:      {ContentType: "application/json", Body: []byte(`{"error":{"code":"Not Found","description":"No data"}}`)},
	}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Set registers or replaces the response for key.
func (s *Server) Set(key string, r Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scenarios[key] = r
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	var key string
	switch r.URL.Path {
	case "/yahoo/rss":
		key = r.URL.Query().Get("s")
	case "/google/rss":
		key = r.URL.Query().Get("q")
	default:
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Path: r.URL.Path, Key: key, RawQuery: r.URL.RawQuery, UserAgent: r.UserAgent()})
	resp, ok := s.scenarios[key]
	s.mu.Unlock()
	if !ok {
		resp = Response{ContentType: rssType, Body: []byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>` +
			html.EscapeString(key) + `</title></channel></rss>`)}
	}
	if resp.ContentType != "" {
		w.Header().Set("Content-Type", resp.ContentType)
	}
	if resp.Status != 0 {
		w.WriteHeader(resp.Status)
	}
	_, _ = w.Write(resp.Body)
}
