package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"krmarket/backend/llm"
	"krmarket/backend/llm/llmtest"
)

const (
	openAIKey = "sk-test-0123456789abcdefOPENAI"
	geminiKey = "AIzaTest0123456789abcdefGEMINI"
)

var schema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"action":     map[string]any{"type": "string", "enum": []string{"BUY", "HOLD", "SELL"}},
		"confidence": map[string]any{"type": "integer"},
		"reason":     map[string]any{"type": "string"},
	},
	"required":             []string{"action", "confidence", "reason"},
	"additionalProperties": false,
}

func request() llm.Request {
	return llm.Request{System: "너는 한국 주식 애널리스트다. JSON으로 답하라.", Prompt: "종목: 삼성전자(005930)", SchemaName: "stock verdict!", Schema: schema}
}

func opts(url, key string) llm.Options {
	return llm.Options{BaseURL: url, Model: "test-model", Key: key, Timeout: 2 * time.Second, Backoff: time.Millisecond}
}

type verdict struct {
	Action     string `json:"action"`
	Confidence int    `json:"confidence"`
	Reason     string `json:"reason"`
}

func decode(t *testing.T, raw json.RawMessage) verdict {
	t.Helper()
	var v verdict
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("answer %s: %v", raw, err)
	}
	return v
}

func kind(t *testing.T, err error, want string) *llm.Error {
	t.Helper()
	var e *llm.Error
	if !errors.As(err, &e) || e.Kind != want {
		t.Fatalf("error %v, want kind %s", err, want)
	}
	return e
}

