package llm

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestExtractJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a":1}`, `{"a":1}`},
		{"Sure!\n```json\n{\"action\":\"BUY\",\"n\":{\"x\":[1,2]}}\n```\nbye {", `{"action":"BUY","n":{"x":[1,2]}}`},
		{`text {"s":"brace } inside \" quote {"} tail}`, `{"s":"brace } inside \" quote {"}`},
		{`{broken {"ok":true}`, `{"ok":true}`}, // first '{' never balances validly; the next one does
		{`{not json} then {"b":2}`, `{"b":2}`}, // balanced but invalid block is skipped
		{`{"a":1} {"b":2}`, `{"a":1}`},         // the first block wins
		{`{"k":"한글 값"}`, `{"k":"한글 값"}`},       // UTF-8
		{`no object here`, ``},
		{`{"unterminated": "x`, ``},
		{`}{`, ``},
		{``, ``},
	} {
		got, ok := ExtractJSON(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("ExtractJSON(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func TestExtractJSONBoundedWork(t *testing.T) {
	// 100k unbalanced '{' would be quadratic without the start limit.
	start := time.Now()
	if _, ok := ExtractJSON(strings.Repeat("{", 100_000)); ok {
		t.Fatal("found a block in pure braces")
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("took %s", el)
	}
}

func FuzzExtractJSON(f *testing.F) {
	for _, s := range []string{`{"a":1}`, "x```json\n{\"b\":[1,{\"c\":\"}\"}]}\n```", `{"s":"\\"}`, `{{}}`, `{"a":}`, "{\"k\":\"\xff\"}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ExtractJSON(s)
		if !ok {
			if got != "" {
				t.Fatalf("not ok but %q", got)
			}
			return
		}
		if !strings.Contains(s, got) || !strings.HasPrefix(got, "{") || !strings.HasSuffix(got, "}") || !json.Valid([]byte(got)) {
			t.Fatalf("bad block %q from %q", got, s)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(got), &m); err != nil {
			t.Fatalf("block %q is not an object: %v", got, err)
		}
		// A text that is one JSON object comes back whole.
		if tr := strings.TrimSpace(s); strings.HasPrefix(tr, "{") && json.Valid([]byte(tr)) && len(tr) <= maxExtractInput {
			if obj, ok := answerObject(s); !ok || string(obj) != tr {
				t.Fatalf("answerObject(%q) = %q", s, obj)
			}
		}
	})
}

func TestRetryAfter(t *testing.T) {
	gem := []byte(`{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure"},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"13s"}]}}`)
	for _, c := range []struct {
		h    string
		body []byte
		want time.Duration
	}{
		{"7", nil, 7 * time.Second},
		{"", gem, 13 * time.Second},
		{"2", gem, 2 * time.Second}, // the header wins
		{"soon", []byte("not json"), 0},
		{"-1", nil, 0},
	} {
		if got := retryAfter(c.h, c.body); got != c.want {
			t.Errorf("retryAfter(%q, %s) = %s; want %s", c.h, c.body, got, c.want)
		}
	}
}

func TestStatusKind(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   string
	}{
		{429, `{"error":{"code":"rate_limit_exceeded"}}`, KindRateLimited},
		{429, `{"error":{"code":"insufficient_quota"}}`, KindQuota},
		{429, `{"error":{"details":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}}`, KindQuota},
		{401, ``, KindAuth},
		{403, ``, KindAuth},
		{400, `{"error":{"details":[{"reason":"API_KEY_INVALID"}]}}`, KindAuth},
		{400, `{"error":{"message":"bad"}}`, KindBadRequest},
		{404, ``, KindNotFound},
		{408, ``, KindTimeout},
		{504, ``, KindTimeout},
		{502, ``, KindServer},
		{422, ``, KindBadRequest},
	} {
		if got := statusKind(c.status, []byte(c.body)); got != c.want {
			t.Errorf("statusKind(%d, %s) = %s; want %s", c.status, c.body, got, c.want)
		}
	}
}
