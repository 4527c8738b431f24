package api

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Any path under /api/ answers with a JSON status below 500 and never
// reaches the file system.
func FuzzAPIPath(f *testing.F) {
	for _, s := range []string{"kr/stock-chart/005930", "kr/stock-chart/..%2F..%2Fetc%2Fpasswd", "kr/stock-chart/%00", "kr//signals", "kr/stock-chart/%zz", "health/../../x", "openapi.json"} {
		f.Add(s)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, p string) {
		if strings.ContainsAny(p, " ?#\r\n\t") || !utf8ish(p) {
			return
		}
		target := "/api/" + p
		if _, err := url.ParseRequestURI(target); err != nil {
			return
		}
		r := httptest.NewRequest("GET", target, nil)
		r.Host = "127.0.0.1:5001"
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("%s → %d %s", target, w.Code, w.Body)
		}
		if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s → non-JSON %q", target, w.Header().Get("Content-Type"))
		}
	})
}

func utf8ish(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// Any POST body gets 200 or a 4xx JSON error, never a 500.
func FuzzSettingsBody(f *testing.F) {
	for _, s := range []string{`{"theme":"light"}`, `{}`, `[]`, `null`, `{"theme":1}`, `{"theme":"dark"} {}`, "\x00", `{"language":"ko","theme":"dark"}`} {
		f.Add(s)
	}
	fx := newFixture(f)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/settings", strings.NewReader(body))
		r.Host = "127.0.0.1:5001"
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+testToken)
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("body %q → %d %s", body, w.Code, w.Body)
		}
	})
}
