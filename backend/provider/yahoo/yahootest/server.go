// Package yahootest is an in-process fake of Yahoo Finance (an httptest
// server) for unit tests, end-to-end tests and benchmarks. It answers in
// Yahoo's formats, enforces the cookie + crumb session, serves programmable
// price series, counts requests per endpoint and injects failures.
//
// One server stands in for all of Yahoo's hosts, with the same mapping as
// yahoo.Config.BaseURL (the path is kept):
//
//	query1/query2.finance.yahoo.com/P      -> URL/P
//	    /v1/test/getcrumb                     text/plain crumb (needs the A3 cookie)
//	    /v8/finance/chart/{symbol}            chart v8 (period1, period2, interval, events=div)
//	    /v7/finance/quote?symbols=A,B         quote v7
//	    /v7/finance/options/{symbol}          options v7 (date=, straddle=true)
//	    /v10/finance/quoteSummary/{symbol}    quoteSummary v10 (modules=)
//	fc.yahoo.com/P                         -> URL/fc/P       404 + Set-Cookie A3 (as the real host)
//	finance.yahoo.com/P                    -> URL/www/P      200 HTML + Set-Cookie A3
//	guce.yahoo.com/P, consent.yahoo.com/P  -> URL/consent/P  EU consent:
//	    GET  /consent/consent                 form with csrfToken and sessionId
//	    POST /consent/v2/collectConsent?sessionId=  (agree, csrfToken, sessionId) sets EuConsent
//	    GET  /consent/copyConsent?sessionId=  sets A3
//
// Data endpoints answer 401 "Invalid Cookie"/"Invalid Crumb" unless the
// request carries an A3 cookie the fake issued and the crumb it issued for
// that cookie (WithoutAuth turns this off). Crumbs contain '/' and '+', so
// a client that does not URL-encode them fails. RotateCrumb invalidates all
// crumbs, forcing clients to refresh their session.
//
// A symbol is known once it has bars (SetBars), info or anything else set;
// unknown symbols answer 404 {"chart":{"result":null,"error":{"code":"Not
// Found",...}}} (and the same shape on options and quoteSummary) and are
// absent from quote answers.
package yahootest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"html"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL: pass it as yahoo.Config.BaseURL.
	URL string

	srv       *httptest.Server
	closing   chan struct{}
	closeOnce sync.Once

	mu        sync.Mutex
	latency   time.Duration
	noAuth    bool
	symbols   map[string]*symbolData // by upper-case symbol
	faults    []*armed
	counts    map[Endpoint]int
	requests  []Request
	a3        map[string]bool   // issued A3 values
	crumbFor  map[string]string // A3 -> crumb of the current generation
	crumbs    []string          // every crumb issued
	consents  map[string]string // consent sessionId -> csrfToken
	consented map[string]bool   // consent sessionIds that agreed
}

// Request is one logged request.
type Request struct {
	Endpoint Endpoint
	Method   string
	Path     string
	Query    url.Values
	Header   http.Header
	At       time.Time
}

// maxLog bounds the request log.
const maxLog = 10000

// Option configures NewServer.
type Option func(*Server)

// WithLatency delays every answer by d.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = d } }

// WithFault arms a fault from the start.
func WithFault(f Fault) Option { return func(s *Server) { s.injectLocked(f) } }

// WithoutAuth makes the data endpoints answer without cookie or crumb (a
// baseline for benchmarks).
func WithoutAuth() Option { return func(s *Server) { s.noAuth = true } }

// NewServer starts a fake and closes it when t ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	s := Start(opts...)
	t.Cleanup(s.Close)
	return s
}

// Start is NewServer for callers without a testing.TB (benchmarks in the
// krmarket binary); the caller must Close it.
func Start(opts ...Option) *Server {
	s := &Server{
		closing:   make(chan struct{}),
		symbols:   map[string]*symbolData{},
		counts:    map[Endpoint]int{},
		a3:        map[string]bool{},
		crumbFor:  map[string]string{},
		consents:  map[string]string{},
		consented: map[string]bool{},
	}
	for _, o := range opts {
		o(s)
	}
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	return s
}

func (s *Server) injectLocked(f Fault) {
	left := f.Times
	if left <= 0 {
		left = -1
	}
	s.faults = append(s.faults, &armed{Fault: f, left: left})
}

// Close stops the server; hanging handlers return at once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.srv.Close()
	})
}

// SetLatency changes the delay added to every answer.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}

// Count returns the number of requests to ep so far.
func (s *Server) Count(ep Endpoint) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[ep]
}

// Counts returns a copy of the per-endpoint request counts.
func (s *Server) Counts() map[Endpoint]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[Endpoint]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts zeroes the counts and the request log.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	s.counts = map[Endpoint]int{}
	s.requests = nil
	s.mu.Unlock()
}

// Requests returns the logged requests (the last 10,000), optionally only
// those to the given endpoints.
func (s *Server) Requests(eps ...Endpoint) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if len(eps) == 0 || containsEP(eps, r.Endpoint) {
			out = append(out, r)
		}
	}
	return out
}