func TestOpenAISuccessRequestShape(t *testing.T) {
	srv := llmtest.NewOpenAI(openAIKey)
	defer srv.Close()
	srv.Answer(func(llmtest.Request) string {
		return llmtest.Verdict("SELL", 64, "외국인 순매도", "foreign selling")
	})
	c := llm.NewOpenAI(opts(srv.URL+"/", openAIKey)) // a trailing slash is tolerated
	raw, err := c.Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if v := decode(t, raw); v.Action != "SELL" || v.Confidence != 64 || v.Reason != "외국인 순매도" {
		t.Fatalf("verdict %+v", v)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer "+openAIKey || r.Model != "test-model" ||
		r.Format != "json_schema" || !strings.Contains(r.System, "애널리스트") || r.Prompt != "종목: 삼성전자(005930)" {
		t.Fatalf("request %+v", r)
	}
	var body struct {
		ResponseFormat struct {
			JSONSchema struct {
				Name   string         `json:"name"`
				Strict bool           `json:"strict"`
				Schema map[string]any `json:"schema"`
			} `json:"json_schema"`
		} `json:"response_format"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.ResponseFormat.JSONSchema.Name != "stockverdict" ||
		!body.ResponseFormat.JSONSchema.Strict || body.ResponseFormat.JSONSchema.Schema["type"] != "object" {
		t.Fatalf("response_format %s", r.Body)
	}
	if strings.Contains(r.Path+r.RawQuery, openAIKey) {
		t.Fatal("key in the URL")
	}
}

func TestOpenAINoKeyForLocalServers(t *testing.T) {
	srv := llmtest.NewOpenAI("") // Ollama / LM Studio: no key
	defer srv.Close()
	c := llm.NewOpenAI(opts(srv.URL, ""))
	if _, err := c.Complete(context.Background(), request()); err != nil {
		t.Fatal(err)
	}
	if h := srv.Requests()[0].Header.Get("Authorization"); h != "" {
		t.Fatalf("Authorization %q sent without a key", h)
	}
}

// A server that answers 400 to json_schema gets json_object, and the
// client keeps using json_object afterwards.
func TestOpenAIFallsBackToJSONObject(t *testing.T) {
	srv := llmtest.NewOpenAI(openAIKey)
	defer srv.Close()
	srv.SetDefault(llmtest.RejectSchema)
	c := llm.NewOpenAI(opts(srv.URL, openAIKey))
	for i := 0; i < 2; i++ {
		raw, err := c.Complete(context.Background(), request())
		if err != nil {
			t.Fatal(err)
		}
		if v := decode(t, raw); v.Action != "BUY" || v.Confidence != 70 {
			t.Fatalf("verdict %+v", v)
		}
	}
	var formats []string
	for _, r := range srv.Requests() {
		formats = append(formats, r.Format)
	}
	if got := strings.Join(formats, ","); got != "json_schema,json_object,json_object" {
		t.Fatalf("formats %s", got)
	}
}

// One that rejects every response_format is asked without one.
func TestOpenAIFallsBackToPlainText(t *testing.T) {
	srv := llmtest.NewOpenAI(openAIKey)
	defer srv.Close()
	srv.SetDefault(llmtest.RejectFormat)
	c := llm.NewOpenAI(opts(srv.URL, openAIKey))
	if _, err := c.Complete(context.Background(), request()); err != nil {
		t.Fatal(err)
	}
	var formats []string
	for _, r := range srv.Requests() {
		formats = append(formats, r.Format)
	}
	if got := strings.Join(formats, ","); got != "json_schema,json_object,none" {
		t.Fatalf("formats %s", got)
	}
}

func TestRetriesAndFailureKinds(t *testing.T) {
	for _, c := range []struct {
		name     string
		script   []llmtest.Behaviour
		kind     string // "" = success
		requests int
		fatal    bool
	}{
		{"429 then ok", []llmtest.Behaviour{llmtest.RateLimit, llmtest.OK}, "", 2, false},
		{"429 three times", []llmtest.Behaviour{llmtest.RateLimit, llmtest.RateLimit, llmtest.RateLimit, llmtest.OK}, llm.KindRateLimited, 3, true},
		{"quota: no retry", []llmtest.Behaviour{llmtest.Quota, llmtest.OK}, llm.KindQuota, 1, true},
		{"500 twice then ok", []llmtest.Behaviour{llmtest.ServerError, llmtest.ServerError, llmtest.OK}, "", 3, false},
		{"500 three times", []llmtest.Behaviour{llmtest.ServerError, llmtest.ServerError, llmtest.ServerError, llmtest.OK}, llm.KindServer, 3, false},
		{"garbage around a block", []llmtest.Behaviour{llmtest.Garbage}, "", 1, false},
		{"invalid JSON: no retry", []llmtest.Behaviour{llmtest.InvalidJSON, llmtest.OK}, llm.KindInvalid, 1, false},
		{"empty answer", []llmtest.Behaviour{llmtest.Empty, llmtest.OK}, llm.KindInvalid, 1, false},
	} {
		for _, provider := range []string{"openai", "gemini"} {
			t.Run(provider+"/"+c.name, func(t *testing.T) {
				var srv *llmtest.Server
				var cl llm.Client
				if provider == "openai" {
					srv = llmtest.NewOpenAI(openAIKey)
					cl = llm.NewOpenAI(opts(srv.URL, openAIKey))
				} else {
					srv = llmtest.NewGemini(geminiKey)
					cl = llm.NewGemini(opts(srv.URL, geminiKey))
				}
				defer srv.Close()
				srv.Script(c.script...)
				raw, err := cl.Complete(context.Background(), request())
				if got := len(srv.Requests()); got != c.requests {
					t.Errorf("%d requests, want %d", got, c.requests)
				}
				if c.kind == "" {
					if err != nil {
						t.Fatal(err)
					}
					if v := decode(t, raw); v.Action != "BUY" || v.Confidence != 70 {
						t.Fatalf("verdict %+v", v)
					}
					return
				}
				e := kind(t, err, c.kind)
				if e.Fatal() != c.fatal || llm.IsFatal(err) != c.fatal || llm.KindOf(err) != c.kind {
					t.Fatalf("fatal %v, want %v", e.Fatal(), c.fatal)
				}
			})
		}
	}
}

func TestTimeoutsAndDeadline(t *testing.T) {
	srv := llmtest.NewOpenAI(openAIKey)
	defer srv.Close()
	srv.SetDefault(llmtest.Slow)
	srv.SetDelay(3 * time.Second)
	o := opts(srv.URL, openAIKey)
	o.Timeout = 50 * time.Millisecond
	start := time.Now()
	_, err := llm.NewOpenAI(o).Complete(context.Background(), request())
	kind(t, err, llm.KindTimeout)
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d attempts, want 3 (two retries)", n)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %s", el)
	}
	// The caller's deadline ends everything, reported as such.
	gs := llmtest.NewGemini(geminiKey)
	defer gs.Close()
	gs.SetDefault(llmtest.Slow)
	gs.SetDelay(3 * time.Second)
	o = opts(gs.URL, geminiKey)
	o.Timeout = 5 * time.Second
	ctx2, cancel2 := context.WithTimeout(context.Background(), 80*time.Millisecond)
	defer cancel2()
	start = time.Now()
	_, err = llm.NewGemini(o).Complete(ctx2, request())
	kind(t, err, llm.KindDeadline)
	if el := time.Since(start); el > time.Second {
		t.Fatalf("deadline honoured after %s", el)
	}
	ctx3, cancel3 := context.WithCancel(context.Background())
	cancel3()
	_, err = llm.NewGemini(o).Complete(ctx3, request())
	kind(t, err, llm.KindCanceled)
}

func TestNetworkError(t *testing.T) {
	srv := llmtest.NewOpenAI(openAIKey)
	url := srv.URL
	srv.Close()
	_, err := llm.NewOpenAI(opts(url, openAIKey)).Complete(context.Background(), request())
	kind(t, err, llm.KindNetwork)
}

// A rejected key is an auth error whose text never contains the key,
// although both fakes echo it back in their error messages.
func TestWrongKeyIsScrubbed(t *testing.T) {
	const wrong = "sk-WRONG-key-that-must-never-leak-123"
	o := llmtest.NewOpenAI(openAIKey)
	defer o.Close()
	g := llmtest.NewGemini(geminiKey)
	defer g.Close()
	for _, cl := range []llm.Client{llm.NewOpenAI(opts(o.URL, wrong)), llm.NewGemini(opts(g.URL, wrong))} {
		_, err := cl.Complete(context.Background(), request())
		e := kind(t, err, llm.KindAuth)
		if !e.Fatal() || strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), "[REDACTED]") {
			t.Fatalf("%s: %v", cl.Name(), err)
		}
	}
	// The fakes really did receive and echo the key.
	if got := o.Requests()[0].Header.Get("Authorization"); got != "Bearer "+wrong {
		t.Fatalf("openai fake got %q", got)
	}
}

func TestGeminiRequestShape(t *testing.T) {
	srv := llmtest.NewGemini(geminiKey)
	defer srv.Close()
	o := opts(srv.URL, geminiKey)
	o.Model = "models/gemini-2.5-flash" // the "models/" prefix is tolerated
	raw, err := llm.NewGemini(o).Complete(context.Background(), request())
	if err != nil {
		t.Fatal(err)
	}
	if v := decode(t, raw); v.Action != "BUY" {
		t.Fatalf("verdict %+v", v)
	}
	r := srv.Requests()[0]
	if r.Path != "/v1beta/models/gemini-2.5-flash:generateContent" || r.RawQuery != "" || r.Header.Get("x-goog-api-key") != geminiKey ||
		r.Format != "schema" || r.Prompt != "종목: 삼성전자(005930)" || !strings.Contains(r.System, "애널리스트") {
		t.Fatalf("request %+v", r)
	}
	var body struct {
		GenerationConfig struct {
			ResponseMimeType string         `json:"responseMimeType"`
			ResponseSchema   map[string]any `json:"responseSchema"`
		} `json:"generationConfig"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	sch := body.GenerationConfig.ResponseSchema
	if body.GenerationConfig.ResponseMimeType != "application/json" || sch["type"] != "OBJECT" || sch["additionalProperties"] != nil {
		t.Fatalf("generationConfig %s", r.Body)
	}
	if p := sch["properties"].(map[string]any)["confidence"].(map[string]any); p["type"] != "INTEGER" {
		t.Fatalf("confidence schema %v", p)
	}
	if strings.Contains(string(r.Body), geminiKey) {
		t.Fatal("key in the body")
	}
}

// A Gemini endpoint that rejects responseSchema is asked with the MIME
// type alone, then and afterwards.
func TestGeminiFallsBackWithoutSchema(t *testing.T) {
	srv := llmtest.NewGemini(geminiKey)
	defer srv.Close()
	srv.SetDefault(llmtest.RejectSchema)
	c := llm.NewGemini(opts(srv.URL, geminiKey))
	for i := 0; i < 2; i++ {
		if _, err := c.Complete(context.Background(), request()); err != nil {
			t.Fatal(err)
		}
	}
	var formats []string
	for _, r := range srv.Requests() {
		formats = append(formats, r.Format)
	}
	if got := strings.Join(formats, ","); got != "schema,mime,mime" {
		t.Fatalf("formats %s", got)
	}
}

func TestGeminiSchemaKeepsOnlyKnownKeys(t *testing.T) {
	got := llm.GeminiSchema(map[string]any{
		"type": "array", "$schema": "x", "items": map[string]any{"type": "string", "enum": []string{"a"}, "pattern": "^a$"},
	})
	b, _ := json.Marshal(got)
	if string(b) != `{"items":{"enum":["a"],"type":"STRING"},"type":"ARRAY"}` {
		t.Fatalf("%s", b)
	}
}

func TestRetryAfterForSources(t *testing.T) {
	for kind, want := range map[string]time.Duration{llm.KindRateLimited: time.Minute, llm.KindQuota: time.Hour, llm.KindServer: 0, llm.KindAuth: 0} {
		if got := (&llm.Error{Kind: kind}).RetryAfter(); got != want {
			t.Errorf("%s: %s, want %s", kind, got, want)
		}
	}
}

func TestErrorText(t *testing.T) {
	e := &llm.Error{Provider: "gemini", Kind: llm.KindServer, Status: http.StatusInternalServerError, Msg: "INTERNAL: boom"}
	if e.Error() != "gemini: server_error (HTTP 500): INTERNAL: boom" || e.Fatal() {
		t.Fatal(e.Error())
	}
	if llm.KindOf(nil) != "" || llm.KindOf(errors.New("x")) != llm.KindNetwork || llm.IsFatal(errors.New("x")) {
		t.Fatal("KindOf/IsFatal on foreign errors")
	}
}

func TestConfigValidate(t *testing.T) {
	if err := llm.DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mod := range map[string]func(*llm.Config){
		"bad url":        func(c *llm.Config) { c.OpenAI.BaseURL = "ftp://x" },
		"url with creds": func(c *llm.Config) { c.Gemini.BaseURL = "https://user:pw@example.com" },
		"url with query": func(c *llm.Config) { c.Gemini.BaseURL = "https://example.com?key=AIza" },
		"secret name":    func(c *llm.Config) { c.OpenAI.KeySecret = "../../etc/passwd" },
		"timeout":        func(c *llm.Config) { c.Gemini.TimeoutSeconds = 0 },
		"deadline":       func(c *llm.Config) { c.DeadlineSeconds = 1 },
		"enabled no url": func(c *llm.Config) { c.OpenAI.Enabled, c.OpenAI.BaseURL = true, "" },
		"enabled no mdl": func(c *llm.Config) { c.Gemini.Enabled, c.Gemini.Model = true, "" },
	} {
		c := llm.DefaultConfig()
		mod(&c)
		if c.Validate() == nil {
			t.Errorf("%s accepted", name)
		}
	}
	c := llm.DefaultConfig()
	c.OpenAI = llm.Provider{Enabled: true, BaseURL: "http://127.0.0.1:11434/v1", Model: "llama3.1", TimeoutSeconds: 60} // Ollama, no key
	if err := c.Validate(); err != nil || c.OpenAI.Timeout() != time.Minute {
		t.Fatal(err)
	}
}
