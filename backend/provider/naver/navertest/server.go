// Package navertest is a fake Naver Finance investor page server for tests:
// EUC-KR pages generated from a programmable series per code, pagination
// like Naver's (20 rows a page, pages past the last repeat the last one),
// latency, and failure injection.
package navertest

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is a failure the server can inject.
type Kind int

// Failures.
const (
	Status500         Kind = iota + 1 // HTTP 500 with a short body
	UTF8LabelledEUCKR                 // UTF-8 bytes, Content-Type says EUC-KR
	EUCKRLabelledUTF8                 // EUC-KR bytes, Content-Type says UTF-8
	EmptyTable                        // the page with no rows, as for an unknown code
	Truncated                         // the first half of the page, Content-Length matching
	ShortBody                         // Content-Length of the whole page, half sent, connection cut
	Login                             // 200 with LoginPage
	Redirect                          // 302 to Naver's login
	BadNumber                         // the second row's foreign net buying reads "1,2x4"
)

// Failure selects requests to fail. Zero Code or Page match any; Times is
// how many matching requests fail (0 = all of them).
type Failure struct {
	Kind  Kind
	Code  string
	Page  int
	Times int
}

// Request is one request the server received.
type Request struct {
	Code string
	Page int
	At   time.Time
}

// Server is a fake finance.naver.com serving /item/frgn.naver. Use its
// URL as naver.Config.BaseURL. Codes without a series get an empty table.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	series   map[string][]Day // oldest first
	perPage  int
	latency  time.Duration
	failures []*Failure
	requests []Request
}

// New starts a server. Close it when done.
func New() *Server {
	s := &Server{series: map[string][]Day{}, perPage: 20}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Set sets the series of a code, oldest first.
func (s *Server) Set(code string, days []Day) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.series[code] = slices.Clone(days)
}

// SetRowsPerPage changes the page size (default 20).
func (s *Server) SetRowsPerPage(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perPage = max(1, n)
}

// SetLatency delays every response by d (or until the client gives up).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Inject adds a failure; the first matching one applies to a request.
func (s *Server) Inject(f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &f)
}

// Requests returns the requests received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *Server) take(code string, page int) Kind {
	for i, f := range s.failures {
		if (f.Code != "" && f.Code != code) || (f.Page != 0 && f.Page != page) {
			continue
		}
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				s.failures = slices.Delete(s.failures, i, i+1)
			}
		}
		return f.Kind
	}
	return 0
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/item/frgn.naver" {
		http.NotFound(w, r)
		return
	}
	code := r.URL.Query().Get("code")
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)

	s.mu.Lock()
	s.requests = append(s.requests, Request{Code: code, Page: page, At: time.Now()})
	fail := s.take(code, page)
	series, perPage, latency := s.series[code], s.perPage, s.latency
	s.mu.Unlock()

	if latency > 0 {
		t := time.NewTimer(latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	switch fail {
	case Status500:
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	case Redirect:
		http.Redirect(w, r, "https://nid.naver.com/nidlogin.login?mode=form&url=https%3A%2F%2Ffinance.naver.com", http.StatusFound)
		return
	case Login:
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		_, _ = w.Write([]byte(LoginPage))
		return
	}

	// Pages past the last repeat the last, as Naver does.
	last := max(1, (len(series)+perPage-1)/perPage)
	page = min(page, last)
	var rows []Day
	if fail != EmptyTable {
		newest := len(series) - (page-1)*perPage
		for i := newest - 1; i >= max(0, newest-perPage); i-- {
			rows = append(rows, series[i])
		}
	}
	text := RenderPage(code, rows, page, last)
	if fail == BadNumber && len(rows) >= 2 {
		// The seventh cell of the second row: foreign net buying.
		at := strings.Index(text, rows[1].Date.Format("2006.01.02"))
		head, tail := text[:at], text[at:]
		for range 6 {
			tail = tail[strings.Index(tail, "<td")+3:]
			head = text[:len(text)-len(tail)]
		}
		end := strings.Index(tail, "</td>")
		text = head + ` class="num"><span class="tah p11">1,2x4</span>` + tail[end:]
	}

	ctype, body := "text/html;charset=EUC-KR", EncodeEUCKR(text)
	switch fail {
	case UTF8LabelledEUCKR:
		body = []byte(text)
	case EUCKRLabelledUTF8:
		ctype = "text/html; charset=UTF-8"
	case Truncated:
		body = body[:len(body)/2]
	}
	w.Header().Set("Content-Type", ctype)
	if fail == ShortBody {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body[:len(body)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler) // cut the connection mid-body
	}
	_, _ = w.Write(body)
}