func containsEP(eps []Endpoint, ep Endpoint) bool {
	for _, e := range eps {
		if e == ep {
			return true
		}
	}
	return false
}

// RotateCrumb invalidates every crumb issued so far (cookies stay valid):
// the next data request of each client gets 401 "Invalid Crumb".
func (s *Server) RotateCrumb() {
	s.mu.Lock()
	s.crumbFor = map[string]string{}
	s.mu.Unlock()
}

// Crumbs returns every crumb issued (to check that none leaks).
func (s *Server) Crumbs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.crumbs...)
}

// Cookies returns every A3 cookie value issued (to check that none leaks).
func (s *Server) Cookies() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.a3))
	for v := range s.a3 {
		out = append(out, v)
	}
	return out
}

// ServeHTTP routes a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ep, h := s.route(r.URL.Path)
	s.mu.Lock()
	s.counts[ep]++
	if len(s.requests) >= maxLog {
		s.requests = append(s.requests[:0:0], s.requests[len(s.requests)-maxLog/2:]...)
	}
	s.requests = append(s.requests, Request{Endpoint: ep, Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), At: time.Now()})
	lat := s.latency
	s.mu.Unlock()
	if lat > 0 && !s.wait(r, lat) {
		return
	}
	if s.generic(w, r, ep) {
		return
	}
	h(w, r)
}

func (s *Server) route(p string) (Endpoint, http.HandlerFunc) {
	switch {
	case p == "/fc" || strings.HasPrefix(p, "/fc/"):
		return EndpointCookie, func(w http.ResponseWriter, r *http.Request) { s.cookiePage(w, r, EndpointCookie) }
	case p == "/www" || strings.HasPrefix(p, "/www/"):
		return EndpointHome, func(w http.ResponseWriter, r *http.Request) { s.cookiePage(w, r, EndpointHome) }
	case p == "/consent/consent":
		return EndpointConsent, s.consentPage
	case p == "/consent/v2/collectConsent":
		return EndpointConsent, s.collectConsent
	case p == "/consent/copyConsent":
		return EndpointConsent, s.copyConsent
	case p == "/v1/test/getcrumb":
		return EndpointCrumb, s.getCrumb
	case strings.HasPrefix(p, "/v8/finance/chart/"):
		return EndpointChart, s.data(EndpointChart, s.chart)
	case p == "/v7/finance/quote":
		return EndpointQuote, s.data(EndpointQuote, s.quote)
	case strings.HasPrefix(p, "/v7/finance/options/"):
		return EndpointOptions, s.data(EndpointOptions, s.options)
	case strings.HasPrefix(p, "/v10/finance/quoteSummary/"):
		return EndpointSummary, s.data(EndpointSummary, s.summary)
	}
	return EndpointOther, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, envelope("finance", nil, "Not Found", "HTTP 404 Not Found"))
	}
}

// wait sleeps d; false if the request or the server ended first.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}

// generic applies the failures that replace any answer.
func (s *Server) generic(w http.ResponseWriter, r *http.Request, ep Endpoint) bool {
	f := s.take(ep, Fail429, Fail500, FailHang, FailWrongContentType, FailInvalidCrumb)
	if f == nil {
		return false
	}
	switch f.Failure {
	case Fail429:
		ra := f.RetryAfter
		if ra == "" {
			ra = "1"
		}
		w.Header().Set("Retry-After", ra)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, "Edge: Too Many Requests")
	case Fail500:
		writeJSON(w, http.StatusInternalServerError, envelope("finance", nil, "internal-error",
			"Internal error while serving "+r.URL.RequestURI()))
	case FailHang:
		s.wait(r, 2*time.Minute)
	case FailWrongContentType:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Yahoo</title></head><body>Will be right back...</body></html>")
	case FailInvalidCrumb:
		writeJSON(w, http.StatusUnauthorized, envelope("finance", nil, "Unauthorized", "Invalid Crumb"))
	}
	return true
}

// data wraps a data endpoint: session check, empty result, truncation.
func (s *Server) data(ep Endpoint, h func(r *http.Request) (int, any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if desc := s.authError(r); desc != "" {
			writeJSON(w, http.StatusUnauthorized, envelope("finance", nil, "Unauthorized", desc))
			return
		}
		if s.take(ep, FailEmptyResult) != nil {
			writeJSON(w, http.StatusOK, envelope(envelopeKey(ep), []any{}, "", ""))
			return
		}
		status, body := h(r)
		if s.take(ep, FailTruncated) != nil {
			b, _ := json.Marshal(body)
			w.Header().Set("Content-Type", "application/json;charset=utf-8")
			w.WriteHeader(status)
			w.Write(b[:len(b)/2])
			return
		}
		writeJSON(w, status, body)
	}
}

func envelopeKey(ep Endpoint) string {
	switch ep {
	case EndpointChart:
		return "chart"
	case EndpointQuote:
		return "quoteResponse"
	case EndpointOptions:
		return "optionChain"
	case EndpointSummary:
		return "quoteSummary"
	}
	return "finance"
}

