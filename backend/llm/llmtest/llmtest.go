// Package llmtest runs fake LLM servers for tests: an OpenAI-compatible
// chat-completions server and a Gemini generateContent server, answering
// in the real services' formats (bodies, error objects, status codes) with
// scripted failures: 400 to structured output, 429 rate limits, exhausted
// quota, 500, slow answers, prose around a JSON block, invalid JSON and a
// wrong key (whose error echoes the key, to prove clients scrub it).
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Behaviour is how the server answers one request.
type Behaviour string

// Behaviours.
const (
	OK           Behaviour = "ok"            // 200 with the answer as the model's text
	RejectSchema Behaviour = "reject_schema" // 400 to structured output (json_schema / responseSchema), OK otherwise
	RejectFormat Behaviour = "reject_format" // OpenAI: 400 to any response_format, OK without one
	RateLimit    Behaviour = "rate_limit"    // 429, retryable
	Quota        Behaviour = "quota"         // 429: OpenAI insufficient_quota / Gemini daily quota
	ServerError  Behaviour = "server_error"  // 500
	Slow         Behaviour = "slow"          // waits Delay (or until the client leaves), then OK
	Garbage      Behaviour = "garbage"       // prose with a ```json fenced block inside
	InvalidJSON  Behaviour = "invalid_json"  // text with no valid JSON object
	Empty        Behaviour = "empty"         // 200 with an empty answer
)

// Request is one request the server received.
type Request struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
	Model                  string // from the body (OpenAI) or the path (Gemini)
	System, Prompt         string
	Format                 string // OpenAI: json_schema | json_object | none; Gemini: schema | mime | none
	Behaviour              Behaviour
}

// Server is a fake provider.
type Server struct {
	// URL is the base URL to configure: http://host/v1 for OpenAI, the host for Gemini.
	URL string
	// Key is the API key the server expects; a request with another key
	// gets the provider's auth error, echoing the key it got.
	Key string

	provider string
	srv      *httptest.Server

	mu     sync.Mutex
	def    Behaviour
	script []Behaviour
	choose func(Request) Behaviour
	answer func(Request) string
	delay  time.Duration
	reqs   []Request
}

// NewOpenAI starts a fake OpenAI-compatible server expecting key ("" = no key needed).
func NewOpenAI(key string) *Server { return start("openai", key) }

// NewGemini starts a fake Gemini server expecting key.
func NewGemini(key string) *Server { return start("gemini", key) }

func start(provider, key string) *Server {
	s := &Server{Key: key, provider: provider, def: OK, delay: 5 * time.Second}
	s.srv = httptest.NewServer(http.HandlerFunc(s.handle))
	s.URL = s.srv.URL
	if provider == "openai" {
		s.URL += "/v1"
	}
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.CloseClientConnections(); s.srv.Close() }

// SetDefault sets the behaviour used when no script or chooser applies.
func (s *Server) SetDefault(b Behaviour) { s.mu.Lock(); s.def = b; s.mu.Unlock() }

// Script queues behaviours for the next requests, in order.
func (s *Server) Script(b ...Behaviour) {
	s.mu.Lock()
	s.script = append(s.script, b...)
	s.mu.Unlock()
}

// Choose picks the behaviour per request (after the script runs out);
// return "" to fall back to the default.
func (s *Server) Choose(f func(Request) Behaviour) { s.mu.Lock(); s.choose = f; s.mu.Unlock() }

// Answer sets the model's answer text for successful requests (default: a
// BUY verdict with confidence 70).
func (s *Server) Answer(f func(Request) string) { s.mu.Lock(); s.answer = f; s.mu.Unlock() }

