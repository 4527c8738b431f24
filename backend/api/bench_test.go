package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkKRSignals serves GET /api/kr/signals through the full handler
// (security middleware, routing, dispatcher, JSON) and, in the same run, a
// baseline handler that writes the same bytes; the ratio is the figure.
func BenchmarkKRSignals(b *testing.B) {
	f := newFixture(b)
	req := func() *http.Request {
		r := httptest.NewRequest("GET", "/api/kr/signals", nil)
		r.Host = "127.0.0.1:5001"
		return r
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req())
	body := w.Body.Bytes()
	base := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
	var full, baseline time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		f.h.ServeHTTP(httptest.NewRecorder(), req())
		full += time.Since(t0)
		t0 = time.Now()
		base.ServeHTTP(httptest.NewRecorder(), req())
		baseline += time.Since(t0)
	}
	b.ReportMetric(float64(full.Nanoseconds())/float64(b.N), "ns/req")
	b.ReportMetric(full.Seconds()/baseline.Seconds(), "x-vs-static")
}