// envelope builds {key: {"result": result, "error": null | {code, description}}}.
func envelope(key string, result any, code, desc string) map[string]any {
	var e any
	if code != "" {
		e = map[string]string{"code": code, "description": desc}
	}
	return map[string]any{key: map[string]any{"result": result, "error": e}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// authError is "" if the request carries an issued A3 cookie and its crumb.
func (s *Server) authError(r *http.Request) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noAuth {
		return ""
	}
	a3 := ""
	if c, err := r.Cookie("A3"); err == nil && s.a3[c.Value] {
		a3 = c.Value
	}
	if a3 == "" {
		return "Invalid Cookie"
	}
	if crumb := r.URL.Query().Get("crumb"); crumb == "" || crumb != s.crumbFor[a3] {
		return "Invalid Crumb"
	}
	return ""
}

// --- session endpoints ---------------------------------------------------

// cookiePage is fc.yahoo.com (404) or finance.yahoo.com (200): both set A3.
func (s *Server) cookiePage(w http.ResponseWriter, r *http.Request, ep Endpoint) {
	if _, err := r.Cookie("EuConsent"); err != nil && s.take(ep, FailEUConsent) != nil {
		http.Redirect(w, r, "/consent/consent?brandType=eu&done="+url.QueryEscape(s.URL+r.URL.Path), http.StatusFound)
		return
	}
	if s.take(ep, FailNoA3) == nil {
		s.setA3(w)
	}
	http.SetCookie(w, &http.Cookie{Name: "B", Value: token(12), Path: "/"})
	status := http.StatusOK
	if ep == EndpointCookie {
		status = http.StatusNotFound
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, "<!DOCTYPE html><html><body>Yahoo</body></html>")
}

func (s *Server) setA3(w http.ResponseWriter) {
	v := "d=AQABBA" + token(24) + "&S=AQAAA" + token(16)
	s.mu.Lock()
	s.a3[v] = true
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "A3", Value: v, Path: "/", HttpOnly: true, MaxAge: 365 * 86400})
}

func (s *Server) consentPage(w http.ResponseWriter, r *http.Request) {
	sid, csrf := "3_cc-session_"+token(16), token(20)
	s.mu.Lock()
	s.consents[sid] = csrf
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><html><body><form method="post" class="consent-form" action="/consent/v2/collectConsent?sessionId=%[1]s">
<input type="hidden" name="csrfToken" value="%[2]s">
<input type="hidden" name="sessionId" value="%[1]s">
<input type="hidden" name="originalDoneUrl" value="https://finance.yahoo.com/">
<input type="hidden" name="namespace" value="yahoo">
<button type="submit" class="btn accept-all" name="agree" value="agree">Accept all</button>
</form></body></html>`, html.EscapeString(sid), html.EscapeString(csrf))
}

func (s *Server) collectConsent(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		http.Error(w, "bad consent request", http.StatusBadRequest)
		return
	}
	sid := r.URL.Query().Get("sessionId")
	s.mu.Lock()
	ok := sid != "" && r.PostForm.Get("sessionId") == sid && s.consents[sid] != "" &&
		r.PostForm.Get("csrfToken") == s.consents[sid] && r.PostForm.Get("agree") == "agree" &&
		r.PostForm.Get("namespace") == "yahoo"
	if ok {
		s.consented[sid] = true
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "consent rejected", http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "EuConsent", Value: token(16), Path: "/", MaxAge: 365 * 86400})
	http.Redirect(w, r, "/consent/copyConsent?sessionId="+url.QueryEscape(sid), http.StatusFound)
}

func (s *Server) copyConsent(w http.ResponseWriter, r *http.Request) {
	sid := r.URL.Query().Get("sessionId")
	s.mu.Lock()
	ok := s.consented[sid]
	s.mu.Unlock()
	if !ok {
		http.Error(w, "no consent for this session", http.StatusBadRequest)
		return
	}
	s.setA3(w)
	http.Redirect(w, r, "/www/", http.StatusFound)
}

func (s *Server) getCrumb(w http.ResponseWriter, r *http.Request) {
	if f := s.take(EndpointCrumb, FailCrumbHTML, FailCrumbTooMany); f != nil {
		if f.Failure == FailCrumbHTML {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<html><head><title>Yahoo</title></head><body>Sorry</body></html>")
			return
		}
		w.Header().Set("Content-Type", "text/plain;charset=utf-8")
		fmt.Fprint(w, "Too Many Requests")
		return
	}
	c, err := r.Cookie("A3")
	s.mu.Lock()
	if err != nil || !s.a3[c.Value] {
		s.mu.Unlock()
		writeJSON(w, http.StatusUnauthorized, envelope("finance", nil, "Unauthorized", "Invalid Cookie"))
		return
	}
	crumb := s.crumbFor[c.Value]
	if crumb == "" {
		crumb = token(4) + "/" + token(3) + "+" + token(3)
		s.crumbFor[c.Value] = crumb
		s.crumbs = append(s.crumbs, crumb)
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain;charset=utf-8")
	fmt.Fprint(w, crumb)
}

// token returns n random alphanumerics.
func token(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}