// SetDelay sets how long Slow waits.
func (s *Server) SetDelay(d time.Duration) { s.mu.Lock(); s.delay = d; s.mu.Unlock() }

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Verdict is a stock verdict answer as JSON text.
func Verdict(action string, confidence int, reason, reasonEN string) string {
	b, _ := json.Marshal(map[string]any{"action": action, "confidence": confidence, "reason": reason, "reason_en": reasonEN})
	return string(b)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	req := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	if s.provider == "openai" {
		s.parseOpenAI(&req)
	} else {
		s.parseGemini(&req)
	}
	s.mu.Lock()
	b := s.def
	switch {
	case len(s.script) > 0:
		b, s.script = s.script[0], s.script[1:]
	case s.choose != nil:
		if c := s.choose(req); c != "" {
			b = c
		}
	}
	req.Behaviour = b
	s.reqs = append(s.reqs, req)
	answer, delay := s.answer, s.delay
	s.mu.Unlock()
	text := Verdict("BUY", 70, "테스트 매수 의견", "test buy verdict")
	if answer != nil {
		text = answer(req)
	}
	if s.provider == "openai" {
		s.serveOpenAI(w, r, req, b, text, delay)
	} else {
		s.serveGemini(w, r, req, b, text, delay)
	}
}

func wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		return false
	case <-t.C:
		return true
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ---- OpenAI ----

func (s *Server) parseOpenAI(req *Request) {
	var b struct {
		Model    string `json:"model"`
		Messages []struct {
			Role, Content string
		} `json:"messages"`
		ResponseFormat *struct {
			Type string `json:"type"`
		} `json:"response_format"`
	}
	_ = json.Unmarshal(req.Body, &b)
	req.Model, req.Format = b.Model, "none"
	if b.ResponseFormat != nil {
		req.Format = b.ResponseFormat.Type
	}
	for _, m := range b.Messages {
		switch m.Role {
		case "system":
			req.System = m.Content
		case "user":
			req.Prompt = m.Content
		}
	}
}

func openAIError(w http.ResponseWriter, status int, msg, typ string, code any) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": code}})
}

func (s *Server) serveOpenAI(w http.ResponseWriter, r *http.Request, req Request, b Behaviour, text string, delay time.Duration) {
	if r.Method != http.MethodPost || req.Path != "/v1/chat/completions" {
		openAIError(w, 404, "Invalid URL ("+r.Method+" "+req.Path+")", "invalid_request_error", nil)
		return
	}
	if s.Key != "" {
		got, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if got != s.Key {
			openAIError(w, 401, "Incorrect API key provided: "+got+". You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key")
			return
		}
	}
	switch b {
	case RejectSchema:
		if req.Format == "json_schema" {
			openAIError(w, 400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", "invalid_request_error", nil)
			return
		}
	case RejectFormat:
		if req.Format != "none" {
			openAIError(w, 400, "'response_format.type' : value is not one of the allowed values ['text']", "invalid_request_error", "invalid_value")
			return
		}
	case RateLimit:
		w.Header().Set("Retry-After", "0")
		openAIError(w, 429, "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.", "requests", "rate_limit_exceeded")
		return
	case Quota:
		openAIError(w, 429, "You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota")
		return
	case ServerError:
		openAIError(w, 500, "The server had an error while processing your request. Sorry about that!", "server_error", nil)
		return
	case Slow:
		if !wait(r, delay) {
			return
		}
	case Garbage:
		text = "물론입니다! 분석 결과는 다음과 같습니다:\n```json\n" + text + "\n```\n참고용으로만 활용하세요 {not json}."
	case InvalidJSON:
		text = "{action: BUY, confidence: high — 매수 추천"
	case Empty:
		text = ""
	}
	writeJSON(w, 200, map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text, "refusal": nil}, "logprobs": nil, "finish_reason": "stop"}},
		"usage":   map[string]any{"prompt_tokens": len(req.Prompt) / 4, "completion_tokens": len(text) / 4, "total_tokens": (len(req.Prompt) + len(text)) / 4},
	})
}

// ---- Gemini ----

