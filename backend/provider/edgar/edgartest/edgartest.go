// Package edgartest is a fake SEC EDGAR for tests: it serves
// /files/company_tickers.json and /submissions/CIK##########.json from
// fixtures in SEC's real JSON shapes (Apple and Microsoft submissions, a
// dozen tickers), answers 403 like SEC to requests whose User-Agent has no
// e-mail address, records every request for rate checks, and injects
// failures on demand.
package edgartest

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

//go:embed fixtures/*.json
var fixtures embed.FS

// Paths served.
const TickersPath = "/files/company_tickers.json"

// SubmissionsPath returns the submissions path of cik.
func SubmissionsPath(cik int64) string { return fmt.Sprintf("/submissions/CIK%010d.json", cik) }

// CIKs with a submissions fixture.
const (
	AppleCIK     = 320193
	MicrosoftCIK = 789019
)

// Fixture returns an embedded fixture by file name ("company_tickers.json",
// "CIK0000320193.json", "CIK0000789019.json").
func Fixture(name string) []byte {
	b, err := fixtures.ReadFile("fixtures/" + name)
	if err != nil {
		panic("edgartest: no fixture " + name)
	}
	return b
}

// Failure is an injected fault.
type Failure int

// Failures.
const (
	TooManyRequests Failure = iota + 1 // 429 with Retry-After (see SetRetryAfter)
	Forbidden                          // 403 with Retry-After, as SEC's rate block
	ServerError                        // 500
	Truncated                          // 200 with the body cut in half
	MissingColumn                      // submissions without the "form" column
	Ragged                             // submissions with "primaryDocument" one entry short
)

// Request is one request the server received.
type Request struct {
	Path      string
	UserAgent string
	Time      time.Time
}

// Server is the fake. Create it with New and Close it when done.
type Server struct {
	*httptest.Server

	mu         sync.Mutex
	reqs       []Request
	fail       map[string][]Failure // path → faults for the next requests, in order
	bodies     map[string][]byte    // path → document
	retryAfter string
}

// New starts a fake EDGAR with the embedded fixtures.
func New() *Server {
	s := &Server{fail: map[string][]Failure{}, bodies: map[string][]byte{}, retryAfter: "1"}
	s.bodies[TickersPath] = Fixture("company_tickers.json")
	s.bodies[SubmissionsPath(AppleCIK)] = Fixture("CIK0000320193.json")
	s.bodies[SubmissionsPath(MicrosoftCIK)] = Fixture("CIK0000789019.json")
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// SetBody replaces or adds the document served at path.
func (s *Server) SetBody(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies[path] = body
}

// SetRetryAfter sets the Retry-After header sent with 429 and 403 faults
// ("" for none). The default is "1".
func (s *Server) SetRetryAfter(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retryAfter = v
}

// Fail makes the next n requests to path fail with f (after any faults
// already queued there).
func (s *Server) Fail(path string, f Failure, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.fail[path] = append(s.fail[path], f)
	}
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count returns how many requests were made to path.
func (s *Server) Count(path string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// MaxInWindow returns the largest number of requests received within any
// window of length d.
func (s *Server) MaxInWindow(d time.Duration) int {
	rs := s.Requests()
	best := 0
	for i := range rs {
		n := 0
		for j := i; j < len(rs) && rs[j].Time.Sub(rs[i].Time) < d; j++ {
			n++
		}
		best = max(best, n)
	}
	return best
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	ua := r.Header.Get("User-Agent")
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Path: r.URL.Path, UserAgent: ua, Time: time.Now()})
	var f Failure
	if q := s.fail[r.URL.Path]; len(q) > 0 {
		f, s.fail[r.URL.Path] = q[0], q[1:]
	}
	body, ok := s.bodies[r.URL.Path]
	retryAfter := s.retryAfter
	s.mu.Unlock()

	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !strings.Contains(ua, "@") {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><body><h1>Your Request Originates from an Undeclared Automated Tool</h1><p>Please declare your traffic by updating your user agent to include company specific information.</p></body></html>")
		return
	}
	switch f {
	case TooManyRequests, Forbidden:
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		code := http.StatusTooManyRequests
		if f == Forbidden {
			code = http.StatusForbidden
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprint(w, "<html><body><h1>Request Rate Threshold Exceeded</h1></body></html>")
		return
	case ServerError:
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	}
	if !ok {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>")
		return
	}
	switch f {
	case Truncated:
		body = body[:len(body)/2]
	case MissingColumn:
		body = editRecent(body, func(rec map[string]any) { delete(rec, "form") })
	case Ragged:
		body = editRecent(body, func(rec map[string]any) {
			if d, ok := rec["primaryDocument"].([]any); ok && len(d) > 0 {
				rec["primaryDocument"] = d[:len(d)-1]
			}
		})
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// editRecent applies edit to filings.recent of a submissions document.
func editRecent(body []byte, edit func(map[string]any)) []byte {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return body
	}
	if fs, ok := doc["filings"].(map[string]any); ok {
		if rec, ok := fs["recent"].(map[string]any); ok {
			edit(rec)
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}