func (s *Server) parseGemini(req *Request) {
	var b struct {
		SystemInstruction *struct {
			Parts []struct{ Text string } `json:"parts"`
		} `json:"systemInstruction"`
		Contents []struct {
			Parts []struct{ Text string } `json:"parts"`
		} `json:"contents"`
		GenerationConfig struct {
			ResponseMimeType string         `json:"responseMimeType"`
			ResponseSchema   map[string]any `json:"responseSchema"`
		} `json:"generationConfig"`
	}
	_ = json.Unmarshal(req.Body, &b)
	if m, ok := strings.CutPrefix(req.Path, "/v1beta/models/"); ok {
		req.Model, _ = strings.CutSuffix(m, ":generateContent")
	}
	if b.SystemInstruction != nil && len(b.SystemInstruction.Parts) > 0 {
		req.System = b.SystemInstruction.Parts[0].Text
	}
	if len(b.Contents) > 0 && len(b.Contents[0].Parts) > 0 {
		req.Prompt = b.Contents[0].Parts[0].Text
	}
	switch {
	case b.GenerationConfig.ResponseSchema != nil:
		req.Format = "schema"
	case b.GenerationConfig.ResponseMimeType != "":
		req.Format = "mime"
	default:
		req.Format = "none"
	}
}

func geminiError(w http.ResponseWriter, status int, msg, st string, details ...any) {
	e := map[string]any{"code": status, "message": msg, "status": st}
	if len(details) > 0 {
		e["details"] = details
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func quotaFailure(id string) map[string]any {
	return map[string]any{"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": []any{map[string]any{
		"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": id}}}
}

func (s *Server) serveGemini(w http.ResponseWriter, r *http.Request, req Request, b Behaviour, text string, delay time.Duration) {
	if r.Method != http.MethodPost || !strings.HasPrefix(req.Path, "/v1beta/models/") || !strings.HasSuffix(req.Path, ":generateContent") {
		geminiError(w, 404, "Requested entity was not found.", "NOT_FOUND")
		return
	}
	if s.Key != "" {
		if got := r.Header.Get("x-goog-api-key"); got != s.Key {
			// The real service does not echo the key; this fake does, to
			// prove the client scrubs it from error texts.
			geminiError(w, 400, fmt.Sprintf("API key not valid (%s). Please pass a valid API key.", got), "INVALID_ARGUMENT",
				map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com"})
			return
		}
	}
	switch b {
	case RejectSchema:
		if req.Format == "schema" {
			geminiError(w, 400, "Invalid JSON payload received. Unknown name \"additionalProperties\" at 'generation_config.response_schema'.", "INVALID_ARGUMENT")
			return
		}
	case RateLimit:
		geminiError(w, 429, "You exceeded your current quota, please check your plan and billing details.", "RESOURCE_EXHAUSTED",
			quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
			map[string]any{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0s"})
		return
	case Quota:
		geminiError(w, 429, "You exceeded your current quota, please check your plan and billing details.", "RESOURCE_EXHAUSTED",
			quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"))
		return
	case ServerError:
		geminiError(w, 500, "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting", "INTERNAL")
		return
	case Slow:
		if !wait(r, delay) {
			return
		}
	case Garbage:
		text = "Here is my analysis.\n```json\n" + text + "\n```\nLet me know {if} you need more."
	case InvalidJSON:
		text = "{\"action\": \"BUY\", \"confidence\": 80, \"reason\": \"잘린 응답"
	case Empty:
		text = ""
	}
	writeJSON(w, 200, map[string]any{
		"candidates": []any{map[string]any{
			"content":      map[string]any{"parts": []any{map[string]any{"text": text}}, "role": "model"},
			"finishReason": "STOP", "index": 0,
		}},
		"usageMetadata": map[string]any{"promptTokenCount": len(req.Prompt) / 4, "candidatesTokenCount": len(text) / 4, "totalTokenCount": (len(req.Prompt) + len(text)) / 4},
		"modelVersion":  req.Model,
	})
}
